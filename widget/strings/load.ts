/**
 * The strings of a language: English at once, any other after its chunk has loaded (dynamic
 * imports keep them out of what a page downloads unless the element speaks them).
 */
import type { Language } from '../../protocol/platforms.ts';
import { en, type UploadPostStrings } from './en.ts';
import { importLanguage } from '../modules/import-language.ts';

const loaded = new Map<Language, UploadPostStrings>([['en', en]]);

/** The strings if they are already here, so the first render needs no extra frame. */
export const cachedStrings = (language: Language): UploadPostStrings | undefined => loaded.get(language);

/** Never rejects: a chunk that fails to load leaves the element in English. */
export async function loadStrings(language: Language): Promise<UploadPostStrings> {
  const cached = loaded.get(language);
  if (cached) return cached;
  try {
    const strings = (await importLanguage(language as Exclude<Language, 'en'>)).default;
    loaded.set(language, strings);
    return strings;
  } catch {
    return en;
  }
}

/** `format('Connect {platform}', { platform: 'TikTok' })`; the result is rendered as text. */
export const format = (template: string, values: Record<string, string | number>): string =>
  template.replace(/\{(\w+)\}/g, (match, key: string) => (key in values ? String(values[key]) : match));
