import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { formatTopology } from "../../server/src/analysis/topologyFile/format";
import { readTopology } from "../../server/src/analysis/topologyFile/validate";
import { docsExample, seededRandom, withoutSpans } from "./helpers/topologyText";

/** What a file means: its tree without positions, the number of comments, and its error kinds. */
function meaning(text: string): unknown {
  const file = readTopology(text);
  return {
    tree: withoutSpans({ title: file.title, components: file.components, links: file.links }),
    comments: file.comments.map((c) => text.slice(c.start, c.end).trimEnd()),
    errors: file.errors.map((e) => `${e.kind}/${e.severity}`),
  };
}

function format(text: string): string {
  const formatted = formatTopology(text);
  assert.ok(formatted !== undefined, `formatTopology returned undefined for ${JSON.stringify(text)}`);
  return formatted;
}

/** Formatting is idempotent and keeps the meaning. */
function assertStable(text: string): string {
  const once = format(text);
  assert.equal(format(once), once, `not idempotent for ${JSON.stringify(text)}`);
  assert.deepEqual(meaning(once), meaning(text), `meaning changed for ${JSON.stringify(text)}`);
  return once;
}

const MESSY = [
  "# head   ",
  "topology    \"T\"",
  "component a{ # the a",
  "",
  "",
  "   program \"x\"   ",
  " socket s :PUB{bind tcp://*:{p}   # trailing",
  " option linger>=-1}",
  "",
  "}",
  "# about b",
  "component b {",
  "   socket   t:SUB",
  "    # inside",
  "",
  "}",
  "link b . t->a.s",
  "",
  "",
  "",
].join("\n");

const MESSY_FORMATTED = [
  "# head",
  "topology \"T\"",
  "",
  "component a { # the a",
  "  program \"x\"",
  "  socket s: PUB {",
  "    bind tcp://*:{p} # trailing",
  "    option linger >= -1",
  "  }",
  "}",
  "",
  "# about b",
  "component b {",
  "  socket t: SUB",
  "  # inside",
  "}",
  "",
  "link b.t -> a.s",
  "",
].join("\n");

describe("formatTopology", () => {
  test("the docs example is already canonical", () => {
    const text = docsExample();
    assert.equal(format(text), text);
  });

  test("a messy file gets the canonical layout", () => {
    assert.equal(format(MESSY), MESSY_FORMATTED);
    assertStable(MESSY);
  });

  test("one-line blocks are split, one statement per line", () => {
    assert.equal(format("component a { socket s: PUB { bind tcp://*:1 } }"), "component a {\n  socket s: PUB {\n    bind tcp://*:1\n  }\n}\n");
  });

  test("blank lines: inserted between components, none inside braces, none at either end", () => {
    assert.equal(format("\n\n\ncomponent a {\n\n}\ncomponent b {\n}\n\n\n\nlink a -> b\n\n"), "component a {\n}\n\ncomponent b {\n}\n\nlink a -> b\n");
  });

  test("own-line comments are indented to their block, also before '}'", () => {
    assert.equal(format("component a {\n# one\n     socket s: PUB {\n# two\n}\n        # three\n}"),
      "component a {\n  # one\n  socket s: PUB {\n    # two\n  }\n  # three\n}\n");
  });

  test("CRLF files stay CRLF", () => {
    const text = docsExample().replace(/\n/g, "\r\n");
    assert.equal(format(text), text);
    assert.equal(format("component a {\r\n  socket s:PUB   \r\n}"), "component a {\r\n  socket s: PUB\r\n}\r\n");
  });

  test("unicode strings and comments are kept as written", () => {
    assert.equal(format('topology   "Système 😀"   # コメント  \n'), 'topology "Système 😀" # コメント\n');
  });

  test("strings, numbers and endpoints keep their exact text", () => {
    const text = 'component a {\n  program "a\\"b\\\\c"\n  socket s: PUB {\n    connect ipc:///run/{svc}.sock\n    option linger = 0.50\n  }\n}\n';
    assert.equal(format(text), text);
  });

  test("files with syntax errors are not formatted; semantic errors do not prevent it", () => {
    assert.equal(formatTopology("component a {"), undefined);
    assert.equal(formatTopology("component a {\n socket s: @\n}"), undefined);
    assert.equal(formatTopology('component a {\n  program "x'), undefined);
    assert.equal(format("component  a {\n socket s: BLAH\n}\ncomponent a {\n}\nlink a -> ghost"), "component a {\n  socket s: BLAH\n}\n\ncomponent a {\n}\n\nlink a -> ghost\n");
  });

  test("empty and comment-only files", () => {
    assert.equal(format(""), "");
    assert.equal(format("\n\n  \n"), "");
    assert.equal(format("   # only\n\n\n# two   "), "# only\n\n# two\n");
  });

  test("seeded random layouts of valid statements are stable and keep their meaning", () => {
    const random = seededRandom(7);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const space = (): string => pick(["", " ", "  ", "\t"]);
    const gap = (): string => pick(["\n", "\n", "\n\n", "\n\n\n", " \n", "\r\n"]);
    const comment = (): string => (random() < 0.2 ? `${space()}# note ${pick(["é", "😀", "x"])}` : "");
    const socketStatements = ["bind tcp://*:{port}", "connect ipc:///{a}/b", "security curve", "option linger = 0", "option sendTimeout>=-1", 'option zapDomain != "z"'];
    for (let i = 0; i < 300; i++) {
      let text = random() < 0.5 ? `topology${space()} "T"${comment()}${gap()}` : "";
      const components = 1 + Math.floor(random() * 3);
      for (let c = 0; c < components; c++) {
        if (random() < 0.3) text += `# about c${c}${gap()}`;
        text += `${space()}component c${c}${space()}{${comment()}${gap()}`;
        if (random() < 0.5) text += `${space()}program "p${c}"${comment()}${gap()}`;
        const sockets = Math.floor(random() * 3);
        for (let s = 0; s < sockets; s++) {
          text += `${space()}socket s${s}${space()}:${space()}${pick(["PUB", "SUB", "ROUTER"])}`;
          if (random() < 0.6) {
            text += `${space()}{${comment()}${gap()}`;
            const statements = Math.floor(random() * 4);
            for (let k = 0; k < statements; k++) {
              const statement = pick(socketStatements);
              // A `#` right after an endpoint belongs to it (`inproc://#1`): a comment there needs a space.
              text += `${space()}${statement}${/^(bind|connect) /.test(statement) ? " " : ""}${comment()}${gap()}`;
            }
            text += `${space()}}`;
          }
          text += `${comment()}${gap()}`;
        }
        text += `}${comment()}${gap()}`;
      }
      if (random() < 0.7) text += `link c0${random() < 0.5 ? `${space()}.${space()}s0` : ""}${space()}->${space()}c0${gap()}`;
      assert.equal(readTopology(text).errors.filter((e) => e.kind === "syntax").length, 0, JSON.stringify(text));
      assertStable(text);
    }
  });
});
