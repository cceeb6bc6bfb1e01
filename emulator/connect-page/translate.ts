/** The connect page's words in the link's language, with the link's `ui_labels` overriding any of them. */
import type { Language } from '../../protocol/platforms.ts';
import { de } from './locales/de.ts';
import { en, type StringKey, type Strings } from './locales/en.ts';
import { es } from './locales/es.ts';
import { fr } from './locales/fr.ts';
import { pl } from './locales/pl.ts';
import { pt } from './locales/pt.ts';
import { tr } from './locales/tr.ts';

const STRINGS: Record<Language, Strings> = { en, es, de, fr, pt, pl, tr };

/**
 * Returns plain text, escaped where it is rendered: neither a translation nor a `ui_labels` value
 * can inject markup.
 */
export type Translate = (key: StringKey, values?: Record<string, string | number>) => string;

/** Looks a key up in the link's `ui_labels` first, then in the language; fills in `{name}` placeholders. */
export function createTranslator(language: Language, uiLabels: Record<string, string> = {}): Translate {
  const table = STRINGS[language];
  return (key, values = {}) => {
    const override = Object.hasOwn(uiLabels, key) ? uiLabels[key] : undefined;
    const template = typeof override === 'string' && override !== '' ? override : table[key];
    return template.replace(/\{(\w+)\}/g, (placeholder, name: string) => (Object.hasOwn(values, name) ? String(values[name]) : placeholder));
  };
}
