/**
 * Endpoint configuration shared by every process in the system.
 *
 * Defaults describe a single-host deployment. Servers bind on `listen.*`
 * interfaces, peers dial `hosts.*`; both can be overridden from the environment.
 */

export function tcp(host: string, port: number): string {
  return `tcp://${host}:${port}`;
}

export const hosts = {
  broker: process.env.BROKER_HOST ?? "localhost",
  processor: process.env.PROCESSOR_HOST ?? "localhost",
};

/** Interfaces the servers listen on. */
export const listen = {
  /** Must be reachable from client machines. */
  public: process.env.PUBLIC_INTERFACE ?? "0.0.0.0",
  /** Service-to-service traffic; loopback unless the services are spread out. */
  private: process.env.PRIVATE_INTERFACE ?? "127.0.0.1",
};

export const ports = {
  brokerFrontend: Number(process.env.BROKER_FRONTEND_PORT ?? "5555"),
  brokerBackend: Number(process.env.BROKER_BACKEND_PORT ?? "5556"),
  brokerEvents: 5560,
  processorResults: Number(process.env.PROCESSOR_RESULTS_PORT ?? "5570"),
};

export const endpoints = {
  broker: {
    /** ROUTER that clients send jobs to. */
    frontend: {
      bind: tcp(listen.public, ports.brokerFrontend),
      connect: tcp(hosts.broker, ports.brokerFrontend),
    },
    /** DEALER that hands jobs to the workers. */
    backend: {
      bind: tcp(listen.private, ports.brokerBackend),
      connect: tcp(hosts.broker, ports.brokerBackend),
    },
    /** Forwarding loops -> stats collector, inside the broker process. */
    events: {
      bind: `tcp://127.0.0.1:${ports.brokerEvents}`,
      connect: `tcp://localhost:${ports.brokerEvents}`,
    },
  },
  processor: {
    /** PUB stream of finished jobs, topics "job.completed" / "job.failed". */
    results: {
      bind: `tcp://${listen.private}:${ports.processorResults}`,
      connect: `tcp://${hosts.processor}:${ports.processorResults}`,
    },
  },
  monitoring: {
    /** Round trip through the broker to whichever worker is free. */
    brokerProbe: tcp(hosts.broker, ports.brokerFrontend),
    /** Worker pool, probed without going through client traffic. */
    workerPool: tcp(hosts.broker, ports.brokerBackend),
  },
};
