import * as zmq from "zeromq";
import { endpoints } from "../config/endpoints.js";
import type { Logger } from "../shared/logger.js";
import type { BrokerEventSink } from "./internal_bus.js";

/**
 * Request/reply broker. Clients (REQ) connect to the ROUTER frontend, workers
 * (REP) connect to the DEALER backend, which spreads jobs across them. The
 * routing envelope is passed through untouched in both directions, so replies
 * find their way back to the client that asked.
 */
export class MessageBroker {
  private frontend = new zmq.Router({ linger: 0, mandatory: true });
  private backend = new zmq.Dealer({ linger: 0 });
  private forwarded = 0;

  constructor(
    private readonly events: BrokerEventSink,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    await this.frontend.bind(endpoints.broker.frontend.bind);
    await this.backend.bind(endpoints.broker.backend.bind);
    this.log.info(`clients: ${endpoints.broker.frontend.bind}, workers: ${endpoints.broker.backend.bind}`);

    await Promise.all([this.forwardRequests(), this.forwardReplies()]);
    this.log.info(`forwarded ${this.forwarded} jobs, ${this.events.droppedEvents} events dropped`);
  }

  stop(): void {
    // Closing ends both for-await loops; start() then resolves.
    this.frontend.close();
    this.backend.close();
  }

  /** [client id, "", job] from the frontend goes to the next free worker. */
  private async forwardRequests(): Promise<void> {
    for await (const frames of this.frontend) {
      try {
        await this.backend.send(frames);
      } catch (err) {
        if (this.backend.closed) return;
        throw err;
      }
      this.forwarded += 1;
      this.events.emit("request", frames[0]);
    }
  }

  /** [client id, "", reply] from a worker goes back to that client. */
  private async forwardReplies(): Promise<void> {
    for await (const frames of this.backend) {
      try {
        await this.frontend.send(frames);
        this.events.emit("reply", frames[0]);
      } catch (err) {
        // mandatory: the client went away before its reply came back.
        this.log.warn(`dropping reply for client ${frames[0].toString("hex")}`, err);
        this.events.emit("undeliverable", frames[0]);
      }
    }
  }
}
