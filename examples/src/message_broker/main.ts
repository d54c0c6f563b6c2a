import { MessageBroker } from "./broker.js";
import { BrokerEventSink, BrokerStatsCollector } from "./internal_bus.js";
import { createLogger } from "../shared/logger.js";
import { onShutdown } from "../shared/shutdown.js";

const log = createLogger("broker");

async function main(): Promise<void> {
  const events = new BrokerEventSink();
  await events.open();

  const stats = new BrokerStatsCollector(createLogger("broker.stats"));
  const broker = new MessageBroker(events, log);

  onShutdown(log, () => {
    broker.stop();
    stats.close();
    events.close();
  });

  await Promise.all([stats.run(), broker.start()]);
  log.info("stopped");
}

main().catch((err: unknown) => {
  log.error("broker failed", err);
  process.exitCode = 1;
});
