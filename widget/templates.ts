/**
 * The element's markup that the script tag paints by itself: the skeleton, and a plain failure for
 * when the list's module cannot be loaded. The list (rows, chips, icons), the notices above it and
 * the failed-to-load panel are `list-view.ts` and `notices.ts`, loaded beside the first read. Plain functions of what to show and which handler to
 * call; every value from the token server is a text binding, never markup.
 */
import { html, type TemplateResult } from 'lit';
import type { Listener } from './notices.ts';

export function skeleton(compact: boolean): TemplateResult {
  const bones = [1, 2, 3, 4];
  return compact
    ? html`<ul part="list" class="chips" aria-hidden="true">${bones.map((index) => html`<li part="skeleton" class="bone w${index}"></li>`)}</ul>`
    : html`<ul part="list" class="rows" aria-hidden="true">${bones.map(
        (index) => html`<li part="skeleton">
        <span class="bone icon"></span>
        <span class="meta"><span class="bone line w${index}"></span><span class="bone line short"></span></span>
        <span class="bone pill"></span></li>`,
      )}</ul>`;
}

/** When the list's module itself could not be loaded (offline): the failure, plainly, and Try again. */
export function unstyledFailure(text: string, retry: string, onRetry: Listener): TemplateResult {
  return html`<p part="error" class="plain" role="alert">${text} <button part="button retry-button" @click=${onRetry}>${retry}</button></p>`;
}
