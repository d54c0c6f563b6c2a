"use strict";

// Sink: collects one result per task, reports how long the batch took and
// broadcasts KILL so the workers shut down.
const zmq = require("zeromq");
const endpoints = require("./endpoints");

const TASKS = Number(process.env.TASKS || 100);

const receiver = zmq.socket("pull");
const control = zmq.createSocket("pub");

// As in the zguide original, the pipeline runs on a trusted LAN: no CURVE.
/* zmq-topology-disable exposed-without-security -- zguide sample on a trusted LAN */
receiver.bindSync("tcp://*:" + endpoints.sinkPort);
control.bindSync(`tcp://*:${endpoints.controlPort}`);
/* zmq-topology-enable */

let startedAt = 0;
let done = 0;

receiver.on("message", () => {
  // The first message is the ventilator's start-of-batch signal.
  if (!startedAt) {
    startedAt = Date.now();
    return;
  }
  done += 1;
  process.stdout.write(done % 10 === 0 ? ":" : ".");
  if (done === TASKS) finish();
});

function finish() {
  console.log("\nTotal elapsed time: %d ms", Date.now() - startedAt);
  control.send("KILL");
  // Give the KILL a moment to reach the workers before tearing down.
  setTimeout(() => {
    receiver.close();
    control.close();
  }, 1000);
}

process.on("SIGINT", () => {
  receiver.close();
  control.close();
});
