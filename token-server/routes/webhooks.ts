/**
 * @module `POST /webhooks/upload-post?secret=…`: Upload-Post's webhook deliveries. Accepted only with
 * the configured secret in the URL (compared in constant time; Upload-Post signs nothing), answered
 * at once (202), and each one taken as a hint: the profile it names is re-read in the background and
 * whatever really changed is told to the streams and the backend (`live/accounts-watch.ts`).
 */
import type { Handler, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { timingSafeEqual } from 'hono/utils/buffer';
import type { TokenServerEnv } from '../context.ts';
import { fail } from '../errors.ts';
import type { LogSink } from '../log.ts';
import type { AccountsWatch } from '../live/accounts-watch.ts';
import { inBackground } from '../live/background.ts';
import { readWebhookDelivery } from '../live/webhook-delivery.ts';

export const WEBHOOK_PATH = '/webhooks/upload-post';
export const WEBHOOK_SECRET_QUERY = 'secret';

export interface UpstreamWebhookRouteOptions {
  secret: string;
  watch: AccountsWatch;
  /** Whether a profile is one of this server's users (a profile of another app on the same key is not). */
  isOurs: (profile: string) => boolean;
  log: LogSink;
  now: () => number;
}

/** Deliveries are small JSON objects: a larger body is refused before it is read. */
export function webhookBodyLimit(maxBytes: number): MiddlewareHandler<TokenServerEnv> {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => fail('PAYLOAD_TOO_LARGE', `The webhook body is larger than ${maxBytes} bytes.`, { headers: { Connection: 'close' } }),
  });
}

export function upstreamWebhookRoute({ secret, watch, isOurs, log, now }: UpstreamWebhookRouteOptions): Handler<TokenServerEnv> {
  return async function upstreamWebhook(c) {
    const given = c.req.query(WEBHOOK_SECRET_QUERY);
    if (given === undefined || !(await timingSafeEqual(given, secret))) {
      fail('UNAUTHENTICATED', `This webhook URL needs the right ?${WEBHOOK_SECRET_QUERY}= (the one registered with Upload-Post).`);
    }
    let json: unknown;
    try {
      json = JSON.parse(await c.req.text());
    } catch {
      fail('INVALID_REQUEST', 'The webhook body is not JSON.');
    }
    const actions = readWebhookDelivery(json).map((action) =>
      action.action === 'refresh' && !isOurs(action.profile)
        ? { action: 'ignore' as const, reason: 'the profile is not one of this server’s users', expected: true }
        : action,
    );
    const refreshes = actions.flatMap((action) => (action.action === 'refresh' ? [watch.refresh(action.profile, action.hint)] : []));
    const ignored = actions.flatMap((action) => (action.action === 'ignore' ? [action] : []));
    if (ignored.length) {
      // What the delivery looked like, never its values: it may carry emails and names.
      const keys = json !== null && typeof json === 'object' && !Array.isArray(json) ? Object.keys(json).slice(0, 20) : [];
      log({
        time: new Date(now()).toISOString(),
        level: ignored.every((action) => action.expected) ? 'info' : 'warn',
        msg: 'webhook delivery ignored',
        requestId: c.get('requestId'),
        reasons: ignored.map((action) => action.reason),
        keys,
      });
    }
    if (refreshes.length) inBackground(c, () => Promise.all(refreshes).then(() => undefined));
    c.header('Cache-Control', 'no-store');
    return c.json({ received: true, refreshed: refreshes.length, ignored: ignored.length }, 202);
  };
}
