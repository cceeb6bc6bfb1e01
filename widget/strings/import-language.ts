/**
 * Fetches one language's strings. In the ESM build each is a chunk the application's bundler
 * places; the script-tag build swaps this file for `import-language-script.ts` (see vite.config.ts).
 */
import type { Language } from '../../protocol/platforms.ts';
import type { UploadPostStrings } from './en.ts';

export type LanguageModule = { default: UploadPostStrings };

export function importLanguage(language: Exclude<Language, 'en'>): Promise<LanguageModule> {
  switch (language) {
    case 'es':
      return import('./es.ts');
    case 'de':
      return import('./de.ts');
    case 'fr':
      return import('./fr.ts');
    case 'pt':
      return import('./pt.ts');
    case 'pl':
      return import('./pl.ts');
    case 'tr':
      return import('./tr.ts');
  }
}
