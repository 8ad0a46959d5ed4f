/**
 * The streams the gateway is passing through (server-sent events): each can be ended at once when
 * the gateway stops, so its wait for in-flight requests does not wait on them. The browser
 * reconnects, to another replica.
 */
export class OpenStreams {
  private readonly open = new Set<AbortController>();
  private ending = false;

  /** A signal that aborts when the gateway stops; `done` forgets it. */
  track(): { signal: AbortSignal; done(): void } {
    const controller = new AbortController();
    if (this.ending) controller.abort(new Error('the gateway is stopping'));
    this.open.add(controller);
    return { signal: controller.signal, done: () => this.open.delete(controller) };
  }

  get size(): number {
    return this.open.size;
  }

  async stop(): Promise<void> {
    this.ending = true;
    for (const controller of this.open) controller.abort(new Error('the gateway is stopping'));
    this.open.clear();
  }
}
