import type * as zmq from "zeromq";
import * as config from "../config/endpoints.js";
import { createLogger } from "../shared/logger.js";
import { onShutdown } from "../shared/shutdown.js";
import { decode, encode, type JobKind, type JobReply, type JobRequest } from "../shared/protocol.js";
import { createRequestClient, isTimeout } from "../shared/sockets.js";

const REQUEST_TIMEOUT_MS = 2500;
const MAX_ATTEMPTS = 3;

const log = createLogger("client");

/**
 * Lazy Pirate client: a REQ socket that has missed a reply can't send again,
 * so after a timeout we throw it away and retry on a fresh one.
 */
class JobClient {
  private socket: zmq.Request;
  private sequence = 0;
  private closed = false;

  constructor(private readonly endpoint: string) {
    this.socket = this.open();
  }

  async submit(kind: JobKind, payload: string): Promise<JobReply> {
    const request: JobRequest = { id: `${process.pid}-${++this.sequence}`, kind, payload, submittedAt: Date.now() };

    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      await this.socket.send(encode(request));
      try {
        const [frame] = await this.socket.receive();
        return decode<JobReply>(frame);
      } catch (err) {
        if (this.closed || !isTimeout(err)) throw err;
        log.warn(`no reply to ${request.id} within ${REQUEST_TIMEOUT_MS}ms (attempt ${attempt}/${MAX_ATTEMPTS})`);
        this.socket.close();
        this.socket = this.open();
      }
    }
    throw new Error(`no reply from ${this.endpoint} after ${MAX_ATTEMPTS} attempts, giving up`);
  }

  close(): void {
    this.closed = true;
    this.socket.close();
  }

  private open(): zmq.Request {
    return createRequestClient(this.endpoint, { receiveTimeout: REQUEST_TIMEOUT_MS, linger: 0 });
  }
}

function parseJobs(args: string[]): Array<[JobKind, string]> {
  if (args.length === 0) {
    return [["ping", ""], ["wordcount", "the quick brown fox jumps over the lazy dog"], ["checksum", "hello"]];
  }
  const [kind, ...words] = args;
  if (kind !== "ping" && kind !== "wordcount" && kind !== "checksum") {
    throw new Error(`usage: client [ping|wordcount|checksum] [text...]`);
  }
  return [[kind, words.join(" ")]];
}

async function main(): Promise<void> {
  const client = new JobClient(config.endpoints.broker.frontend.connect);
  onShutdown(log, () => client.close());

  try {
    for (const [kind, payload] of parseJobs(process.argv.slice(2))) {
      const reply = await client.submit(kind, payload);
      if (reply.ok) log.info(`${kind} -> ${reply.result} (${reply.worker}, ${reply.elapsedMs}ms)`);
      else log.warn(`${kind} failed on ${reply.worker}: ${reply.error}`);
    }
  } finally {
    client.close();
  }
}

main().catch((err: unknown) => {
  log.error("client failed", err);
  process.exitCode = 1;
});
