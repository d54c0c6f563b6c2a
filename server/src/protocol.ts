/**
 * Every custom message between the zmq-topology language server and its client, in one place, so both
 * sides share the method names and payload types.
 */
import { NotificationType, RequestType0 } from "vscode-languageserver-protocol";

/** A 0-based LSP range in a file URI. */
export interface TopologyRange {
  uri: string;
  start: { line: number; character: number };
  end: { line: number; character: number };
}

export interface TopologyEndpoint {
  endpoint: string;
  /** False when the text still holds `${...}` parts the analysis could not resolve. */
  exact: boolean;
  range: TopologyRange;
}

export interface TopologySocket {
  id: string;
  type: string;
  /** Variable, `this.field` or `object.property` holding the socket; "" when none. */
  holder: string;
  /** The file URI of the socket's creation. */
  uri: string;
  range: TopologyRange;
  /** Programs (by display name) whose code creates the socket. */
  components: string[];
  binds: TopologyEndpoint[];
  connects: TopologyEndpoint[];
  options: { name: string; value: string | number | boolean | null }[];
  /** How many findings of each severity point at this socket. */
  problems: { error: number; warning: number; information: number; hint: number };
  /** Where the topology file declares this socket (`component.role`), when it does. */
  declaration?: TopologyDeclaration;
  /** How the socket differs from the topology file (topology-drift messages); empty when it matches or none applies. */
  drift: string[];
}

export interface TopologyDeclaration {
  /** `component.role` as the topology file names it. */
  name: string;
  range: TopologyRange;
}

export interface TopologyLink {
  /** The connecting socket's id. */
  from: string;
  /** The binding socket's id. */
  to: string;
  endpoint: string;
  compatible: boolean;
  certain: boolean;
}

export interface TopologyView {
  /** Increases with every recomputation; the one `topologyChanged` announced. */
  generation: number;
  sockets: TopologySocket[];
  links: TopologyLink[];
  /** Sockets a topology file declares that the code does not make (none without a topology file). */
  missing: TopologyMissingSocket[];
}

export interface TopologyMissingSocket {
  /** The program the declaring component stands for, as `components` of sockets name it. */
  program: string;
  /** `component.role`. */
  name: string;
  type: string;
  /** The declaration's role in the topology file. */
  range: TopologyRange;
}

/** Sent after every recomputation of the workspace topology; the client pulls `zmq/topology` if it cares. */
export const TopologyChangedNotification = new NotificationType<{ generation: number }>("zmq/topologyChanged");

/** The whole workspace topology as the server last computed it. */
export const TopologyRequest = new RequestType0<TopologyView, void>("zmq/topology");
