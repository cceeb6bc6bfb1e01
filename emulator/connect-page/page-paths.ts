/**
 * Every URL the connect page links to, relative to the page that links to it: the emulator may be
 * served under a prefix (`/upstream/connect`) it does not know, and a relative URL resolves anyway.
 */
export class PagePaths {
  /** `root` is the relative path from the current page to the connect root, ending in `/` or empty. */
  private constructor(private readonly root: string) {}

  /**
   * @param requestPath the path the request arrived on (`c.req.path`)
   * @param depth how many segments below the connect root the route is: `/` is 0, `/calendar` 1,
   *   `/s/:id` 2, `/s/:id/calendar` 3, `/s/:id/authorize/:platform` 4
   */
  static forRequest(requestPath: string, depth: number): PagePaths {
    if (depth > 0) return new PagePaths('../'.repeat(depth - 1));
    // At the root itself (`…/connect`, no trailing slash) the browser's base is the parent folder.
    if (requestPath.endsWith('/')) return new PagePaths('');
    return new PagePaths(`${requestPath.split('/').at(-1) ?? ''}/`);
  }

  get stylesheet(): string {
    return `${this.root}assets/page.css`;
  }

  get icon(): string {
    return `${this.root}assets/icon.svg`;
  }

  avatar(handle: string): string {
    return `${this.root}avatars/${encodeURIComponent(handle)}.svg`;
  }

  accounts(sessionId: string): string {
    return `${this.root}s/${encodeURIComponent(sessionId)}`;
  }

  calendar(sessionId: string): string {
    return `${this.accounts(sessionId)}/calendar`;
  }

  authorize(sessionId: string, platform: string): string {
    return `${this.accounts(sessionId)}/authorize/${encodeURIComponent(platform)}`;
  }

  callback(sessionId: string, platform: string): string {
    return `${this.accounts(sessionId)}/callback/${encodeURIComponent(platform)}`;
  }

  /** A path beside the connect page's root (`network/…`, `api/…`), as served by one emulator app. */
  besideRoot(path: string): string {
    return `${this.root}../${path}`;
  }

  disconnect(sessionId: string, platform: string): string {
    return `${this.accounts(sessionId)}/disconnect/${encodeURIComponent(platform)}`;
  }
}
