import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { check, position, where } from "../helpers/rules";

const RULE = "unmatched-endpoint";
const FILE = "/ws/src/client.ts";

function run(text: string, rules?: Record<string, unknown>) {
  return check({ files: { [FILE]: text } }, { rule: RULE, rules });
}

describe(RULE, () => {
  test("a connect to localhost that nothing binds: information at the endpoint, saying it may be a program outside the workspace", () => {
    const text = `import * as zmq from "zeromq";

export async function price(symbol: string): Promise<string> {
  const req = new zmq.Request({ receiveTimeout: 2000, linger: 0 });
  req.connect("tcp://localhost:5555");
  await req.send(symbol);
  const [reply] = await req.receive();
  return reply.toString();
}
`;
    const [f, ...rest] = run(text);
    assert.ok(f);
    assert.equal(rest.length, 0);
    const at = position(text, `"tcp://localhost:5555"`);
    assert.equal(where(f), `client.ts:${at.line}:${at.column}`);
    assert.equal(f.severity, "information");
    assert.match(f.message, /^REQ socket `req` connects to tcp:\/\/localhost:5555, but nothing in this workspace binds it: unless a program outside the workspace does/);
  });

  test("a connect to another host is probably an external service", () => {
    const text = `import * as zmq from "zeromq";
const marketData = new zmq.Subscriber();
marketData.connect("tcp://md.example.com:7000");
marketData.subscribe("EURUSD");
const gateway = new zmq.Dealer();
gateway.connect("tcp://10.20.0.4:7100");
`;
    const findings = run(text);
    assert.equal(findings.length, 2);
    assert.match(findings[0]!.message, /md\.example\.com is probably an external service/);
    assert.match(findings[1]!.message, /10\.20\.0\.4 is probably an external service/);
  });

  test("the only bind on the port listens on an address this connect does not reach", () => {
    const project = {
      files: {
        "/ws/src/server.ts": `import * as zmq from "zeromq";
const rep = new zmq.Reply();
rep.bind("tcp://10.0.0.5:5555");
`,
        [FILE]: `import * as zmq from "zeromq";
const req = new zmq.Request();
req.connect("tcp://127.0.0.1:5555");
`,
      },
    };
    const findings = check(project, { rule: RULE });
    const connect = findings.find((f) => f.location.file === FILE);
    assert.ok(connect);
    assert.match(connect.message, /the bind on port 5555 \(tcp:\/\/10\.0\.0\.5:5555\) listens on another address, which this connect does not reach/);
    assert.deepEqual(connect.related.map((r) => [r.location.file, r.location.line]), [["/ws/src/server.ts", 3]]);
    // The bind has no peer either: a hint there.
    assert.deepEqual(findings.filter((f) => f.location.file !== FILE).map((f) => f.severity), ["hint"]);
  });

  test("an inproc connect nothing binds, and an environment variable that can change an endpoint", () => {
    const text = `import * as zmq from "zeromq";
const events = new zmq.Subscriber();
events.connect("inproc://events");
const broker = new zmq.Dealer();
broker.connect(process.env.BROKER_URL ?? "tcp://127.0.0.1:5600");
`;
    const [a, b] = run(text);
    assert.ok(a && b);
    assert.match(a.message, /inproc names exist only inside one process: this connect never completes/);
    assert.match(b.message, /connects to tcp:\/\/127\.0\.0\.1:5600 \(BROKER_URL can change it at run time\)/);
  });

  test("relative ipc paths in two packages are two different files", () => {
    const project = {
      files: {
        "/ws/packages/feed/src/main.ts": `import * as zmq from "zeromq";
const pub = new zmq.Publisher();
pub.bind("ipc://run/ticks.ipc");
`,
        "/ws/packages/ui/src/main.ts": `import * as zmq from "zeromq";
const sub = new zmq.Subscriber();
sub.connect("ipc://run/ticks.ipc");
sub.subscribe();
`,
      },
      packages: { "/ws/packages/feed": { name: "feed", main: "src/main.ts" }, "/ws/packages/ui": { name: "ui", main: "src/main.ts" } },
    };
    const findings = check(project, { rule: RULE });
    assert.deepEqual(findings.map((f) => `${f.location.file.split("/")[3]} ${f.severity}`), ["feed hint", "ui information"]);
  });

  test("a bind nothing connects to is a hint, never more severe, and says clients elsewhere are expected", () => {
    const text = `import * as zmq from "zeromq";
const results = new zmq.Pull();
results.bind("tcp://*:5558");
`;
    const [f] = run(text);
    assert.ok(f);
    assert.equal(f.severity, "hint");
    assert.equal(where(f), "client.ts:3:14");
    assert.match(f.message, /^Nothing in this workspace connects to tcp:\/\/\*:5558, which PULL socket `results` binds: if its peers are programs outside the workspace, that is expected/);
    assert.deepEqual(run(text, { [RULE]: "error" }).map((x) => x.severity), ["hint"]);
    assert.deepEqual(run(text, { [RULE]: "off" }), []);
  });

  test("the connect severity follows the configuration", () => {
    const text = `import * as zmq from "zeromq";
const s = new zmq.Push();
s.connect("tcp://localhost:5000");
`;
    assert.deepEqual(run(text, { [RULE]: "warning" }).map((x) => x.severity), ["warning"]);
    assert.deepEqual(run(text, { [RULE]: "hint" }).map((x) => x.severity), ["hint"]);
  });

  describe("stays silent", () => {
    test("linked ends, certain or guessed (a host name the bind may answer to)", () => {
      const project = {
        files: {
          "/ws/src/server.ts": `import * as zmq from "zeromq";
const rep = new zmq.Reply();
rep.bind("tcp://*:5555");
const pull = new zmq.Pull();
pull.bind("tcp://*:5556");
`,
          [FILE]: `import * as zmq from "zeromq";
const req = new zmq.Request();
req.connect("tcp://localhost:5555");
const push = new zmq.Push();
push.connect("tcp://server.internal:5556");
`,
        },
      };
      assert.deepEqual(check(project, { rule: RULE }), []);
    });

    test("unresolved endpoints, and anything an unresolved bind or connect might meet", () => {
      const project = {
        files: {
          "/ws/src/server.ts": `import * as zmq from "zeromq";
const rep = new zmq.Reply();
rep.bind(\`tcp://*:\${process.argv[2]}\`);
`,
          [FILE]: `import * as zmq from "zeromq";
const req = new zmq.Request();
req.connect("tcp://localhost:5555");
const other = new zmq.Request();
other.connect(\`tcp://\${process.argv[3]}:5555\`);
`,
        },
      };
      assert.deepEqual(check(project, { rule: RULE }), []);
      const onlyConnectUnknown = {
        files: {
          "/ws/src/server.ts": `import * as zmq from "zeromq";
const pull = new zmq.Pull();
pull.bind("tcp://*:5700");
`,
          [FILE]: `import * as zmq from "zeromq";
import { endpoint } from "./config";
const push = new zmq.Push();
push.connect(endpoint());
`,
          "/ws/src/config.ts": `export declare function endpoint(): string;\n`,
        },
      };
      assert.deepEqual(check(onlyConnectUnknown, { rule: RULE }), []);
    });

    test("ephemeral binds, STREAM sockets, the ZAP handler, and inproc names another rule reports", () => {
      const project = {
        files: {
          "/ws/src/server.ts": `import * as zmq from "zeromq";
const anyPort = new zmq.Router();
anyPort.bind("tcp://127.0.0.1:*");
const http = new zmq.Stream();
http.bind("tcp://*:8080");
const zap = new zmq.Router();
zap.bind("inproc://zeromq.zap.01");
const jobs = new zmq.Push();
jobs.bind("inproc://jobs");
`,
          "/ws/src/worker.ts": `import * as zmq from "zeromq";
const queue = new zmq.Pull();
queue.connect("inproc://jobs");
`,
        },
        packages: { "/ws": { name: "x", main: "src/server.ts", bin: { worker: "src/worker.ts" } } },
      };
      assert.deepEqual(check(project, { rule: RULE }), []);
    });
  });
});
