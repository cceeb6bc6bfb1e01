/**
 * Sends webhooks as Upload-Post would: a JSON `POST` to the configured URL with the global `fetch`,
 * retried with backoff while the receiver fails (non-2xx, a network error, no answer in time), each
 * attempt recorded for the admin routes. Sending never blocks or fails whatever caused it; the
 * delivery faults (lost, late, twice, held) apply on the way.
 */
import type { DeliveryFaults } from './delivery-faults.ts';

export type DeliveryStatus = 'held' | 'waiting' | 'sending' | 'retrying' | 'delivered' | 'failed' | 'dropped';

export interface DeliveryAttempt {
  /** ISO 8601. */
  at: string;
  /** The receiver's status; absent when it could not be reached. */
  status?: number;
  error?: string;
  /** A copy sent by the `duplicateRate` fault. */
  duplicate?: true;
}

export interface WebhookDelivery {
  /** Also the payload's `delivery_id`. */
  id: string;
  event: string;
  url: string;
  /** The exact body sent. */
  body: string;
  status: DeliveryStatus;
  attempts: DeliveryAttempt[];
  /** ISO 8601. */
  createdAt: string;
}

export interface WebhookSenderOptions {
  faults: DeliveryFaults;
  now: () => number;
  random: () => number;
  /** Waits before each retry; one retry per entry. Default 1 s, 4 s, 16 s, 64 s. */
  retryDelaysMs?: readonly number[];
  /** How long one attempt may take before it counts as failed. Default 10 s. */
  timeoutMs?: number;
  /** Deliveries kept for the admin routes, newest last. Default 500. */
  maxKept?: number;
}

export const DEFAULT_WEBHOOK_RETRY_DELAYS_MS = [1_000, 4_000, 16_000, 64_000] as const;

interface Pending {
  delivery: WebhookDelivery;
  duplicate: boolean;
}

/**
 * A timer; `background` ones do not keep a Node process alive (other runtimes have no such notion):
 * a retry minutes away must not hold up a test run or the CLI's exit, a first attempt may.
 */
function later(ms: number, run: () => void, background = false): ReturnType<typeof setTimeout> {
  const timer = setTimeout(run, ms);
  if (background) (timer as { unref?: () => void }).unref?.();
  return timer;
}

export class WebhookSender {
  private readonly kept: WebhookDelivery[] = [];
  private held: Pending[] = [];
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly inFlight = new Set<AbortController>();
  private active = 0;
  private idleWaiters: (() => void)[] = [];
  /** Bumped by `reset()`: work started before it stops touching the state. */
  private generation = 0;
  private readonly retryDelaysMs: readonly number[];
  private readonly timeoutMs: number;
  private readonly maxKept: number;

  constructor(private readonly options: WebhookSenderOptions) {
    this.retryDelaysMs = options.retryDelaysMs ?? DEFAULT_WEBHOOK_RETRY_DELAYS_MS;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxKept = options.maxKept ?? 500;
  }

  /** Queues one delivery of `payload` (its `delivery_id` is set here) and returns at once. */
  send(url: string, event: string, payload: Record<string, unknown>): WebhookDelivery {
    const id = crypto.randomUUID();
    const delivery: WebhookDelivery = {
      id,
      event,
      url,
      body: JSON.stringify({ ...payload, delivery_id: id }),
      status: 'waiting',
      attempts: [],
      createdAt: new Date(this.options.now()).toISOString(),
    };
    this.keep(delivery);
    const { dropRate, duplicateRate, hold, delayMs, jitterMs } = this.options.faults.settings;
    if (dropRate > 0 && this.options.random() < dropRate) {
      delivery.status = 'dropped';
      return delivery;
    }
    const pending: Pending = { delivery, duplicate: duplicateRate > 0 && this.options.random() < duplicateRate };
    if (hold) {
      delivery.status = 'held';
      this.held.push(pending);
      return delivery;
    }
    this.start();
    this.schedule(delayMs + Math.floor(this.options.random() * jitterMs), () => this.attempt(pending));
    return delivery;
  }

  /** Sends the held deliveries, one after the other in the order asked; resolves with how many. */
  async release(order: 'fifo' | 'reverse' = 'fifo'): Promise<number> {
    const batch = order === 'reverse' ? [...this.held].reverse() : this.held;
    this.held = [];
    const generation = this.generation;
    this.start();
    try {
      // One at a time: the receiver sees exactly this order (later retries may still overtake).
      for (const pending of batch) {
        if (generation !== this.generation) break;
        this.start();
        await this.attempt(pending);
      }
    } finally {
      this.finish(generation);
    }
    return batch.length;
  }

  /** Copies of the deliveries kept, oldest first. */
  get deliveries(): WebhookDelivery[] {
    return structuredClone(this.kept);
  }

  /** Resolves once nothing is waiting, sending or due for a retry (held deliveries do not count). */
  whenIdle(): Promise<void> {
    if (this.active === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Forgets every delivery; timers stop and attempts in flight are abandoned. */
  reset(): void {
    this.generation += 1;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const controller of this.inFlight) controller.abort();
    this.inFlight.clear();
    this.kept.length = 0;
    this.held = [];
    this.active = 0;
    this.wakeIdleWaiters();
  }

  private async attempt(pending: Pending): Promise<void> {
    const { delivery } = pending;
    const generation = this.generation;
    delivery.status = 'sending';
    const ok = await this.post(delivery, false);
    if (generation !== this.generation) return;
    if (pending.duplicate) {
      pending.duplicate = false;
      this.start();
      this.schedule(0, () => this.post(delivery, true).then(() => undefined));
    }
    if (ok) {
      delivery.status = 'delivered';
    } else {
      const retry = this.retryDelaysMs[delivery.attempts.filter((attempt) => !attempt.duplicate).length - 1];
      if (retry === undefined) {
        delivery.status = 'failed';
      } else {
        delivery.status = 'retrying';
        this.start();
        this.schedule(retry, () => this.attempt(pending), true);
      }
    }
    this.finish(generation);
  }

  /** One POST; true when the receiver answered 2xx. Never throws. */
  private async post(delivery: WebhookDelivery, duplicate: boolean): Promise<boolean> {
    const generation = this.generation;
    const controller = new AbortController();
    this.inFlight.add(controller);
    const timer = later(this.timeoutMs, () => controller.abort(new Error(`no answer within ${this.timeoutMs} ms`)), true);
    const attempt: DeliveryAttempt = { at: new Date(this.options.now()).toISOString(), ...(duplicate ? { duplicate: true as const } : {}) };
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'User-Agent': 'Upload-Post-Emulator-Webhooks' },
        body: delivery.body,
        signal: controller.signal,
        // A webhook sender posts where it was told; a redirect is the receiver's failure.
        redirect: 'manual',
      });
      attempt.status = response.status;
      await response.body?.cancel().catch(() => undefined);
      return response.status >= 200 && response.status < 300;
    } catch (error) {
      attempt.error = controller.signal.aborted ? ((controller.signal.reason as Error | undefined)?.message ?? 'aborted') : describe(error);
      return false;
    } finally {
      clearTimeout(timer);
      this.inFlight.delete(controller);
      if (generation === this.generation) delivery.attempts.push(attempt);
      if (duplicate) this.finish(generation);
    }
  }

  private schedule(ms: number, run: () => Promise<void> | void, background = false): void {
    const timer = later(
      ms,
      () => {
        this.timers.delete(timer);
        void run();
      },
      background,
    );
    this.timers.add(timer);
  }

  private keep(delivery: WebhookDelivery): void {
    this.kept.push(delivery);
    if (this.kept.length > this.maxKept) this.kept.splice(0, this.kept.length - this.maxKept);
  }

  /** One more piece of work under way (a first attempt, a retry, a duplicate). */
  private start(): void {
    this.active += 1;
  }

  private finish(generation: number): void {
    if (generation !== this.generation) return;
    this.active -= 1;
    if (this.active === 0) this.wakeIdleWaiters();
  }

  private wakeIdleWaiters(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const wake of waiters) wake();
  }
}

/** `fetch failed (ECONNREFUSED)`: the cause's code says more than "fetch failed". */
function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  return typeof code === 'string' ? `${message} (${code})` : message;
}
