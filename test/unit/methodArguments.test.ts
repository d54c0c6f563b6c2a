import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { analyze, byHolder } from "./helpers/workspace";

describe("a socket passed to an instance method through this.method(...)", () => {
  test("its uses inside the method are the socket's, in order", () => {
    const text = `import * as zmq from "zeromq";

class Monitor {
  private readonly probe = new zmq.Request({ linger: 0 });

  start(): void {
    this.probe.connect("tcp://localhost:5555");
    setInterval(() => void this.ping("broker", this.probe), 1000);
  }

  private async ping(name: string, socket: zmq.Request): Promise<void> {
    await socket.send(name);
    await socket.receive();
  }
}

new Monitor().start();
`;
    const { snapshot } = analyze({ files: { "/ws/src/monitor.ts": text } });
    const probe = byHolder(snapshot, "this.probe");
    assert.deepEqual(probe.uses.map((u) => `${u.kind}:${u.location.line}`), ["connect:7", "send:12", "receive:13"]);
    const receive = probe.uses[2]!;
    assert.deepEqual(receive.previous, [1]);
  });
});
