import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { tokenize, type LexToken } from "../../server/src/analysis/topologyFile/lexer";
import { LineMap, spanToLocation } from "../../server/src/analysis/topologyFile/lineMap";
import { parseTopology } from "../../server/src/analysis/topologyFile/parser";
import type { TopologyError, TopologyFile } from "../../server/src/analysis/topologyFile/syntax";
import { closest, editDistance, readTopology } from "../../server/src/analysis/topologyFile/validate";
import { docsExample, seededRandom, spanOf } from "./helpers/topologyText";

function kinds(tokens: LexToken[]): string[] {
  return tokens.map((t) => `${t.kind}:${t.text}`);
}

/** Errors as [kind, message, start, end], to assert all of them at once. */
function errorList(file: TopologyFile): [string, string, number, number][] {
  return file.errors.map((e) => [e.kind, e.message, e.span.start, e.span.end]);
}

function onlyError(text: string, read = parseTopology): TopologyError {
  const errors = read(text).errors;
  assert.equal(errors.length, 1, JSON.stringify(errors));
  return errors[0]!;
}

describe("topology lexer", () => {
  test("keywords, names with '-', types, punctuation, numbers, operators, comments and newlines", () => {
    const text = 'socket my-role_2: PUB { # c\r\noption x <= -5.25 != 3 = "a\\"b\\\\c" > 1 >= 2 < 3\nlink a->b.c-d }';
    assert.deepEqual(kinds(tokenize(text)), [
      "keyword:socket", "identifier:my-role_2", "colon::", "identifier:PUB", "lbrace:{", "comment:# c", "newline:\r\n",
      "keyword:option", "identifier:x", "comparison:<=", "number:-5.25", "comparison:!=", "number:3", "comparison:=",
      'string:"a\\"b\\\\c"', "comparison:>", "number:1", "comparison:>=", "number:2", "comparison:<", "number:3", "newline:\n",
      "keyword:link", "identifier:a", "arrow:->", "identifier:b", "dot:.", "identifier:c-d", "rbrace:}", "eof:",
    ]);
    const tokens = tokenize(text);
    const str = tokens.find((t) => t.kind === "string")!;
    assert.equal(str.value, 'a"b\\c');
    assert.equal(tokens.find((t) => t.text === "-5.25")!.value, -5.25);
    assert.deepEqual(tokens[1]!.span, { start: 7, end: 16 });
  });

  test("an endpoint runs to whitespace (a '#' in it is its own: inproc://#1) and records its placeholders", () => {
    const text = "bind tcp://{host}:{port}/x #c";
    const tokens = tokenize(text);
    assert.deepEqual(kinds(tokens), ["keyword:bind", "endpoint:tcp://{host}:{port}/x", "comment:#c", "eof:"]);
    assert.deepEqual(kinds(tokenize("bind inproc://#1 # a name libzmq allows")), ["keyword:bind", "endpoint:inproc://#1", "comment:# a name libzmq allows", "eof:"]);
    assert.deepEqual(tokens[1]!.placeholders, [
      { name: "host", span: { start: 11, end: 17 } },
      { name: "port", span: { start: 18, end: 24 } },
    ]);
    assert.equal(tokens[1]!.problems, undefined);
  });

  test("an endpoint without a transport is one error on it, and its placeholder's '}' closes no block", () => {
    const text = "component a {\n  socket s: PUB {\n    bind {replace}\n    option linger = 0\n  }\n}\n";
    const file = parseTopology(text);
    assert.deepEqual(file.errors.map((e) => [e.message, e.span]), [
      ["endpoint '{replace}' has no transport: write tcp://, ipc:// or inproc:// before it (a part that varies is a {placeholder} inside)", spanOf(text, "{replace}")],
    ]);
    assert.deepEqual(file.components[0]!.sockets[0]!.options.map((o) => o.name.value), ["linger"]);
  });

  test("empty and unclosed placeholders are problems on the endpoint token", () => {
    const tokens = tokenize("ipc:///{}/{run x");
    assert.equal(tokens[0]!.text, "ipc:///{}/{run");
    assert.deepEqual(tokens[0]!.problems, [
      { message: "empty placeholder: expected a name between '{' and '}'", span: { start: 7, end: 9 } },
      { message: "unclosed placeholder: expected '}'", span: { start: 10, end: 14 } },
    ]);
  });

  test("an unterminated string ends at the end of its line", () => {
    const tokens = tokenize('program "src/a\nnext');
    assert.deepEqual(kinds(tokens), ['keyword:program', 'string:"src/a', "newline:\n", "identifier:next", "eof:"]);
    assert.equal(tokens[1]!.value, "src/a");
    assert.deepEqual(tokens[1]!.problems![0]!.span, { start: 8, end: 14 });
  });

  test("unknown characters are error tokens, a surrogate pair is one token", () => {
    const tokens = tokenize("a @ 😀 !");
    assert.deepEqual(kinds(tokens), ["identifier:a", "error:@", "error:😀", "error:!", "eof:"]);
    assert.deepEqual(tokens[2]!.span, { start: 4, end: 6 });
  });
});

describe("parseTopology: the docs example", () => {
  const text = docsExample();
  const file = readTopology(text);

  test("has no errors", () => assert.deepEqual(file.errors, []));

  test("title, components, programs and comments", () => {
    assert.deepEqual(file.title, { value: "Job processing", span: spanOf(text, '"Job processing"') });
    assert.deepEqual(file.components.map((c) => c.name.value), ["broker", "processor", "client"]);
    assert.deepEqual(file.components.map((c) => c.program?.value), ["src/message_broker/main", "src/data_processor/main", "src/client/main"]);
    assert.deepEqual(file.components[0]!.program!.statementSpan, spanOf(text, 'program "src/message_broker/main"'));
    assert.equal(file.comments.length, 2);
    assert.deepEqual(file.comments[0], spanOf(text, "# Intended design of the job-processing system."));
    const broker = file.components[0]!;
    assert.equal(broker.span.start, spanOf(text, "component broker").start);
    assert.equal(broker.span.end, spanOf(text, "}\n\ncomponent processor").start + 1);
  });

  test("sockets with types, endpoints, placeholders, security and options", () => {
    const sockets = file.components.flatMap((c) => c.sockets.map((s) => `${c.name.value}.${s.role.value}: ${s.type.value}`));
    assert.deepEqual(sockets, ["broker.frontend: ROUTER", "broker.backend: DEALER", "processor.jobs: REP", "client.requests: REQ"]);
    const frontend = file.components[0]!.sockets[0]!;
    assert.deepEqual(frontend.role.span, spanOf(text, "frontend"));
    assert.deepEqual(frontend.endpoints, [{
      kind: "bind", text: "tcp://*:{frontend_port}", span: spanOf(text, "tcp://*:{frontend_port}"),
      statementSpan: spanOf(text, "bind tcp://*:{frontend_port}"),
      placeholders: [{ name: "frontend_port", span: spanOf(text, "{frontend_port}") }],
    }]);
    assert.deepEqual(frontend.security, { value: "curve", span: spanOf(text, "curve"), statementSpan: spanOf(text, "security curve") });
    assert.deepEqual(frontend.options.map((o) => [o.name.value, o.comparison.value, o.value.value]), [["mandatory", "=", true], ["linger", "=", 0]]);
    assert.deepEqual(frontend.options[0]!.statementSpan, spanOf(text, "option mandatory = true"));
    assert.equal(frontend.span.start, spanOf(text, "socket frontend").start);
    assert.equal(text.slice(frontend.span.end - 1, frontend.span.end), "}");
    const jobs = file.components[1]!.sockets[0]!;
    assert.deepEqual(jobs.endpoints[0]!.placeholders.map((p) => p.name), ["broker_host", "backend_port"]);
    assert.deepEqual(jobs.options.map((o) => [o.name.value, o.comparison.value, o.value.value]), [["receiveTimeout", "<=", 5000]]);
  });

  test("links", () => {
    assert.deepEqual(file.links.map((l) => [l.from.component.value, l.from.socket?.value, l.to.component.value, l.to.socket?.value]), [
      ["client", "requests", "broker", "frontend"],
      ["processor", undefined, "broker", "backend"],
    ]);
    assert.deepEqual(file.links[0]!.span, spanOf(text, "link client.requests -> broker.frontend"));
    assert.deepEqual(file.links[0]!.from.span, spanOf(text, "client.requests"));
    assert.deepEqual(file.links[1]!.to.socket!.span, spanOf(text, "backend", 3));
  });
});

describe("parseTopology: syntax errors have precise spans and messages", () => {
  test("missing socket type before '{'", () => {
    const text = "component a {\n  socket x: {\n    bind tcp://*:1\n  }\n}\n";
    const file = parseTopology(text);
    assert.deepEqual(errorList(file), [["syntax", "expected a socket type after ':', found '{'", 26, 27]]);
    // The block is still read.
    assert.deepEqual(file.components[0]!.sockets[0]!.endpoints.map((e) => e.text), ["tcp://*:1"]);
    assert.deepEqual(file.components[0]!.sockets[0]!.type, { value: "", span: { start: 25, end: 25 } });
  });

  test("something missing at the end of a line is a zero-width span after the previous token", () => {
    assert.deepEqual(onlyError("topology\n"), { kind: "syntax", message: "expected a title string after 'topology', found end of line", span: { start: 8, end: 8 }, severity: "error" });
    const text = "component a {\n  socket x: PUB {\n    option linger =   \n  }\n}\n";
    const error = onlyError(text);
    assert.equal(error.message, `expected a value (a number, true, false or a "string") after '=', found end of line`);
    assert.deepEqual(error.span, { start: spanOf(text, "=").end, end: spanOf(text, "=").end });
  });

  test("a missing ':' between role and type is reported and the type still read", () => {
    const text = "component a {\n  socket x PUB\n}\n";
    const file = parseTopology(text);
    assert.deepEqual(errorList(file), [["syntax", "expected ':' after socket role, found 'PUB'", 24, 24]]);
    assert.equal(file.components[0]!.sockets[0]!.type.value, "PUB");
  });

  test("keywords are names where a name is expected: a socket held in `this.socket`, a component named `link`", () => {
    const text = "component link {\n  socket socket: REQ\n  socket option: PUB\n}\nlink link.socket -> link.option\n";
    const file = parseTopology(text);
    assert.deepEqual(file.errors, []);
    assert.deepEqual(file.components.map((c) => [c.name.value, c.sockets.map((s) => `${s.role.value}:${s.type.value}`)]), [["link", ["socket:REQ", "option:PUB"]]]);
    assert.deepEqual([file.links[0]!.from.socket?.value, file.links[0]!.to.socket?.value], ["socket", "option"]);
  });

  test("quoted endpoint, extra tokens, stray '}', statements in the wrong place", () => {
    const cases: [string, string, string][] = [
      ['component a {\n socket s: PUB {\n  bind "tcp://x:1"\n }\n}', `expected an endpoint like tcp://host:port after 'bind', found '"tcp://x:1"' (endpoints are written without quotes)`, '"tcp://x:1"'],
      ['topology "T" extra', "expected end of line, found 'extra'", "extra"],
      ["}", "unexpected '}': no block is open here", "}"],
      ["bind tcp://a:1", "'bind' belongs inside a socket block", "bind"],
      ["component a {\n option linger = 1\n}", "'option' belongs inside a socket block", "option"],
      ["component a {\n socket s: PUB {\n  program \"x\"\n }\n}", "'program' belongs in the component, not in a socket block", "program"],
      ["component a {\n socket s: PUB {\n  security\n }\n}", "expected 'curve', 'plain' or 'none' after 'security', found end of line", ""],
      ["component a {\n socket s: PUB {\n  option linger => 1\n }\n}", "expected a value (a number, true, false or a \"string\") after '=', found '>'", ">"],
      ["hello", "expected 'topology', 'component' or 'link', found 'hello'", "hello"],
      ["link a b", "expected '->' after 'a', found 'b'", "b"],
      ["link a. -> b", "expected a socket role after '.', found '->'", "->"],
      ['component a {\n program "x\n}', "unterminated string: expected '\"' before the end of the line", '"x'],
    ];
    for (const [text, message, offending] of cases) {
      const error = onlyError(text);
      assert.equal(error.message, message, text);
      if (offending !== "") assert.deepEqual(error.span, spanOf(text, offending), text);
      assert.equal(error.kind, "syntax");
    }
  });

  test("unknown security mechanism is an unknown-name error on the word", () => {
    const text = "component a {\n socket s: PUB {\n  security tls\n }\n}";
    assert.deepEqual(onlyError(text), { kind: "unknown-name", message: "unknown security mechanism 'tls': expected 'curve', 'plain' or 'none'", span: spanOf(text, "tls"), severity: "error" });
    assert.equal(parseTopology(text).components[0]!.sockets[0]!.security, undefined);
  });

  test("a missing '}' at end of file is reported at the opening brace; the component keeps its sockets", () => {
    const text = "component a {\n  socket x: PUB {\n    bind tcp://*:1\n  }\n  socket y: SUB\n";
    const file = parseTopology(text);
    assert.deepEqual(errorList(file), [["syntax", "'{' of component 'a' is never closed: expected '}' before end of file", 12, 13]]);
    assert.deepEqual(file.components[0]!.sockets.map((s) => s.role.value), ["x", "y"]);
  });

  test("a missing socket '}' is found at the next 'socket'", () => {
    const text = "component a {\n  socket x: PUB {\n    bind tcp://*:1\n  socket y: SUB\n}\n";
    const file = parseTopology(text);
    assert.deepEqual(errorList(file), [["syntax", "'{' of socket 'x' is never closed: expected '}' before 'socket'", 30, 31]]);
    assert.deepEqual(file.components[0]!.sockets.map((s) => s.role.value), ["x", "y"]);
    assert.equal(file.components[0]!.sockets[0]!.span.end, spanOf(text, "tcp://*:1").end);
  });

  test("a component without '{' still reads its statements: one error, not one per line", () => {
    const text = 'component a\n  program "x"\n  socket s: PUB {\n    bind tcp://*:1\n  }\n}\ncomponent b {\n}\n';
    const file = parseTopology(text);
    assert.deepEqual(errorList(file), [["syntax", "expected '{' after component name, found end of line", 11, 11]]);
    assert.deepEqual(file.components.map((c) => [c.name.value, c.program?.value, c.sockets.length]), [["a", "x", 1], ["b", undefined, 0]]);
    assert.equal(file.components[0]!.span.end, spanOf(text, "}\ncomponent b").start + 1);
  });

  test("one-line blocks are accepted", () => {
    const file = parseTopology("component a { socket s: PUB { bind tcp://*:1 } }");
    assert.deepEqual(file.errors, []);
    assert.equal(file.components[0]!.sockets[0]!.endpoints[0]!.text, "tcp://*:1");
  });
});

describe("parseTopology: recovery", () => {
  test("three separate errors are all reported, and the valid components around them kept", () => {
    const text = [
      "component a {",
      "  socket one: PUB {",
      "    bind tcp://*:1 2",       // error 1: extra token
      "    option linger = 0",
      "  }",
      "}",
      "component {",                // error 2: missing name
      "  socket two: SUB",
      "}",
      "component c {",
      "  socket three: @",          // error 3: unknown character
      "  socket four: PUSH",
      "}",
      "link a.one -> c.four",
    ].join("\n");
    const file = parseTopology(text);
    assert.deepEqual(errorList(file), [
      ["syntax", "expected end of line, found '2'", spanOf(text, " 2").start + 1, spanOf(text, " 2").end],
      ["syntax", "expected a component name, found '{'", spanOf(text, "component {").end - 1, spanOf(text, "component {").end],
      ["syntax", "unexpected character '@'", spanOf(text, "@").start, spanOf(text, "@").end],
    ]);
    assert.deepEqual(file.components.map((c) => [c.name.value, c.sockets.map((s) => `${s.role.value}:${s.type.value}`)]), [
      ["a", ["one:PUB"]], ["", ["two:SUB"]], ["c", ["three:", "four:PUSH"]],
    ]);
    assert.equal(file.components[0]!.sockets[0]!.options.length, 1);
    assert.equal(file.links.length, 1);
  });
});

describe("parseTopology: half-typed input gives partial nodes", () => {
  test("'component' alone", () => {
    const file = parseTopology("component");
    assert.deepEqual(errorList(file), [["syntax", "expected a component name, found end of file", 9, 9]]);
    assert.deepEqual(file.components[0]!.name, { value: "", span: { start: 9, end: 9 } });
  });

  test("'socket fr' at end of file", () => {
    const text = "component a {\n  socket fr";
    const file = parseTopology(text);
    assert.deepEqual(errorList(file), [
      ["syntax", "'{' of component 'a' is never closed: expected '}' before end of file", 12, 13],
      ["syntax", "expected ':' after socket role, found end of file", 25, 25],
    ]);
    const socket = file.components[0]!.sockets[0]!;
    assert.deepEqual(socket.role, { value: "fr", span: { start: 23, end: 25 } });
    assert.deepEqual(socket.type, { value: "", span: { start: 25, end: 25 } });
  });

  test("'link a ->' keeps the from side and an empty to side", () => {
    const file = parseTopology("link a ->");
    assert.deepEqual(errorList(file), [["syntax", "expected the binding side (component or component.socket) after '->', found end of file", 9, 9]]);
    assert.equal(file.links[0]!.from.component.value, "a");
    assert.deepEqual(file.links[0]!.to.component, { value: "", span: { start: 9, end: 9 } });
    assert.deepEqual(file.links[0]!.span, { start: 0, end: 9 });
  });

  test("'socket x:' and 'option linger' inside blocks", () => {
    const file = parseTopology("component a {\n socket x:\n socket y: PUB {\n  option linger\n");
    assert.deepEqual(file.errors.map((e) => e.message), [
      "'{' of component 'a' is never closed: expected '}' before end of file",
      "expected a socket type after ':', found end of line",
      "'{' of socket 'y' is never closed: expected '}' before end of file",
      "expected a comparison (=, !=, <, <=, >, >=) after the option name, found end of line",
    ]);
    assert.deepEqual(file.components[0]!.sockets.map((s) => s.role.value), ["x", "y"]);
  });

  test("empty and comment-only files", () => {
    assert.deepEqual(parseTopology(""), { components: [], links: [], comments: [], errors: [] });
    assert.deepEqual(parseTopology("  # only\n\n").comments, [{ start: 2, end: 8 }]);
  });
});

describe("readTopology: semantic errors", () => {
  test("duplicates: component, socket role, program, security, topology", () => {
    const text = [
      'topology "A"',
      'topology "B"',
      "component a {",
      '  program "x"',
      '  program "y"',
      "  socket s: PUB {",
      "    security curve",
      "    security none",
      "  }",
      "  socket s: SUB",
      "}",
      "component a {",
      "}",
    ].join("\n");
    const file = readTopology(text);
    assert.deepEqual(errorList(file), [
      ["duplicate", "the topology title is already given above; a file has one 'topology' line", 13, 25],
      ["duplicate", "component 'a' already has a 'program' line", spanOf(text, 'program "y"').start, spanOf(text, 'program "y"').end],
      ["duplicate", "socket 's' already has a 'security' line", spanOf(text, "security none").start, spanOf(text, "security none").end],
      ["duplicate", "socket 's' is already declared in component 'a' on line 6", spanOf(text, "s: SUB").start, spanOf(text, "s: SUB").start + 1],
      ["duplicate", "component 'a' is already declared on line 3", spanOf(text, "a {", 1).start, spanOf(text, "a {", 1).start + 1],
    ]);
    assert.equal(file.title!.value, "A");
    assert.equal(file.components[0]!.program!.value, "x");
    assert.equal(file.components[0]!.sockets[0]!.security!.value, "curve");
  });

  test("unknown socket type with a suggestion; unknown option is a warning with a suggestion", () => {
    const text = "component a {\n  socket s: router {\n    option recieveTimeout = 1\n    option fooBarBaz = 1\n  }\n  socket t: BLAH\n}";
    const file = readTopology(text);
    assert.deepEqual(file.errors.map((e) => [e.kind, e.severity, e.message, text.slice(e.span.start, e.span.end)]), [
      ["unknown-name", "error", "unknown socket type 'router'; did you mean 'ROUTER'?", "router"],
      ["unknown-name", "warning", "unknown option 'recieveTimeout'; did you mean 'receiveTimeout'?", "recieveTimeout"],
      ["unknown-name", "warning", "unknown option 'fooBarBaz'", "fooBarBaz"],
      ["unknown-name", "error", "unknown socket type 'BLAH'", "BLAH"],
    ]);
  });

  test("ordering comparisons on booleans and strings are errors; = and != are fine", () => {
    const text = 'component a {\n  socket s: PUB {\n    option mandatory < true\n    option zapDomain >= "x"\n    option mandatory != false\n    option zapDomain = "x"\n  }\n}';
    const file = readTopology(text);
    assert.deepEqual(errorList(file), [
      ["unknown-name", "'<' compares numbers; a boolean value takes '=' or '!='", spanOf(text, "<").start, spanOf(text, "<").end],
      ["unknown-name", "'>=' compares numbers; a string value takes '=' or '!='", spanOf(text, ">=").start, spanOf(text, ">=").end],
    ]);
  });

  test("links to undeclared components and sockets, and links the wrong way round", () => {
    const text = [
      "component broker {",
      "  socket frontend: ROUTER {",
      "    bind tcp://*:1",
      "  }",
      "}",
      "component client {",
      "  socket req: REQ {",
      "    connect tcp://h:1",
      "  }",
      "}",
      "link broker.frontend -> client.req",
      "link ghost -> broker.nothing",
      "link client.req -> broker.frontend",
      "link client -> broker",
    ].join("\n");
    const file = readTopology(text);
    const at = (needle: string, n = 0): [number, number] => [spanOf(text, needle, n).start, spanOf(text, needle, n).end];
    assert.deepEqual(file.errors.map((e) => [e.kind, e.severity, e.message, e.span.start, e.span.end]), [
      ["unknown-reference", "warning", "broker.frontend binds; a link goes from the connecting side to the binding side", ...at("broker.frontend")],
      ["unknown-reference", "warning", "client.req connects; a link goes from the connecting side to the binding side", ...at("client.req")],
      ["unknown-reference", "error", "no component 'ghost' is declared", ...at("ghost")],
      ["unknown-reference", "error", "component 'broker' declares no socket 'nothing'", ...at("nothing")],
    ]);
  });

  test("closest name and edit distance", () => {
    assert.equal(editDistance("recieve", "receive"), 1);
    assert.equal(editDistance("kitten", "sitting"), 3);
    assert.equal(closest("lingr", ["linger", "rate"]), "linger");
    assert.equal(closest("xyz", ["linger", "rate"]), undefined);
  });
});

describe("LineMap and spanToLocation", () => {
  test("\\n, \\r\\n and lone \\r line breaks, both directions", () => {
    const map = new LineMap("ab\r\ncd\nef\rg");
    assert.deepEqual([0, 2, 3, 4, 6, 7, 10, 11].map((o) => map.position(o)), [
      { line: 0, column: 0 }, { line: 0, column: 2 }, { line: 0, column: 3 }, { line: 1, column: 0 },
      { line: 1, column: 2 }, { line: 2, column: 0 }, { line: 3, column: 0 }, { line: 3, column: 1 },
    ]);
    assert.equal(map.offset(1, 1), 5);
    assert.equal(map.offset(0, 99), 2);
    assert.equal(map.offset(9, 0), 11);
    assert.equal(map.lineCount, 4);
  });

  test("spans become 1-based locations with an exclusive end column", () => {
    const text = "component a {\r\n  socket x: PUBB\r\n}";
    const file = readTopology(text);
    const location = spanToLocation("t.zmqtopo", new LineMap(text), file.errors[0]!.span);
    assert.deepEqual(location, { file: "t.zmqtopo", line: 2, column: 13, endLine: 2, endColumn: 17 });
  });
});

describe("parseTopology: CRLF and unicode", () => {
  test("a CRLF file parses like its LF version, with spans in the CRLF text", () => {
    const lf = docsExample();
    const crlf = lf.replace(/\n/g, "\r\n");
    const file = readTopology(crlf);
    assert.deepEqual(file.errors, []);
    assert.equal(file.comments.length, 2);
    assert.equal(crlf.slice(file.comments[0]!.start, file.comments[0]!.end), "# Intended design of the job-processing system.");
    assert.deepEqual(file.components[2]!.sockets[0]!.role.span, spanOf(crlf, "requests"));
  });

  test("unicode in strings and comments; spans are UTF-16 offsets", () => {
    const text = 'topology "Système 😀 Ω" # コメント 😀\ncomponent a {\n  program "src/ñ/main"\n}';
    const file = readTopology(text);
    assert.deepEqual(file.errors, []);
    assert.equal(file.title!.value, "Système 😀 Ω");
    assert.deepEqual(file.title!.span, { start: 9, end: 23 });
    assert.equal(file.components[0]!.program!.value, "src/ñ/main");
    assert.deepEqual(file.comments, [spanOf(text, "# コメント 😀")]);
  });
});

describe("parseTopology never throws", () => {
  const pieces = [
    "component", "socket", "program", "bind", "connect", "security", "option", "link", "topology", "curve",
    "a", "b-c", "PUB", "{", "}", ":", ".", "->", "-", "=", "!=", "<=", ">", "!", '"', '"x"', '"a\\', "\\", "#", "# c",
    "tcp://", "{p}", "{", "tcp://{h}:{", "1", "-2.5", "true", "\n", "\r\n", "\r", " ", "\t", "😀", "\ud800", "é", "\0", "@",
  ];

  test("2000 seeded random inputs of tokens and raw code units", () => {
    const random = seededRandom(20261127);
    for (let i = 0; i < 2000; i++) {
      let text = "";
      const length = Math.floor(random() * 40);
      for (let j = 0; j < length; j++) {
        text += random() < 0.8 ? pieces[Math.floor(random() * pieces.length)]! : String.fromCharCode(Math.floor(random() * 0x10000));
        if (random() < 0.5) text += " ";
      }
      let file: TopologyFile;
      try {
        file = readTopology(text);
      } catch (error) {
        assert.fail(`input ${JSON.stringify(text)} threw ${String(error)}`);
      }
      for (const error of file.errors) {
        assert.ok(error.span.start >= 0 && error.span.start <= error.span.end && error.span.end <= text.length, JSON.stringify(text));
        assert.ok(error.message.length > 0);
      }
    }
  });

  test("long pathological inputs stay fast", () => {
    const inputs = [
      "a.".repeat(50_000), "a+".repeat(50_000), "{".repeat(100_000), "}".repeat(100_000), '"'.repeat(100_000),
      `component a {\n  socket s: PUB {\n    option ${"x".repeat(100_000)} = 1\n  }\n}`,
      "component a {\n".repeat(20_000), `bind tcp://${"{".repeat(100_000)}`,
    ];
    for (const text of inputs) {
      const started = Date.now();
      readTopology(text);
      assert.ok(Date.now() - started < 2000, `${JSON.stringify(text.slice(0, 20))}... took ${Date.now() - started} ms`);
    }
  });
});
