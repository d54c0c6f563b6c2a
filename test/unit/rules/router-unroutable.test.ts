import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { assertFixResolves, check, position, quickFix, applyFix, where } from "../helpers/rules";

const RULE = "router-unroutable";
const A = "/ws/src/broker.ts";
const J = "/ws/src/broker.js";

function findings(files: Record<string, string>, rules?: Record<string, unknown>) {
  return check({ files }, { rule: RULE, ...(rules ? { rules } : {}) });
}

function at(file: string, text: string, needle: string, occurrence = 1): string {
  const p = position(text, needle, occurrence);
  return `${file.split("/").pop()}:${p.line}:${p.column}`;
}

const warnings = (files: Record<string, string>, rules?: Record<string, unknown>) => findings(files, rules).filter((f) => f.severity !== "hint");
const hints = (files: Record<string, string>, rules?: Record<string, unknown>) => findings(files, rules).filter((f) => f.severity === "hint");

describe("router-unroutable: messages a ROUTER cannot route", () => {
  const broker = `import * as zmq from "zeromq";

const frontend = new zmq.Router({ mandatory: true });

async function main(): Promise<void> {
  await frontend.bind("tcp://*:5555");
  for await (const [client, , body] of frontend) {
    if (body.toString() === "ping") {
      await frontend.send("pong");
      continue;
    }
    await frontend.send([client]);
    await frontend.send(["", "reply"]);
    await frontend.send(Buffer.from("status"));
  }
}
main();
`;

  test("one-frame messages (a value, a one-element array) and an empty routing id", () => {
    const found = warnings({ [A]: broker });
    assert.deepEqual(found.map(where), [
      at(A, broker, `frontend.send("pong")`),
      at(A, broker, "frontend.send([client])"),
      at(A, broker, `frontend.send(["", "reply"])`),
      at(A, broker, `frontend.send(Buffer.from("status"))`),
    ]);
    assert.match(found[0]!.message, /^ROUTER `frontend` sends a one-frame message: .*drops the message without an error \(even with `mandatory`\)/);
    assert.match(found[2]!.message, /first frame, the routing id, is empty: .*EHOSTUNREACH with `mandatory: true`/);
    assert.deepEqual(found[0]!.related.map((r) => [r.location.line, r.message]), [[3, "ROUTER socket created here"]]);
    for (const f of found) assert.equal(f.severity, "warning");
    // No quick fix: mandatory does not make a one-frame message routable.
    assert.ok(found.every((f) => !f.fixes?.some((x) => x.kind === "quickfix")));
  });

  test("routable shapes and shapes the code does not show stay silent", () => {
    const text = `import * as zmq from "zeromq";

const router = new zmq.Router({ mandatory: true });

async function main(): Promise<void> {
  await router.bind("tcp://*:5556");
  for await (const msg of router) {
    const [id, , body] = msg;
    await router.send([id, "", body]);
    await router.send([id, body]);
    await router.send(["worker-1", "job"]);
    await router.send(msg);
    await router.send([...msg.slice(0, 2), "reply"]);
  }
}
main();
`;
    assert.deepEqual(findings({ [A]: text }), []);
  });

  test("v5 and v5-compat: a single value without flags is one frame; parts sent across calls are not judged", () => {
    const text = `const zmq = require("zeromq/v5-compat");

const router = zmq.socket("router");
router.setsockopt(zmq.ZMQ_ROUTER_MANDATORY, 1);
router.bindSync("tcp://*:7000");
router.on("message", (id, empty, msg) => router.send("pong"));

const multi = zmq.socket("router");
multi.setsockopt(zmq.ZMQ_ROUTER_MANDATORY, 1);
multi.bindSync("tcp://*:7001");
multi.on("message", (id, empty, msg) => {
  multi.send(id, zmq.ZMQ_SNDMORE);
  multi.send("", zmq.ZMQ_SNDMORE);
  multi.send("pong");
});
`;
    const found = findings({ [J]: text });
    assert.deepEqual(found.map(where), [at(J, text, `router.send("pong")`)]);
  });

  test("severity from the configuration", () => {
    const found = warnings({ [A]: broker }, { [RULE]: { severity: "error" } });
    assert.equal(found.length, 4);
    assert.ok(found.every((f) => f.severity === "error"));
  });
});

describe("router-unroutable: hint for a replying ROUTER without mandatory", () => {
  const text = `import * as zmq from "zeromq";

const frontend = new zmq.Router();
const backend = new zmq.Router({ sendHighWaterMark: 1000 });

async function main(): Promise<void> {
  await frontend.bind("tcp://*:5555");
  await backend.bind("tcp://*:5556");
  for await (const [client, empty, body] of frontend) {
    await frontend.send([client, empty, body]);
  }
}
main();
`;

  test("hint on the ROUTER that sends, at its creation; not on one that only receives", () => {
    const found = findings({ [A]: text });
    assert.deepEqual(found.map((f) => `${where(f)} ${f.severity}`), [`${at(A, text, "new zmq.Router()")} hint`]);
    assert.match(found[0]!.message, /^ROUTER `frontend` sends without `mandatory: true`: .*dropped without an error.*EHOSTUNREACH/);
    assert.deepEqual(found[0]!.related.map((r) => [r.location.line, r.message]), [[10, "sends here"]]);
  });

  test("the fix adds mandatory: true to the constructor, and the hint goes away", () => {
    const fixed = assertFixResolves({ files: { [A]: text } }, RULE);
    assert.match(fixed.files[A]!, /const frontend = new zmq\.Router\(\{ mandatory: true \}\);/);
  });

  test("the fix on a constructor with options, and after the statement for a v5 socket", () => {
    const withOptions = text.replace("new zmq.Router();", "new zmq.Router({ routingId: \"fe\" });");
    const fixed = assertFixResolves({ files: { [A]: withOptions } }, RULE);
    assert.match(fixed.files[A]!, /new zmq\.Router\(\{ routingId: "fe", mandatory: true \}\)/);

    const v5 = `const zmq = require("zeromq");
const router = zmq.socket("router");
router.bindSync("tcp://*:7000");
router.on("message", (id, empty, msg) => router.send([id, "", "pong"]));
`;
    const [hint] = findings({ [J]: v5 });
    assert.equal(hint!.severity, "hint");
    const after = applyFix({ files: { [J]: v5 } }, quickFix(hint!));
    assert.match(after.files[J]!, /const router = zmq\.socket\("router"\);\nrouter\.setsockopt\(zmq\.ZMQ_ROUTER_MANDATORY, 1\);\n/);
    assertFixResolves({ files: { [J]: v5 } }, RULE);
  });

  test("an explicit mandatory setting, in any form, is the user's choice", () => {
    for (const set of ["frontend.mandatory = false;", "frontend.mandatory = true;"]) {
      const t = text.replace("main();", `${set}\nmain();`);
      assert.deepEqual(hints({ [A]: t }), [], set);
    }
  });

  test("option mandatoryHint: false turns the hint off, warnings stay", () => {
    const t = text.replace("await frontend.send([client, empty, body]);", "await frontend.send(\"ack\");");
    assert.equal(hints({ [A]: t }).length, 1);
    const off = findings({ [A]: t }, { [RULE]: { options: { mandatoryHint: false } } });
    assert.deepEqual(off.map((f) => f.severity), ["warning"]);
  });

  test("a ROUTER inside a proxy sends nothing itself: no hint", () => {
    const proxy = `import * as zmq from "zeromq";
const proxy = new zmq.Proxy(new zmq.Router(), new zmq.Dealer());
async function main() {
  await proxy.frontEnd.bind("tcp://*:5559");
  await proxy.backEnd.bind("tcp://*:5560");
  await proxy.run();
}
main();
`;
    assert.deepEqual(findings({ [A]: proxy }), []);
  });
});

describe("router-unroutable: one socket per instance of a class", () => {
  test("a ROUTER a class makes in its constructor, instantiated twice: one hint, one warning per send", () => {
    const text = `import * as zmq from "zeromq";

export class Service {
  private readonly router: zmq.Router;
  constructor(private readonly endpoint: string) {
    this.router = new zmq.Router();
  }
  async serve(): Promise<void> {
    await this.router.bind(this.endpoint);
    for await (const [id] of this.router) await this.router.send("ok");
  }
}

new Service("tcp://*:6001").serve();
new Service("tcp://*:6002").serve();
`;
    const found = findings({ [A]: text });
    assert.deepEqual(found.map((f) => `${where(f)} ${f.severity}`), [
      `${at(A, text, "new zmq.Router")} hint`,
      `${at(A, text, `this.router.send("ok")`)} warning`,
    ]);
    const fixed = assertFixResolves({ files: { [A]: text } }, RULE, 0);
    assert.match(fixed.files[A]!, /this\.router = new zmq\.Router\(\{ mandatory: true \}\);/);
  });
});

describe("router-unroutable: hint fix on a ROUTER made by a shared factory", () => {
  test("the option is set on the holder after the factory call, not inside the factory", () => {
    const text = `import * as zmq from "zeromq";

function makeRouter(): zmq.Router {
  return new zmq.Router({ linger: 0 });
}

const frontend = makeRouter();
const backend = makeRouter();
backend.mandatory = true;

async function main(): Promise<void> {
  await frontend.bind("tcp://*:5555");
  await backend.bind("tcp://*:5556");
  for await (const [id, , body] of frontend) {
    await backend.send(["worker-1", id, body]);
    await frontend.send([id, "", body]);
  }
}
main();
`;
    const found = findings({ [A]: text });
    // backend sets mandatory itself: only frontend gets the hint.
    assert.deepEqual(found.map((f) => `${where(f)} ${f.severity}`), [`${at(A, text, "makeRouter()", 2)} hint`]);
    const fixed = assertFixResolves({ files: { [A]: text } }, RULE);
    assert.match(fixed.files[A]!, /const frontend = makeRouter\(\);\nfrontend\.mandatory = true;\n/);
    assert.match(fixed.files[A]!, /return new zmq\.Router\(\{ linger: 0 \}\);/);
  });
});

describe("router-unroutable: ZAP handlers", () => {
  test("a ROUTER answering libzmq's ZAP requests gets no mandatory hint", () => {
    const text = `import * as zmq from "zeromq";

export async function startZap(): Promise<void> {
  const zap = new zmq.Router({ linger: 0 });
  await zap.bind("inproc://zeromq.zap.01");
  for await (const [id, empty, version, requestId] of zap) {
    await zap.send([id, empty, version, requestId, "200", "OK", "", ""]);
  }
}
`;
    assert.deepEqual(check({ files: { "/ws/src/zap.ts": text } }, { rule: "router-unroutable" }), []);
    const app = text.replace("inproc://zeromq.zap.01", "tcp://127.0.0.1:5900");
    assert.equal(check({ files: { "/ws/src/zap.ts": app } }, { rule: "router-unroutable" }).length, 1, "any other ROUTER that sends gets the hint");
  });
});

describe("router-unroutable: v5 flags", () => {
  test("a flags argument without ZMQ_SNDMORE still sends a whole one-frame message; with it, the message spans calls", () => {
    const text = `const zmq = require("zeromq");
const router = zmq.socket("router");
router.bindSync("tcp://127.0.0.1:5910");
router.on("message", function (id, body) {
  router.send("pong", 0);
});
`;
    assert.deepEqual(check({ files: { "/ws/lib/pong.js": text } }, { rule: "router-unroutable" }).filter((f) => f.severity === "warning").map(where), ["pong.js:5:3"]);
    const parts = text.replace(`router.send("pong", 0);`, `router.send(id, zmq.ZMQ_SNDMORE);\n  router.send("pong");`);
    assert.deepEqual(check({ files: { "/ws/lib/pong.js": parts } }, { rule: "router-unroutable" }).filter((f) => f.severity === "warning"), []);
  });
});

