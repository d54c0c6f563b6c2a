"use strict";

// Worker: takes tasks from the ventilator, "works" for the given number of
// milliseconds, reports to the sink, and exits when the sink broadcasts KILL.
const zmq = require("zeromq");
const endpoints = require("./endpoints");

const receiver = zmq.socket("pull");
const sender = zmq.socket("push");
const control = zmq.socket("sub");

receiver.setsockopt(zmq.ZMQ_LINGER, 0);
control.setsockopt(zmq.ZMQ_LINGER, 0);

receiver.connect(endpoints.ventilator);
sender.connect(endpoints.sink);
control.connect(endpoints.control);
control.subscribe("");

let stopping = false;

receiver.on("message", (msg) => {
  const workload = parseInt(msg.toString(), 10);
  process.stdout.write(workload + ".");
  setTimeout(() => {
    if (!stopping) sender.send("");
  }, workload);
});

control.on("message", (msg) => {
  if (msg.toString() === "KILL") {
    console.log("\nKILL received, exiting");
    shutdown();
  }
});

function shutdown() {
  if (stopping) return;
  stopping = true;
  receiver.close();
  control.close();
  sender.close();
}

process.on("SIGINT", shutdown);
