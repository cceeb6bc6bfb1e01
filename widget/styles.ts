/**
 * The element's look, a settings-page card: every colour, radius, font and spacing comes from a
 * `--upload-post-*` custom property through a private `--_*` copy holding the light or dark default,
 * so a page sets a property once for both themes. Adopted stylesheets only: no `unsafe-inline` under a CSP.
 */
import { css, unsafeCSS } from 'lit';
import { PLATFORMS } from '../protocol/platforms.ts';

const dark = css`
  --_bg: var(--upload-post-background, #0f1117);
  --_surface: var(--upload-post-surface, #161a23);
  --_text: var(--upload-post-text, #eef0f4);
  --_muted: var(--upload-post-text-muted, #9aa3b2);
  --_border: var(--upload-post-border, #262b36);
  --_accent: var(--upload-post-accent, #818cf8);
  --_on-accent: var(--upload-post-accent-text, #0b0d14);
  --_success: var(--upload-post-success, #4ade80);
  --_danger: var(--upload-post-danger, #f87171);
  --_skeleton: #232836;
  --_shadow: 0 1px 2px rgb(0 0 0 / 0.4);
  --_black-brand: #eef0f4;
  color-scheme: dark;
`;

// Brand colours as classes, not inline styles (which a strict CSP would block). Black brands
// (TikTok, X, Threads) would vanish on a dark card, so they follow the text colour there.
const brands = unsafeCSS(PLATFORMS.map(({ id, color }) => `.icon.p-${id}{--_brand:${color === '#000000' ? 'var(--_black-brand)' : color}}`).join(''));

export const styles = css`
  :host {
    --_bg: var(--upload-post-background, #ffffff);
    --_surface: var(--upload-post-surface, #f8f9fb);
    --_text: var(--upload-post-text, #111827);
    --_muted: var(--upload-post-text-muted, #6b7280);
    --_border: var(--upload-post-border, #e5e7eb);
    --_accent: var(--upload-post-accent, #4f46e5);
    --_on-accent: var(--upload-post-accent-text, #ffffff);
    --_success: var(--upload-post-success, #166534);
    --_danger: var(--upload-post-danger, #b91c1c);
    --_radius: var(--upload-post-radius, 12px);
    --_space: var(--upload-post-spacing, 20px);
    --_skeleton: #eceef2;
    --_shadow: 0 1px 2px rgb(16 24 40 / 0.05);
    --_black-brand: #000000;
    display: block;
    color-scheme: light;
    font-family: var(--upload-post-font, ui-sans-serif, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif);
    font-size: 14px;
    line-height: 1.45;
    color: var(--_text);
  }
  :host([hidden]) { display: none; }
  :host([theme='dark']) { ${dark} }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) { ${dark} }
  }
  * { box-sizing: border-box; }

  .card {
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: var(--_shadow);
    overflow: hidden;
  }
  header {
    display: flex;
    align-items: flex-start;
    justify-content: space-between;
    gap: 16px;
    padding: var(--_space);
    border-bottom: 1px solid var(--_border);
  }
  :host([layout='compact']) header { align-items: center; }
  h2 { margin: 0; font-size: 15px; font-weight: 600; letter-spacing: -0.01em; }
  header p { margin: 2px 0 0; color: var(--_muted); }

  button, .link {
    font: inherit;
    font-weight: 500;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 6px;
    min-height: 32px;
    padding: 0 12px;
    border-radius: calc(var(--_radius) * 0.6);
    border: 1px solid var(--_border);
    background: var(--_bg);
    color: var(--_text);
    cursor: pointer;
    white-space: nowrap;
    text-decoration: none;
    box-shadow: var(--_shadow);
    transition: background-color 0.15s, border-color 0.15s, box-shadow 0.15s;
  }
  button:hover, .link:hover { background: var(--_surface); }
  button:focus-visible, .link:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .primary { background: var(--_accent); border-color: transparent; color: var(--_on-accent); }
  .primary:hover { background: color-mix(in srgb, var(--_accent) 88%, #000); }
  button:disabled { opacity: 0.6; cursor: progress; }

  ul { list-style: none; margin: 0; padding: 0; }
  .rows li {
    display: flex;
    align-items: center;
    gap: 14px;
    min-height: 68px;
    padding: 12px var(--_space);
  }
  .rows li + li { border-top: 1px solid var(--_border); }

  .icon {
    flex: none;
    display: grid;
    place-items: center;
    width: 40px;
    height: 40px;
    border-radius: calc(var(--_radius) * 0.75);
    --_brand: var(--_muted);
    color: var(--_brand);
    background: color-mix(in srgb, var(--_brand) 11%, transparent);
  }
  .icon svg { width: 20px; height: 20px; fill: currentColor; }
  .meta { flex: 1; min-width: 0; }
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
  .badge::before {
    content: '';
    width: 6px;
    height: 6px;
    border-radius: 50%;
    background: currentColor;
  }

  .chips { display: flex; flex-wrap: wrap; gap: 8px; padding: var(--_space); }
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

  footer {
    padding: 12px var(--_space);
    border-top: 1px solid var(--_border);
    background: var(--_surface);
    color: var(--_muted);
    font-size: 13px;
  }

  .bone {
    display: block;
    border-radius: 6px;
    background: var(--_skeleton);
    animation: pulse 1.4s ease-in-out infinite;
  }
  .bone.line { height: 10px; margin: 4px 0; width: 38%; }
  .bone.line.short { width: 22%; opacity: 0.7; }
  .bone.w2 { width: 30%; }
  .bone.w3 { width: 44%; }
  .bone.w4 { width: 26%; }
  .bone.pill { width: 84px; height: 28px; border-radius: 8px; }
  .chips .bone { width: 120px; height: 40px; border-radius: 999px; border: 0; }

  @keyframes pulse { 50% { opacity: 0.45; } }
  @media (prefers-reduced-motion: reduce) {
    .bone { animation: none; }
    button, .link { transition: none; }
  }

  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  @media (max-width: 420px) {
    header { flex-direction: column; }
  }
  ${brands}
`;
