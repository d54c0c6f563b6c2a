/** Completion, hover, definition and outline in a topology file (server/src/analysis/topologyFile/languageService.ts). */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { GraphSnapshot, SourceLocation } from "../../server/src/analysis/model";
import { compareTopology } from "../../server/src/analysis/topologyFile/drift";
import {
  completionsAt, declarationOf, definitionAt, documentSymbols, hoverAt, type CodeFacts, type CompletionData, type SymbolData,
} from "../../server/src/analysis/topologyFile/languageService";
import type { TopologyFile } from "../../server/src/analysis/topologyFile/syntax";
import { readTopology } from "../../server/src/analysis/topologyFile/validate";
import { analyze, byHolder, positionOf } from "./helpers/workspace";

const BROKER_FILE = "/ws/src/broker/main.ts";
const CLIENT_FILE = "/ws/src/client/main.ts";
const BROKER = `import * as zmq from "zeromq";
async function main() {
  const frontend = new zmq.Router();
  await frontend.bind("tcp://*:5555");
  const backend = new zmq.Dealer();
  await backend.bind(\`tcp://127.0.0.1:\${process.env.BACKEND_PORT}\`);
}
main();
`;
const CLIENT = `import * as zmq from "zeromq";
async function main() {
  const requests = new zmq.Request();
  requests.receiveTimeout = 3000;
  requests.connect("tcp://localhost:5555");
}
main();
`;
const WORKER_FILE = "/ws/src/worker/main.ts";
const WORKER = `import * as zmq from "zeromq";
const jobs = new zmq.Pull();
jobs.connect("tcp://localhost:6000");
`;

const { snapshot } = analyze({
  packages: { "/ws": { name: "ws", scripts: { broker: "node src/broker/main.js", client: "node src/client/main.js", worker: "node src/worker/main.js" } } },
  files: { [BROKER_FILE]: BROKER, [CLIENT_FILE]: CLIENT, [WORKER_FILE]: WORKER },
});

const TOPOLOGY = `# The system
topology "Jobs"

component broker {
  program "src/broker/main"
  socket frontend: ROUTER {
    bind tcp://*:{frontend_port}
    security curve
    option linger = 0
  }
  socket backend: DEALER {
    bind tcp://127.0.0.1:{backend_port}
  }
}

component client {
  program "src/client/main"
  socket requests: REQ {
    connect tcp://{host}:{frontend_port}
    option receiveTimeout <= 5000
  }
  socket ghost: SUB
}

link client.requests -> broker.frontend
`;

function factsOf(tree: TopologyFile, code: GraphSnapshot = snapshot): CodeFacts {
  // The topology file sits at /ws: code locations are shown relative to it.
  return { snapshot: code, report: compareTopology(tree, code), base: "/ws" };
}

/** `|` marks the cursor. */
function split(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf("|");
  assert.ok(offset >= 0, "no cursor");
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}

/** Completions with the cursor where `|` is, in TOPOLOGY with `line` inserted after `after` (or in `marked` itself). */
function completeIn(marked: string, withFacts = true): CompletionData[] {
  const { text, offset } = split(marked);
  const tree = readTopology(text);
  return completionsAt(text, tree, offset, withFacts ? factsOf(tree) : undefined);
}

function insertLine(after: string, line: string): string {
  const index = TOPOLOGY.indexOf(after);
  assert.ok(index >= 0, after);
  const end = TOPOLOGY.indexOf("\n", index) + 1;
  return TOPOLOGY.slice(0, end) + line + "\n" + TOPOLOGY.slice(end);
}

function labels(items: CompletionData[]): string[] {
  return items.map((i) => i.label);
}

function loc(s: SourceLocation): string {
  return `${s.file}:${s.line}:${s.column}`;
}

function at(file: string, text: string, needle: string): string {
  const p = positionOf(text, needle);
  return `${file}:${p.line}:${p.column}`;
}

describe("topology completion", () => {
  test("after `socket` in a component: its program's undeclared code sockets, each inserting its whole declaration", () => {
    const without = TOPOLOGY.replace("  socket requests: REQ {\n    connect tcp://{host}:{frontend_port}\n    option receiveTimeout <= 5000\n  }\n", "  socket |\n");
    const items = completeIn(without);
    assert.deepEqual(labels(items), ["requests"]);
    assert.equal(items[0]!.insertText, "requests: REQ {\n  connect tcp://localhost:5555\n  option receiveTimeout = 3000\n}");
    assert.equal(items[0]!.detail, "REQ in code, not declared yet");
    // Declared already: nothing to offer.
    assert.deepEqual(labels(completeIn(insertLine("socket ghost: SUB", "  socket |"))), []);
  });

  test("after a link's connecting side: the arrow", () => {
    assert.deepEqual(labels(completeIn(insertLine("link client", "link client.requests |"))), ["->"]);
    assert.deepEqual(labels(completeIn(insertLine("link client", "link client |"))), ["->"]);
    assert.deepEqual(labels(completeIn(insertLine("link client", "link client.requests -> broker.frontend |"))), []);
  });

  test("top level line start: topology (only while the file has no title), component, link", () => {
    assert.deepEqual(labels(completeIn("|")), ["topology", "component", "link"]);
    assert.deepEqual(labels(completeIn(insertLine("link client", "|"))), ["component", "link"]);
    const component = completeIn("|").find((i) => i.label === "component")!;
    assert.equal(component.insertText, 'component ${1:name} {\n\tprogram "${2}"\n\t$0\n}');
    assert.equal(component.snippet, true);
    assert.equal(component.kind, "keyword");
  });

  test("half-typed keyword: replace covers the word", () => {
    const marked = insertLine("link client", "comp|");
    const items = completeIn(marked);
    assert.deepEqual(labels(items), ["component", "link"]);
    const start = split(marked).offset - 4;
    assert.deepEqual(items[0]!.replace, { start, end: start + 4 });
  });

  test("inside a component: program only when the component has none, and socket", () => {
    assert.deepEqual(labels(completeIn(insertLine('program "src/client/main"', "  |"))), ["socket"]);
    const noProgram = "component a {\n  |\n}\n";
    assert.deepEqual(labels(completeIn(noProgram)), ["program", "socket"]);
    // The program line being typed still offers program.
    assert.deepEqual(labels(completeIn("component a {\n  prog|\n}\n")), ["program", "socket"]);
  });

  test("inside a socket: bind, connect, option, and security when the socket has none", () => {
    assert.deepEqual(labels(completeIn(insertLine("security curve", "    |"))), ["bind", "connect", "option"]);
    assert.deepEqual(labels(completeIn(insertLine("connect tcp://{host}", "    |"))), ["bind", "connect", "security", "option"]);
    // After the socket's closing brace: back in the component.
    assert.deepEqual(labels(completeIn(insertLine("bind tcp://127.0.0.1", "  }\n  |"))), ["socket"]);
    // An unclosed socket block is still a socket block.
    assert.deepEqual(labels(completeIn("component a {\n  socket s: REQ {\n    |")), ["bind", "connect", "security", "option"]);
  });

  test("socket types after 'socket name:', with meaning and valid peers", () => {
    const items = completeIn(insertLine("socket ghost: SUB", "  socket jobs: |"));
    assert.equal(items.length, 21);
    assert.ok(labels(items).includes("ROUTER") && labels(items).includes("CHANNEL"));
    const req = items.find((i) => i.label === "REQ")!;
    assert.equal(req.kind, "socketType");
    assert.match(req.detail!, /Request/);
    assert.equal(req.documentation, "Valid peers: REP, ROUTER");
    const marked = insertLine("socket ghost: SUB", "  socket jobs: RO|");
    const half = completeIn(marked);
    assert.equal(half.length, 21);
    assert.deepEqual(half[0]!.replace, { start: split(marked).offset - 2, end: split(marked).offset });
    // Not before the colon, not for the role.
    assert.deepEqual(completeIn(insertLine("socket ghost: SUB", "  socket jo|")), []);
  });

  test("security mechanisms", () => {
    const items = completeIn(insertLine("connect tcp://{host}", "    security |"));
    assert.deepEqual(labels(items), ["curve", "plain", "none"]);
    assert.match(items[0]!.detail!, /CURVE/);
    assert.deepEqual(labels(completeIn(insertLine("connect tcp://{host}", "    security cu|"))), ["curve", "plain", "none"]);
  });

  test("option names, comparisons, then true/false for boolean options", () => {
    const names = completeIn(insertLine("connect tcp://{host}", "    option |"));
    assert.ok(labels(names).includes("linger") && labels(names).includes("receiveTimeout") && labels(names).includes("mandatory"));
    assert.ok(!labels(names).includes("subscribe"));
    const linger = names.find((i) => i.label === "linger")!;
    assert.equal(linger.kind, "option");
    assert.match(linger.documentation!, /libzmq default: `-1`/);
    assert.deepEqual(labels(completeIn(insertLine("connect tcp://{host}", "    option linger |"))), ["=", "!=", "<", "<=", ">", ">="]);
    const marked = insertLine("connect tcp://{host}", "    option linger <|");
    const operators = completeIn(marked);
    assert.deepEqual(labels(operators), ["=", "!=", "<", "<=", ">", ">="]);
    assert.deepEqual(operators[0]!.replace, { start: split(marked).offset - 1, end: split(marked).offset });
    assert.deepEqual(labels(completeIn(insertLine("connect tcp://{host}", "    option mandatory = |"))), ["true", "false"]);
    assert.deepEqual(labels(completeIn(insertLine("connect tcp://{host}", "    option mandatory = tr|"))), ["true", "false"]);
    assert.deepEqual(labels(completeIn(insertLine("connect tcp://{host}", "    option linger = |"))), []);
  });

  test("keywords are not offered where they are invalid", () => {
    assert.deepEqual(completeIn(insertLine("connect tcp://{host}", "    # option |")), []);
    // A socket-block keyword at the top level offers nothing.
    assert.deepEqual(completeIn(insertLine("link client", "security |")), []);
    assert.deepEqual(completeIn(insertLine("link client", "option |")), []);
    // Nothing may follow a closing brace on its line.
    assert.deepEqual(completeIn(insertLine("bind tcp://127.0.0.1", "  } |")), []);
  });

  test("endpoints found in code, same kind first, the socket's own first, as declarations write them", () => {
    const items = completeIn(insertLine("socket ghost: SUB", "  socket extra: DEALER {\n    connect |\n  }"));
    // Connects first (the worker's and the client's), then binds.
    assert.deepEqual(labels(items), ["tcp://localhost:5555", "tcp://localhost:6000", "tcp://*:5555", "tcp://127.0.0.1:{BACKEND_PORT}"]);
    const backend = items.find((i) => i.label === "tcp://127.0.0.1:{BACKEND_PORT}")!;
    assert.equal(backend.kind, "endpoint");
    assert.match(backend.detail!, /bind by `backend` \(DEALER\) in src\/broker\/main/);
    assert.match(backend.documentation!, /process\.env\.BACKEND_PORT/);
    // The broker's frontend is matched: its own bind comes first, and one already declared is left out.
    const own = completeIn(insertLine("security curve", "    bind |"));
    assert.deepEqual(labels(own), ["tcp://*:5555", "tcp://127.0.0.1:{BACKEND_PORT}", "tcp://localhost:5555", "tcp://localhost:6000"]);
    const backendOwn = completeIn(insertLine("bind tcp://127.0.0.1", "    bind |"));
    assert.equal(backendOwn[0]!.label, "tcp://127.0.0.1:{BACKEND_PORT}");
    // Half-typed: the replace span covers what is typed.
    const marked = insertLine("security curve", "    bind tcp://*|");
    const half = completeIn(marked);
    const { offset } = split(marked);
    assert.deepEqual(half[0]!.replace, { start: offset - "tcp://*".length, end: offset });
    assert.deepEqual(completeIn(insertLine("security curve", "    bind |"), false), []);
  });

  test("program names from the code, except those other components use", () => {
    const items = completeIn(insertLine("link client", 'component worker {\n  program |\n}'));
    assert.deepEqual(labels(items), ['"src/worker/main"']);
    assert.equal(items[0]!.kind, "program");
    assert.equal(items[0]!.insertText, '"src/worker/main"');
    // Its own program is offered to a component.
    assert.deepEqual(labels(completeIn(TOPOLOGY.replace('program "src/client/main"', 'program "src/cl|"'))), ['"src/client/main"', '"src/worker/main"']);
    const marked = TOPOLOGY.replace('program "src/client/main"', 'program "src/cl|');
    const { offset } = split(marked);
    assert.deepEqual(completeIn(marked)[0]!.replace, { start: offset - '"src/cl'.length, end: offset });
  });

  test("link sides: components and component.role, and roles after 'component.'", () => {
    const items = completeIn(insertLine("link client", "link |"));
    for (const label of ["broker", "client", "broker.frontend", "broker.backend", "client.requests", "client.ghost"]) assert.ok(labels(items).includes(label), label);
    assert.equal(items.find((i) => i.label === "broker")!.kind, "component");
    assert.equal(items.find((i) => i.label === "client.requests")!.kind, "socket");
    assert.equal(items.find((i) => i.label === "client.requests")!.detail, "REQ");
    assert.deepEqual(new Set(labels(completeIn(insertLine("link client", "link client.requests -> |")))), new Set(labels(items)));
    assert.deepEqual(labels(completeIn(insertLine("link client", "link client.requests -> broker.|"))).sort(), ["backend", "frontend"]);
    const marked = insertLine("link client", "link client.requests -> broker.fr|");
    const half = completeIn(marked);
    assert.deepEqual(labels(half).sort(), ["backend", "frontend"]);
    assert.deepEqual(half[0]!.replace, { start: split(marked).offset - 2, end: split(marked).offset });
    assert.deepEqual(completeIn(insertLine("link client", "link nobody.|")), []);
    // Punctuation just typed is not a half-typed word.
    assert.deepEqual(labels(completeIn(insertLine("socket ghost: SUB", "  socket jobs:|"))).length, 21);
  });
});

describe("topology hover", () => {
  const tree = readTopology(TOPOLOGY);
  const facts = factsOf(tree);
  const hover = (needle: string, delta = 1, withFacts: CodeFacts | undefined = facts) => {
    const index = TOPOLOGY.indexOf(needle);
    assert.ok(index >= 0, needle);
    return hoverAt(TOPOLOGY, tree, index + delta, withFacts);
  };

  test("keywords, socket types, security and options", () => {
    assert.match(hover("component broker")!.markdown, /One program of the system/);
    assert.deepEqual(hover("component broker")!.span, { start: TOPOLOGY.indexOf("component broker"), end: TOPOLOGY.indexOf("component broker") + 9 });
    assert.match(hover("link client")!.markdown, /connection the design allows/);
    assert.equal(hover("ROUTER")!.markdown, "**ROUTER**: Asynchronous reply: addresses each peer by its routing id.\n\nValid peers: REQ, DEALER, ROUTER");
    assert.match(hover("curve")!.markdown, /CURVE: encryption/);
    assert.match(hover("linger")!.markdown, /libzmq default: `-1`/);
  });

  test("a declared socket: its type and the code implementing it, or not found", () => {
    assert.equal(hover("frontend: ROUTER")!.markdown, "**socket** `broker.frontend`: ROUTER\n\nIn code:\n- `frontend` (ROUTER) at [src/broker/main.ts:3](file:///ws/src/broker/main.ts#L3,20)");
    assert.equal(hover("ghost")!.markdown, "**socket** `client.ghost`: SUB\n\nNot found in code.");
    assert.equal(hoverAt(TOPOLOGY, tree, TOPOLOGY.indexOf("frontend: ROUTER"), undefined)!.markdown, "**socket** `broker.frontend`: ROUTER");
  });

  test("a component: its program and code sockets", () => {
    assert.equal(hover("broker {")!.markdown, "**component** `broker`\n\nProgram `src/broker/main`: 2 sockets in code.\n\nDeclares `frontend: ROUTER`, `backend: DEALER`.");
  });

  test("a placeholder: the values it takes in code", () => {
    const markdown = hover("{frontend_port}", 2)!.markdown;
    assert.match(markdown, /\*\*placeholder\*\* `\{frontend_port\}`/);
    assert.match(markdown, /- `5555`: `broker\.frontend` at \[src\/broker\/main\.ts:4\]\(file:\/\/\/ws\/src\/broker\/main\.ts#L4,\d+\), `client\.requests` at \[src\/client\/main\.ts:5\]/);
    assert.match(hover("{backend_port}", 2)!.markdown, /No value found in code/);
  });

  test("a link reference: the declaration it names", () => {
    const index = TOPOLOGY.indexOf("link client.requests") + "link client.re".length;
    assert.match(hoverAt(TOPOLOGY, tree, index, facts)!.markdown, /^\*\*socket\*\* `client.requests`: REQ/);
    const component = TOPOLOGY.indexOf("-> broker") + 4;
    assert.match(hoverAt(TOPOLOGY, tree, component, facts)!.markdown, /^\*\*component\*\* `broker`/);
  });

  test("nothing on blank space or a comment", () => {
    assert.equal(hoverAt(TOPOLOGY, tree, 3, facts), undefined);
    assert.equal(hoverAt(TOPOLOGY, tree, TOPOLOGY.indexOf("\n\ncomponent") + 1, facts), undefined);
  });
});

describe("topology definition", () => {
  const tree = readTopology(TOPOLOGY);
  const facts = factsOf(tree);
  const define = (needle: string, delta = 1) => definitionAt(tree, TOPOLOGY.indexOf(needle) + delta, facts);

  test("a declared socket role goes to the code socket's creation", () => {
    assert.deepEqual(define("frontend: ROUTER").map((l) => loc(l as SourceLocation)), [at(BROKER_FILE, BROKER, "new zmq.Router()")]);
    assert.deepEqual(define("ghost"), []);
  });

  test("a link reference goes to its declaration here and to the code", () => {
    const index = TOPOLOGY.indexOf("link client.requests") + "link client.re".length;
    const [self, ...code] = definitionAt(tree, index, facts);
    const role = TOPOLOGY.indexOf("requests: REQ");
    assert.deepEqual(self, { file: "self", span: { start: role, end: role + "requests".length } });
    assert.deepEqual(code.map((l) => loc(l as SourceLocation)), [at(CLIENT_FILE, CLIENT, "new zmq.Request()")]);
    const broker = TOPOLOGY.indexOf("-> broker") + 4;
    const name = TOPOLOGY.indexOf("broker {");
    assert.deepEqual(definitionAt(tree, broker, facts), [{ file: "self", span: { start: name, end: name + "broker".length } }]);
  });

  test("an endpoint goes to the code calls that match it", () => {
    assert.deepEqual(define("tcp://*:{frontend_port}").map((l) => loc(l as SourceLocation)), [at(BROKER_FILE, BROKER, '"tcp://*:5555"')]);
    assert.deepEqual(define("tcp://{host}").map((l) => loc(l as SourceLocation)), [at(CLIENT_FILE, CLIENT, '"tcp://localhost:5555"')]);
  });

  test("a report made from an earlier parse of the file still finds the code, by name", () => {
    const earlier = factsOf(readTopology(TOPOLOGY));
    assert.deepEqual(define("frontend: ROUTER").map((l) => loc(l as SourceLocation)), definitionAt(tree, TOPOLOGY.indexOf("frontend: ROUTER") + 1, earlier).map((l) => loc(l as SourceLocation)));
    assert.match(hoverAt(TOPOLOGY, tree, TOPOLOGY.indexOf("broker {"), earlier)!.markdown, /2 sockets in code/);
  });

  test("declarationOf: code socket → its declaration", () => {
    const found = declarationOf(facts.report, byHolder(snapshot, "requests"));
    assert.equal(found?.socket.role.value, "requests");
    assert.equal(found?.component.name.value, "client");
    assert.equal(declarationOf(facts.report, byHolder(snapshot, "jobs")), undefined);
  });
});

describe("topology outline", () => {
  test("title, components with sockets, endpoints and options, links", () => {
    const text = 'topology "Jobs"\ncomponent broker {\n  program "src/b"\n  socket front: ROUTER {\n    bind tcp://*:1\n    option linger = 0\n  }\n}\nlink a.b -> broker\n';
    const symbols = documentSymbols(readTopology(text));
    const shape = (s: SymbolData): unknown => ({ name: s.name, kind: s.kind, detail: s.detail, text: text.slice(s.span.start, s.span.end), sel: text.slice(s.selection.start, s.selection.end), children: s.children.map(shape) });
    assert.deepEqual(symbols.map(shape), [
      { name: "Jobs", kind: "topology", detail: undefined, text: '"Jobs"', sel: '"Jobs"', children: [] },
      {
        name: "broker", kind: "component", detail: "src/b", text: text.slice(text.indexOf("component"), text.indexOf("}\nlink") + 1), sel: "broker",
        children: [{
          name: "front", kind: "socket", detail: "ROUTER", text: text.slice(text.indexOf("socket"), text.indexOf("  }") + 3), sel: "front",
          children: [
            { name: "tcp://*:1", kind: "endpoint", detail: "bind", text: "bind tcp://*:1", sel: "tcp://*:1", children: [] },
            { name: "linger", kind: "option", detail: "= 0", text: "option linger = 0", sel: "linger", children: [] },
          ],
        }],
      },
      { name: "a.b -> broker", kind: "link", detail: undefined, text: "link a.b -> broker", sel: "link a.b -> broker", children: [] },
    ]);
  });

  test("half-typed declarations still give named symbols inside their spans", () => {
    const text = "component {\n  socket : REQ\n}\nlink a ->\n";
    for (const s of documentSymbols(readTopology(text))) {
      assert.ok(s.name !== "");
      assert.ok(s.selection.start >= s.span.start && s.selection.end <= s.span.end);
    }
  });
});
