/** Polish: loaded only when the element speaks it. */
import type { UploadPostStrings } from './en.ts';

const strings: UploadPostStrings = {
  title: 'Połączone konta',
  description: 'Połącz konta społecznościowe, na których chcesz publikować.',
  manage: 'Zarządzaj kontami',
  connect: 'Połącz',
  connectPlatform: 'Połącz {platform}',
  connected: 'Połączono',
  notConnected: 'Nie połączono',
  loading: 'Wczytywanie kont…',
  summary: 'Połączono {count} z {total}',
  empty: 'Nie połączono jeszcze żadnego konta. Połącz jedno, aby zacząć publikować.',
  none: 'Brak dostępnych platform.',
  retry: 'Spróbuj ponownie',
  errorLoad: 'Nie udało się wczytać Twoich kont.',
  errorOpen: 'Nie udało się otworzyć strony połączenia.',
  errorSession: 'Sesja wygasła. Odśwież stronę i spróbuj ponownie.',
  popupBlocked: 'Przeglądarka zablokowała wyskakujące okno.',
  openLink: 'Otwórz stronę połączenia',
  windowOpen: 'Dokończ w otwartym oknie.',
  showWindow: 'Pokaż okno',
  windowAway: 'Dokończ w drugim oknie; ta lista zaktualizuje się potem.',
  finished: 'Gotowe',
  announceConnected: 'Połączono: {platform}',
  announceDisconnected: 'Rozłączono: {platform}',
};
export default strings;
