/**
 * The `.zmqtopo` TextMate grammar (syntaxes/zmqtopo.tmLanguage.json), run by the same engine VS Code uses
 * (vscode-textmate on vscode-oniguruma): each line's tokens, rendered `text => scopes`, against exact
 * tables. Also the language configuration and the manifest's `languages`/`grammars` contributions.
 */
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as oniguruma from "vscode-oniguruma";
import * as vsctm from "vscode-textmate";
import { ROOT } from "../helpers/cli";

const GRAMMAR = path.join(ROOT, "syntaxes/zmqtopo.tmLanguage.json");
const SAMPLE = path.join(ROOT, "test/fixtures/topology/sample.zmqtopo");

let grammar: vsctm.IGrammar;

before(async () => {
  const wasm = fs.readFileSync(path.join(ROOT, "node_modules/vscode-oniguruma/release/onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName) =>
      scopeName === "source.zmqtopo" ? vsctm.parseRawGrammar(fs.readFileSync(GRAMMAR, "utf8"), GRAMMAR) : null,
  });
  const loaded = await registry.loadGrammar("source.zmqtopo");
  assert.ok(loaded, "source.zmqtopo loads");
  grammar = loaded;
});

/**
 * Each line's tokens as `text => scope, scope` (the root `source.zmqtopo` left out), one string per token.
 * Whitespace-only tokens with no scope of their own are left out too.
 */
function tokenize(text: string): string[][] {
  let state = vsctm.INITIAL;
  return text.split("\n").map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens.flatMap((t) => {
      const part = line.slice(t.startIndex, t.endIndex);
      assert.equal(t.scopes[0], "source.zmqtopo");
      const scopes = t.scopes.slice(1);
      if (scopes.length === 0 && part.trim() === "") return [];
      return [`${part} => ${scopes.join(", ")}`];
    });
  });
}

/** The tokens of a single line. */
function line(text: string): string[] {
  const lines = tokenize(text);
  assert.equal(lines.length, 1);
  return lines[0]!;
}

const EP = "string.unquoted.endpoint.zmqtopo";
const PH = `${EP}, variable.parameter.placeholder.zmqtopo`;
const PLACEHOLDER = (name: string, outer = PH): string[] => [
  `{ => ${outer}, punctuation.definition.placeholder.begin.zmqtopo`,
  `${name} => ${outer}`,
  `} => ${outer}, punctuation.definition.placeholder.end.zmqtopo`,
];

describe("grammar: comments", () => {
  test("a comment line", () => {
    assert.deepEqual(line("  # Clients come in over the network"), [
      "# => comment.line.number-sign.zmqtopo, punctuation.definition.comment.zmqtopo",
      " Clients come in over the network => comment.line.number-sign.zmqtopo",
    ]);
  });

  test("a trailing comment after a statement and after an endpoint; a # inside an endpoint is the endpoint's", () => {
    assert.deepEqual(line("security curve # required"), [
      "security => keyword.other.security.zmqtopo",
      "curve => constant.language.security.zmqtopo",
      "# => comment.line.number-sign.zmqtopo, punctuation.definition.comment.zmqtopo",
      " required => comment.line.number-sign.zmqtopo",
    ]);
    assert.deepEqual(line("bind inproc://workers #note"), [
      "bind => keyword.other.bind.zmqtopo",
      `inproc => ${EP}, constant.language.transport.zmqtopo`,
      `:// => ${EP}, punctuation.separator.transport.zmqtopo`,
      `workers => ${EP}`,
      "# => comment.line.number-sign.zmqtopo, punctuation.definition.comment.zmqtopo",
      "note => comment.line.number-sign.zmqtopo",
    ]);
    // A `#` with no space before it belongs to the endpoint: `inproc://#1` is a name libzmq accepts.
    assert.deepEqual(line("bind inproc://#1"), [
      "bind => keyword.other.bind.zmqtopo",
      `inproc => ${EP}, constant.language.transport.zmqtopo`,
      `:// => ${EP}, punctuation.separator.transport.zmqtopo`,
      `#1 => ${EP}`,
    ]);
  });

  test("a # inside a quoted string is not a comment", () => {
    assert.deepEqual(line('program "src/#1/main"'), [
      "program => keyword.other.program.zmqtopo",
      '" => string.quoted.double.zmqtopo, punctuation.definition.string.begin.zmqtopo',
      "src/#1/main => string.quoted.double.zmqtopo",
      '" => string.quoted.double.zmqtopo, punctuation.definition.string.end.zmqtopo',
    ]);
  });
});

describe("grammar: declarations", () => {
  test('topology "Job processing"', () => {
    assert.deepEqual(line('topology "Job processing"'), [
      "topology => keyword.other.topology.zmqtopo",
      '" => string.quoted.double.zmqtopo, punctuation.definition.string.begin.zmqtopo',
      "Job processing => string.quoted.double.zmqtopo",
      '" => string.quoted.double.zmqtopo, punctuation.definition.string.end.zmqtopo',
    ]);
  });

  test("component broker {, and a hyphenated name", () => {
    assert.deepEqual(line("component broker {"), [
      "component => storage.type.component.zmqtopo",
      "broker => entity.name.type.component.zmqtopo",
      "{ => punctuation.section.block.begin.zmqtopo",
    ]);
    assert.deepEqual(line("component job-queue_2 {"), [
      "component => storage.type.component.zmqtopo",
      "job-queue_2 => entity.name.type.component.zmqtopo",
      "{ => punctuation.section.block.begin.zmqtopo",
    ]);
  });

  test("socket frontend: ROUTER {", () => {
    assert.deepEqual(line("  socket frontend: ROUTER {"), [
      "socket => storage.type.socket.zmqtopo",
      "frontend => variable.other.role.zmqtopo",
      ": => punctuation.separator.type.zmqtopo",
      "ROUTER => support.type.socket-type.zmqtopo",
      "{ => punctuation.section.block.begin.zmqtopo",
    ]);
  });

  test("every libzmq socket type is a support type", () => {
    const types = "PAIR PUB SUB REQ REP DEALER ROUTER PULL PUSH XPUB XSUB STREAM SERVER CLIENT RADIO DISH GATHER SCATTER DGRAM PEER CHANNEL";
    for (const type of types.split(" ")) {
      assert.deepEqual(line(`socket s:${type}`), [
        "socket => storage.type.socket.zmqtopo",
        "s => variable.other.role.zmqtopo",
        ": => punctuation.separator.type.zmqtopo",
        `${type} => support.type.socket-type.zmqtopo`,
      ], type);
    }
  });

  test("an unknown socket type (a typo, a lowercase name, a longer word) is a plain type name", () => {
    for (const type of ["ROUTR", "router", "ROUTERX", "PUB-2"]) {
      assert.deepEqual(line(`socket jobs: ${type}`), [
        "socket => storage.type.socket.zmqtopo",
        "jobs => variable.other.role.zmqtopo",
        ": => punctuation.separator.type.zmqtopo",
        `${type} => entity.name.type.zmqtopo`,
      ], type);
    }
  });

  test("a closing brace", () => {
    assert.deepEqual(line("  }"), ["} => punctuation.section.block.end.zmqtopo"]);
  });
});

describe("grammar: endpoints", () => {
  test("bind tcp://*:{frontend_port}: transport, wildcard host, port separator, placeholder", () => {
    assert.deepEqual(line("    bind tcp://*:{frontend_port}"), [
      "bind => keyword.other.bind.zmqtopo",
      `tcp => ${EP}, constant.language.transport.zmqtopo`,
      `:// => ${EP}, punctuation.separator.transport.zmqtopo`,
      `* => ${EP}, meta.host.zmqtopo, constant.language.wildcard.zmqtopo`,
      `: => ${EP}, punctuation.separator.port.zmqtopo`,
      ...PLACEHOLDER("frontend_port"),
    ]);
  });

  test("connect tcp://{broker_host}:5555: a placeholder host and a numeric port", () => {
    assert.deepEqual(line("connect tcp://{broker_host}:5555"), [
      "connect => keyword.other.connect.zmqtopo",
      `tcp => ${EP}, constant.language.transport.zmqtopo`,
      `:// => ${EP}, punctuation.separator.transport.zmqtopo`,
      ...PLACEHOLDER("broker_host", `${EP}, meta.host.zmqtopo, variable.parameter.placeholder.zmqtopo`),
      `: => ${EP}, punctuation.separator.port.zmqtopo`,
      `5555 => ${EP}, constant.numeric.port.zmqtopo`,
    ]);
  });

  test("bind tcp://127.0.0.1:* and an IPv6 host", () => {
    assert.deepEqual(line("bind tcp://127.0.0.1:*"), [
      "bind => keyword.other.bind.zmqtopo",
      `tcp => ${EP}, constant.language.transport.zmqtopo`,
      `:// => ${EP}, punctuation.separator.transport.zmqtopo`,
      `127.0.0.1 => ${EP}, meta.host.zmqtopo`,
      `: => ${EP}, punctuation.separator.port.zmqtopo`,
      `* => ${EP}, constant.language.wildcard.zmqtopo`,
    ]);
    assert.deepEqual(line("connect ws://[::1]:8080/jobs"), [
      "connect => keyword.other.connect.zmqtopo",
      `ws => ${EP}, constant.language.transport.zmqtopo`,
      `:// => ${EP}, punctuation.separator.transport.zmqtopo`,
      `[::1] => ${EP}, meta.host.zmqtopo`,
      `: => ${EP}, punctuation.separator.port.zmqtopo`,
      `8080 => ${EP}, constant.numeric.port.zmqtopo`,
      `/jobs => ${EP}`,
    ]);
  });

  test("a source address before ';' is a host too", () => {
    assert.deepEqual(line("connect tcp://eth0;{host}:5555"), [
      "connect => keyword.other.connect.zmqtopo",
      `tcp => ${EP}, constant.language.transport.zmqtopo`,
      `:// => ${EP}, punctuation.separator.transport.zmqtopo`,
      `eth0 => ${EP}, meta.host.zmqtopo`,
      `; => ${EP}`,
      ...PLACEHOLDER("host", `${EP}, meta.host.zmqtopo, variable.parameter.placeholder.zmqtopo`),
      `: => ${EP}, punctuation.separator.port.zmqtopo`,
      `5555 => ${EP}, constant.numeric.port.zmqtopo`,
    ]);
  });

  test("connect ipc:///tmp/{service}.sock: a path with a placeholder, no host or port", () => {
    assert.deepEqual(line("connect ipc:///tmp/{service}.sock"), [
      "connect => keyword.other.connect.zmqtopo",
      `ipc => ${EP}, constant.language.transport.zmqtopo`,
      `:// => ${EP}, punctuation.separator.transport.zmqtopo`,
      `/tmp/ => ${EP}`,
      ...PLACEHOLDER("service"),
      `.sock => ${EP}`,
    ]);
  });

  test("bind inproc://workers", () => {
    assert.deepEqual(line("bind inproc://workers"), [
      "bind => keyword.other.bind.zmqtopo",
      `inproc => ${EP}, constant.language.transport.zmqtopo`,
      `:// => ${EP}, punctuation.separator.transport.zmqtopo`,
      `workers => ${EP}`,
    ]);
  });

  test("every transport is a language constant; an unknown one is plain endpoint text", () => {
    for (const transport of ["tcp", "ipc", "inproc", "pgm", "epgm", "udp", "ws", "wss", "vmci", "tipc"]) {
      assert.equal(line(`bind ${transport}://x`)[1], `${transport} => ${EP}, constant.language.transport.zmqtopo`, transport);
    }
    assert.deepEqual(line("bind http://x:80"), [
      "bind => keyword.other.bind.zmqtopo",
      `http => ${EP}`,
      `:// => ${EP}, punctuation.separator.transport.zmqtopo`,
      `x:80 => ${EP}`,
    ]);
  });

  test("an endpoint runs up to whitespace; what follows is not endpoint", () => {
    assert.deepEqual(line("bind inproc://a 5"), [
      "bind => keyword.other.bind.zmqtopo",
      `inproc => ${EP}, constant.language.transport.zmqtopo`,
      `:// => ${EP}, punctuation.separator.transport.zmqtopo`,
      `a => ${EP}`,
      "5 => constant.numeric.zmqtopo",
    ]);
  });

  test("a bind with no endpoint yet (while typing)", () => {
    assert.deepEqual(line("bind"), ["bind => keyword.other.bind.zmqtopo"]);
    assert.deepEqual(line("connect # later"), [
      "connect => keyword.other.connect.zmqtopo",
      "# => comment.line.number-sign.zmqtopo, punctuation.definition.comment.zmqtopo",
      " later => comment.line.number-sign.zmqtopo",
    ]);
  });
});

describe("grammar: security and options", () => {
  test("security curve, plain, none; an unknown mechanism is left plain", () => {
    for (const mechanism of ["curve", "plain", "none"]) {
      assert.deepEqual(line(`security ${mechanism}`), [
        "security => keyword.other.security.zmqtopo",
        `${mechanism} => constant.language.security.zmqtopo`,
      ]);
    }
    assert.deepEqual(line("security gssapi"), ["security => keyword.other.security.zmqtopo", "gssapi => "]);
  });

  test("option receiveTimeout <= 5000", () => {
    assert.deepEqual(line("option receiveTimeout <= 5000"), [
      "option => keyword.other.option.zmqtopo",
      "receiveTimeout => variable.other.option.zmqtopo",
      "<= => keyword.operator.comparison.zmqtopo",
      "5000 => constant.numeric.zmqtopo",
    ]);
  });

  test("every comparison operator", () => {
    for (const op of ["=", "!=", "<", "<=", ">", ">="]) {
      assert.deepEqual(line(`option linger ${op} 0`), [
        "option => keyword.other.option.zmqtopo",
        "linger => variable.other.option.zmqtopo",
        `${op} => keyword.operator.comparison.zmqtopo`,
        "0 => constant.numeric.zmqtopo",
      ], op);
    }
  });

  test("option mandatory = true, and false", () => {
    for (const value of ["true", "false"]) {
      assert.deepEqual(line(`option mandatory = ${value}`), [
        "option => keyword.other.option.zmqtopo",
        "mandatory => variable.other.option.zmqtopo",
        "= => keyword.operator.comparison.zmqtopo",
        `${value} => constant.language.boolean.zmqtopo`,
      ]);
    }
  });

  test('option zapDomain = "global" with an escape in the string', () => {
    assert.deepEqual(line(String.raw`option zapDomain = "glo\"bal\\"`), [
      "option => keyword.other.option.zmqtopo",
      "zapDomain => variable.other.option.zmqtopo",
      "= => keyword.operator.comparison.zmqtopo",
      '" => string.quoted.double.zmqtopo, punctuation.definition.string.begin.zmqtopo',
      "glo => string.quoted.double.zmqtopo",
      String.raw`\" => string.quoted.double.zmqtopo, constant.character.escape.zmqtopo`,
      "bal => string.quoted.double.zmqtopo",
      String.raw`\\ => string.quoted.double.zmqtopo, constant.character.escape.zmqtopo`,
      '" => string.quoted.double.zmqtopo, punctuation.definition.string.end.zmqtopo',
    ]);
  });

  test("an unterminated string ends at the end of its line", () => {
    assert.deepEqual(tokenize('topology "Jobs\nsocket a: PUB'), [
      [
        "topology => keyword.other.topology.zmqtopo",
        '" => string.quoted.double.zmqtopo, punctuation.definition.string.begin.zmqtopo',
        "Jobs => string.quoted.double.zmqtopo",
      ],
      [
        "socket => storage.type.socket.zmqtopo",
        "a => variable.other.role.zmqtopo",
        ": => punctuation.separator.type.zmqtopo",
        "PUB => support.type.socket-type.zmqtopo",
      ],
    ]);
  });

  test("negative and decimal numbers", () => {
    for (const value of ["-1", "0.5", "-2.25", "1000000"]) {
      assert.deepEqual(line(`option x >= ${value}`), [
        "option => keyword.other.option.zmqtopo",
        "x => variable.other.option.zmqtopo",
        ">= => keyword.operator.comparison.zmqtopo",
        `${value} => constant.numeric.zmqtopo`,
      ], value);
    }
  });
});

describe("grammar: links", () => {
  test("link client.requests -> broker.frontend", () => {
    assert.deepEqual(line("link client.requests -> broker.frontend"), [
      "link => keyword.other.link.zmqtopo",
      "client => entity.name.type.component.zmqtopo",
      ". => punctuation.accessor.zmqtopo",
      "requests => variable.other.role.zmqtopo",
      "-> => keyword.operator.arrow.zmqtopo",
      "broker => entity.name.type.component.zmqtopo",
      ". => punctuation.accessor.zmqtopo",
      "frontend => variable.other.role.zmqtopo",
    ]);
  });

  test("a component-only side, hyphenated names, no spaces around the arrow, a trailing comment", () => {
    assert.deepEqual(line("link job-client->broker.front-end # allowed"), [
      "link => keyword.other.link.zmqtopo",
      "job-client => entity.name.type.component.zmqtopo",
      "-> => keyword.operator.arrow.zmqtopo",
      "broker => entity.name.type.component.zmqtopo",
      ". => punctuation.accessor.zmqtopo",
      "front-end => variable.other.role.zmqtopo",
      "# => comment.line.number-sign.zmqtopo, punctuation.definition.comment.zmqtopo",
      " allowed => comment.line.number-sign.zmqtopo",
    ]);
  });

  test("a keyword word used as a name stays a name", () => {
    assert.deepEqual(line("link socket.bind -> option"), [
      "link => keyword.other.link.zmqtopo",
      "socket => entity.name.type.component.zmqtopo",
      ". => punctuation.accessor.zmqtopo",
      "bind => variable.other.role.zmqtopo",
      "-> => keyword.operator.arrow.zmqtopo",
      "option => entity.name.type.component.zmqtopo",
    ]);
    assert.deepEqual(line("socket link: PUB"), [
      "socket => storage.type.socket.zmqtopo",
      "link => variable.other.role.zmqtopo",
      ": => punctuation.separator.type.zmqtopo",
      "PUB => support.type.socket-type.zmqtopo",
    ]);
  });
});

describe("grammar: the documentation's full example", () => {
  test("the fixture is the example in docs/topology-file.md", () => {
    const doc = fs.readFileSync(path.join(ROOT, "docs/topology-file.md"), "utf8");
    const example = /```zmqtopo\n([\s\S]*?)```/.exec(doc)?.[1];
    assert.equal(fs.readFileSync(SAMPLE, "utf8"), example);
  });

  test("every line of it tokenizes to the expected scopes", () => {
    const lines = tokenize(fs.readFileSync(SAMPLE, "utf8"));
    const text = fs.readFileSync(SAMPLE, "utf8").split("\n");
    // Every non-blank, non-comment line starts with a keyword or a closing brace, and no token is left
    // without a scope except the one unknown word the grammar leaves plain (none here).
    lines.forEach((tokens, i) => {
      if (text[i]!.trim() === "") return assert.deepEqual(tokens, [], `line ${i + 1}`);
      const first = tokens[0]!;
      assert.match(first, / => (comment|keyword\.other|storage\.type|punctuation\.section\.block\.end)\./, `line ${i + 1}: ${first}`);
      for (const token of tokens) assert.doesNotMatch(token, / => $/, `line ${i + 1}: ${token}`);
    });
    const socketLines = lines.filter((_, i) => /^\s*socket /.test(text[i]!));
    assert.deepEqual(socketLines.map((tokens) => tokens.slice(1, 4)), [
      ["frontend => variable.other.role.zmqtopo", ": => punctuation.separator.type.zmqtopo", "ROUTER => support.type.socket-type.zmqtopo"],
      ["backend => variable.other.role.zmqtopo", ": => punctuation.separator.type.zmqtopo", "DEALER => support.type.socket-type.zmqtopo"],
      ["jobs => variable.other.role.zmqtopo", ": => punctuation.separator.type.zmqtopo", "REP => support.type.socket-type.zmqtopo"],
      ["requests => variable.other.role.zmqtopo", ": => punctuation.separator.type.zmqtopo", "REQ => support.type.socket-type.zmqtopo"],
    ]);
    // Exact tables for the lines not covered one by one above.
    const at = (needle: string): string[] => lines[text.findIndex((l) => l.includes(needle))]!;
    assert.deepEqual(at("127.0.0.1"), [
      "bind => keyword.other.bind.zmqtopo",
      `tcp => ${EP}, constant.language.transport.zmqtopo`,
      `:// => ${EP}, punctuation.separator.transport.zmqtopo`,
      `127.0.0.1 => ${EP}, meta.host.zmqtopo`,
      `: => ${EP}, punctuation.separator.port.zmqtopo`,
      ...PLACEHOLDER("backend_port"),
    ]);
    assert.deepEqual(at("link processor"), [
      "link => keyword.other.link.zmqtopo",
      "processor => entity.name.type.component.zmqtopo",
      "-> => keyword.operator.arrow.zmqtopo",
      "broker => entity.name.type.component.zmqtopo",
      ". => punctuation.accessor.zmqtopo",
      "backend => variable.other.role.zmqtopo",
    ]);
    assert.deepEqual(at("# Intended"), [
      "# => comment.line.number-sign.zmqtopo, punctuation.definition.comment.zmqtopo",
      " Intended design of the job-processing system. => comment.line.number-sign.zmqtopo",
    ]);
  });

  test("a long pathological line tokenizes quickly (no catastrophic backtracking)", () => {
    const started = Date.now();
    for (const text of [
      `bind tcp://${"[".repeat(5000)}`,
      `bind tcp://${"a;".repeat(5000)}:`,
      `link ${"a-".repeat(5000)}`,
      `option ${"x".repeat(5000)} = ${'"\\'.repeat(5000)}`,
      `socket ${"a".repeat(5000)}: ${"B".repeat(5000)}-`,
    ]) line(text);
    assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
  });
});

describe("language configuration and manifest", () => {
  interface Manifest {
    activationEvents: string[];
    contributes: {
      languages?: { id: string; aliases?: string[]; extensions?: string[]; configuration?: string }[];
      grammars?: { language?: string; scopeName: string; path: string }[];
    };
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as Manifest;
  const language = manifest.contributes.languages?.find((l) => l.id === "zmqtopo");

  test("package.json contributes the zmqtopo language and its grammar, at files that exist", () => {
    assert.ok(language, "a zmqtopo language");
    assert.deepEqual(language.aliases, ["ZeroMQ Topology", "zmqtopo"]);
    assert.deepEqual(language.extensions, [".zmqtopo"]);
    assert.ok(language.configuration && fs.existsSync(path.join(ROOT, language.configuration)), `${language.configuration} exists`);
    const contributed = manifest.contributes.grammars?.find((g) => g.language === "zmqtopo");
    assert.ok(contributed, "a zmqtopo grammar");
    assert.equal(contributed.scopeName, "source.zmqtopo");
    assert.equal(path.resolve(ROOT, contributed.path), GRAMMAR);
    const raw = JSON.parse(fs.readFileSync(GRAMMAR, "utf8")) as { scopeName: string };
    assert.equal(raw.scopeName, contributed.scopeName);
  });

  test("the extension activates on a .zmqtopo file or a workspace holding one", () => {
    assert.ok(manifest.activationEvents.includes("onLanguage:zmqtopo"));
    assert.ok(manifest.activationEvents.includes("workspaceContains:**/*.zmqtopo"));
  });

  test("the language configuration is valid JSON with sound patterns", () => {
    const config = JSON.parse(fs.readFileSync(path.join(ROOT, language!.configuration!), "utf8")) as {
      comments: { lineComment: string };
      brackets: string[][];
      autoClosingPairs: { open: string; close: string; notIn?: string[] }[];
      wordPattern: string;
      indentationRules: { increaseIndentPattern: string; decreaseIndentPattern: string };
      folding?: { markers?: { start: string; end: string } };
    };
    assert.equal(config.comments.lineComment, "#");
    assert.deepEqual(config.brackets, [["{", "}"]]);
    assert.deepEqual(config.autoClosingPairs.map((p) => p.open + p.close), ["{}", '""']);

    const words = "option receiveTimeout <= -5000 # frontend_port job-queue client.requests->broker.frontend".match(new RegExp(config.wordPattern, "g"));
    assert.deepEqual(words, ["option", "receiveTimeout", "-5000", "frontend_port", "job-queue", "client", "requests", "broker", "frontend"]);

    const increase = new RegExp(config.indentationRules.increaseIndentPattern);
    const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
    for (const text of ["component broker {", "  socket frontend: ROUTER {  # encrypted", 'component "x#" {']) assert.match(text, increase);
    for (const text of ["socket a: PUB", "# {", 'topology "a {"', "bind tcp://*:{port}", "}"]) assert.doesNotMatch(text, increase);
    for (const text of ["}", "  }  # end"]) assert.match(text, decrease);
    assert.doesNotMatch("  socket a: PUB", decrease);
    if (config.folding?.markers) {
      new RegExp(config.folding.markers.start);
      new RegExp(config.folding.markers.end);
    }
  });
});
