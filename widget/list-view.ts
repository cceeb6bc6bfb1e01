/**
 * The list of accounts: rows (full layout), chips (compact), their icons and actions, the Facebook
 * page picker, their styles, the notices above them and the rest of English. A module of its own,
 * loaded beside the first read so that the script tag carries only what paints the card and its
 * skeleton. In the script-tag build its `lit`
 * is `modules/lit-tags.ts`: it only builds templates, which the bundle's Lit renders. Every value
 * from the token server is a text binding, never markup.
 */
import { html, nothing, svg, type TemplateResult } from 'lit';
import { PLATFORM_ICONS, UNKNOWN_PLATFORM_ICON } from '../lib/platform-icons.ts';
import { platformName } from '../protocol/platforms.ts';

export { isPlatformId } from '../protocol/platforms.ts';
export { parseAccounts } from './accounts-parse.ts';
export { findMisuse } from './misuse.ts';
import type { Account, FacebookPagesResponse } from '../protocol/token-server-api.ts';
import type { UploadPostStrings } from './strings/en.ts';
import { format } from './strings/format.ts';
import type { Listener } from './notices.ts';

export { listStyles } from './list-styles.ts';
export { failedPanel, notice, problemText, secondsToRetry } from './notices.ts';
export { enList } from './strings/en-list.ts';
export { reportChange, reportFirst } from './answer-report.ts';
export { takeBeforeRedirect } from './redirect-return.ts';

const icon = (platform: string): TemplateResult =>
  html`<span part="icon" class="icon p-${platform}" aria-hidden="true"><svg viewBox="0 0 24 24" focusable="false">${svg`<path d=${PLATFORM_ICONS[platform] ?? UNKNOWN_PLATFORM_ICON}></path>`}</svg></span>`;

/** Buttons carry their platform, so one click handler serves them all and focus can come back to the very button. */
function connectButton(account: Account, t: UploadPostStrings, compact: boolean, onOpen: Listener): TemplateResult {
  const name = platformName(account.platform);
  const label = format(t.connectPlatform, { platform: name });
  return compact
    ? html`<button part="button connect-button chip chip-disconnected" class="chip" aria-label=${label}
        data-platform=${account.platform} @click=${onOpen}>${icon(account.platform)}${name}</button>`
    : html`<button part="button connect-button" aria-label=${label}
        data-platform=${account.platform} @click=${onOpen}>${t.connect}</button>`;
}

/** `parseAccounts` lets only http(s) avatars in, so no `javascript:` or `data:` URL reaches `src`. */
const avatar = (account: Account) =>
  account.avatarUrl
    ? html`<img part="avatar" class="avatar" src=${account.avatarUrl} alt="" referrerpolicy="no-referrer" loading="lazy"
        @error=${(event: Event) => (event.target as HTMLElement).remove()}>`
    : nothing;

/**
 * A connected account's own action: Manage (the connect page for that platform alone), or
 * Reconnect when its token ran out.
 */
function platformButton(account: Account, t: UploadPostStrings, onOpen: Listener): TemplateResult {
  const name = platformName(account.platform);
  return account.reauthRequired
    ? html`<button part="button reconnect-button" class="primary" aria-label=${format(t.reconnectPlatform, { platform: name })}
        data-platform=${account.platform} @click=${onOpen}>${t.reconnect}</button>`
    : html`<button part="button platform-manage-button" class="quiet" aria-label=${format(t.managePlatform, { platform: name })}
        data-platform=${account.platform} @click=${onOpen}>${t.manageOne}</button>`;
}

/** `extra`: what goes under a connected account (the Facebook page to publish to). */
export function row(account: Account, t: UploadPostStrings, onOpen: Listener, extra: unknown = nothing): TemplateResult {
  const name = platformName(account.platform);
  if (!account.connected) {
    return html`<li part="row row-disconnected">${icon(account.platform)}
      <div class="meta"><span part="platform-name" class="name">${name}</span>
        <span part="status" class="status">${t.notConnected}</span></div>
      ${connectButton(account, t, false, onOpen)}</li>`;
  }
  const handle = account.handle ? `@${account.handle}` : '';
  const reauth = account.reauthRequired === true;
  return html`<li part=${reauth ? 'row row-connected row-reauth' : 'row row-connected'}>${icon(account.platform)}
    <div class="meta"><span part="platform-name" class="name">${name}</span>
      <span part="account" class="account">${avatar(account)}
        ${account.displayName ? html`<span part="display-name" class="display-name">${account.displayName}</span>` : nothing}
        ${handle ? html`<span part="handle" class="handle">${handle}</span>` : nothing}</span></div>
    <span part=${reauth ? 'badge badge-reauth' : 'badge'} class=${reauth ? 'badge warn' : 'badge'}>${reauth ? t.reauth : t.connected}</span>
    ${platformButton(account, t, onOpen)}${extra}</li>`;
}

export function chip(account: Account, t: UploadPostStrings, onOpen: Listener): TemplateResult {
  if (!account.connected) return html`<li>${connectButton(account, t, true, onOpen)}</li>`;
  const name = platformName(account.platform);
  const who = account.handle ? `@${account.handle}` : (account.displayName ?? '');
  const reauth = account.reauthRequired === true;
  // The chip is the platform's own action: its name reads what it shows, then its state and what it does.
  return html`<li><button part=${reauth ? 'button chip chip-connected chip-reauth' : 'button chip chip-connected'} class=${reauth ? 'chip on warn' : 'chip on'}
    data-platform=${account.platform} @click=${onOpen}>${icon(account.platform)}
    <span part="platform-name">${name}</span>
    ${reauth ? html`<span class="handle">${t.reconnect}</span>` : who ? html`<span part="handle" class="handle">${who}</span>` : nothing}
    <span class="sr-only">, ${reauth ? t.reauth : `${t.connected}, ${t.manageOne}`}</span></button></li>`;
}

/** The Facebook page picker's state, as `facebook-pages.ts` keeps it. */
export interface PagePickerView {
  state: 'idle' | 'loading' | 'ready' | 'error';
  pages: FacebookPagesResponse['pages'];
  chosen: string | undefined;
}

/** The Facebook page to publish to, under the Facebook account; `nothing` while there is none to show. */
export function facebookPagePicker(view: PagePickerView | undefined, t: UploadPostStrings, onChoose: (id: string) => void, onRetry: Listener) {
  if (!view || view.state === 'idle') return nothing;
  const label = html`<span class="label">${t.facebookPage}</span>`;
  let content: TemplateResult;
  if (view.state === 'loading') {
    content = html`${label}<span class="status">${t.pagesLoading}</span>`;
  } else if (view.state === 'error') {
    content = html`${label}<span class="status error">${t.pagesError}</span>
      <button part="button retry-button" @click=${onRetry}>${t.retry}</button>`;
  } else if (view.pages.length === 0) {
    content = html`${label}<span class="status">${t.pagesNone}</span>`;
  } else {
    // Properties, not attributes: an option the person already picked ignores its attribute.
    const known = view.pages.some((page) => page.id === view.chosen);
    content = html`<label for="facebook-page" class="label">${t.facebookPage}</label>
      <select part="facebook-page-select" id="facebook-page" @change=${(event: Event) => onChoose((event.target as HTMLSelectElement).value)}>
        ${known ? nothing : html`<option value="" disabled .selected=${true}>${t.choosePage}</option>`}
        ${view.pages.map((page) => html`<option value=${page.id} .selected=${page.id === view.chosen}>${page.name ?? page.id}</option>`)}
      </select>`;
  }
  return html`<div part="facebook-page" class="target" aria-busy=${view.state === 'loading' ? 'true' : 'false'}>${content}</div>`;
}

/**
 * The list as the element shows it once it has accounts: rows (with the Facebook page picker under
 * Facebook) or chips (the picker after them), then the footer.
 */
export function accountsBody(accounts: Account[], compact: boolean, t: UploadPostStrings, onOpen: Listener, pages: TemplateResult | typeof nothing) {
  if (!accounts.length) return html`<div part="footer" class="failed">${t.none}</div>`;
  if (compact) return html`<ul part="list" class="chips">${accounts.map((account) => chip(account, t, onOpen))}</ul>${pages}`;
  const connected = accounts.filter((account) => account.connected).length;
  return html`<ul part="list" class="rows">${accounts.map((account) => row(account, t, onOpen, account.platform === 'facebook' ? pages : nothing))}</ul>
    <footer part="footer">${connected ? format(t.summary, { count: connected, total: accounts.length }) : t.empty}</footer>`;
}
