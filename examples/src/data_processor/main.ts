import * as zmq from "zeromq";
import { createHash } from "node:crypto";
import { hostname } from "node:os";
import { endpoints } from "../config/endpoints.js";
import { createLogger } from "../shared/logger.js";
import { onShutdown } from "../shared/shutdown.js";
import { RESULT_TOPICS, decode, encode, type JobReply, type JobRequest } from "../shared/protocol.js";
import { isTimeout } from "../shared/sockets.js";

const WORKER_ID = process.env.WORKER_ID ?? `${hostname()}-${process.pid}`;
/** How often the job loop wakes up to check for shutdown. */
const POLL_INTERVAL_MS = 1000;

const log = createLogger(`processor ${WORKER_ID}`);

function runJob(job: JobRequest): string | number {
  switch (job.kind) {
    case "ping":
      return "pong";
    case "wordcount":
      return job.payload.split(/\s+/).filter(Boolean).length;
    case "checksum":
      return createHash("sha256").update(job.payload).digest("hex");
    default:
      throw new Error(`unknown job kind "${(job as { kind: string }).kind}"`);
  }
}

class DataProcessor {
  private readonly jobs: zmq.Reply;
  private readonly results = new zmq.Publisher({ sendHighWaterMark: 1000 });
  private stopping = false;

  constructor() {
    this.jobs = new zmq.Reply({ receiveTimeout: POLL_INTERVAL_MS });
    this.jobs.linger = 0;
    this.results.linger = 0;
  }

  async run(): Promise<void> {
    await this.results.bind(endpoints.processor.results.bind);
    this.jobs.connect(endpoints.broker.backend.connect);
    log.info(`taking jobs from ${endpoints.broker.backend.connect}, results on ${endpoints.processor.results.bind}`);

    try {
      while (!this.stopping) {
        let frame: Buffer;
        try {
          [frame] = await this.jobs.receive();
        } catch (err) {
          if (isTimeout(err)) continue;
          throw err;
        }
        const reply = this.process(frame);
        await this.jobs.send(encode(reply));
        await this.results.send([reply.ok ? RESULT_TOPICS.completed : RESULT_TOPICS.failed, encode(reply)]);
      }
    } finally {
      this.jobs.close();
      this.results.close();
    }
  }

  /** The loop notices within POLL_INTERVAL_MS and closes the sockets itself. */
  stop(): void {
    this.stopping = true;
  }

  /** Always produces a reply: a REP socket must answer every request it takes. */
  private process(frame: Buffer): JobReply {
    const started = performance.now();
    const elapsedMs = () => Math.round(performance.now() - started);
    let id = "unknown";
    try {
      const job = decode<JobRequest>(frame);
      id = job.id;
      return { id, ok: true, result: runJob(job), worker: WORKER_ID, elapsedMs: elapsedMs() };
    } catch (err) {
      log.warn(`job ${id} failed`, err);
      return { id, ok: false, error: String(err), worker: WORKER_ID, elapsedMs: elapsedMs() };
    }
  }
}

const processor = new DataProcessor();
onShutdown(log, () => processor.stop());

processor.run().catch((err: unknown) => {
  log.error("processor failed", err);
  process.exitCode = 1;
});
