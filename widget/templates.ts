/**
 * The element's markup that the first paint needs before the list: the skeleton, the notice above
 * the list and the failed-to-load panel. The list itself (rows, chips, icons) is `list-view.ts`,
 * loaded beside the first read. Plain functions of what to show and which handler to call; every
 * value from the token server is a text binding, never markup.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { UploadPostStrings } from './strings/en.ts';

export type Listener = (event: Event) => void;

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
