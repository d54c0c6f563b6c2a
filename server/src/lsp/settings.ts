import * as fs from "node:fs";
import type { Connection } from "vscode-languageserver";
import { parseConfig, rulesConfig, type AnalysisConfig } from "../analysis/config";
import { joinPath } from "../analysis/paths";

export const DEFAULT_DEBOUNCE_MS = 200;

/** The `zmqTopology` settings section of one resource, validated. */
export interface ResourceSettings {
  /** `zmq-topology.json` of the workspace folder, with `zmqTopology.rules` entries overriding it rule by rule. */
  config: AnalysisConfig;
  exclude: string[];
  debounceMs: number;
  /** `zmqTopology.topologyFile`: the topology file relative to the folder; "" to use the `*.zmqtopo` at its root. */
  topologyFile: string;
}

/**
 * Settings pulled per resource through `workspace/configuration` and cached per URI until the client
 * says they changed. Bad values are reported once per change, naming the key and the value.
 */
export class Settings {
  private readonly cache = new Map<string, Promise<ResourceSettings>>();
  private readonly reported = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly canPull: () => boolean,
    private readonly folderOf: (uri: string) => string | undefined,
  ) {}

  get(resourceUri: string): Promise<ResourceSettings> {
    let settings = this.cache.get(resourceUri);
    if (!settings) {
      settings = this.pull(resourceUri);
      this.cache.set(resourceUri, settings);
    }
    return settings;
  }

  clear(): void {
    this.cache.clear();
    this.reported.clear();
  }

  private async pull(resourceUri: string): Promise<ResourceSettings> {
    let section: unknown;
    if (this.canPull()) {
      try {
        section = await this.connection.workspace.getConfiguration({ scopeUri: resourceUri, section: "zmqTopology" });
      } catch (err) {
        this.log(`zmq-topology: cannot read the settings of ${resourceUri}: ${(err as Error).message}`);
      }
    }
    const raw = isObject(section) ? section : {};
    const folder = this.folderOf(resourceUri);
    const fileConfig = folder === undefined ? undefined : this.readConfigFile(folder);
    // The messages name `"rules.x"`; the user wrote it under `zmqTopology`.
    const rules = raw["rules"] === undefined || raw["rules"] === null ? undefined : rulesConfig(raw["rules"], (m) => this.warn(m.replace(/"rules/g, '"zmqTopology.rules')));
    const config: AnalysisConfig = { rules: new Map([...(fileConfig?.rules ?? []), ...(rules?.rules ?? [])]) };
    return {
      config,
      exclude: this.stringList(raw["exclude"], "zmqTopology.exclude"),
      debounceMs: this.debounce(raw["debounceMs"]),
      topologyFile: this.topologyFile(raw["topologyFile"]),
    };
  }

  /** The folder's `zmq-topology.json`, as the CLI reads it. */
  private readConfigFile(folder: string): AnalysisConfig | undefined {
    const file = joinPath(folder, "zmq-topology.json");
    let text: string;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch {
      return undefined;
    }
    const { config, messages } = parseConfig(text, file);
    for (const message of messages) this.warn(message);
    return config;
  }

  private stringList(value: unknown, key: string): string[] {
    if (value === undefined || value === null) return [];
    if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value;
    this.warn(`"${key}" must be an array of glob strings, got ${JSON.stringify(value)}; nothing excluded`);
    return [];
  }

  private debounce(value: unknown): number {
    if (value === undefined || value === null) return DEFAULT_DEBOUNCE_MS;
    if (typeof value === "number" && Number.isFinite(value) && value >= 0) return value;
    this.warn(`"zmqTopology.debounceMs" must be a number of milliseconds (0 or more), got ${JSON.stringify(value)}; using ${DEFAULT_DEBOUNCE_MS}`);
    return DEFAULT_DEBOUNCE_MS;
  }

  private topologyFile(value: unknown): string {
    if (value === undefined || value === null || value === "") return "";
    if (typeof value === "string" && value.trim() !== "") return value.trim();
    this.warn(`"zmqTopology.topologyFile" must be a path relative to the workspace folder, got ${JSON.stringify(value)}; using the *.zmqtopo file at the folder's root`);
    return "";
  }

  warn(message: string): void {
    if (this.reported.has(message)) return;
    this.reported.add(message);
    this.log(`zmq-topology: ${message}`, true);
  }

  /** Logs (and shows) through the connection; once the client is gone there is nobody to tell, and that is not an error. */
  private log(message: string, show = false): void {
    try {
      this.connection.console.warn(message);
      if (show) this.connection.window.showWarningMessage(message);
    } catch {
      // The connection is disposed.
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
