/**
 * The list's look: rows and chips, icons in their brand colours, badges, avatars, actions and the
 * Facebook page picker. Loaded with the list (`list-view.ts`); the card's own styles and the
 * custom properties they all use are in `styles.ts`.
 */
import { css, unsafeCSS } from 'lit';
import { PLATFORMS } from '../protocol/platforms.ts';

// Brand colours as classes, not inline styles (which a strict CSP would block). Black brands
// (TikTok, X, Threads) would vanish on a dark card, so they follow the text colour there.
const brands = unsafeCSS(PLATFORMS.map(({ id, color }) => `.icon.p-${id}{--_brand:${color === '#000000' ? 'var(--_black-brand)' : color}}`).join(''));

export const listStyles = css`
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
