export type JobKind = "ping" | "wordcount" | "checksum";

export interface JobRequest {
  id: string;
  kind: JobKind;
  payload: string;
  submittedAt: number;
}

export interface JobReply {
  id: string;
  ok: boolean;
  result?: string | number;
  error?: string;
  worker: string;
  elapsedMs: number;
}

/** Topics on the processor's result stream. */
export const RESULT_TOPICS = {
  completed: "job.completed",
  failed: "job.failed",
} as const;

export function encode(value: JobRequest | JobReply): string {
  return JSON.stringify(value);
}

export function decode<T extends JobRequest | JobReply>(frame: Buffer): T {
  return JSON.parse(frame.toString("utf8")) as T;
}
