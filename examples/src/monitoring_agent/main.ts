import * as zmq from "zeromq";
import * as config from "../config/endpoints.js";
import { createLogger } from "../shared/logger.js";
import { onShutdown } from "../shared/shutdown.js";
import { RESULT_TOPICS, decode, encode, type JobReply, type JobRequest } from "../shared/protocol.js";
import { createRequestClient, isTimeout, makeSocket } from "../shared/sockets.js";

const POLL_INTERVAL_MS = Number(process.env.MONITOR_INTERVAL_MS ?? "5000");

const log = createLogger("monitor");

/**
 * Pings the system on a timer and keeps a running count of finished jobs from
 * the processors' result stream.
 */
class MonitoringAgent {
  /** Same path a client takes: broker frontend -> any worker. */
  private readonly brokerProbe = createRequestClient(config.endpoints.monitoring.brokerProbe);
  /** Straight at the worker pool, so a backed-up client queue can't hide dead workers. */
  private readonly workerProbe = makeSocket("req", config.endpoints.monitoring.workerPool);
  private readonly results = new zmq.Subscriber({ linger: 0 });
  private readonly inFlight = new Set<zmq.Request>();
  private readonly seen = { completed: 0, failed: 0 };
  private timer: NodeJS.Timeout | undefined;
  private sequence = 0;

  async run(): Promise<void> {
    this.results.connect(config.endpoints.processor.results.connect);
    this.results.subscribe(RESULT_TOPICS.completed, RESULT_TOPICS.failed);
    this.timer = setInterval(() => this.pollAll(), POLL_INTERVAL_MS);
    log.info(`polling every ${POLL_INTERVAL_MS}ms, results from ${config.endpoints.processor.results.connect}`);

    for await (const [topic, body] of this.results) {
      const reply = decode<JobReply>(body);
      if (topic.toString() === RESULT_TOPICS.failed) {
        this.seen.failed += 1;
        log.warn(`job ${reply.id} failed on ${reply.worker}: ${reply.error}`);
      } else {
        this.seen.completed += 1;
      }
    }
  }

  stop(): void {
    clearInterval(this.timer);
    this.results.close();
    this.brokerProbe.close();
    this.workerProbe.close();
  }

  private pollAll(): void {
    void this.probe("broker", this.brokerProbe);
    void this.probe("workers", this.workerProbe);
    log.info(`jobs seen: ${this.seen.completed} completed, ${this.seen.failed} failed`);
  }

  private async probe(name: string, socket: zmq.Request): Promise<void> {
    // A probe still waiting on its previous answer is skipped, not stacked up.
    if (this.inFlight.has(socket)) return;
    this.inFlight.add(socket);

    const started = Date.now();
    const ping: JobRequest = { id: `monitor-${++this.sequence}`, kind: "ping", payload: "", submittedAt: started };
    try {
      await socket.send(encode(ping));
      const [frame] = await socket.receive();
      const reply = decode<JobReply>(frame);
      log.info(`${name}: ${reply.result} from ${reply.worker} in ${Date.now() - started}ms`);
    } catch (err) {
      if (socket.closed) return;
      if (isTimeout(err)) log.warn(`${name}: no answer`);
      else log.error(`${name}: probe failed`, err);
    } finally {
      this.inFlight.delete(socket);
    }
  }
}

const agent = new MonitoringAgent();
onShutdown(log, () => agent.stop());

agent.run().then(
  () => log.info("stopped"),
  (err: unknown) => {
    log.error("monitor failed", err);
    process.exitCode = 1;
  },
);
