/**
 * @module The default `SharedPubSub`: subscribers in this process or isolate. Messages are handed over
 * after the publisher's turn, as a remote one would, so no code comes to rely on a synchronous fan-out.
 */
import type { SharedPubSub, Unsubscribe } from './shared-pubsub.ts';

export class MemoryPubSub implements SharedPubSub {
  private readonly channels = new Map<string, Set<(message: string) => void>>();

  async publish(channel: string, message: string): Promise<void> {
    const listeners = this.channels.get(channel);
    if (!listeners) return;
    for (const listener of [...listeners]) {
      queueMicrotask(() => {
        try {
          listener(message);
        } catch {
          // One subscriber's failure must not keep the message from the others.
        }
      });
    }
  }

  async subscribe(channel: string, listener: (message: string) => void): Promise<Unsubscribe> {
    let listeners = this.channels.get(channel);
    if (!listeners) this.channels.set(channel, (listeners = new Set()));
    // A wrapper per subscription: subscribing the same function twice means two subscriptions.
    const subscription = (message: string) => listener(message);
    listeners.add(subscription);
    return async () => {
      listeners.delete(subscription);
      if (listeners.size === 0 && this.channels.get(channel) === listeners) this.channels.delete(channel);
    };
  }
}
