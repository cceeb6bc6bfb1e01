/**
 * Fetches one language's strings. In the ESM build each is a chunk the application's bundler
 * places; the script-tag build uses `import-sibling.ts` instead (see vite.config.ts).
 */
import type { Language } from '../../protocol/platforms.ts';
import type { UploadPostStrings } from '../strings/en.ts';

export type LanguageModule = { default: UploadPostStrings };
export type OtherLanguage = Exclude<Language, 'en'>;

export function importLanguage(language: OtherLanguage): Promise<LanguageModule> {
  switch (language) {
    case 'es':
      return import('../strings/es.ts');
    case 'de':
      return import('../strings/de.ts');
    case 'fr':
      return import('../strings/fr.ts');
    case 'pt':
      return import('../strings/pt.ts');
    case 'pl':
      return import('../strings/pl.ts');
    case 'tr':
      return import('../strings/tr.ts');
  }
}
