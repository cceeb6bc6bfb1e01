/**
 * The script-tag build's loader of what it does not carry itself: the list (loaded beside the first
 * read), each other language, the connect flow, the Facebook page picker, the event-stream listener and the diagnostics are small ES modules beside
 * the script (`…/widget.js` loads `…/widget.es.js`, `…/widget.connect.js`, …). `import()` works
 * from classic scripts and needs only `script-src` under a CSP. This file replaces the other
 * `import-*.ts` of this folder in that build (vite.config.ts).
 */
import type { ConnectModule } from './import-connect.ts';
import type { DiagnosticsModule } from './import-diagnostics.ts';
import type { LanguageModule, OtherLanguage } from './import-language.ts';
import type { LiveModule } from './import-live.ts';
import type { PagesModule } from './import-pages.ts';
import type { ViewModule } from './import-view.ts';

// Read while the script runs: `currentScript` is only set during its first, synchronous run.
const scriptUrl = typeof document === 'undefined' ? '' : ((document.currentScript as HTMLScriptElement | null)?.src ?? '');

function importSibling<T>(name: string): Promise<T> {
  if (!scriptUrl) return Promise.reject(new Error('The script URL is unknown.'));
  const url = new URL(scriptUrl);
  url.pathname = url.pathname.replace(/(\.js)?$/, `.${name}.js`);
  return import(/* @vite-ignore */ url.href) as Promise<T>;
}

export const importLanguage = (language: OtherLanguage) => importSibling<LanguageModule>(language);
export const importConnect = () => importSibling<ConnectModule>('connect');
export const importPages = () => importSibling<PagesModule>('pages');
export const importLive = () => importSibling<LiveModule>('live');
// Every element's first paint with accounts needs the list. When the page already holds one (a
// deferred script runs after parsing), it is asked for while this script is still being
// evaluated, rather than once the element has been defined and upgraded; a page without one never loads it.
let viewEarly = scriptUrl && document.querySelector('upload-post-connect') ? importSibling<ViewModule>('view') : undefined;
// A failed early load is not kept: the element's Try again asks afresh.
viewEarly?.catch(() => (viewEarly = undefined));
export const importView = () => viewEarly ?? importSibling<ViewModule>('view');
export const importDiagnostics = () => importSibling<DiagnosticsModule>('diagnostics');
