/** German: loaded only when the element speaks it. */
import type { UploadPostStrings } from './en.ts';

const strings: UploadPostStrings = {
  title: 'Verbundene Konten',
  description: 'Verknüpfe die Social-Media-Konten, auf denen du veröffentlichen möchtest.',
  manage: 'Konten verwalten',
  connect: 'Verbinden',
  connectPlatform: '{platform} verbinden',
  connected: 'Verbunden',
  notConnected: 'Nicht verbunden',
  loading: 'Konten werden geladen…',
  summary: '{count} von {total} verbunden',
  empty: 'Noch keine Konten verbunden. Verbinde eines, um mit dem Veröffentlichen zu beginnen.',
  none: 'Keine Plattformen verfügbar.',
  retry: 'Erneut versuchen',
  errorLoad: 'Deine Konten konnten nicht geladen werden.',
  errorOpen: 'Die Verbindungsseite konnte nicht geöffnet werden.',
  errorSession: 'Deine Sitzung ist abgelaufen. Lade die Seite neu und versuche es erneut.',
  popupBlocked: 'Dein Browser hat das Pop-up-Fenster blockiert.',
  openLink: 'Verbindungsseite öffnen',
  windowOpen: 'Schließe den Vorgang im geöffneten Fenster ab.',
  showWindow: 'Fenster anzeigen',
  windowAway: 'Schließe den Vorgang im anderen Fenster ab; diese Liste aktualisiert sich danach.',
  finished: 'Ich bin fertig',
  announceConnected: '{platform} verbunden',
  announceDisconnected: '{platform} getrennt',
};
export default strings;
