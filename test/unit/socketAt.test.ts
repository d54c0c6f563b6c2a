/** `socketsAt`: which socket a position in the editor (hover, refactor) points at. */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { socketsAt } from "../../server/src/analysis/socketAt";
import { analyze, positionOf } from "./helpers/workspace";

const A = "/ws/src/a.ts";
const TEXT = `import * as zmq from "zeromq";
const front = new zmq.Router();
const back = new zmq.Dealer();
front.bind("tcp://*:5555");
async function pump(): Promise<void> {
  for (;;) await back.send(await front.receive());
}
void pump();
`;

function holdersAt(needle: string, shift = 0): string[] {
  const { graph, snapshot } = analyze({ files: { [A]: TEXT } });
  const { line, column } = positionOf(TEXT, needle);
  return socketsAt(snapshot, graph, A, line, column + shift).map((s) => s.holder);
}

describe("socketsAt", () => {
  test("the creation expression, the declared name and a bind point at their socket", () => {
    assert.deepEqual(holdersAt("new zmq.Router"), ["front"]);
    assert.deepEqual(holdersAt("front = new", 2), ["front"]);
    assert.deepEqual(holdersAt('"tcp://*:5555"', 3), ["front"]);
  });

  test("a use inside another use: the innermost socket first", () => {
    assert.deepEqual(holdersAt("front.receive"), ["front", "back"]);
  });

  test("nothing outside sockets", () => {
    assert.deepEqual(holdersAt("async function"), []);
  });
});
