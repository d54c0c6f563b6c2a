export interface Logger {
  info(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

export function createLogger(component: string): Logger {
  const line = (level: string, message: string) =>
    `${new Date().toISOString()} ${level.padEnd(5)} [${component}] ${message}`;

  return {
    info: (message, ...details) => console.log(line("INFO", message), ...details),
    warn: (message, ...details) => console.warn(line("WARN", message), ...details),
    error: (message, ...details) => console.error(line("ERROR", message), ...details),
  };
}
