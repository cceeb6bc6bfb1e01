/**
 * The connect page's one stylesheet, served as a file because its CSP allows no inline style (not even
 * `style=""`): each platform's brand colour is a rule keyed by `data-platform`.
 */
import { PLATFORMS } from '../../protocol/platforms.ts';

/** Relative luminance (WCAG) of a `#rrggbb` colour. */
function luminance(hex: string): number {
  const channels = [1, 3, 5].map((start) => Number.parseInt(hex.slice(start, start + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/**
 * `--brand` paints the platform's tile and consent header; `--brand-button` its "Allow" button,
 * which for the black brands (TikTok, X, Threads) turns white on a dark page, as their own apps do.
 */
function brandRules(): string {
  const light = PLATFORMS.map(({ id, color }) => {
    const onBrand = luminance(color) > 0.45 ? '#111111' : '#ffffff';
    return `[data-platform="${id}"]{--brand:${color};--on-brand:${onBrand};--brand-button:${color};--on-brand-button:${onBrand}}`;
  });
  const dark = PLATFORMS.filter(({ color }) => luminance(color) < 0.02).map(
    ({ id }) => `[data-platform="${id}"]{--brand-button:#f4f4f5;--on-brand-button:#0a0a0a}`,
  );
  return [...light, `@media (prefers-color-scheme: dark){${dark.join('')}}`].join('\n');
}

const BASE = String.raw`
:root {
  color-scheme: light dark;
  --bg: #f4f5f8;
  --surface: #ffffff;
  --surface-muted: #f8f9fb;
  --border: #e3e6ec;
  --border-strong: #cfd4dd;
  --text: #111827;
  --muted: #5b6474;
  --faint: #8a93a3;
  --accent: #4f46e5;
  --accent-hover: #4338ca;
  --on-accent: #ffffff;
  --success: #0f9d58;
  --success-soft: #e7f6ee;
  --danger: #d92d20;
  --danger-soft: #fdecea;
  --warning: #b54708;
  --warning-soft: #fef3e2;
  --ring: rgba(79, 70, 229, 0.35);
  --shadow: 0 1px 2px rgba(16, 24, 40, 0.04), 0 2px 8px rgba(16, 24, 40, 0.06);
  --shadow-raised: 0 2px 4px rgba(16, 24, 40, 0.05), 0 12px 32px rgba(16, 24, 40, 0.10);
  --radius: 14px;
  --radius-small: 10px;
  --brand: #6b7280;
  --on-brand: #ffffff;
  --brand-button: #111827;
  --on-brand-button: #ffffff;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0b0d12;
    --surface: #151922;
    --surface-muted: #1b202a;
    --border: #272d39;
    --border-strong: #363e4d;
    --text: #eef0f4;
    --muted: #a3acbb;
    --faint: #768093;
    --accent: #8b8cf8;
    --accent-hover: #a5a6fb;
    --on-accent: #0b0d12;
    --success: #3ccf8e;
    --success-soft: rgba(60, 207, 142, 0.12);
    --danger: #ff7b72;
    --danger-soft: rgba(255, 123, 114, 0.12);
    --warning: #f5b454;
    --warning-soft: rgba(245, 180, 84, 0.12);
    --ring: rgba(139, 140, 248, 0.45);
    --shadow: 0 1px 2px rgba(0, 0, 0, 0.3);
    --shadow-raised: 0 12px 32px rgba(0, 0, 0, 0.45);
  }
}

*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0;
  min-height: 100vh;
  display: flex;
  flex-direction: column;
  background: var(--bg);
  color: var(--text);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif;
  -webkit-font-smoothing: antialiased;
}
a { color: inherit; }
:focus-visible { outline: 3px solid var(--ring); outline-offset: 2px; }
.visually-hidden {
  position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}

/* ── page frame ─────────────────────────────────────────────────────────── */
.page { width: 100%; max-width: 680px; margin: 0 auto; padding: 48px 24px 24px; flex: 1; }
.page--narrow { max-width: 460px; display: flex; flex-direction: column; justify-content: center; padding-bottom: 48px; }
.masthead { text-align: center; margin-bottom: 28px; }
.masthead__logo { display: block; max-height: 48px; max-width: 220px; margin: 0 auto 20px; object-fit: contain; }
.masthead__title { margin: 0; font-size: 28px; line-height: 1.2; font-weight: 700; letter-spacing: -0.02em; text-wrap: balance; }
.masthead__description { margin: 10px auto 0; max-width: 520px; color: var(--muted); font-size: 16px; text-wrap: pretty; }
.pill {
  display: inline-flex; align-items: center; gap: 6px; margin-top: 14px; padding: 3px 10px;
  border-radius: 999px; font-size: 12px; font-weight: 600; letter-spacing: 0.02em;
  color: var(--muted); background: var(--surface-muted); border: 1px solid var(--border);
}
.pill svg { width: 14px; height: 14px; fill: none; stroke: currentColor; stroke-width: 2; }

.tabs {
  display: flex; width: max-content; max-width: 100%; margin: 0 auto 28px; padding: 4px; gap: 4px;
  background: var(--surface-muted); border: 1px solid var(--border); border-radius: 999px;
}
.tabs__tab {
  padding: 7px 20px; border-radius: 999px; text-decoration: none; font-weight: 600; font-size: 14px;
  color: var(--muted); transition: color 120ms, background 120ms;
}
.tabs__tab:hover { color: var(--text); }
.tabs__tab[aria-current="page"] { background: var(--surface); color: var(--text); box-shadow: var(--shadow); }

.section-heading {
  display: flex; align-items: baseline; justify-content: space-between; gap: 12px;
  margin: 0 0 12px; font-size: 13px; font-weight: 600; color: var(--muted);
  text-transform: uppercase; letter-spacing: 0.06em;
}
.section-heading__aside { text-transform: none; letter-spacing: 0; font-weight: 500; color: var(--faint); }

/* ── platform cards ─────────────────────────────────────────────────────── */
.platforms {
  /* One column: a linked card needs the width for "Display name @handle", and a popup is narrow anyway. */
  list-style: none; margin: 0; padding: 0; display: grid; gap: 10px; grid-template-columns: minmax(0, 1fr);
}
.card {
  display: flex; align-items: center; gap: 14px; min-height: 76px; padding: 14px 14px 14px 16px;
  background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius);
  box-shadow: var(--shadow); transition: border-color 120ms, box-shadow 120ms;
}
.card:hover { border-color: var(--border-strong); }
.card__body { flex: 1; min-width: 0; }
.card__name { margin: 0; font-size: 15px; font-weight: 600; line-height: 1.3; }
.card__status {
  display: flex; align-items: center; gap: 6px; margin-top: 3px; min-width: 0;
  font-size: 13px; color: var(--muted);
}
.card__status-dot { width: 7px; height: 7px; border-radius: 50%; background: var(--faint); flex: none; opacity: 0.7; }
.card--connected .card__status-dot { background: var(--success); opacity: 1; }
.card__account { display: flex; align-items: center; gap: 7px; min-width: 0; }
.card__avatar { width: 20px; height: 20px; border-radius: 50%; flex: none; background: var(--surface-muted); }
.card__account-text { min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.card__display-name { color: var(--text); font-weight: 500; }
.card__handle { color: var(--muted); }
.card form { margin: 0; flex: none; }

.glyph {
  position: relative; display: grid; place-items: center; flex: none; width: 44px; height: 44px;
  border-radius: 12px; background: var(--brand); color: var(--on-brand);
  font-weight: 700; font-size: 16px; letter-spacing: -0.02em;
}
.glyph svg { width: 22px; height: 22px; fill: currentColor; }
.glyph--large { width: 60px; height: 60px; border-radius: 16px; font-size: 22px; }
.glyph--large svg { width: 30px; height: 30px; }
.glyph--small { width: 22px; height: 22px; border-radius: 6px; font-size: 10px; }
.glyph--small svg { width: 12px; height: 12px; }
[data-platform="instagram"] .glyph, .glyph[data-platform="instagram"] {
  background: linear-gradient(45deg, #f09433 0%, #e6683c 25%, #dc2743 50%, #cc2366 75%, #bc1888 100%);
}
.glyph__badge {
  position: absolute; right: -4px; bottom: -4px; width: 18px; height: 18px; border-radius: 50%;
  display: grid; place-items: center; background: var(--success); color: #fff;
  border: 2px solid var(--surface);
}
.glyph__badge svg { width: 10px; height: 10px; fill: none; stroke: currentColor; stroke-width: 3.5; }
@media (prefers-color-scheme: dark) {
  .glyph { box-shadow: inset 0 0 0 1px rgba(255, 255, 255, 0.14); }
}

/* ── buttons ────────────────────────────────────────────────────────────── */
.button {
  appearance: none; display: inline-flex; align-items: center; justify-content: center; gap: 8px;
  min-height: 38px; padding: 8px 16px; border: 1px solid transparent; border-radius: var(--radius-small);
  font: inherit; font-size: 14px; font-weight: 600; line-height: 1.2; white-space: nowrap;
  text-decoration: none; cursor: pointer; transition: background 120ms, border-color 120ms, color 120ms;
}
.button--primary { background: var(--text); color: var(--surface); }
.button--primary:hover { background: color-mix(in srgb, var(--text) 85%, var(--surface)); }
.button--secondary { background: var(--surface); color: var(--text); border-color: var(--border-strong); }
.button--secondary:hover { background: var(--surface-muted); }
.button--connect { background: var(--surface); color: var(--text); border-color: var(--border-strong); box-shadow: 0 1px 2px rgba(16, 24, 40, 0.05); }
.button--connect:hover { background: var(--text); color: var(--surface); border-color: var(--text); }
.button--danger-quiet { background: transparent; color: var(--muted); border-color: var(--border); }
.button--danger-quiet:hover { color: var(--danger); border-color: currentColor; background: var(--danger-soft); }
.button--accent { background: var(--accent); color: var(--on-accent); }
.button--accent:hover { background: var(--accent-hover); }
.button--brand { background: var(--brand-button); color: var(--on-brand-button); }
.button--brand:hover { filter: brightness(1.08); }
.button--large { min-height: 48px; padding: 12px 28px; font-size: 15px; border-radius: 12px; }
.button svg { width: 16px; height: 16px; fill: none; stroke: currentColor; stroke-width: 2; }

.return { display: flex; justify-content: center; margin-top: 32px; }

/* ── calendar ───────────────────────────────────────────────────────────── */
.panel {
  background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius);
  box-shadow: var(--shadow); overflow: hidden;
}
.calendar__header {
  display: flex; align-items: center; justify-content: space-between; gap: 12px;
  padding: 16px 20px; border-bottom: 1px solid var(--border);
}
.calendar__title { margin: 0; font-size: 17px; font-weight: 650; }
.calendar__grid { width: 100%; border-collapse: collapse; table-layout: fixed; }
.calendar__grid th {
  padding: 10px 0 8px; font-size: 11px; font-weight: 600; color: var(--faint);
  text-transform: uppercase; letter-spacing: 0.06em;
}
.calendar__grid td {
  height: 72px; padding: 6px 8px; vertical-align: top; border-top: 1px solid var(--border);
  font-size: 13px; color: var(--muted);
}
.calendar__grid td + td { border-left: 1px solid var(--border); }
.calendar__grid td.is-outside { color: var(--faint); background: var(--surface-muted); opacity: 0.75; }
.calendar__day { display: inline-grid; place-items: center; min-width: 26px; height: 26px; border-radius: 999px; font-variant-numeric: tabular-nums; }
.calendar__grid td.is-today .calendar__day { background: var(--accent); color: var(--on-accent); font-weight: 700; }
.empty {
  display: flex; flex-direction: column; align-items: center; gap: 4px; padding: 28px 20px 30px;
  text-align: center; border-top: 1px solid var(--border);
}
.empty__icon {
  display: grid; place-items: center; width: 44px; height: 44px; margin-bottom: 8px; border-radius: 12px;
  background: var(--surface-muted); border: 1px solid var(--border); color: var(--muted);
}
.empty__icon svg { width: 22px; height: 22px; fill: none; stroke: currentColor; stroke-width: 1.8; }
.empty__title { margin: 0; font-weight: 600; }
.empty__hint { margin: 0; color: var(--muted); font-size: 14px; }

.linked { margin-top: 28px; }
.linked__list { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 8px; }
.linked__item {
  display: flex; align-items: center; gap: 8px; padding: 6px 12px 6px 6px; max-width: 100%;
  background: var(--surface); border: 1px solid var(--border); border-radius: 999px; font-size: 14px;
}
.linked__item .card__avatar { width: 26px; height: 26px; }
.linked__name { font-weight: 500; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.linked__none { margin: 0; color: var(--muted); font-size: 14px; }

/* ── consent ────────────────────────────────────────────────────────────── */
.consent { overflow: hidden; background: var(--surface); border: 1px solid var(--border); border-radius: 18px; box-shadow: var(--shadow-raised); }
.consent__band { height: 6px; background: var(--brand); }
[data-platform="instagram"] .consent__band { background: linear-gradient(90deg, #f09433, #dc2743, #bc1888); }
.consent__body { padding: 28px 28px 24px; }
.consent__parties { display: flex; align-items: center; justify-content: center; gap: 14px; margin-bottom: 20px; }
.consent__app {
  display: grid; place-items: center; width: 60px; height: 60px; border-radius: 16px;
  background: var(--accent); color: var(--on-accent); font-weight: 800; font-size: 20px; letter-spacing: -0.04em;
}
.consent__link { display: flex; gap: 4px; color: var(--faint); }
.consent__link span { width: 5px; height: 5px; border-radius: 50%; background: currentColor; }
.consent__title { margin: 0 0 4px; text-align: center; font-size: 20px; line-height: 1.3; font-weight: 700; letter-spacing: -0.01em; text-wrap: balance; }
.consent__permissions-title { margin: 20px 0 8px; font-size: 14px; font-weight: 600; color: var(--muted); }
.consent__permissions { list-style: none; margin: 0 0 20px; padding: 0; display: grid; gap: 8px; }
.consent__permissions li { display: flex; gap: 10px; align-items: flex-start; font-size: 14px; }
.consent__permissions svg { flex: none; width: 18px; height: 18px; margin-top: 1px; fill: none; stroke: var(--success); stroke-width: 2.5; }
.field { display: grid; gap: 6px; margin-bottom: 14px; }
.field__label { font-size: 13px; font-weight: 600; }
.field__input {
  width: 100%; min-height: 42px; padding: 9px 12px; font: inherit; color: var(--text);
  background: var(--surface); border: 1px solid var(--border-strong); border-radius: var(--radius-small);
}
.field__input:focus { outline: none; border-color: var(--accent); box-shadow: 0 0 0 3px var(--ring); }
.field__input[aria-invalid="true"] { border-color: var(--danger); }
.field__prefix { position: relative; }
.field__prefix::before { content: "@"; position: absolute; left: 12px; top: 50%; transform: translateY(-50%); color: var(--faint); }
.field__prefix .field__input { padding-left: 28px; }
.field__hint { font-size: 12px; color: var(--faint); }
.field__error { font-size: 12px; color: var(--danger); font-weight: 500; }
.consent__actions { display: flex; gap: 10px; margin-top: 22px; }
.consent__actions .button { flex: 1; min-height: 44px; }
.consent__note {
  display: flex; gap: 8px; align-items: flex-start; margin: 18px 0 0; padding: 10px 12px;
  border-radius: var(--radius-small); background: var(--surface-muted); color: var(--muted); font-size: 12px;
}
.consent__note svg { flex: none; width: 15px; height: 15px; margin-top: 1px; fill: none; stroke: currentColor; stroke-width: 2; }

/* ── messages (errors) ──────────────────────────────────────────────────── */
.message { text-align: center; padding: 40px 28px 36px; background: var(--surface); border: 1px solid var(--border); border-radius: 18px; box-shadow: var(--shadow-raised); }
.message__icon {
  display: grid; place-items: center; width: 56px; height: 56px; margin: 0 auto 18px; border-radius: 50%;
  background: var(--warning-soft); color: var(--warning);
}
.message--danger .message__icon { background: var(--danger-soft); color: var(--danger); }
.message__icon svg { width: 28px; height: 28px; fill: none; stroke: currentColor; stroke-width: 2; }
.message__title { margin: 0 0 8px; font-size: 21px; line-height: 1.3; font-weight: 700; letter-spacing: -0.01em; text-wrap: balance; }
.message__body { margin: 0 auto; max-width: 340px; color: var(--muted); text-wrap: pretty; }

/* ── footer ─────────────────────────────────────────────────────────────── */
.footer { padding: 20px 24px 28px; text-align: center; font-size: 12px; color: var(--faint); }
.footer__mark svg { width: 13px; height: 13px; margin-right: 6px; vertical-align: -2px; fill: none; stroke: currentColor; stroke-width: 2; }

/* ── phone popups ───────────────────────────────────────────────────────── */
@media (max-width: 520px) {
  body { font-size: 14px; }
  .page { padding: 28px 16px 16px; }
  .masthead { margin-bottom: 22px; }
  .masthead__title { font-size: 22px; }
  .masthead__description { font-size: 15px; }
  .tabs { margin-bottom: 20px; }
  .card { gap: 12px; padding: 12px; min-height: 68px; }
  .card .glyph { width: 40px; height: 40px; border-radius: 11px; }
  .card .glyph svg { width: 20px; height: 20px; }
  .button { padding: 8px 12px; }
  .page--narrow { padding-bottom: 28px; }
  .return .button { width: 100%; }
  .calendar__header { padding: 14px 16px; }
  .calendar__grid td { height: 46px; padding: 4px; text-align: center; }
  .calendar__grid th { font-size: 10px; letter-spacing: 0.02em; }
  .calendar__day { min-width: 24px; height: 24px; font-size: 12px; }
  .consent__body { padding: 24px 20px 20px; }
  .message { padding: 32px 20px 28px; }
}
`;

export const PAGE_CSS = `${BASE}\n/* ── brand colours, generated from protocol/platforms.ts ── */\n${brandRules()}\n`;

/** The tab's icon: the "UP" mark the consent screen shows for Upload-Post, on the accent colour. */
export const PAGE_ICON_SVG = [
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">',
  '<rect width="32" height="32" rx="8" fill="#4f46e5"/>',
  '<path d="M9 10v7a4 4 0 0 0 8 0v-7M20 22V10h2.5a3.5 3.5 0 0 1 0 7H20" fill="none" stroke="#fff" stroke-width="2.6" stroke-linecap="round" stroke-linejoin="round"/>',
  '</svg>',
].join('');
