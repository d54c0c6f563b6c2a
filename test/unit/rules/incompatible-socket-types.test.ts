import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { check, position, where } from "../helpers/rules";

const RULE = "incompatible-socket-types";

describe("incompatible-socket-types", () => {
  test("REQ to DEALER over tcp: on the connect, naming both types and the valid peers, pointing at the bind", () => {
    const broker = `import * as zmq from "zeromq";\nimport { ports } from "./config";\n\nexport class Broker {\n  private readonly backend = new zmq.Dealer({ linger: 0 });\n  async start(): Promise<void> {\n    await this.backend.bind(\`tcp://127.0.0.1:\${ports.backend}\`);\n  }\n}\n`;
    const probe = `import * as zmq from "zeromq";\nimport { ports } from "./config";\n\nconst probe = new zmq.Request({ receiveTimeout: 3000, linger: 0 });\nprobe.connect(\`tcp://localhost:\${ports.backend}\`);\n`;
    const files = { "/ws/src/config.ts": `export const ports = { backend: 5556 };\n`, "/ws/src/broker.ts": broker, "/ws/src/probe.ts": probe };
    const [f, ...rest] = check({ files }, { rule: RULE });
    assert.equal(rest.length, 0);
    const p = position(probe, "`tcp://localhost");
    assert.equal(where(f!), `probe.ts:${p.line}:${p.column}`);
    assert.equal(f!.severity, "error");
    assert.match(f!.message, /^REQ socket connects to a DEALER socket at tcp:\/\/localhost:5556: libzmq's handshake rejects the pair .* A REQ can only talk to REP, ROUTER\.$/);
    assert.deepEqual(f!.related.map((r) => `${r.location.file.split("/").pop()}:${r.location.line} ${r.message}`), ["broker.ts:7 DEALER socket bound here"]);
  });

  test("REP to ROUTER is rejected by libzmq 4.3.5's handshake too (see compatibilityMatrix.test.ts)", () => {
    const files = {
      "/ws/src/a.ts": `import * as zmq from "zeromq";\nconst router = new zmq.Router({ linger: 0 });\nawait router.bind("tcp://127.0.0.1:6000");\n`,
      "/ws/src/b.ts": `import * as zmq from "zeromq";\nconst rep = new zmq.Reply({ linger: 0 });\nrep.connect("tcp://127.0.0.1:6000");\n`,
    };
    assert.deepEqual(check({ files }, { rule: RULE }).map((f) => `${where(f)} ${f.severity}`), ["b.ts:3:13 error"]);
  });

  test("over inproc the pair connects without a check and misbehaves: reported, with that consequence", () => {
    const text = `import * as zmq from "zeromq";\nconst jobs = new zmq.Push({ linger: 0 });\nawait jobs.bind("inproc://jobs");\nconst worker = new zmq.Subscriber({ linger: 0 });\nworker.connect("inproc://jobs");\nworker.subscribe();\n`;
    const [f] = check({ files: { "/ws/src/pipeline.ts": text } }, { rule: RULE });
    assert.match(f?.message ?? "", /SUB socket connects to a PUSH socket at inproc:\/\/jobs: inproc does no handshake/);
  });

  test("valid pairs, and sockets whose type the analysis cannot tell, are never reported", () => {
    const files = {
      "/ws/src/server.ts": `import * as zmq from "zeromq";\nconst rep = new zmq.Reply({ linger: 0 });\nawait rep.bind("tcp://127.0.0.1:6100");\nconst pub = new zmq.Publisher({ linger: 0 });\nawait pub.bind("tcp://127.0.0.1:6101");\n`,
      "/ws/src/client.ts": `import * as zmq from "zeromq";\nconst req = new zmq.Request({ receiveTimeout: 1000, linger: 0 });\nreq.connect("tcp://localhost:6100");\nconst sub = new zmq.Subscriber({ linger: 0 });\nsub.connect("tcp://localhost:6101");\nsub.subscribe();\n`,
      "/ws/src/dynamic.js": `const zmq = require("zeromq/v5-compat");\nconst sock = zmq.socket(process.env.KIND);\nsock.connect("tcp://localhost:6101");\n`,
    };
    assert.deepEqual(check({ files }, { rule: RULE }), []);
  });

  test("a socket made by a shared helper is reported where the helper is called for it", () => {
    const helper = `import * as zmq from "zeromq";\nexport function connectPush(endpoint: string): zmq.Push {\n  const sock = new zmq.Push({ linger: 0 });\n  sock.connect(endpoint);\n  return sock;\n}\n`;
    const app = `import { connectPush } from "./sockets";\nexport const events = connectPush("tcp://localhost:6200");\n`;
    const files = {
      "/ws/src/sockets.ts": helper,
      "/ws/src/app.ts": app,
      "/ws/src/hub.ts": `import * as zmq from "zeromq";\nconst hub = new zmq.Publisher({ linger: 0 });\nawait hub.bind("tcp://127.0.0.1:6200");\n`,
    };
    const [f] = check({ files }, { rule: RULE });
    const p = position(app, "connectPush(");
    assert.equal(where(f!), `app.ts:${p.line}:${p.column}`);
    assert.deepEqual(f!.related.map((r) => r.message), ["connects to tcp://localhost:6200 here", "PUB socket bound here"]);
  });
});
