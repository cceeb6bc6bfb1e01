/**
 * The element's look, a settings-page card: every colour, radius, font and spacing comes from a
 * `--upload-post-*` custom property through a private `--_*` copy holding the light and dark defaults
 * (`light-dark()`, chosen by `color-scheme`: the page's preference, or `theme`), so a page sets a
 * property once for both themes. Adopted stylesheets only: no `unsafe-inline` under a CSP. These
 * are the card, its header, buttons and skeleton; the list's own (and its notices, footer and
 * failed-to-load panel) are in `list-styles.ts`.
 */
import { css } from 'lit';

export const styles = css`
  :host {
    --_bg: var(--upload-post-background, light-dark(#ffffff, #0f1117));
    --_surface: var(--upload-post-surface, light-dark(#f8f9fb, #161a23));
    --_text: var(--upload-post-text, light-dark(#111827, #eef0f4));
    --_muted: var(--upload-post-text-muted, light-dark(#6b7280, #9aa3b2));
    --_border: var(--upload-post-border, light-dark(#e5e7eb, #262b36));
    --_accent: var(--upload-post-accent, light-dark(#4f46e5, #818cf8));
    --_on-accent: var(--upload-post-accent-text, light-dark(#ffffff, #0b0d14));
    --_radius: var(--upload-post-radius, 12px);
    --_space: var(--upload-post-spacing, 20px);
    --_skeleton: light-dark(#eceef2, #232836);
    --_shadow: 0 1px 2px light-dark(rgb(16 24 40 / 0.05), rgb(0 0 0 / 0.4));
    display: block;
    color-scheme: light dark;
    /* Every browser with light-dark() has system-ui: no older fallbacks needed. */
    font-family: var(--upload-post-font, system-ui, sans-serif);
    font-size: 14px;
    line-height: 1.45;
    color: var(--_text);
  }
  :host([hidden]) { display: none; }
  :host([theme='light']) { color-scheme: light; }
  :host([theme='dark']) { color-scheme: dark; }
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

  ul { list-style: none; margin: 0; padding: 0; }
  .rows li {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px 14px;
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
  }
  .meta { flex: 1; min-width: 0; }
  .chips { display: flex; flex-wrap: wrap; gap: 8px; padding: var(--_space); }
  .plain { margin: 0; padding: var(--_space); }
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
`;
