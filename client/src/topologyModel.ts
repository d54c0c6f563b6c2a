import * as vscode from "vscode";
import { State, type LanguageClient } from "vscode-languageclient/node";
import { TopologyChangedNotification, TopologyRequest, type TopologyView } from "./protocol";

/**
 * The client's copy of the server's topology: the server announces a new generation with
 * `zmq/topologyChanged`; `get()` pulls `zmq/topology` only when the copy is older than the last announcement.
 */
export class TopologyModel implements vscode.Disposable {
  private view: TopologyView | undefined;
  private announced = -1;
  private pending: Promise<TopologyView | undefined> | undefined;
  /** The announced generation `pending` was sent for: a newer announcement needs a new request. */
  private pendingFor = -1;
  private readonly changed = new vscode.EventEmitter<number>();
  /** Fires with the generation of every `zmq/topologyChanged` (nothing is pulled yet). */
  readonly onDidAnnounce = this.changed.event;
  private client: LanguageClient | undefined;
  private subscription: vscode.Disposable | undefined;

  /** Follows a (new) client: after a restart the server counts generations from 0 again. */
  attach(client: LanguageClient): void {
    this.subscription?.dispose();
    this.client = client;
    this.reset();
    const notifications = client.onNotification(TopologyChangedNotification, ({ generation }) => {
      this.announced = Math.max(this.announced, generation);
      this.changed.fire(generation);
    });
    // A server restarted after a crash (same client) counts from 0 again and has not read the workspace yet.
    const states = client.onDidChangeState(({ newState }) => {
      if (newState === State.Starting) this.reset();
    });
    this.subscription = vscode.Disposable.from(notifications, states);
  }

  private reset(): void {
    this.view = undefined;
    this.announced = -1;
    this.pending = undefined;
    this.pendingFor = -1;
  }

  /** True once the server announced at least one computed topology. */
  get ready(): boolean {
    return this.announced >= 0;
  }

  /** The latest topology, pulled if the copy is stale; undefined while the server is not running. */
  async get(): Promise<TopologyView | undefined> {
    if (this.view && this.view.generation >= this.announced) return this.view;
    const client = this.client;
    if (!client || !client.isRunning()) return this.view;
    if (this.pending && this.pendingFor === this.announced) return this.pending;
    this.pendingFor = this.announced;
    const pending: Promise<TopologyView | undefined> = client.sendRequest(TopologyRequest).then(
      (view) => {
        if (this.client === client) this.view = view;
        return view;
      },
      () => this.view,
    ).finally(() => {
      if (this.pending === pending) this.pending = undefined;
    });
    this.pending = pending;
    return pending;
  }

  dispose(): void {
    this.subscription?.dispose();
    this.changed.dispose();
  }
}
