"use strict";

// Where the pipeline stages find each other. Set PIPELINE_HOST when the
// ventilator and the sink run on another machine than the workers.
const host = process.env.PIPELINE_HOST || "localhost";

exports = module.exports = {
  ventilator: "tcp://" + host + ":5557",
  sink: "tcp://" + host + ":5558",
  control: "tcp://" + host + ":5559",
};

exports.ventilatorPort = 5557;
exports.sinkPort = 5558;
exports.controlPort = 5559;
