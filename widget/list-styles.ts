/**
 * The list's look: rows and chips, icons in their brand colours, badges, avatars, actions, the
 * Facebook page picker, the notices above the list, the footer under it and the failed-to-load panel. Loaded with the list (`list-view.ts`); the card's own styles and the
 * custom properties they all use are in `styles.ts`.
 */
import { css, unsafeCSS } from 'lit';
import { PLATFORMS } from '../protocol/platforms.ts';

// Brand colours as classes, not inline styles (which a strict CSP would block). Black brands
// (TikTok, X, Threads) would vanish on a dark card, so they follow the text colour there.
const brands = unsafeCSS(PLATFORMS.map(({ id, color }) => `.icon.p-${id}{--_brand:${color === '#000000' ? 'var(--_black-brand)' : color}}`).join(''));

export const listStyles = css`
  :host {
    --_success: var(--upload-post-success, light-dark(#166534, #4ade80));
    --_danger: var(--upload-post-danger, light-dark(#b91c1c, #f87171));
    --_black-brand: light-dark(#000000, #eef0f4);
  }
  button:disabled { opacity: 0.6; cursor: progress; }
  /* Not the skeleton's bone, which keeps its own grey. */
  .icon:not(.bone) {
    --_brand: var(--_muted);
    color: var(--_brand);
    background: color-mix(in srgb, var(--_brand) 11%, transparent);
  }
  .code {
    display: block;
    font: 12px ui-monospace, SFMono-Regular, Menlo, monospace;
    color: var(--_muted);
  }
  .failed {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 10px;
    padding: calc(var(--_space) * 2) var(--_space);
    text-align: center;
  }
  .failed strong { font-weight: 600; }
  .failed .sign {
    display: grid;
    place-items: center;
    width: 40px;
    height: 40px;
    border-radius: 50%;
    color: var(--_danger);
    background: color-mix(in srgb, var(--_danger) 10%, transparent);
    font-weight: 700;
  }

  .notice {
    display: flex;
    align-items: center;
    flex-wrap: wrap;
    gap: 8px 12px;
    margin: var(--_space) var(--_space) calc(var(--_space) / 2);
    padding: 10px 12px;
    border-radius: calc(var(--_radius) * 0.6);
    background: var(--_surface);
    border: 1px solid var(--_border);
  }
  .notice > span { flex: 1 1 14em; }
  .notice.error {
    color: var(--_danger);
    background: color-mix(in srgb, var(--_danger) 7%, var(--_bg));
    border-color: color-mix(in srgb, var(--_danger) 25%, transparent);
  }
  .notice .code { color: inherit; }
  footer {
    padding: 12px var(--_space);
    border-top: 1px solid var(--_border);
    background: var(--_surface);
    color: var(--_muted);
    font-size: 13px;
  }

  .quiet { border-color: transparent; box-shadow: none; color: var(--_muted); padding: 0 8px; }
  .quiet:hover { color: var(--_text); }
  .icon svg { width: 20px; height: 20px; fill: currentColor; }
  .name { font-weight: 600; display: block; }
  .account, .status {
    display: flex;
    align-items: center;
    gap: 6px;
    color: var(--_muted);
    min-width: 0;
  }
  .account span { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .display-name { color: var(--_text); }
  .avatar {
    flex: none;
    width: 18px;
    height: 18px;
    border-radius: 50%;
    object-fit: cover;
    background: var(--_skeleton);
  }
  .badge {
    flex: none;
    display: inline-flex;
    align-items: center;
    gap: 6px;
    padding: 2px 10px 2px 8px;
    border-radius: 999px;
    font-size: 12px;
    font-weight: 500;
    color: var(--_success);
    background: color-mix(in srgb, var(--_success) 10%, transparent);
    border: 1px solid color-mix(in srgb, var(--_success) 22%, transparent);
  }
  .badge.warn, .status.error { color: var(--_danger); }
  .badge.warn {
    background: color-mix(in srgb, var(--_danger) 8%, transparent);
    border-color: color-mix(in srgb, var(--_danger) 22%, transparent);
  }
  .badge::before {
    content: '';
    width: 6px;
    height: 6px;
    border-radius: 50%;
    background: currentColor;
  }

  .chip {
    display: inline-flex;
    align-items: center;
    gap: 8px;
    min-height: 40px;
    padding: 4px 12px 4px 4px;
    border-radius: 999px;
    border: 1px solid var(--_border);
    background: var(--_bg);
    font-weight: 500;
  }
  .chip .icon { width: 30px; height: 30px; border-radius: 50%; }
  .chip .icon svg { width: 16px; height: 16px; }
  .chip .handle { color: var(--_muted); font-weight: 400; }
  .chip.on::after {
    content: '';
    width: 7px;
    height: 7px;
    border-radius: 50%;
    background: var(--_success);
  }
  button.chip { box-shadow: none; border-style: dashed; }
  button.chip::after { content: '+'; color: var(--_accent); font-size: 16px; font-weight: 600; line-height: 1; }
  button.chip.on { border-style: solid; }
  .chip.warn { border-color: color-mix(in srgb, var(--_danger) 45%, transparent); }
  .chip.warn::after { background: var(--_danger); }
  .chip.warn .handle { color: var(--_danger); }

  .target { flex-basis: 100%; display: flex; flex-wrap: wrap; align-items: center; gap: 6px 10px; padding-left: 54px; }
  .chips + .target { padding: 0 var(--_space) var(--_space); }
  .target .label { color: var(--_muted); font-size: 13px; }
  select {
    font: inherit;
    min-height: 32px;
    max-width: 100%;
    padding: 0 8px;
    border-radius: calc(var(--_radius) * 0.6);
    border: 1px solid var(--_border);
    background: var(--_bg);
    color: var(--_text);
  }
  select:focus-visible { outline: 2px solid var(--_accent); outline-offset: 2px; }

  ${brands}
`;
