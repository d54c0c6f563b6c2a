import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { check, position, where } from "../helpers/rules";

const RULE = "exposed-without-security";
const FILE = "/ws/src/server.ts";

function run(text: string, rules?: Record<string, unknown>) {
  return check({ files: { [FILE]: text } }, { rule: RULE, rules });
}

const zapHandler = `
const zap = new zmq.Router();
async function authenticate(): Promise<void> {
  await zap.bind("inproc://zeromq.zap.01");
  for await (const [id, delimiter, version, requestId] of zap) {
    await zap.send([id, delimiter, version, requestId, "200", "OK", "", ""]);
  }
}
authenticate();
`;

describe(RULE, () => {
  test("a ROUTER bound on all interfaces with the NULL mechanism: unauthenticated input, at the endpoint argument", () => {
    const text = `import * as zmq from "zeromq";

const frontend = new zmq.Router({ mandatory: true });

async function main(): Promise<void> {
  await frontend.bind("tcp://*:5555");
  for await (const [client, request] of frontend) await frontend.send([client, request]);
}
main();
`;
    const [f, ...rest] = run(text);
    assert.ok(f);
    assert.equal(rest.length, 0);
    const at = position(text, `"tcp://*:5555"`);
    assert.equal(where(f), `server.ts:${at.line}:${at.column}`);
    assert.equal(f.severity, "warning");
    assert.match(f.message, /^ROUTER socket `frontend` binds tcp:\/\/\*:5555, which listens on every network interface with no authentication or encryption\. /);
    assert.match(f.message, /Unauthenticated input: anyone who can reach port 5555 can send this ROUTER messages/);
    assert.match(f.message, /CURVE server/);
  });

  test("what a stranger can do depends on the socket type: PUB discloses, PUSH gives work away, DEALER both ways", () => {
    const text = `import * as zmq from "zeromq";
const quotes = new zmq.Publisher();
const tasks = new zmq.Push();
const peer = new zmq.Dealer();
async function main(): Promise<void> {
  await quotes.bind("tcp://0.0.0.0:5556");
  await tasks.bind("tcp://10.0.0.5:5557");
  await peer.bind("tcp://[::]:5558");
}
main();
`;
    const findings = run(text);
    assert.deepEqual(findings.map((f) => f.location.line), [6, 7, 8]);
    assert.match(findings[0]!.message, /Data disclosure: anyone who can reach port 5556 can subscribe and read everything this PUB publishes/);
    assert.match(findings[1]!.message, /listens on the network address 10\.0\.0\.5/);
    assert.match(findings[1]!.message, /take a share of the messages this PUSH sends/);
    assert.match(findings[2]!.message, /Anyone who can reach port 5558 can send this DEALER unauthenticated messages and receive what it sends/);
  });

  test("a host from an environment variable with an all-interfaces default names the variable", () => {
    const project = {
      files: {
        "/ws/src/config.ts": `export const config = {
  host: process.env.BIND_HOST ?? "0.0.0.0",
  port: Number(process.env.PORT ?? "6000"),
};
`,
        [FILE]: `import * as zmq from "zeromq";
import { config } from "./config";
const rep = new zmq.Reply();
rep.bind(\`tcp://\${config.host}:\${config.port}\`);
`,
      },
    };
    const [f] = check(project, { rule: RULE });
    assert.ok(f);
    assert.match(f.message, /binds tcp:\/\/0\.0\.0\.0:6000 \(BIND_HOST or PORT can change it at run time\)/);
  });

  test("v5 legacy API, an interface name and an unresolved port", () => {
    const file = "/ws/src/legacy.js";
    const text = `const zmq = require("zeromq");
const responder = zmq.socket("rep");
responder.bindSync("tcp://eth0:5560");
const sink = zmq.socket("pull");
sink.bindSync("tcp://*:" + process.argv[2]);
`;
    const findings = check({ files: { [file]: text } }, { rule: RULE });
    assert.deepEqual(findings.map((f) => f.location.line), [3, 5]);
    assert.match(findings[0]!.message, /listens on eth0 \(reachable from other hosts\) with no authentication/);
    assert.match(findings[1]!.message, /Unauthenticated input: anyone who can reach it can send this PULL messages/);
  });

  test("a CURVE server with no ZAP handler: information that any client key gets in, whatever the rule's severity, unless the option turns it off", () => {
    const text = `import * as zmq from "zeromq";
const keys = zmq.curveKeyPair();
const secure = new zmq.Router({ curveServer: true, curveSecretKey: keys.secretKey, curvePublicKey: keys.publicKey });
secure.bind("tcp://*:7000");
`;
    const [f, ...rest] = run(text);
    assert.ok(f);
    assert.equal(rest.length, 0);
    assert.equal(f.severity, "information");
    assert.match(f.message, /ROUTER socket `secure` is a CURVE server on tcp:\/\/\*:7000 but nothing binds inproc:\/\/zeromq\.zap\.01 in zeromq\.js' global context/);
    assert.match(f.message, /accepts any client key/);
    assert.deepEqual(run(text, { [RULE]: "error" }).map((x) => x.severity), ["information"]);
    assert.deepEqual(run(text, { [RULE]: "hint" }).map((x) => x.severity), ["hint"]);
    assert.deepEqual(run(text, { [RULE]: { options: { curveWithoutZap: false } } }), []);
    // v5: setsockopt(ZMQ_CURVE_SERVER, 1) is the same option.
    const legacy = `const zmq = require("zeromq");
const s = zmq.socket("router");
s.setsockopt(zmq.ZMQ_CURVE_SERVER, 1);
s.bindSync("tcp://*:7001");
`;
    assert.deepEqual(check({ files: { "/ws/src/l.js": legacy } }, { rule: RULE }).map((x) => x.severity), ["information"]);
  });

  test("a ZAP handler in another context does not count", () => {
    const text = `import * as zmq from "zeromq";
const authContext = new zmq.Context();
const zap = new zmq.Router({ context: authContext });
zap.bind("inproc://zeromq.zap.01");
const secure = new zmq.Router({ curveServer: true });
secure.bind("tcp://*:7000");
`;
    assert.deepEqual(run(text).map((f) => f.severity), ["information"]);
  });

  test("a PLAIN server with no ZAP handler: every handshake fails (EFAULT)", () => {
    const text = `import * as zmq from "zeromq";
const server = new zmq.Reply({ plainServer: true });
server.bind("tcp://*:7100");
`;
    const [f] = run(text);
    assert.ok(f);
    assert.equal(f.severity, "warning");
    assert.match(f.message, /PLAIN server on tcp:\/\/\*:7100 but nothing binds inproc:\/\/zeromq\.zap\.01/);
    assert.match(f.message, /EFAULT/);
  });

  describe("stays silent", () => {
    test("loopback, ipc and inproc binds", () => {
      const text = `import * as zmq from "zeromq";
const a = new zmq.Router();
const b = new zmq.Router();
const c = new zmq.Router();
const d = new zmq.Router();
const e = new zmq.Router();
a.bind("tcp://127.0.0.1:5555");
b.bind("tcp://localhost:5556");
c.bind("tcp://[::1]:5557");
d.bind("ipc:///tmp/feed.ipc");
e.bind("inproc://workers");
`;
      assert.deepEqual(run(text), []);
    });

    test("CURVE or PLAIN servers with a ZAP handler in their context (a factory given the options at its call site)", () => {
      const text = `import * as zmq from "zeromq";
${zapHandler}
function server(options: zmq.SocketOptions<zmq.Router>): zmq.Router {
  const s = new zmq.Router(options);
  return s;
}
const keys = zmq.curveKeyPair();
const curve = server({ curveServer: true, curveSecretKey: keys.secretKey });
curve.bind("tcp://*:7200");
const plain = new zmq.Reply();
plain.plainServer = true;
plain.bind("tcp://*:7201");
const filtered = new zmq.Pull({ zapDomain: "internal" });
filtered.bind("tcp://*:7202");
`;
      assert.deepEqual(run(text), []);
    });

    test("a CURVE server that enforces the ZAP domain is not told it accepts any key", () => {
      const text = `import * as zmq from "zeromq";
const secure = new zmq.Router({ curveServer: true, zapEnforceDomain: true });
secure.bind("tcp://*:7000");
`;
      assert.deepEqual(run(text), []);
    });

    test("what the analysis cannot know: the host, the security options, or code the socket is handed to", () => {
      const project = {
        files: {
          [FILE]: `import * as zmq from "zeromq";
import { loadOptions, applyCurve, settings } from "./security";
const a = new zmq.Router();
a.bind(\`tcp://\${process.argv[2]}:5555\`);
const b = new zmq.Router(loadOptions());
b.bind("tcp://*:5556");
const c = new zmq.Router({ ...loadOptions(), linger: 0 });
c.bind("tcp://*:5557");
const d = new zmq.Router();
applyCurve(d);
d.bind("tcp://*:5558");
const e = new zmq.Router({ curveServer: settings.curve });
e.bind("tcp://*:5559");
const f = new zmq.Router();
f.bind(process.env.ENDPOINT ?? "tcp://127.0.0.1:5560");
`,
          "/ws/src/security.ts": `export declare function loadOptions(): object;
export declare function applyCurve(s: unknown): void;
export declare const settings: { curve: boolean };
`,
        },
      };
      assert.deepEqual(check(project, { rule: RULE }), []);
    });

    test("a STREAM socket speaks raw TCP: CURVE does not apply", () => {
      const text = `import * as zmq from "zeromq";
const http = new zmq.Stream();
http.bind("tcp://*:8080");
`;
      assert.deepEqual(run(text), []);
    });
  });

  test("severity follows the configuration", () => {
    const text = `import * as zmq from "zeromq";
const s = new zmq.Pull();
s.bind("tcp://*:5555");
`;
    assert.deepEqual(run(text, { [RULE]: "error" }).map((f) => f.severity), ["error"]);
    assert.deepEqual(run(text, { [RULE]: "off" }), []);
  });
});

describe("exposed-without-security: security set after the bind", () => {
  test("curveServer set after the bind leaves that listener without CURVE: a warning, not the ZAP note", () => {
    const text = `import * as zmq from "zeromq";
const { secretKey } = zmq.curveKeyPair();
export async function serve(): Promise<void> {
  const router = new zmq.Router({ linger: 0 });
  await router.bind("tcp://*:7103");
  router.curveServer = true;
  router.curveSecretKey = secretKey;
  for await (const [id, msg] of router) await router.send([id, msg]);
}
`;
    const [f, ...rest] = run(text);
    assert.equal(rest.length, 0);
    assert.equal(f?.severity, "warning");
    assert.match(f?.message ?? "", /no authentication or encryption: curveServer is set only after this bind/);
    // Set before the bind, it is a CURVE server: only the ZAP note remains.
    const before = text.replace(`  await router.bind("tcp://*:7103");\n  router.curveServer = true;\n  router.curveSecretKey = secretKey;\n`,
      `  router.curveServer = true;\n  router.curveSecretKey = secretKey;\n  await router.bind("tcp://*:7103");\n`);
    assert.deepEqual(run(before).map((x) => x.severity), ["information"]);
  });
});
