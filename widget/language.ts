/**
 * Which of the connect page's languages the element speaks: its own `lang`, then the nearest
 * ancestor's, then the browser's preferences, then English.
 */
import { LANGUAGES, type Language } from '../protocol/platforms.ts';

/** `pt-BR` → `pt`; anything we do not speak → `undefined`. */
export function supportedLanguage(tag: string | null | undefined): Language | undefined {
  const primary = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0] as Language;
  return LANGUAGES.includes(primary) ? primary : undefined;
}

/** The nearest `[lang]` above the element, looking through shadow roots to their hosts. */
function inheritedLang(element: Element): string | null {
  for (let node = element.parentNode; node; node = node instanceof ShadowRoot ? node.host : node.parentNode) {
    if (node instanceof Element && node.hasAttribute('lang')) return node.getAttribute('lang');
  }
  return null;
}

export function resolveLanguage(element: Element): Language {
  const candidates = [
    element.getAttribute('lang'),
    inheritedLang(element),
    ...(typeof navigator === 'undefined' ? [] : ((navigator.languages as readonly string[] | undefined) ?? [navigator.language])),
  ];
  for (const candidate of candidates) {
    const language = supportedLanguage(candidate);
    if (language) return language;
  }
  return 'en';
}
