import type { Logger } from "./logger.js";

/**
 * Runs `handler` once on SIGINT/SIGTERM. The handler should close sockets and
 * let the main loop return; a second signal forces the process out.
 */
export function onShutdown(log: Logger, handler: () => void | Promise<void>): void {
  let stopping = false;

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn(`received ${signal} again, exiting now`);
      process.exit(1);
    }
    stopping = true;
    log.info(`received ${signal}, shutting down`);
    Promise.resolve()
      .then(handler)
      .catch((err: unknown) => {
        log.error("shutdown failed", err);
        process.exitCode = 1;
      });
  };

  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
