import * as zmq from "zeromq";
import { endpoints } from "../config/endpoints.js";
import type { Logger } from "../shared/logger.js";

export type BrokerEventType = "request" | "reply" | "undeliverable";

export interface BrokerEvent {
  type: BrokerEventType;
  client: string;
  at: number;
}

/**
 * Write side of the broker's event stream, used by the forwarding loops.
 * Events are best effort: with sendTimeout 0 a full queue drops the event
 * instead of slowing down job traffic.
 */
export class BrokerEventSink {
  private readonly socket = new zmq.Push({ sendTimeout: 0, sendHighWaterMark: 10_000, linger: 0 });
  private dropped = 0;

  async open(): Promise<void> {
    await this.socket.bind(endpoints.broker.events.bind);
  }

  emit(type: BrokerEventType, client: Buffer): void {
    const event: BrokerEvent = { type, client: client.toString("hex"), at: Date.now() };
    this.socket.send(JSON.stringify(event)).catch(() => {
      this.dropped += 1;
    });
  }

  get droppedEvents(): number {
    return this.dropped;
  }

  close(): void {
    this.socket.close();
  }
}

/** Read side: counts events and logs a summary every `reportEveryMs`. */
export class BrokerStatsCollector {
  private readonly socket = new zmq.Pull({ linger: 0 });
  private counts: Record<BrokerEventType, number> = { request: 0, reply: 0, undeliverable: 0 };
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly log: Logger,
    private readonly reportEveryMs = 10_000,
  ) {}

  async run(): Promise<void> {
    this.socket.connect(endpoints.broker.events.connect);
    this.timer = setInterval(() => this.report(), this.reportEveryMs);

    for await (const [frame] of this.socket) {
      const event = JSON.parse(frame.toString()) as BrokerEvent;
      this.counts[event.type] += 1;
    }
  }

  close(): void {
    clearInterval(this.timer);
    this.socket.close();
  }

  private report(): void {
    const { request, reply, undeliverable } = this.counts;
    const seconds = this.reportEveryMs / 1000;
    this.log.info(`last ${seconds}s: ${request} requests, ${reply} replies, ${undeliverable} undeliverable`);
    this.counts = { request: 0, reply: 0, undeliverable: 0 };
  }
}
