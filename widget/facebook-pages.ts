/**
 * The Facebook page to publish to. Posting to Facebook goes to a page, so once a Facebook account is
 * connected the element lists the user's pages (`GET /facebook/pages`) and lets the person pick
 * one; the host stores the choice (the `upload-post-facebook-page` event) and gives it back as
 * `facebook-page`. Other per-platform targets (LinkedIn pages, Pinterest boards, Google Business
 * locations) would follow this shape once Upload-Post's API documents them. Loaded when a Facebook
 * account first shows (a module of its own in the script-tag build); the picker's markup is in
 * `templates.ts`.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Account, FacebookPagesResponse } from '../protocol/token-server-api.ts';
import { UploadPostConnectError } from './errors.ts';
import type { TokenServerClient } from './token-server-client.ts';

export type FacebookPage = FacebookPagesResponse['pages'][number];

export interface FacebookPagesOptions {
  /** The page the host says is chosen (`facebook-page`). */
  chosen(): string | undefined;
  /** The person picked a page, or there is exactly one and none was chosen. */
  picked(page: FacebookPage): void;
}

/** The user's pages, as plain strings; anything odd is left out. */
export async function readFacebookPages(client: TokenServerClient, signal?: AbortSignal): Promise<FacebookPage[]> {
  const list = ((await client.request('facebook/pages', undefined, signal)) as Partial<FacebookPagesResponse> | null)?.pages;
  if (!Array.isArray(list)) throw new UploadPostConnectError('BAD_RESPONSE', 'facebook/pages: no pages array.');
  return list.flatMap((page: { id?: unknown; name?: unknown } | null) =>
    typeof page?.id === 'string' && page.id !== '' ? [{ id: page.id, ...(typeof page.name === 'string' && page.name ? { name: page.name } : {}) }] : [],
  );
}

export class FacebookPagesController implements ReactiveController {
  state: 'idle' | 'loading' | 'ready' | 'error' = 'idle';
  pages: FacebookPage[] = [];
  /** Which client and account the pages were read for: another one reads them again. */
  private readFor?: { client: TokenServerClient; account: string };
  private reader?: AbortController;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: FacebookPagesOptions,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.reader?.abort();
    this.readFor = undefined;
    this.state = 'idle';
  }

  /** Called before each render with the Facebook account shown (if any): reads its pages once. */
  follow(client: TokenServerClient, account: Account | undefined): void {
    if (!account?.connected) {
      this.reader?.abort();
      this.readFor = undefined;
      this.state = 'idle';
      return;
    }
    const who = `${account.handle ?? ''}\u0000${account.displayName ?? ''}`;
    if (this.readFor?.client === client && this.readFor.account === who) return;
    this.readFor = { client, account: who };
    this.read();
  }

  /** Reads the pages again (the retry button). */
  read(): void {
    const client = this.readFor?.client;
    if (!client) return;
    this.reader?.abort();
    const reader = (this.reader = new AbortController());
    this.state = 'loading';
    this.host.requestUpdate();
    readFacebookPages(client, reader.signal).then(
      (pages) => {
        if (reader.signal.aborted) return;
        this.pages = pages;
        this.state = 'ready';
        this.host.requestUpdate();
        const only = pages.length === 1 ? pages[0] : undefined;
        if (only && !this.options.chosen()) this.options.picked(only);
      },
      () => {
        if (reader.signal.aborted) return;
        this.state = 'error';
        this.host.requestUpdate();
      },
    );
  }

  /** The person chose `id` in the picker. */
  choose(id: string): void {
    const page = this.pages.find((candidate) => candidate.id === id);
    if (page) this.options.picked(page);
  }
}
