/**
 * @module The connect page's return button, when the customer names none: Upload-Post's own
 * default, "Logout connection", reads like signing out; this says where the button goes, in the
 * link's language ("Back to app.example.com").
 */
import type { Language } from '../../protocol/platforms.ts';

const BACK_TO: Record<Language, (site: string) => string> = {
  en: (site) => `Back to ${site}`,
  es: (site) => `Volver a ${site}`,
  de: (site) => `Zurück zu ${site}`,
  fr: (site) => `Retour à ${site}`,
  pt: (site) => `Voltar para ${site}`,
  pl: (site) => `Wróć do ${site}`,
  tr: (site) => `${site} sitesine dön`,
};

/** The host of the first of `places` that is an http(s) URL or origin. */
function siteOf(places: readonly (string | undefined)[]): string | undefined {
  for (const place of places) {
    if (!place) continue;
    try {
      const url = new URL(place);
      if (url.protocol === 'https:' || url.protocol === 'http:') return url.host;
    } catch {
      // Not a URL (an `Origin: null`): try the next.
    }
  }
  return undefined;
}

/** "Back to <host>" in `language` (English when none), the host being the first of `places` that has one. */
export function returnButtonText(places: readonly (string | undefined)[], language: Language = 'en'): string | undefined {
  const site = siteOf(places);
  return site === undefined ? undefined : BACK_TO[language](site);
}
