/**
 * @module Messages every instance of the token server hears: how a change learnt on one instance
 * reaches the event streams open on the others. A `sharedStore` that also implements this interface
 * is used for it (e.g. a Redis store given a subscriber connection: `PUBLISH`, `SUBSCRIBE`);
 * otherwise the app uses a `MemoryPubSub`, which reaches this process only.
 */

/** Stops a subscription. */
export type Unsubscribe = () => Promise<void>;

export interface SharedPubSub {
  /** Hands `message` to every subscriber of `channel` on every instance: at most once, and not to one disconnected meanwhile. */
  publish(channel: string, message: string): Promise<void>;
  /** Calls `listener` with each message later published on `channel`; resolves once subscribed. */
  subscribe(channel: string, listener: (message: string) => void): Promise<Unsubscribe>;
}

/** True for an object with `publish` and `subscribe` methods, e.g. a `sharedStore` that also fans out. */
export function isSharedPubSub(value: unknown): value is SharedPubSub {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Record<string, unknown>).publish === 'function' &&
    typeof (value as Record<string, unknown>).subscribe === 'function'
  );
}
