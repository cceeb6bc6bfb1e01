/**
 * The connect page's HTML, through `hono/html`'s `html` template, which escapes every interpolated
 * string: customer options, handles and display names are never passed to `raw()`.
 */
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { EXTRA_PLATFORM_ICONS, PLATFORM_ICONS } from '../../lib/platform-icons.ts';
import type { Language } from '../../protocol/platforms.ts';
import type { CalendarMonth } from './calendar-month.ts';
import { arrowIcon, calendarIcon, plusIcon, checkIcon, clockIcon, eyeIcon, flaskIcon, infoIcon, linkBrokenIcon, lockIcon } from './icons.ts';
import type { PagePaths } from './page-paths.ts';
import type { Translate } from './translate.ts';

/** `''` renders nothing; any other plain string would be escaped, never trusted as markup. */
type Markup = HtmlEscapedString | Promise<HtmlEscapedString> | '';

/** A linked account as the page shows it; any field the store lacks is simply not shown. */
export interface AccountView {
  handle?: string;
  displayName?: string;
  avatarUrl?: string;
}

export interface PlatformView {
  id: string;
  name: string;
  /** Absent when the platform is not connected. */
  account?: AccountView;
}

/** What every view of one session shares. */
export interface SessionView {
  language: Language;
  t: Translate;
  paths: PagePaths;
  sessionId: string;
  title: string;
  description: string;
  /** Customer URLs, checked with `toHttpUrl`: only http(s) reaches a `src` or an `href`. */
  logoUrl?: string;
  redirect?: { href: string; text: string };
  /** Both views are allowed: show the Accounts / Calendar switch. */
  showTabs: boolean;
  readonly: boolean;
  platforms: PlatformView[];
}

// ── building blocks ─────────────────────────────────────────────────────────────────────────

function layout(options: { language: Language; t: Translate; paths: PagePaths; title: string; narrow?: boolean; body: Markup }): Markup {
  const { language, t, paths, title, narrow, body } = options;
  return html`<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${title}</title>
<link rel="icon" href="${paths.icon}" type="image/svg+xml">
<link rel="stylesheet" href="${paths.stylesheet}">
</head>
<body>
<main class="page${narrow ? ' page--narrow' : ''}">
${body}
</main>
<footer class="footer"><span class="footer__mark">${flaskIcon}${t('footer.emulator')}</span></footer>
</body>
</html>`;
}

/** First letters of a platform's name, for platforms without a glyph (ids this version does not know). */
function platformInitials(name: string): string {
  const words = name.split(/[\s_-]+/).filter(Boolean);
  return (words.length > 1 ? words.map((word) => word[0]).join('') : name.slice(0, 2)).slice(0, 2).toUpperCase();
}

function platformGlyph(platform: { id: string; name: string }, size: 'small' | 'normal' | 'large' = 'normal', badge = false): Markup {
  // The element's own icons, so that a platform looks the same on both sides of the popup.
  const path = PLATFORM_ICONS[platform.id] ?? EXTRA_PLATFORM_ICONS[platform.id];
  const sizeClass = size === 'normal' ? '' : ` glyph--${size}`;
  return html`<span class="glyph${sizeClass}" data-platform="${platform.id}" aria-hidden="true">${
    path ? html`<svg viewBox="0 0 24 24"><path d="${path}"/></svg>` : platformInitials(platform.name)
  }${badge ? html`<span class="glyph__badge">${checkIcon}</span>` : ''}</span>`;
}

function avatar(account: AccountView, className: string): Markup {
  return account.avatarUrl ? html`<img class="${className}" src="${account.avatarUrl}" alt="" width="26" height="26">` : '';
}

function masthead(view: SessionView): Markup {
  return html`<header class="masthead">
  ${view.logoUrl ? html`<img class="masthead__logo" src="${view.logoUrl}" alt="">` : ''}
  <h1 class="masthead__title">${view.title}</h1>
  ${view.description ? html`<p class="masthead__description">${view.description}</p>` : ''}
  ${view.readonly ? html`<span class="pill">${eyeIcon}${view.t('calendar.readonly')}</span>` : ''}
</header>`;
}

function tabs(view: SessionView, current: 'accounts' | 'calendar'): Markup {
  if (!view.showTabs) return '';
  const tab = (name: 'accounts' | 'calendar', href: string) =>
    html`<a class="tabs__tab" href="${href}"${current === name ? html` aria-current="page"` : ''}>${view.t(`tab.${name}`)}</a>`;
  return html`<nav class="tabs" aria-label="${view.t('nav.label')}">
  ${tab('accounts', view.paths.accounts(view.sessionId))}
  ${tab('calendar', view.paths.calendar(view.sessionId))}
</nav>`;
}

function returnButton(view: SessionView): Markup {
  if (!view.redirect) return '';
  return html`<div class="return"><a class="button button--accent button--large" href="${view.redirect.href}" rel="noopener noreferrer">${view.redirect.text}${arrowIcon}</a></div>`;
}

function accountLine(account: AccountView, t: Translate): Markup {
  const name = account.displayName ?? (account.handle ? `@${account.handle}` : t('status.connected'));
  const handle = account.displayName && account.handle ? `@${account.handle}` : '';
  return html`<span class="card__account">${avatar(account, 'card__avatar')}<span class="card__account-text"><span class="card__display-name">${name}</span>${
    handle ? html` <span class="card__handle">${handle}</span>` : ''
  }</span></span>`;
}

function platformCard(view: SessionView, platform: PlatformView): Markup {
  const { t, paths, sessionId } = view;
  const connected = platform.account !== undefined;
  const status = connected
    ? html`<span class="visually-hidden">${t('status.connected')}:</span>${accountLine(platform.account!, t)}`
    : html`<span class="card__status-dot" aria-hidden="true"></span>${t('status.not_connected')}`;
  const action = connected
    ? html`<form method="post" action="${paths.disconnect(sessionId, platform.id)}"><button class="button button--danger-quiet" type="submit">${t('button.disconnect')}<span class="visually-hidden"> ${platform.name}</span></button></form>`
    : html`<a class="button button--connect" href="${paths.authorize(sessionId, platform.id)}">${plusIcon}${t('button.connect')}<span class="visually-hidden"> ${platform.name}</span></a>`;
  return html`<li class="card${connected ? ' card--connected' : ''}" data-platform="${platform.id}" data-state="${connected ? 'connected' : 'not-connected'}">
  ${platformGlyph(platform, 'normal', connected)}
  <div class="card__body">
    <h3 class="card__name">${platform.name}</h3>
    <div class="card__status">${status}</div>
  </div>
  ${action}
</li>`;
}

// ── pages ───────────────────────────────────────────────────────────────────────────────────

export function renderAccountsPage(view: SessionView): Markup {
  const connectedCount = view.platforms.filter((platform) => platform.account).length;
  const body = html`${masthead(view)}
${tabs(view, 'accounts')}
<section aria-labelledby="accounts-heading">
  <h2 class="section-heading" id="accounts-heading">${view.t('tab.accounts')}<span class="section-heading__aside">${view.t('accounts.summary', { connected: connectedCount, total: view.platforms.length })}</span></h2>
  <ul class="platforms">
    ${view.platforms.map((platform) => platformCard(view, platform))}
  </ul>
</section>
${returnButton(view)}`;
  return layout({ language: view.language, t: view.t, paths: view.paths, title: view.title, body });
}

export function renderCalendarPage(view: SessionView, month: CalendarMonth): Markup {
  const { t } = view;
  const linked = view.platforms.filter((platform) => platform.account);
  const body = html`${masthead(view)}
${tabs(view, 'calendar')}
<section class="panel calendar" aria-labelledby="calendar-title">
  <div class="calendar__header">
    <h2 class="calendar__title" id="calendar-title">${month.title}</h2>
  </div>
  <table class="calendar__grid">
    <thead><tr>${month.weekdays.map((weekday) => html`<th scope="col">${weekday}</th>`)}</tr></thead>
    <tbody>
      ${month.weeks.map(
        (week) =>
          html`<tr>${week.map(
            (day) =>
              html`<td class="${[day.inMonth ? '' : 'is-outside', day.isToday ? 'is-today' : ''].filter(Boolean).join(' ')}"><time class="calendar__day" datetime="${day.iso}"${
                day.isToday ? html` aria-current="date" title="${t('calendar.today')}"` : ''
              }>${day.dayOfMonth}</time></td>`,
          )}</tr>`,
      )}
    </tbody>
  </table>
  <div class="empty">
    <span class="empty__icon">${calendarIcon}</span>
    <p class="empty__title">${t('calendar.empty')}</p>
    <p class="empty__hint">${t('calendar.empty_hint')}</p>
  </div>
</section>
<section class="linked" aria-labelledby="linked-heading">
  <h2 class="section-heading" id="linked-heading">${t('calendar.accounts')}</h2>
  ${
    linked.length === 0
      ? html`<p class="linked__none">${t('calendar.no_accounts')}</p>`
      : html`<ul class="linked__list">${linked.map(
          (platform) =>
            html`<li class="linked__item" data-platform="${platform.id}">${platformGlyph(platform, 'small')}${avatar(platform.account!, 'card__avatar')}<span class="linked__name">${
              platform.account!.displayName ?? platform.account!.handle ?? platform.name
            }</span><span class="visually-hidden"> (${platform.name})</span></li>`,
        )}</ul>`
  }
</section>
${returnButton(view)}`;
  return layout({ language: view.language, t, paths: view.paths, title: view.title, body });
}

export interface ConsentView {
  language: Language;
  t: Translate;
  paths: PagePaths;
  platform: { id: string; name: string };
  handle: string;
  displayName: string;
  invalid?: { handle: boolean; displayName: boolean };
  /** Where "Allow" posts (with `hidden` fields), and where "Cancel" leads. */
  form: { action: string; cancel: string; hidden?: Record<string, string> };
}

export function renderConsentPage(view: ConsentView): Markup {
  const { t, platform, invalid } = view;
  const title = t('consent.title', { platform: platform.name });
  const body = html`<article class="consent" data-platform="${platform.id}">
  <div class="consent__band"></div>
  <div class="consent__body">
    <div class="consent__parties" aria-hidden="true">
      <span class="consent__app">UP</span>
      <span class="consent__link"><span></span><span></span><span></span></span>
      ${platformGlyph(platform, 'large')}
    </div>
    <h1 class="consent__title">${title}</h1>
    <p class="consent__permissions-title">${t('consent.permissions')}</p>
    <ul class="consent__permissions">
      <li>${checkIcon}<span>${t('consent.permission.profile')}</span></li>
      <li>${checkIcon}<span>${t('consent.permission.publish')}</span></li>
    </ul>
    <form method="post" action="${view.form.action}" novalidate>
      ${Object.entries(view.form.hidden ?? {}).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
      <div class="field">
        <label class="field__label" for="handle">${t('consent.handle', { platform: platform.name })}</label>
        <div class="field__prefix"><input class="field__input" id="handle" name="handle" value="${view.handle}" autocomplete="username" autocapitalize="none" spellcheck="false" maxlength="64" required aria-describedby="handle-hint"${
          invalid?.handle ? html` aria-invalid="true"` : ''
        }></div>
        ${
          invalid?.handle
            ? html`<span class="field__error" id="handle-hint">${t('consent.error.handle')}</span>`
            : html`<span class="field__hint" id="handle-hint">${t('consent.handle_hint')}</span>`
        }
      </div>
      <div class="field">
        <label class="field__label" for="display_name">${t('consent.display_name')}</label>
        <input class="field__input" id="display_name" name="display_name" value="${view.displayName}" autocomplete="name" maxlength="80" required${
          invalid?.displayName ? html` aria-invalid="true" aria-describedby="display-name-error"` : ''
        }>
        ${invalid?.displayName ? html`<span class="field__error" id="display-name-error">${t('consent.error.display_name')}</span>` : ''}
      </div>
      <div class="consent__actions">
        <a class="button button--secondary" href="${view.form.cancel}">${t('button.cancel')}</a>
        <button class="button button--brand" type="submit">${t('button.allow')}</button>
      </div>
    </form>
    <p class="consent__note">${infoIcon}<span>${t('consent.emulated', { platform: platform.name })}</span></p>
  </div>
</article>`;
  return layout({ language: view.language, t, paths: view.paths, title, narrow: true, body });
}

export type ErrorKind = 'invalid' | 'expired' | 'used' | 'unknown' | 'session' | 'forbidden' | 'not_found';

export function renderErrorPage(options: { kind: ErrorKind; language: Language; t: Translate; paths: PagePaths }): Markup {
  const { kind, t } = options;
  const title = t(`error.${kind}.title`);
  const danger = kind === 'invalid' || kind === 'forbidden';
  const icon = kind === 'expired' || kind === 'session' ? clockIcon : kind === 'forbidden' ? lockIcon : linkBrokenIcon;
  const body = html`<section class="message${danger ? ' message--danger' : ''}" data-error="${kind}">
  <span class="message__icon">${icon}</span>
  <h1 class="message__title">${title}</h1>
  <p class="message__body">${t(`error.${kind}.body`)}</p>
</section>`;
  return layout({ language: options.language, t, paths: options.paths, title, narrow: true, body });
}
