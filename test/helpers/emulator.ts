/**
 * The emulator's tests' shared setup: a fresh emulator on a clock the test moves, calls to its API and
 * admin routes, the one error shape every failure shares, and the bad bodies every body route refuses.
 */
import assert from 'node:assert/strict';
import { createEmulator, type EmulatorOptions } from '../../emulator/index.ts';

export const KEY = 'test-api-key';
export const SECRET = 'test-jwt-secret';
export const ORIGIN = 'http://emulator.test';
export const API = `${ORIGIN}/api/uploadposts`;
export const ADMIN = `${ORIGIN}/__emulator`;
export const START = Date.parse('2025-05-02T21:43:14Z');

export interface CallInit {
  method?: string;
  /** Sent as JSON with `Content-Type: application/json`. */
  json?: unknown;
  /** Sent as is (no content type unless given in `headers`). */
  body?: string;
  headers?: Record<string, string>;
  /** The Authorization header; the right API key by default, `null` for none. */
  auth?: string | null;
}

/** A fresh emulator (key `KEY`, secret `SECRET`, clock at `START`), with helpers to call it. */
export function setupEmulator(options: EmulatorOptions = {}) {
  let clock = START;
  const emulator = createEmulator({ apiKey: KEY, jwtSecret: SECRET, now: () => clock, ...options });
  const request = (url: string, init: CallInit = {}) => {
    const headers: Record<string, string> = { ...init.headers };
    const auth = init.auth === undefined ? `Apikey ${KEY}` : init.auth;
    if (auth !== null) headers.Authorization = auth;
    let body = init.body;
    if (init.json !== undefined) {
      headers['Content-Type'] ??= 'application/json';
      body = JSON.stringify(init.json);
    }
    return emulator.app.request(url, { method: init.method ?? 'GET', headers, body });
  };
  const api = (path: string, init?: CallInit) => request(API + path, init);
  const admin = (path: string, init?: CallInit) => request(ADMIN + path, { auth: null, ...init });
  const createProfile = async (username: string) => {
    const response = await api('/users', { method: 'POST', json: { username } });
    assert.equal(response.status, 201, `creating ${username}`);
  };
  const generate = async (body: Record<string, unknown>) => {
    const response = await api('/users/generate-jwt', { method: 'POST', json: body });
    assert.equal(response.status, 200, `generate-jwt: ${await response.clone().text()}`);
    const answer = (await response.json()) as { access_url: string; duration: string; success: boolean };
    const token = new URL(answer.access_url).searchParams.get('token');
    assert.ok(token, 'access_url carries the token');
    return { answer, token };
  };
  return {
    emulator,
    api,
    admin,
    createProfile,
    generate,
    advance: (ms: number) => {
      clock += ms;
    },
    now: () => clock,
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests assert the answer's shape themselves
export async function json(response: Response): Promise<any> {
  return response.json();
}

/** The error shape every failure shares; `errorCode` undefined means "no `error_code` at all". */
export async function assertError(response: Response, status: number, message?: string, errorCode?: string) {
  assert.equal(response.status, status);
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
  const body = await json(response);
  assert.equal(body.success, false);
  assert.equal(typeof body.message, 'string');
  assert.ok(body.message.length > 0);
  if (message !== undefined) assert.equal(body.message, message);
  if (errorCode === undefined) assert.equal(body.error_code, undefined);
  else assert.equal(body.error_code, errorCode);
  return body;
}

/** A JWT's claims, read without checking anything. */
export function decodePayload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
}

/** Bodies the documentation's "Missing or invalid username" covers. */
export const BAD_USERNAME_BODIES: Array<[string, unknown]> = [
  ['no username', {}],
  ['empty username', { username: '' }],
  ['blank username', { username: '   ' }],
  ['numeric username', { username: 42 }],
  ['null username', { username: null }],
  ['array username', { username: ['a'] }],
  ['object username', { username: { id: 'a' } }],
];

/** Bodies that are no JSON object, or not declared as JSON. */
export const MALFORMED_BODIES: Array<[string, CallInit]> = [
  ['no body', {}],
  ['not JSON', { body: '{"username": "a"', headers: { 'Content-Type': 'application/json' } }],
  ['a JSON array', { body: '["a"]', headers: { 'Content-Type': 'application/json' } }],
  ['JSON null', { body: 'null', headers: { 'Content-Type': 'application/json' } }],
  ['a JSON string', { body: '"a"', headers: { 'Content-Type': 'application/json' } }],
  ['a JSON number', { body: '42', headers: { 'Content-Type': 'application/json' } }],
  ['JSON sent as text/plain', { body: '{"username":"a"}', headers: { 'Content-Type': 'text/plain' } }],
  ['JSON sent as a form', { body: 'username=a', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }],
];

/**
 * The person's round trip through the emulated network, as a browser makes it on one emulator app:
 * Connect (303 to the network's consent), Allow there (303 back with a code), the callback (303 to
 * the accounts view). `base` is the emulator's origin; `sessionPath` the session's accounts path.
 * Answers each step's response, so a test can check what stopped the trip.
 */
export async function allowOnNetwork(
  app: { request: (url: string, init?: RequestInit) => Response | Promise<Response> },
  base: string,
  sessionPath: string,
  platform: string,
  fields: { handle: string; display_name: string },
  headers: Record<string, string> = {},
) {
  const connect = await app.request(`${base}${sessionPath}/authorize/${platform}`, { headers });
  const consentUrl = connect.headers.get('Location');
  if (connect.status !== 303 || !consentUrl) return { connect };
  const consent = await app.request(consentUrl, { headers });
  const state = new URL(consentUrl).searchParams.get('state') ?? '';
  const allow = await app.request(new URL('authorize', consentUrl).href, {
    method: 'POST',
    headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded', Origin: new URL(consentUrl).origin },
    body: new URLSearchParams({ ...fields, state }).toString(),
  });
  const callbackUrl = allow.headers.get('Location');
  if (allow.status !== 303 || !callbackUrl) return { connect, consent, allow };
  const callback = await app.request(callbackUrl, { headers });
  return { connect, consent, allow, callback, consentUrl, callbackUrl };
}
