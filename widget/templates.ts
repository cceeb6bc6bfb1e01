/**
 * The element's markup, piece by piece: rows (full layout), chips (compact), the skeleton, the
 * notice above the list and the failed-to-load panel. Plain functions of what to show and which
 * handler to call; every value from the token server is a text binding, never markup.
 */
import { html, nothing, svg, type TemplateResult } from 'lit';
import { PLATFORM_ICONS, UNKNOWN_PLATFORM_ICON } from '../lib/platform-icons.ts';
import { platformName } from '../protocol/platforms.ts';
import type { Account } from '../protocol/token-server-api.ts';
import type { UploadPostStrings } from './strings/en.ts';
import { format } from './strings/load.ts';

export type Listener = (event: Event) => void;

export const icon = (platform: string): TemplateResult =>
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

export function row(account: Account, t: UploadPostStrings, onOpen: Listener): TemplateResult {
  const name = platformName(account.platform);
  if (!account.connected) {
    return html`<li part="row row-disconnected">${icon(account.platform)}
      <div class="meta"><span part="platform-name" class="name">${name}</span>
        <span part="status" class="status">${t.notConnected}</span></div>
      ${connectButton(account, t, false, onOpen)}</li>`;
  }
  const handle = account.handle ? `@${account.handle}` : '';
  return html`<li part="row row-connected">${icon(account.platform)}
    <div class="meta"><span part="platform-name" class="name">${name}</span>
      <span part="account" class="account">${avatar(account)}
        ${account.displayName ? html`<span part="display-name" class="display-name">${account.displayName}</span>` : nothing}
        ${handle ? html`<span part="handle" class="handle">${handle}</span>` : nothing}</span></div>
    <span part="badge" class="badge">${t.connected}</span></li>`;
}

export function chip(account: Account, t: UploadPostStrings, onOpen: Listener): TemplateResult {
  if (!account.connected) return html`<li>${connectButton(account, t, true, onOpen)}</li>`;
  const name = platformName(account.platform);
  const who = account.handle ? `@${account.handle}` : (account.displayName ?? '');
  return html`<li part="chip chip-connected" class="chip on">${icon(account.platform)}
    <span part="platform-name">${name}</span>
    ${who ? html`<span part="handle" class="handle">${who}</span>` : nothing}
    <span class="sr-only">${t.connected}</span></li>`;
}

export function skeleton(compact: boolean): TemplateResult {
  const bones = [1, 2, 3, 4];
  return compact
    ? html`<ul part="list" class="chips" aria-hidden="true">${bones.map((index) => html`<li part="skeleton" class="bone chip w${index}"></li>`)}</ul>`
    : html`<ul part="list" class="rows" aria-hidden="true">${bones.map(
        (index) => html`<li part="skeleton">
        <span class="bone icon"></span>
        <span class="meta"><span class="bone line w${index}"></span><span class="bone line short"></span></span>
        <span class="bone pill"></span></li>`,
      )}</ul>`;
}

/** What the notice above the list says, most urgent first. */
export type Notice =
  | { kind: 'blocked'; url: string; onFallback: Listener }
  | { kind: 'problem'; text: string; code: string; onRetry: Listener }
  /** The connect window is open and attached: it can be brought forward. */
  | { kind: 'window'; onShow: Listener }
  /** The window is elsewhere (closed, or severed by a consent screen): the person may say they are done. */
  | { kind: 'away'; onDone: Listener };

export function notice(shown: Notice | undefined, t: UploadPostStrings): TemplateResult | typeof nothing {
  switch (shown?.kind) {
    case undefined:
      return nothing;
    case 'blocked':
      return html`<div part="notice" class="notice"><span>${t.popupBlocked}</span>
        ${
          shown.url
            ? html`<a part="fallback-link" class="link primary" href=${shown.url} target="_blank" rel="noopener"
              @click=${shown.onFallback}>${t.openLink}</a>`
            : nothing
        }</div>`;
    case 'problem':
      return html`<div part="notice" class="notice error"><span>${shown.text}
          <span part="error-code" class="code">${shown.code}</span></span>
        <button part="button retry-button" @click=${shown.onRetry}>${t.retry}</button></div>`;
    case 'window':
      return html`<div part="notice" class="notice"><span>${t.windowOpen}</span>
        <button part="button" @click=${shown.onShow}>${t.showWindow}</button></div>`;
    case 'away':
      return html`<div part="notice" class="notice"><span>${t.windowAway}</span>
        <button part="button done-button" @click=${shown.onDone}>${t.finished}</button></div>`;
  }
}

export function failedPanel(text: string, code: string, t: UploadPostStrings, onRetry: Listener): TemplateResult {
  return html`<div part="error" class="failed"><span class="sign" aria-hidden="true">!</span>
    <strong>${text}</strong>
    <span part="error-code" class="code">${code}</span>
    <button part="button retry-button" @click=${onRetry}>${t.retry}</button></div>`;
}
