/**
 * The strings of a language other than English, once its chunk has loaded (dynamic imports keep
 * them out of what a page downloads unless the element speaks them). English is the element's own
 * (`en-card.ts`) and the list module's (`en-list.ts`), so it needs nothing here.
 */
import type { Language } from '../../protocol/platforms.ts';
import type { UploadPostStrings } from './en.ts';
import { importLanguage } from '../modules/import-language.ts';

const loaded = new Map<Language, Partial<UploadPostStrings>>([['en', {}]]);

/** The strings if they are already here, so the first render needs no extra frame. */
export const cachedStrings = (language: Language): Partial<UploadPostStrings> | undefined => loaded.get(language);

/** Never rejects: a chunk that fails to load leaves the element in English. */
export async function loadStrings(language: Language): Promise<Partial<UploadPostStrings>> {
  const cached = loaded.get(language);
  if (cached) return cached;
  try {
    const strings = (await importLanguage(language as Exclude<Language, 'en'>)).default;
    loaded.set(language, strings);
    return strings;
  } catch {
    return {};
  }
}
