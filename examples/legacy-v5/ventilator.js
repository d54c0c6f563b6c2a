"use strict";

// Task ventilator: pushes a batch of tasks to the workers and tells the sink
// when the batch starts so it can time it.
const zmq = require("zeromq");
const endpoints = require("./endpoints");

const TASKS = Number(process.env.TASKS || 100);

const sender = zmq.socket("push");
const sink = zmq.socket("push");

// As in the zguide original, the pipeline runs on a trusted LAN: no CURVE.
// zmq-topology-disable-next-line exposed-without-security -- zguide sample on a trusted LAN
sender.bindSync("tcp://*:5557");
sink.connect(endpoints.sink);

function dispatch() {
  // A single "0" marks the start of the batch for the sink.
  sink.send("0");

  let expectedMs = 0;
  for (let i = 0; i < TASKS; i++) {
    const workload = 1 + Math.floor(Math.random() * 100);
    expectedMs += workload;
    sender.send(String(workload));
  }
  console.log("Dispatched %d tasks, total expected cost %d ms", TASKS, expectedMs);

  // Let the queued tasks drain to the workers before closing.
  setTimeout(() => {
    sender.close();
    sink.close();
    process.stdin.pause();
  }, 1000);
}

// Tasks pushed before the workers connect all land on the first one to arrive.
console.log("Press Enter when the workers are ready...");
process.stdin.once("data", dispatch);
