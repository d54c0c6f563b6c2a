import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { analyze, byHolder, view } from "./helpers/workspace";

const A = "/ws/src/a.ts";

describe("constructor options the analysis cannot read in full (optionsIncomplete)", () => {
  test("an unresolved options object or spread marks the socket; literal, const and factory-argument objects do not", () => {
    const text = `import * as zmq from "zeromq";
import { settings } from "./settings";

const defaults = { receiveTimeout: 2500, linger: 0 };
const literal = new zmq.Request({ receiveTimeout: 1000 });
const viaConst = new zmq.Request(defaults);
const knownSpread = new zmq.Request({ ...defaults, sendTimeout: 100 });
const unresolved = new zmq.Request(settings.zmq);
const unknownSpread = new zmq.Request({ ...settings.zmq, linger: 0 });
const none = new zmq.Request();

function makeClient(options: zmq.SocketOptions<zmq.Request>): zmq.Request {
  return new zmq.Request(options);
}
const fromFactory = makeClient({ receiveTimeout: 3000 });
`;
    const { snapshot } = analyze({ files: { [A]: text } });
    const open = (holder: string): boolean => byHolder(snapshot, holder).optionsIncomplete === true;
    assert.equal(open("literal"), false);
    assert.equal(open("viaConst"), false);
    assert.equal(open("knownSpread"), false);
    assert.equal(open("none"), false);
    assert.equal(open("fromFactory"), false);
    assert.deepEqual(view(byHolder(snapshot, "fromFactory")).options, { receiveTimeout: 3000 });
    assert.equal(open("unresolved"), true);
    assert.deepEqual(view(byHolder(snapshot, "unresolved")).options, {});
    assert.equal(open("unknownSpread"), true);
    assert.deepEqual(view(byHolder(snapshot, "unknownSpread")).options, { linger: 0 });
  });

  test("a socket subclass with a constructor: options come from its super(...) call, with its parameters bound", () => {
    const text = `import * as zmq from "zeromq";

class RpcClient extends zmq.Request {
  constructor(endpoint: string, timeout: number) {
    super({ receiveTimeout: timeout, linger: 0 });
    this.connect(endpoint);
  }
}
class PlainDealer extends zmq.Dealer {
  constructor() {
    super();
  }
}
class Inherits extends zmq.Dealer {}
class Tuned extends zmq.Dealer {
  constructor() {
    super({ linger: 0 });
  }
}
class PricingWorker extends Tuned {
  constructor(readonly name: string) {
    super();
  }
}
class Reused extends RpcClient {}

const client = new RpcClient("tcp://localhost:5555", 2500);
const plain = new PlainDealer();
const inherits = new Inherits({ sendTimeout: 10 });
const worker = new PricingWorker("w1");
const reused = new Reused("tcp://localhost:5555", 40);
`;
    const { snapshot } = analyze({ files: { [A]: text } });
    assert.deepEqual(view(byHolder(snapshot, "client")).options, { receiveTimeout: 2500, linger: 0 });
    assert.equal(byHolder(snapshot, "client").optionsIncomplete, undefined);
    assert.deepEqual(view(byHolder(snapshot, "plain")).options, {});
    assert.equal(byHolder(snapshot, "plain").optionsIncomplete, undefined);
    assert.deepEqual(view(byHolder(snapshot, "inherits")).options, { sendTimeout: 10 });
    // A constructor below the class that extends zeromq's: its super(...) arguments are not followed.
    assert.equal(byHolder(snapshot, "worker").optionsIncomplete, true);
    // No constructor of its own: RpcClient's runs with the new arguments.
    assert.deepEqual(view(byHolder(snapshot, "reused")).options, { receiveTimeout: 40, linger: 0 });
  });
});
