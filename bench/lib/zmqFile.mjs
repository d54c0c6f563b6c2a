// ZeroMQ v6 modules (~2% of the workspace), in pairs: one side binds, the other connects to the same
// PORTS entry of the shared config module, so the analyzer can link them across files.

/** Socket pairs by pattern: [binding side, connecting side]. */
export const PATTERNS = [
  { name: "reqrep", server: "Reply", client: "Request" },
  { name: "routerdealer", server: "Router", client: "Dealer" },
  { name: "pubsub", server: "Publisher", client: "Subscriber" },
  { name: "pushpull", server: "Pull", client: "Push" },
];

const cap = (s) => s[0].toUpperCase() + s.slice(1);

/** Socket options, with the planted defects (no receiveTimeout, no linger) drawn from the PRNG. */
function clientOptions(pattern, defects) {
  const opts = [];
  if (pattern.client === "Request" || pattern.client === "Dealer") {
    if (!defects.noTimeout) opts.push(`receiveTimeout: ${defects.timeout}`);
  }
  if (!defects.noLinger) opts.push("linger: 0");
  return opts.length ? `{ ${opts.join(", ")} }` : "";
}

/** The binding side: a class holding its socket in a field, serving in a `for await` loop. */
export function serverCode({ pattern, portKey, service, useHelper, timeout }) {
  const Cls = `${cap(service)}${pattern.server}Server`;
  const endpoint = useHelper ? `bindEndpoint(PORTS.${portKey})` : `\`tcp://\${BIND_HOST}:\${PORTS.${portKey}}\``;
  const loop = {
    Reply: `    for await (const [request] of this.socket) {
      this.handled += 1;
      await this.socket.send(JSON.stringify({ ok: true, echo: request.toString(), n: this.handled }));
    }`,
    Router: `    for await (const [identity, , body] of this.socket) {
      this.handled += 1;
      await this.socket.send([identity, "", JSON.stringify({ ok: true, size: body.length })]);
    }`,
    Publisher: `    while (!this.socket.closed) {
      this.handled += 1;
      await this.socket.send(["${service}.tick", JSON.stringify({ n: this.handled, at: Date.now() })]);
      await new Promise((resolve) => setTimeout(resolve, ${timeout}));
    }`,
    Pull: `    for await (const [job] of this.socket) {
      this.handled += 1;
      if (job.length === 0) continue;
    }`,
  }[pattern.server];
  return {
    imports: `import { ${pattern.server} } from "zeromq";
import { BIND_HOST, PORTS, bindEndpoint } from "../config/endpoints.js";`,
    body: `/** Serves ${service} on its ${pattern.server} socket until stop() closes it. */
export class ${Cls} {
  private readonly socket = new ${pattern.server}({ linger: 0, sendTimeout: ${timeout} });
  private handled = 0;

  async start(): Promise<void> {
    await this.socket.bind(${endpoint});
${loop}
  }

  stop(): void {
    this.socket.close();
  }
}

export async function run${Cls}(): Promise<void> {
  const server = new ${Cls}();
  process.once("SIGTERM", () => server.stop());
  void BIND_HOST;
  await server.start();
}`,
  };
}

/** The connecting side: a factory helper or an async main, with the planted defects. */
export function clientCode({ pattern, portKey, service, useHelper, defects }) {
  const endpoint = useHelper ? `connectEndpoint(PORTS.${portKey})` : `\`tcp://\${HOST}:\${PORTS.${portKey}}\``;
  const opts = clientOptions(pattern, defects);
  const fn = `create${cap(service)}${pattern.client}`;
  const use = {
    Request: `  const socket = ${fn}();
  for (let i = 0; i < 10; i++) {
    await socket.send(JSON.stringify({ id: i, service: "${service}" }));
    const [reply] = await socket.receive();
    if (reply.length === 0) break;
  }
  socket.close();`,
    Dealer: `  const socket = ${fn}();
  await socket.send(["", JSON.stringify({ service: "${service}" })]);
  for await (const [, body] of socket) {
    if (body.length > 0) break;
  }
  socket.close();`,
    Subscriber: `  const socket = ${fn}();
${defects.noSubscribe ? "" : `  socket.subscribe("${service}.");\n`}  for await (const [topic, body] of socket) {
    if (topic.toString().endsWith(".stop")) break;
    void body;
  }
  socket.close();`,
    Push: `  const socket = ${fn}();
  for (let i = 0; i < 100; i++) await socket.send(JSON.stringify({ job: i }));
  socket.close();`,
  }[pattern.client];
  return {
    imports: `import { ${pattern.client} } from "zeromq";
import { HOST, PORTS, connectEndpoint } from "../config/endpoints.js";`,
    body: `/** Factory for the ${service} ${pattern.client} socket, already connected. */
export function ${fn}(): ${pattern.client} {
  const socket = new ${pattern.client}(${opts});
  socket.connect(${endpoint});
  void HOST;
  return socket;
}

export async function main${cap(service)}(): Promise<void> {
${use}
}`,
  };
}

/** The shared config module every ZeroMQ file imports: hosts, one port per pair, endpoint helpers. */
export function configModule(portKeys) {
  return `/** Endpoints shared by every service; hosts come from the environment, ports are fixed here. */

export const HOST = process.env.ZMQ_HOST ?? "localhost";
export const BIND_HOST = process.env.ZMQ_BIND_HOST ?? "0.0.0.0";

export const PORTS = {
${portKeys.map((key, i) => `  ${key}: ${6000 + i},`).join("\n")}
};

export function connectEndpoint(port: number, host: string = HOST): string {
  return \`tcp://\${host}:\${port}\`;
}

export function bindEndpoint(port: number): string {
  return \`tcp://\${BIND_HOST}:\${port}\`;
}
`;
}
