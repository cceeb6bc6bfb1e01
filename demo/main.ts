/**
 * The demo page's own behaviour: the "signed in as", theme and language switches, the tabs, and
 * the live log of every event the elements fire. The three integrations live in their own files
 * (`script-example.js`, `module-example.ts`, `react-example.tsx`) so that each is exactly its snippet.
 *
 * This module is loaded before `/upload-post/widget.js`, so the ES build defines
 * `<upload-post-connect>` and the script-tag bundle's define is the documented no-op: one page
 * cannot register a tag twice. `/demo/script-tag.html` shows the script tag alone.
 */
import type { UploadPostChangeEvent, UploadPostCloseEvent, UploadPostConnectEvent, UploadPostErrorEvent, UploadPostOpenEvent } from '../widget/events.ts';
import type { UploadPostConnectElement } from '../widget/upload-post-connect.ts';
import { mountSocialAccounts } from './module-example.ts';
import { mountReactExample, type ReactExampleProps } from './react-example.tsx';
import { fetchSessionToken } from './session-token.ts';

type Theme = ReactExampleProps['theme'];

const $ = <T extends HTMLElement>(selector: string) => document.querySelector<T>(selector)!;

const userSelect = $<HTMLSelectElement>('#user-select');
const themeSelect = $<HTMLSelectElement>('#theme-select');
const langSelect = $<HTMLSelectElement>('#lang-select');

const settings = (): ReactExampleProps => ({
  user: userSelect.value,
  theme: themeSelect.value as Theme,
  lang: langSelect.value,
});

// ── the integrations ───────────────────────────────────────────────────────────────────────────

mountSocialAccounts($('#module-host'), $('#module-summary'));
const react = mountReactExample($('#react-host'), settings());

/** Elements the page itself steers; the React one is steered through its props. */
const plainElements = () =>
  [...document.querySelectorAll<UploadPostConnectElement>('upload-post-connect')].filter((element) => !element.closest('#react-host'));

function applyAppearance(): void {
  const { theme, lang } = settings();
  document.documentElement.dataset.theme = theme;
  for (const element of plainElements()) {
    element.theme = theme;
    element.setAttribute('lang', lang);
  }
  react.update(settings());
}

async function switchUser(): Promise<void> {
  const response = await fetch('/demo/sign-in', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ user: userSelect.value }),
  });
  if (!response.ok) {
    log('demo', 'sign-in failed', `HTTP ${response.status}`, true);
    return;
  }
  // A new function tells each element its identity changed: it drops the token it holds and
  // reads the accounts again, now as the new user (the backend signs for the new cookie).
  for (const element of plainElements()) element.fetchSessionToken = () => fetchSessionToken();
  react.update(settings());
  log('demo', 'signed in', userSelect.value);
}

userSelect.addEventListener('change', () => void switchUser());
themeSelect.addEventListener('change', applyAppearance);
langSelect.addEventListener('change', applyAppearance);
// A first visit shows the settings the server rendered; applying them also syncs the elements.
applyAppearance();

// ── tabs (WAI-ARIA tabs pattern: arrow keys move between tabs) ────────────────────────────────

const tabs = [...document.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
function select(tab: HTMLButtonElement): void {
  for (const other of tabs) {
    const selected = other === tab;
    other.setAttribute('aria-selected', String(selected));
    other.tabIndex = selected ? 0 : -1;
    document.getElementById(other.getAttribute('aria-controls')!)!.hidden = !selected;
  }
}
for (const tab of tabs) {
  tab.addEventListener('click', () => select(tab));
  tab.addEventListener('keydown', (event) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    const next = tabs[(tabs.indexOf(tab) + step + tabs.length) % tabs.length]!;
    select(next);
    next.focus();
  });
}

// ── the event log ──────────────────────────────────────────────────────────────────────────────

const logList = $<HTMLOListElement>('#event-log');
const logEmpty = $('#log-empty');
const EVENTS = ['ready', 'open', 'connect', 'disconnect', 'change', 'close', 'error'] as const;
const MAX_ENTRIES = 60;

function log(source: string, name: string, detail: string, isError = false): void {
  const item = document.createElement('li');
  item.dataset.event = name;
  item.dataset.source = source;
  if (isError) item.classList.add('is-error');
  const head = document.createElement('div');
  head.className = 'event-head';
  const label = document.createElement('span');
  label.className = 'event-name';
  label.textContent = name;
  const where = document.createElement('span');
  where.className = 'event-source';
  where.textContent = source;
  const time = document.createElement('time');
  time.textContent = new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  head.append(label, where, time);
  const meta = document.createElement('span');
  meta.className = 'event-meta';
  meta.textContent = detail;
  item.append(head, meta);
  logList.prepend(item);
  while (logList.children.length > MAX_ENTRIES) logList.lastElementChild!.remove();
  logEmpty.hidden = true;
}

const linked = (accounts: { platform: string; connected: boolean }[]) => {
  const names = accounts.filter((account) => account.connected).map((account) => account.platform);
  return names.length ? `linked: ${names.join(', ')}` : 'nothing linked';
};

/** A one-line summary of each event's detail, as a developer would log it. */
function describe(event: Event): string {
  switch (event.type) {
    case 'upload-post-ready':
    case 'upload-post-change':
      return linked((event as UploadPostChangeEvent).detail.accounts);
    case 'upload-post-open': {
      const { platform } = (event as UploadPostOpenEvent).detail;
      return platform ? `platform: ${platform}` : 'all platforms';
    }
    case 'upload-post-connect':
    case 'upload-post-disconnect': {
      const { platform, handle } = (event as UploadPostConnectEvent).detail.account;
      return handle ? `${platform} @${handle}` : platform;
    }
    case 'upload-post-close': {
      const { connected, disconnected } = (event as UploadPostCloseEvent).detail;
      return `+${connected.length} / −${disconnected.length}`;
    }
    case 'upload-post-error': {
      const { code, phase } = (event as UploadPostErrorEvent).detail;
      return `${code} (${phase})`;
    }
    default:
      return '';
  }
}

for (const name of EVENTS) {
  // The events bubble and are composed: one listener on the document hears every element.
  document.addEventListener(`upload-post-${name}`, (event) => {
    const source = (event.target as Element).closest<HTMLElement>('[data-example]')?.dataset.example ?? 'page';
    log(source, name, describe(event), name === 'error');
  });
}

$('#log-clear').addEventListener('click', () => {
  logList.replaceChildren();
  logEmpty.hidden = false;
});
