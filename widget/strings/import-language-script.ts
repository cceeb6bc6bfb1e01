/**
 * The script-tag build's language loader: each non-English language is a small ES module beside
 * the script (`…/widget.js` loads `…/widget.es.js`), so a page downloads only the strings it shows.
 * `import()` works from classic scripts and needs only `script-src` under a CSP; where the file is
 * not served, the element stays English.
 */
import type { Language } from '../../protocol/platforms.ts';
import type { LanguageModule } from './import-language.ts';

// Read while the script runs: `currentScript` is only set during its first, synchronous run.
const scriptUrl = typeof document === 'undefined' ? '' : ((document.currentScript as HTMLScriptElement | null)?.src ?? '');

export function importLanguage(language: Exclude<Language, 'en'>): Promise<LanguageModule> {
  if (!scriptUrl) return Promise.reject(new Error('The script URL is unknown.'));
  const url = new URL(scriptUrl);
  url.pathname = url.pathname.replace(/(\.js)?$/, `.${language}.js`);
  return import(/* @vite-ignore */ url.href) as Promise<LanguageModule>;
}
