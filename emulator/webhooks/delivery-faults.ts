/**
 * What the network (or Upload-Post's queue) does to webhook deliveries, for tests: lose them, delay
 * them (with jitter, which reorders), send them twice, or hold them until a test releases them in an
 * order of its choosing.
 */
import { z } from 'zod';
import { formatIssue } from '../../lib/zod-issues.ts';
import { MAX_LATENCY_MS } from '../faults.ts';

export interface DeliveryFaultSettings {
  /** Share of deliveries (0–1) lost: recorded as `dropped`, never sent. */
  dropRate: number;
  /** Added before a delivery's first attempt, in milliseconds. */
  delayMs: number;
  /** A random extra delay up to this many milliseconds per delivery: deliveries close together arrive out of order. */
  jitterMs: number;
  /** Share of deliveries (0–1) sent twice, with the same body and delivery id. */
  duplicateRate: number;
  /** Deliveries wait (status `held`) until `POST /__emulator/webhooks/release`. */
  hold: boolean;
}

export const deliveryFaultSettingsSchema = z.strictObject({
  dropRate: z.number().min(0).max(1),
  delayMs: z.number().int().min(0).max(MAX_LATENCY_MS),
  jitterMs: z.number().int().min(0).max(MAX_LATENCY_MS),
  duplicateRate: z.number().min(0).max(1),
  hold: z.boolean(),
});

const NO_FAULTS: DeliveryFaultSettings = { dropRate: 0, delayMs: 0, jitterMs: 0, duplicateRate: 0, hold: false };

export class DeliveryFaults {
  private current: DeliveryFaultSettings;

  constructor(initial: Partial<DeliveryFaultSettings> = {}) {
    this.current = { ...NO_FAULTS, ...checked(initial) };
  }

  get settings(): DeliveryFaultSettings {
    return { ...this.current };
  }

  /** Changes some settings; a `TypeError` names the first bad one (nothing changes then). */
  set(change: Partial<DeliveryFaultSettings>): DeliveryFaultSettings {
    this.current = { ...this.current, ...checked(change) };
    return this.settings;
  }

  clear(): void {
    this.current = { ...NO_FAULTS };
  }
}

function checked(change: Partial<DeliveryFaultSettings>): Partial<DeliveryFaultSettings> {
  const parsed = deliveryFaultSettingsSchema.partial().safeParse(change);
  if (!parsed.success) throw new TypeError(`Invalid webhook fault setting ${formatIssue(parsed.error.issues[0]!)}.`);
  return Object.fromEntries(Object.entries(parsed.data).filter(([, value]) => (value as unknown) !== undefined));
}
