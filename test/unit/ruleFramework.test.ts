/** What every rule gets from the framework: configuration, suppression comments and fix edits. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parseConfig } from "../../server/src/analysis/config";
import { applyEdits, fixesToApply, socketOptionEdits } from "../../server/src/analysis/fixes";
import { parseSuppressions } from "../../server/src/analysis/suppression";
import { ts } from "../../server/src/analysis/ts";
import { check, quickFix, where } from "./helpers/rules";
import { analyze } from "./helpers/workspace";

const suppressionsOf = (text: string) => parseSuppressions(ts.createSourceFile("/ws/src/a.ts", text, ts.ScriptTarget.Latest, true));

const REQ_TO_DEALER = {
  "/ws/src/broker.ts": `import * as zmq from "zeromq";\nexport const backend = new zmq.Dealer();\nawait backend.bind("tcp://127.0.0.1:7001");\n`,
  "/ws/src/client.ts": `import * as zmq from "zeromq";\nconst req = new zmq.Request({ receiveTimeout: 1000, linger: 0 });\nreq.connect("tcp://localhost:7001");\n`,
};

describe("configuration", () => {
  test("severity, off, and options with their defaults filled in", () => {
    const { config, messages } = parseConfig(JSON.stringify({
      rules: { "incompatible-socket-types": "warning", "sub-without-subscribe": "off" },
    }), "zmq-topology.json");
    assert.deepEqual(messages, []);
    assert.equal(config.rules.get("incompatible-socket-types")?.setting, "warning");
    assert.equal(config.rules.get("sub-without-subscribe")?.setting, "off");
  });

  test("every bad entry is named with its key and value, and the default is used", () => {
    const { config, messages } = parseConfig(JSON.stringify({
      rulez: {},
      rules: {
        "incompatible-socket-types": { severity: "loud", options: { depth: 3 } },
        "no-such-rule": "off",
        "sub-without-subscribe": 7,
      },
    }), "cfg.json");
    assert.deepEqual(messages, [
      `cfg.json: unknown key "rulez"; ignored`,
      `cfg.json: "rules.incompatible-socket-types.severity" must be "off", "error", "warning", "information" or "hint", got "loud"; using the default`,
      `cfg.json: unknown option "rules.incompatible-socket-types.options.depth" (incompatible-socket-types has no options); ignored`,
      `cfg.json: unknown rule "rules.no-such-rule"; ignored`,
      `cfg.json: "rules.sub-without-subscribe" must be "off", "error", "warning", "information" or "hint", or an object with "severity" and "options", got 7; using the default`,
    ]);
    assert.equal(config.rules.get("incompatible-socket-types")?.setting, undefined);
  });

  test("a file that is not JSON gives one message and the defaults", () => {
    const { config, messages } = parseConfig(`{"rules": {`, "zmq-topology.json");
    assert.equal(messages.length, 1);
    assert.match(messages[0]!, /^zmq-topology\.json: not valid JSON/);
    assert.equal(config.rules.size, 0);
  });

  test("a rule turned off reports nothing; another severity is used as given", () => {
    assert.deepEqual(check({ files: REQ_TO_DEALER }, { rule: "incompatible-socket-types", rules: { "incompatible-socket-types": "off" } }), []);
    const [f] = check({ files: REQ_TO_DEALER }, { rule: "incompatible-socket-types", rules: { "incompatible-socket-types": { severity: "hint" } } });
    assert.equal(f?.severity, "hint");
  });
});

describe("suppression comments", () => {
  test("disable-next-line with one rule, several rules, or all; and a reason after --", () => {
    const s = suppressionsOf([
      "// zmq-topology-disable-next-line a",
      "line 2",
      "  // zmq-topology-disable-next-line b, c -- talks to an external service",
      "line 4",
      "// zmq-topology-disable-next-line",
      "line 6",
    ].join("\n"));
    assert.equal(s.isSuppressed("a", 2), true);
    assert.equal(s.isSuppressed("b", 2), false);
    assert.equal(s.isSuppressed("a", 3), false);
    assert.equal(s.isSuppressed("b", 4), true);
    assert.equal(s.isSuppressed("c", 4), true);
    assert.equal(s.isSuppressed("talks", 4), false);
    assert.equal(s.isSuppressed("anything", 6), true);
  });

  test("disable/enable blocks, per rule or all, and an unclosed block to the end of the file", () => {
    const s = suppressionsOf([
      "/* zmq-topology-disable a */",
      "line 2",
      "/* zmq-topology-enable */",
      "line 4",
      "/* zmq-topology-disable */",
      "line 6",
      "/* zmq-topology-enable */",
      "/* zmq-topology-disable b */",
      "line 9",
    ].join("\n"));
    assert.equal(s.isSuppressed("a", 2), true);
    assert.equal(s.isSuppressed("a", 4), false);
    assert.equal(s.isSuppressed("z", 6), true);
    assert.equal(s.isSuppressed("z", 9), false);
    assert.equal(s.isSuppressed("b", 9), true);
    assert.equal(s.isSuppressed("b", 1000), true);
  });

  test("the block-comment form of disable-next-line silences one line, not the rest of the file", () => {
    const s = suppressionsOf([
      "/* zmq-topology-disable-next-line exposed-without-security */",
      "await e.bind('tcp://*:8008');",
      "await e.bind('tcp://*:8009');",
      "/* zmq-topology-disable-next-line-typo a */",
      "line 5",
    ].join("\n"));
    assert.equal(s.isSuppressed("exposed-without-security", 2), true);
    assert.equal(s.isSuppressed("exposed-without-security", 3), false);
    assert.equal(s.isSuppressed("a", 5), false, "an unknown directive is not a block disable");
    assert.equal(s.isSuppressed("exposed-without-security", 100), false);
  });

  test("only real comments count: the same text inside a string or template is not a directive", () => {
    const s = suppressionsOf([
      `const banner = "/* zmq-topology-disable */";`,
      "const help = `// zmq-topology-disable-next-line a`;",
      "line 3",
      "// zmq-topology-disable-next-line b",
      "line 5",
    ].join("\n"));
    assert.equal(s.isSuppressed("a", 3), false);
    assert.equal(s.isSuppressed("anything", 2), false);
    assert.equal(s.isSuppressed("b", 5), true);
  });

  test("a second rule joins an existing comment before its reason", () => {
    const server = `import * as zmq from "zeromq";\nconst rep = new zmq.Reply();\n// zmq-topology-disable-next-line missing-linger -- reviewed: short-lived tool\nawait rep.bind("tcp://*:7010");\n`;
    const [finding] = check({ files: { "/ws/src/server.ts": server } }, { rule: "exposed-without-security" });
    assert.ok(finding);
    const fix = finding.fixes?.find((f) => f.kind === "suppress");
    const fixed = applyEdits(server, fix!.edits).text;
    assert.match(fixed, /\/\/ zmq-topology-disable-next-line missing-linger, exposed-without-security -- reviewed: short-lived tool\nawait rep\.bind/);
    const onBind = check({ files: { "/ws/src/server.ts": fixed } }).filter((f) => f.location.line === 4).map((f) => f.rule);
    assert.deepEqual(onBind.filter((r) => r === "missing-linger" || r === "exposed-without-security"), []);
  });

  test("the suppression fix comments the finding away, and a second rule joins the same comment", () => {
    const [finding] = check({ files: REQ_TO_DEALER }, { rule: "incompatible-socket-types" });
    assert.ok(finding);
    const suppress = finding.fixes?.find((f) => f.kind === "suppress");
    assert.ok(suppress, "every finding can be suppressed");
    const file = finding.location.file;
    const text = applyEdits(REQ_TO_DEALER[file as keyof typeof REQ_TO_DEALER], suppress.edits).text;
    assert.match(text, /\n\/\/ zmq-topology-disable-next-line incompatible-socket-types\nreq\.connect/);
    const after = check({ files: { ...REQ_TO_DEALER, [file]: text } }, { rule: "incompatible-socket-types" });
    assert.deepEqual(after, []);
  });
});

describe("fix edits", () => {
  const optionFix = (source: string, options: Record<string, number | boolean>): string | undefined => {
    const file = "/ws/src/app.ts";
    const { graph, snapshot } = analyze({ files: { [file]: source } });
    const [socket] = snapshot.sockets;
    assert.ok(socket);
    const edits = socketOptionEdits(socket, options, graph.ws);
    return edits && applyEdits(source, edits).text;
  };

  test("options go into the constructor's object, keeping its layout", () => {
    assert.equal(optionFix(`import * as zmq from "zeromq";\nconst req = new zmq.Request();\n`, { receiveTimeout: 5000 }),
      `import * as zmq from "zeromq";\nconst req = new zmq.Request({ receiveTimeout: 5000 });\n`);
    assert.equal(optionFix(`import { Request } from "zeromq";\nconst req = new Request({ linger: 0 });\n`, { receiveTimeout: 5000 }),
      `import { Request } from "zeromq";\nconst req = new Request({ linger: 0, receiveTimeout: 5000 });\n`);
    assert.equal(optionFix(`import * as zmq from "zeromq";\nconst req = new zmq.Request({\n  linger: 0,\n});\n`, { receiveTimeout: 5000, sendTimeout: 5000 }),
      `import * as zmq from "zeromq";\nconst req = new zmq.Request({\n  linger: 0,\n  receiveTimeout: 5000,\n  sendTimeout: 5000,\n});\n`);
    assert.equal(optionFix(`import * as zmq from "zeromq";\nconst req = new zmq.Request({\n    linger: 0\n})\n`, { receiveTimeout: 5000 }),
      `import * as zmq from "zeromq";\nconst req = new zmq.Request({\n    linger: 0,\n    receiveTimeout: 5000\n})\n`);
  });

  test("a socket from a shared factory gets property assignments at the call site, not in the factory", () => {
    const source = `import * as zmq from "zeromq";\nfunction make(): zmq.Request {\n  return new zmq.Request();\n}\nexport function client() {\n  const req = make()\n  return req\n}\n`;
    assert.equal(optionFix(source, { linger: 0 }), source.replace("  const req = make()\n", "  const req = make()\n  req.linger = 0\n"));
  });

  test("v5 and v5-compat sockets get setsockopt with the file's own zeromq namespace", () => {
    const source = `const zmq = require("zeromq");\nconst sock = zmq.socket("req");\nsock.connect("tcp://127.0.0.1:5555");\n`;
    assert.equal(optionFix(source, { linger: 0 }),
      `const zmq = require("zeromq");\nconst sock = zmq.socket("req");\nsock.setsockopt(zmq.ZMQ_LINGER, 0);\nsock.connect("tcp://127.0.0.1:5555");\n`);
  });

  test("no safe place: a socket handed straight to another call gets no option fix", () => {
    assert.equal(optionFix(`import * as zmq from "zeromq";\nfunction make(): zmq.Request { return new zmq.Request(); }\nexport function use(f: (s: zmq.Request) => void) { f(make()); }\n`, { linger: 0 }), undefined);
  });

  test("edits apply from the end; overlapping ones are dropped, inserts at one point both apply", () => {
    const r = applyEdits("abcdef", [
      { file: "f", start: 1, end: 3, newText: "X" },
      { file: "f", start: 2, end: 4, newText: "Y" },
      { file: "f", start: 5, end: 5, newText: "1" },
      { file: "f", start: 5, end: 5, newText: "2" },
    ]);
    assert.equal(r.dropped.length, 1);
    assert.match(r.text, /^a.*e[12]{2}f$/);
  });

  test("quickFix finds a rule's own fix and fails loudly when there is none", () => {
    const [finding] = check({ files: REQ_TO_DEALER }, { rule: "incompatible-socket-types" });
    assert.ok(finding);
    assert.throws(() => quickFix(finding), /offers no fix/);
    assert.equal(where(finding), "client.ts:3:13");
  });

  test("--fix applies each finding's own fix, never a suppression or a fix that needs the user's judgement", () => {
    const router = `import * as zmq from "zeromq";\nconst frontend = new zmq.Router({ linger: 0 });\nawait frontend.bind("tcp://127.0.0.1:5800");\nfor await (const [id, , body] of frontend) await frontend.send([id, "", body]);\n`;
    const findings = check({ files: { "/ws/src/broker.ts": router } });
    const hint = findings.find((f) => f.rule === "router-unroutable");
    assert.ok(hint?.fixes?.some((f) => f.kind === "quickfix" && f.manual), "the mandatory fix is offered, marked manual");
    assert.equal(fixesToApply(findings).byFile.size, 0);
  });

  test("inserted code follows the file's style: quotes, semicolons, var in ES5 files", () => {
    const file = "/ws/lib/client.js";
    const source = `var zmq = require('zeromq')\nvar requester = zmq.socket('req')\nrequester.connect('tcp://localhost:5559')\nrequester.on('message', function (reply) { console.log(reply.toString()) })\nrequester.send('Hello')\n`;
    const [finding] = check({ files: { [file]: source } }, { rule: "missing-timeout" });
    assert.ok(finding);
    const fixed = applyEdits(source, quickFix(finding).edits).text;
    assert.match(fixed, /\nrequester\.send\('Hello'\)\nvar requesterReplyTimer = setTimeout\(\(\) => requester\.close\(\), 5000\)\nrequester\.once\('message', \(\) => clearTimeout\(requesterReplyTimer\)\)\n$/);
  });
});
