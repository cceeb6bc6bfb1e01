/**
 * Shared by the token-server tests: a fake Upload-Post behind `UploadPostApi` that records every
 * call, and a capture of every log record and answer a test file sees, so that each file can assert
 * at the end that none of them contains a secret.
 */
import assert from 'node:assert/strict';
import type { LogRecord } from '../../token-server/log.ts';
import { UploadPostError } from '../../upload-post/errors.ts';
import type {
  GeneratedJwt,
  GenerateJwtOptions,
  JwtValidation,
  UploadPostApi,
  UpstreamFacebookPage,
  UpstreamProfile,
  UpstreamProfileList,
} from '../../upload-post/types.ts';

export const API_KEY = 'up-test-key-7f3c9a1e5b2d4c6e8a0f';
export const SESSION_SECRET = 'session-secret-for-tests-0123456789abcdef';
export const APP_ORIGIN = 'https://app.example.com';

type Method = 'createProfile' | 'getProfile' | 'generateJwt' | 'facebookPages' | 'listProfiles' | 'deleteProfile' | 'validateJwt';

export function httpError(status: number, errorCode?: string, message = `upstream said ${status}`): UploadPostError {
  return new UploadPostError({ kind: 'http', status, ...(errorCode ? { errorCode } : {}), operation: 'TEST', message });
}

/** An in-memory Upload-Post. Profiles are created by `createProfile` or `addProfile`. */
export class FakeUpstream implements UploadPostApi {
  readonly calls: { method: Method; args: unknown[] }[] = [];
  readonly profiles = new Map<string, UpstreamProfile>();
  pages: UpstreamFacebookPage[] = [];
  accessUrl = 'https://app.upload-post.com/connect?token=fake.jwt.token';
  duration: string | undefined = '48h';
  /** Every call waits for this, when set (to hold reads in flight). */
  gate: Promise<void> | undefined;
  private readonly failures = new Map<Method, { error: unknown; times: number }>();

  addProfile(username: string, socialAccounts: UpstreamProfile['social_accounts'] = {}): void {
    this.profiles.set(username, { username, social_accounts: socialAccounts });
  }

  /** The next `times` calls of `method` throw `error`. */
  fail(method: Method, error: unknown, times = Number.POSITIVE_INFINITY): void {
    this.failures.set(method, { error, times });
  }

  count(method: Method): number {
    return this.calls.filter((call) => call.method === method).length;
  }

  /** Like the real client, a call given a `signal` ends when it aborts, even while held at the gate. */
  private async enter(method: Method, args: unknown[], signal?: AbortSignal): Promise<void> {
    this.calls.push({ method, args });
    const aborted = () => new UploadPostError({ kind: 'aborted', operation: `TEST ${method}`, message: 'aborted', cause: signal?.reason });
    if (signal?.aborted) throw aborted();
    if (this.gate) {
      await new Promise<void>((resolve, reject) => {
        signal?.addEventListener('abort', () => reject(aborted()), { once: true });
        this.gate!.then(resolve, reject);
      });
    }
    const failure = this.failures.get(method);
    if (failure && failure.times > 0) {
      failure.times -= 1;
      throw failure.error;
    }
  }

  async createProfile(username: string, signal?: AbortSignal): Promise<UpstreamProfile> {
    await this.enter('createProfile', [username], signal);
    if (this.profiles.has(username)) throw httpError(409);
    this.addProfile(username, {});
    return this.profiles.get(username)!;
  }

  async listProfiles(): Promise<UpstreamProfileList> {
    await this.enter('listProfiles', []);
    return { profiles: [...this.profiles.values()] };
  }

  async getProfile(username: string, signal?: AbortSignal): Promise<UpstreamProfile> {
    await this.enter('getProfile', [username], signal);
    const profile = this.profiles.get(username);
    if (!profile) throw httpError(404, undefined, 'Profile not found');
    return profile;
  }

  async deleteProfile(username: string): Promise<void> {
    await this.enter('deleteProfile', [username]);
    this.profiles.delete(username);
  }

  async generateJwt(options: GenerateJwtOptions, signal?: AbortSignal): Promise<GeneratedJwt> {
    await this.enter('generateJwt', [options], signal);
    if (!this.profiles.has(options.username)) throw httpError(404, 'PROFILE_NOT_FOUND');
    return { access_url: this.accessUrl, ...(this.duration ? { duration: this.duration } : {}) };
  }

  async validateJwt(jwt: string): Promise<JwtValidation> {
    await this.enter('validateJwt', [jwt]);
    return { valid: false, reason: 'fake' };
  }

  async facebookPages(profile?: string, signal?: AbortSignal): Promise<UpstreamFacebookPage[]> {
    await this.enter('facebookPages', [profile], signal);
    if (profile !== undefined && !this.profiles.has(profile)) throw httpError(404, undefined, 'Profile not found');
    return this.pages;
  }
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests assert the answer's shape themselves
  json: any;
}

/**
 * Everything a test file's server said — log records and answers — kept to check at the end
 * that no secret ever left.
 */
export class Capture {
  readonly logs: LogRecord[] = [];
  readonly seen: string[] = [];
  readonly sink = (record: LogRecord) => {
    this.logs.push(record);
  };

  async answer(response: Response): Promise<Answer> {
    const text = await response.text();
    this.seen.push(text, JSON.stringify([...response.headers]));
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json };
  }

  /** Also errors thrown at creation and anything else a test wants checked. */
  note(text: string): void {
    this.seen.push(text);
  }

  assertNoSecret(...secrets: string[]): void {
    assert.ok(this.logs.length + this.seen.length > 0, 'nothing was captured: the check would be vacuous');
    const all = [...this.seen, ...this.logs.map((record) => JSON.stringify(record))];
    for (const secret of secrets) {
      for (const item of all) assert.ok(!item.includes(secret), `a secret leaked into: ${item.slice(0, 200)}`);
    }
  }

  /** Request records (one per request) of the given path. */
  requests(path?: string): LogRecord[] {
    return this.logs.filter((record) => record.msg === 'request' && (path === undefined || record.path === path));
  }
}

/** An error body in our shape with the given code, and its request id matching the header. */
export function assertError(answer: Answer, status: number, code: string): void {
  assert.equal(answer.status, status, `expected ${status} ${code}, got ${answer.status}: ${answer.text}`);
  assert.equal(answer.json?.error?.code, code, answer.text);
  assert.equal(typeof answer.json.error.message, 'string');
  assert.ok(answer.json.error.message.length > 0);
  assert.equal(answer.json.error.requestId, answer.headers.get('X-Request-Id'));
}
