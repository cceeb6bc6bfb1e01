/**
 * One re-runnable load as a reactive controller in the manner of `@lit/task` (`initial` → `pending`
 * → `complete` | `error`, the host re-rendered at each step), smaller, and keeping the last good
 * value through a re-run or a failure, as a list that refreshes in place needs. Only `run()` starts it.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export type LoadStatus = 'initial' | 'pending' | 'complete' | 'error';

export class LoadController<T> implements ReactiveController {
  status: LoadStatus = 'initial';
  value?: T;
  private controller?: AbortController;
  private run_ = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly task: (signal: AbortSignal) => Promise<T>,
    private readonly handlers: { complete(value: T): void; error(error: unknown): void },
  ) {
    host.addController(this);
  }

  /** Starts a run, aborting one still pending; resolves when this run has settled (never rejects). */
  async run(): Promise<void> {
    this.controller?.abort();
    const controller = (this.controller = new AbortController());
    const id = ++this.run_;
    this.status = 'pending';
    this.host.requestUpdate();
    try {
      const value = await this.task(controller.signal);
      if (id !== this.run_) return;
      this.status = 'complete';
      this.value = value;
      this.handlers.complete(value);
    } catch (error) {
      if (id !== this.run_) return;
      this.status = 'error';
      this.handlers.error(error);
    }
    this.host.requestUpdate();
  }

  /** Stops a pending run; it goes back to `initial` at once, so a reconnection can tell it must run again. */
  abort(): void {
    this.controller?.abort();
    if (this.status === 'pending') {
      this.status = 'initial';
      this.run_++;
    }
  }

  hostDisconnected(): void {
    this.abort();
  }
}
