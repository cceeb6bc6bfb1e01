/** Fault injection for the emulated API: latency, forced or random 5xx answers, and 200s with a broken body. */
import type { MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { formatIssue } from '../lib/zod-issues.ts';
import { delayUnlessHungUp } from './hang-up-delay.ts';
import { errorBody } from './http-error.ts';

/** How a 200 answer is broken: cut in the middle, an HTML page, or JSON of the wrong shape. */
export const GARBAGE_MODES = ['truncated', 'html', 'wrong-shape'] as const;
export type GarbageMode = (typeof GARBAGE_MODES)[number];

export interface FaultSettings {
  /** Added before every answer, in milliseconds. */
  latencyMs: number;
  /** Share of requests (0–1) answered with a 5xx instead of reaching the route. */
  errorRate: number;
  /** Every request answered with this status (400–599) instead of reaching the route. */
  forcedStatus: number | null;
  /** Every answer replaced by a 200 with this kind of broken body (the route still runs). */
  garbage: GarbageMode | null;
}

/** Latency is capped so that a typo cannot hang a test run for hours. */
export const MAX_LATENCY_MS = 120_000;

/** Every field of `FaultSettings`, validated; `.partial()` of it checks a change. */
export const faultSettingsSchema = z.strictObject({
  latencyMs: z.number().int().min(0).max(MAX_LATENCY_MS),
  errorRate: z.number().min(0).max(1),
  forcedStatus: z.number().int().min(400).max(599).nullable(),
  garbage: z.enum(GARBAGE_MODES).nullable(),
});

const NO_FAULTS: FaultSettings = { latencyMs: 0, errorRate: 0, forcedStatus: null, garbage: null };

/** The 5xx statuses a flaky upstream (or the proxies in front of it) answers with. */
const RANDOM_ERROR_STATUSES = [500, 502, 503, 504] as const;

export class Faults {
  private current: FaultSettings;
  private readonly random: () => number;

  /**
   * `initial` may be a larger options object (the emulator passes its own): only the fault fields
   * are read. A bad value throws at start-up rather than misbehaving later.
   */
  constructor(initial: Partial<FaultSettings>, random: () => number) {
    const { latencyMs, errorRate, forcedStatus, garbage } = initial;
    this.current = { ...NO_FAULTS, ...checkedChange({ latencyMs, errorRate, forcedStatus, garbage }) };
    this.random = random;
  }

  /** A copy of the settings in force. */
  get settings(): FaultSettings {
    return { ...this.current };
  }

  /** Changes some settings; throws a `TypeError` on an invalid value (nothing is changed then). */
  set(partial: Partial<FaultSettings>): FaultSettings {
    this.current = { ...this.current, ...checkedChange(partial) };
    return this.settings;
  }

  /** No faults at all. */
  clear(): void {
    this.current = { ...NO_FAULTS };
  }

  /**
   * Runs before authentication (see `api/api-routes.ts`): an upstream that is down does not check
   * keys first, so a client must meet the outage whatever it sends. Changed at run time through
   * `PUT /__emulator/faults`.
   */
  middleware(): MiddlewareHandler {
    return async (c, next) => {
      // One snapshot per request: a change made while this request waits applies to the next ones.
      const { latencyMs, errorRate, forcedStatus, garbage } = this.current;
      // A client giving up early does not undo the request: as on a real server, the route still
      // runs (a timed-out create may still have created the profile), only sooner.
      if (latencyMs > 0) await delayUnlessHungUp(latencyMs, c);

      if (forcedStatus !== null) {
        return c.json(errorBody(`Emulated fault: forced status ${forcedStatus}`), forcedStatus as 400);
      }
      if (errorRate > 0 && this.random() < errorRate) {
        const status = RANDOM_ERROR_STATUSES[Math.floor(this.random() * RANDOM_ERROR_STATUSES.length)] ?? 500;
        return c.json(errorBody(`Emulated fault: random ${status}`), status);
      }

      await next();
      // Assigning `c.res` keeps the route's other headers (Hono copies them), e.g. the 413's Connection: close.
      if (garbage !== null) c.res = await garbled(c.res, garbage);
    };
  }
}

/** The fields of `change` that are set, validated; a `TypeError` naming the first bad one otherwise. */
function checkedChange(change: Partial<FaultSettings>): Partial<FaultSettings> {
  const parsed = faultSettingsSchema.partial().safeParse(change);
  if (!parsed.success) throw new TypeError(`Invalid fault setting ${formatIssue(parsed.error.issues[0]!)}.`);
  return Object.fromEntries(Object.entries(parsed.data).filter(([, value]) => (value as unknown) !== undefined));
}

/** The route's real answer, turned into a 200 a client cannot use as documented. */
async function garbled(response: Response, mode: GarbageMode): Promise<Response> {
  const text = await response.text();
  switch (mode) {
    case 'truncated': {
      // Cut where a dropped connection would: the JSON no longer parses.
      const cut = text.length > 1 ? text.slice(0, Math.floor(text.length / 2)) : '{';
      return new Response(cut, { status: 200, headers: { 'Content-Type': 'application/json' } });
    }
    case 'html':
      // What a proxy's error page looks like when it forgets to set an error status.
      return new Response('<!DOCTYPE html><html><head><title>Upload-Post</title></head><body><h1>Service temporarily unavailable</h1></body></html>', {
        status: 200,
        headers: { 'Content-Type': 'text/html; charset=utf-8' },
      });
    case 'wrong-shape':
      // Valid JSON with the real answer's keys, each holding a number: no documented field has that type.
      return Response.json(wrongShape(text), { status: 200 });
  }
}

function wrongShape(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { unexpected: 42 };
  return Object.fromEntries(Object.keys(value).map((key) => [key, 42]));
}
