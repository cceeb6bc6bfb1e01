/**
 * Shared by the browser tests: a scenario on the fake token server (test/helpers/fake-token-server.mjs)
 * per test, small waits that fail with a message instead of hanging, and stand-ins for browser APIs.
 */
import { expect } from '@open-wc/testing';
import type { Account } from '../../protocol/token-server-api.ts';
import type { UploadPostConnectElement } from '../../widget/upload-post-connect.ts';

export interface LoggedRequest {
  method: string;
  route: string;
  authorization: string | null;
  cacheControl: string | null;
  cookie: string | null;
  origin: string | null;
  body: Record<string, unknown> | null;
  /** The query string, without `?`. */
  query: string | null;
}

/** Console errors and warnings fail the test they happen in: the element must be quiet. */
const noise: string[] = [];
for (const level of ['error', 'warn'] as const) {
  const original = console[level].bind(console);
  console[level] = (...args: unknown[]) => {
    noise.push(`console.${level}: ${args.map(String).join(' ')}`);
    original(...args);
  };
}
window.addEventListener('error', (event) => noise.push(`uncaught: ${event.message}`));
window.addEventListener('unhandledrejection', (event) => noise.push(`unhandled rejection: ${event.reason}`));
afterEach(() => {
  const seen = noise.splice(0);
  expect(seen, 'console noise').to.deep.equal([]);
});

let counter = 0;

/** A fresh scenario on the fake token server; `endpoint` is what the element gets. */
export async function scenario(setup: Record<string, unknown> = {}, origin = location.origin) {
  const id = `t${Date.now().toString(36)}-${++counter}`;
  const endpoint = `${origin}/upload-post/s/${id}`;
  const post = (route: string, body: unknown) => fetch(`${location.origin}/upload-post/s/${id}/${route}`, { method: 'POST', body: JSON.stringify(body) });
  await post('__setup', setup);
  return {
    id,
    endpoint,
    setup: (changes: Record<string, unknown>) => post('__setup', changes),
    log: async (): Promise<LoggedRequest[]> => (await fetch(`${location.origin}/upload-post/s/${id}/__log`)).json(),
  };
}

export const accounts = (connected: string[], all = ['tiktok', 'instagram', 'youtube', 'linkedin']): Account[] =>
  all.map((platform) =>
    connected.includes(platform)
      ? { platform, connected: true, displayName: `${platform} person`, handle: `${platform}_handle` }
      : { platform, connected: false },
  );

/** Polls until `check` is true, failing after `timeout` ms with `what`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeout = 5000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeout) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A promise and the functions that settle it, for a test to decide when work finishes. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The URL a `fetch` was called with, whatever form it took. */
export const requestUrl = (input: RequestInfo | URL) => (input instanceof Request ? input.url : input.toString());

export const shadow = (el: UploadPostConnectElement) => el.shadowRoot!;

export const part = (el: UploadPostConnectElement, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);

export const parts = (el: UploadPostConnectElement, name: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(`[part~="${name}"]`)];

/** Resolves once the element has shown accounts or an error (not the skeleton). */
export async function settled(el: UploadPostConnectElement): Promise<void> {
  await until(() => !parts(el, 'skeleton').length && el.shadowRoot!.querySelector('section')?.getAttribute('aria-busy') === 'false', 'the element to settle');
  await el.updateComplete;
}

/** Replaces `window.open` for one test; the returned function puts it back. */
export function stubWindowOpen(impl: (...args: Parameters<typeof window.open>) => Window | null) {
  const original = window.open.bind(window);
  const calls: Parameters<typeof window.open>[] = [];
  window.open = (...args: Parameters<typeof window.open>) => {
    calls.push(args);
    return impl(...args);
  };
  return {
    calls,
    restore: () => {
      window.open = original;
    },
  };
}
