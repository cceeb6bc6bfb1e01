/**
 * Every word the hosted connect page shows, in the languages Upload-Post says the page speaks.
 *
 * A link's `ui_labels` (generate-jwt's flat map) override any string by its key, so the keys are
 * part of the emulator's public surface; they are grouped by where the string appears:
 *
 *   connect.title, connect.description          header (the link's connect_title / connect_description win)
 *   tab.accounts, tab.calendar, nav.label       the Accounts / Calendar switch
 *   status.connected, status.not_connected      a platform card's state
 *   accounts.summary                            "{connected} of {total} connected"
 *   button.connect, button.disconnect           a platform card's action
 *   button.redirect                             the return button (the link's redirect_button_text wins)
 *   button.allow, button.cancel                 the consent screen's answers
 *   consent.*                                   the simulated OAuth consent screen
 *   calendar.*                                  the calendar view
 *   error.<kind>.title, error.<kind>.body       error pages; kinds: invalid, expired, used, unknown,
 *                                               session, forbidden, not_found
 *   footer.emulator                             the note that this is an emulator
 *
 * `{name}` placeholders are filled in by `translate`; the result is plain text and is escaped where it
 * is rendered, so neither a translation nor a `ui_labels` value can inject markup.
 */
import { LANGUAGES, type Language } from '../../protocol/platforms.ts';

const en = {
  'connect.title': 'Connect Social Media Accounts',
  'connect.description': 'Connect your social media accounts to manage your posts.',
  'nav.label': 'Sections',
  'tab.accounts': 'Accounts',
  'tab.calendar': 'Calendar',
  'status.connected': 'Connected',
  'status.not_connected': 'Not connected',
  'accounts.summary': '{connected} of {total} connected',
  'button.connect': 'Connect',
  'button.disconnect': 'Disconnect',
  'button.redirect': 'Logout connection',
  'button.allow': 'Allow',
  'button.cancel': 'Cancel',
  'consent.title': 'Upload-Post wants to access your {platform} account',
  'consent.permissions': 'This will allow Upload-Post to:',
  'consent.permission.profile': 'See your profile name, username and picture',
  'consent.permission.publish': 'Publish and schedule posts for you',
  'consent.handle': '{platform} username',
  'consent.display_name': 'Display name',
  'consent.handle_hint': 'Letters, digits, dots, dashes and underscores.',
  'consent.error.handle': 'Enter a username of 1 to 64 letters, digits, dots, dashes or underscores.',
  'consent.error.display_name': 'Enter a display name of 1 to 80 characters.',
  'consent.emulated': 'Simulated sign-in: the emulator never contacts {platform}.',
  'calendar.title': 'Content calendar',
  'calendar.empty': 'No scheduled posts',
  'calendar.empty_hint': 'Posts scheduled for the linked accounts will appear here.',
  'calendar.accounts': 'Linked accounts',
  'calendar.no_accounts': 'No account is linked yet.',
  'calendar.readonly': 'View only',
  'calendar.today': 'Today',
  'error.invalid.title': 'This link is not valid',
  'error.invalid.body': 'It may be incomplete or changed. Go back to the app that sent you here and open the page again.',
  'error.expired.title': 'This link has expired',
  'error.expired.body': 'Connect links work for 48 hours. Go back to the app and open the page again.',
  'error.used.title': 'This link was already used',
  'error.used.body': 'For your security, each link opens only once. Go back to the app and open the page again.',
  'error.unknown.title': 'This link is no longer valid',
  'error.unknown.body': 'The profile it was made for no longer exists. Go back to the app and try again.',
  'error.session.title': 'This page has expired',
  'error.session.body': 'Go back to the app and open the connect page again.',
  'error.forbidden.title': 'This is not allowed here',
  'error.forbidden.body': 'The link you opened does not allow this action.',
  'error.not_found.title': 'Page not found',
  'error.not_found.body': 'There is nothing at this address.',
  'footer.emulator': 'Upload-Post emulator: nothing here reaches a real social network.',
} as const;

export type StringKey = keyof typeof en;
type Strings = Record<StringKey, string>;

const es: Strings = {
  'connect.title': 'Conecta tus redes sociales',
  'connect.description': 'Conecta tus cuentas de redes sociales para gestionar tus publicaciones.',
  'nav.label': 'Secciones',
  'tab.accounts': 'Cuentas',
  'tab.calendar': 'Calendario',
  'status.connected': 'Conectada',
  'status.not_connected': 'Sin conectar',
  'accounts.summary': '{connected} de {total} conectadas',
  'button.connect': 'Conectar',
  'button.disconnect': 'Desconectar',
  'button.redirect': 'Cerrar conexión',
  'button.allow': 'Permitir',
  'button.cancel': 'Cancelar',
  'consent.title': 'Upload-Post quiere acceder a tu cuenta de {platform}',
  'consent.permissions': 'Esto permitirá a Upload-Post:',
  'consent.permission.profile': 'Ver tu nombre de perfil, usuario y foto',
  'consent.permission.publish': 'Publicar y programar publicaciones por ti',
  'consent.handle': 'Usuario de {platform}',
  'consent.display_name': 'Nombre visible',
  'consent.handle_hint': 'Letras, dígitos, puntos, guiones y guiones bajos.',
  'consent.error.handle': 'Escribe un usuario de 1 a 64 letras, dígitos, puntos, guiones o guiones bajos.',
  'consent.error.display_name': 'Escribe un nombre visible de 1 a 80 caracteres.',
  'consent.emulated': 'Inicio de sesión simulado: el emulador nunca contacta con {platform}.',
  'calendar.title': 'Calendario de contenidos',
  'calendar.empty': 'No hay publicaciones programadas',
  'calendar.empty_hint': 'Aquí aparecerán las publicaciones programadas de las cuentas vinculadas.',
  'calendar.accounts': 'Cuentas vinculadas',
  'calendar.no_accounts': 'Todavía no hay ninguna cuenta vinculada.',
  'calendar.readonly': 'Solo lectura',
  'calendar.today': 'Hoy',
  'error.invalid.title': 'Este enlace no es válido',
  'error.invalid.body': 'Puede estar incompleto o modificado. Vuelve a la aplicación que te trajo aquí y abre la página de nuevo.',
  'error.expired.title': 'Este enlace ha caducado',
  'error.expired.body': 'Los enlaces de conexión duran 48 horas. Vuelve a la aplicación y abre la página de nuevo.',
  'error.used.title': 'Este enlace ya se ha usado',
  'error.used.body': 'Por tu seguridad, cada enlace se abre una sola vez. Vuelve a la aplicación y abre la página de nuevo.',
  'error.unknown.title': 'Este enlace ya no es válido',
  'error.unknown.body': 'El perfil para el que se creó ya no existe. Vuelve a la aplicación e inténtalo de nuevo.',
  'error.session.title': 'Esta página ha caducado',
  'error.session.body': 'Vuelve a la aplicación y abre de nuevo la página de conexión.',
  'error.forbidden.title': 'Esto no está permitido aquí',
  'error.forbidden.body': 'El enlace que abriste no permite esta acción.',
  'error.not_found.title': 'Página no encontrada',
  'error.not_found.body': 'No hay nada en esta dirección.',
  'footer.emulator': 'Emulador de Upload-Post: nada de lo que hagas aquí llega a una red social real.',
};

const de: Strings = {
  'connect.title': 'Social-Media-Konten verbinden',
  'connect.description': 'Verbinde deine Social-Media-Konten, um deine Beiträge zu verwalten.',
  'nav.label': 'Bereiche',
  'tab.accounts': 'Konten',
  'tab.calendar': 'Kalender',
  'status.connected': 'Verbunden',
  'status.not_connected': 'Nicht verbunden',
  'accounts.summary': '{connected} von {total} verbunden',
  'button.connect': 'Verbinden',
  'button.disconnect': 'Trennen',
  'button.redirect': 'Verbindung beenden',
  'button.allow': 'Zulassen',
  'button.cancel': 'Abbrechen',
  'consent.title': 'Upload-Post möchte auf dein {platform}-Konto zugreifen',
  'consent.permissions': 'Damit kann Upload-Post:',
  'consent.permission.profile': 'deinen Profilnamen, Benutzernamen und dein Profilbild sehen',
  'consent.permission.publish': 'Beiträge für dich veröffentlichen und planen',
  'consent.handle': '{platform}-Benutzername',
  'consent.display_name': 'Anzeigename',
  'consent.handle_hint': 'Buchstaben, Ziffern, Punkte, Binde- und Unterstriche.',
  'consent.error.handle': 'Gib einen Benutzernamen aus 1 bis 64 Buchstaben, Ziffern, Punkten, Binde- oder Unterstrichen ein.',
  'consent.error.display_name': 'Gib einen Anzeigenamen mit 1 bis 80 Zeichen ein.',
  'consent.emulated': 'Simulierte Anmeldung: Der Emulator kontaktiert {platform} nie.',
  'calendar.title': 'Inhaltskalender',
  'calendar.empty': 'Keine geplanten Beiträge',
  'calendar.empty_hint': 'Geplante Beiträge der verknüpften Konten erscheinen hier.',
  'calendar.accounts': 'Verknüpfte Konten',
  'calendar.no_accounts': 'Noch ist kein Konto verknüpft.',
  'calendar.readonly': 'Nur Ansicht',
  'calendar.today': 'Heute',
  'error.invalid.title': 'Dieser Link ist ungültig',
  'error.invalid.body': 'Er ist vielleicht unvollständig oder verändert. Kehre zur App zurück, die dich hierher geschickt hat, und öffne die Seite erneut.',
  'error.expired.title': 'Dieser Link ist abgelaufen',
  'error.expired.body': 'Verbindungslinks gelten 48 Stunden. Kehre zur App zurück und öffne die Seite erneut.',
  'error.used.title': 'Dieser Link wurde bereits verwendet',
  'error.used.body': 'Zu deiner Sicherheit lässt sich jeder Link nur einmal öffnen. Kehre zur App zurück und öffne die Seite erneut.',
  'error.unknown.title': 'Dieser Link ist nicht mehr gültig',
  'error.unknown.body': 'Das Profil, für das er erstellt wurde, existiert nicht mehr. Kehre zur App zurück und versuche es erneut.',
  'error.session.title': 'Diese Seite ist abgelaufen',
  'error.session.body': 'Kehre zur App zurück und öffne die Verbindungsseite erneut.',
  'error.forbidden.title': 'Das ist hier nicht erlaubt',
  'error.forbidden.body': 'Der geöffnete Link erlaubt diese Aktion nicht.',
  'error.not_found.title': 'Seite nicht gefunden',
  'error.not_found.body': 'Unter dieser Adresse gibt es nichts.',
  'footer.emulator': 'Upload-Post-Emulator: Nichts hier erreicht ein echtes soziales Netzwerk.',
};

const fr: Strings = {
  'connect.title': 'Connectez vos réseaux sociaux',
  'connect.description': 'Connectez vos comptes de réseaux sociaux pour gérer vos publications.',
  'nav.label': 'Sections',
  'tab.accounts': 'Comptes',
  'tab.calendar': 'Calendrier',
  'status.connected': 'Connecté',
  'status.not_connected': 'Non connecté',
  'accounts.summary': '{connected} sur {total} connectés',
  'button.connect': 'Connecter',
  'button.disconnect': 'Déconnecter',
  'button.redirect': 'Terminer la connexion',
  'button.allow': 'Autoriser',
  'button.cancel': 'Annuler',
  'consent.title': 'Upload-Post souhaite accéder à votre compte {platform}',
  'consent.permissions': 'Upload-Post pourra :',
  'consent.permission.profile': 'voir votre nom de profil, votre identifiant et votre photo',
  'consent.permission.publish': 'publier et programmer des publications pour vous',
  'consent.handle': 'Identifiant {platform}',
  'consent.display_name': 'Nom affiché',
  'consent.handle_hint': 'Lettres, chiffres, points, tirets et tirets bas.',
  'consent.error.handle': 'Saisissez un identifiant de 1 à 64 lettres, chiffres, points, tirets ou tirets bas.',
  'consent.error.display_name': 'Saisissez un nom affiché de 1 à 80 caractères.',
  'consent.emulated': 'Connexion simulée : l’émulateur ne contacte jamais {platform}.',
  'calendar.title': 'Calendrier de contenu',
  'calendar.empty': 'Aucune publication programmée',
  'calendar.empty_hint': 'Les publications programmées des comptes liés apparaîtront ici.',
  'calendar.accounts': 'Comptes liés',
  'calendar.no_accounts': 'Aucun compte n’est encore lié.',
  'calendar.readonly': 'Lecture seule',
  'calendar.today': 'Aujourd’hui',
  'error.invalid.title': 'Ce lien n’est pas valide',
  'error.invalid.body': 'Il est peut-être incomplet ou modifié. Revenez à l’application qui vous a envoyé ici et rouvrez la page.',
  'error.expired.title': 'Ce lien a expiré',
  'error.expired.body': 'Les liens de connexion sont valables 48 heures. Revenez à l’application et rouvrez la page.',
  'error.used.title': 'Ce lien a déjà été utilisé',
  'error.used.body': 'Pour votre sécurité, chaque lien ne s’ouvre qu’une fois. Revenez à l’application et rouvrez la page.',
  'error.unknown.title': 'Ce lien n’est plus valide',
  'error.unknown.body': 'Le profil pour lequel il a été créé n’existe plus. Revenez à l’application et réessayez.',
  'error.session.title': 'Cette page a expiré',
  'error.session.body': 'Revenez à l’application et rouvrez la page de connexion.',
  'error.forbidden.title': 'Action non autorisée ici',
  'error.forbidden.body': 'Le lien que vous avez ouvert ne permet pas cette action.',
  'error.not_found.title': 'Page introuvable',
  'error.not_found.body': 'Il n’y a rien à cette adresse.',
  'footer.emulator': 'Émulateur Upload-Post : rien ici n’atteint un vrai réseau social.',
};

const pt: Strings = {
  'connect.title': 'Conecte suas redes sociais',
  'connect.description': 'Conecte suas contas de redes sociais para gerenciar suas publicações.',
  'nav.label': 'Seções',
  'tab.accounts': 'Contas',
  'tab.calendar': 'Calendário',
  'status.connected': 'Conectada',
  'status.not_connected': 'Não conectada',
  'accounts.summary': '{connected} de {total} conectadas',
  'button.connect': 'Conectar',
  'button.disconnect': 'Desconectar',
  'button.redirect': 'Encerrar conexão',
  'button.allow': 'Permitir',
  'button.cancel': 'Cancelar',
  'consent.title': 'O Upload-Post quer acessar sua conta do {platform}',
  'consent.permissions': 'Isto permitirá que o Upload-Post:',
  'consent.permission.profile': 'Veja seu nome de perfil, usuário e foto',
  'consent.permission.publish': 'Publique e agende publicações por você',
  'consent.handle': 'Usuário do {platform}',
  'consent.display_name': 'Nome de exibição',
  'consent.handle_hint': 'Letras, dígitos, pontos, hífens e sublinhados.',
  'consent.error.handle': 'Digite um usuário de 1 a 64 letras, dígitos, pontos, hífens ou sublinhados.',
  'consent.error.display_name': 'Digite um nome de exibição de 1 a 80 caracteres.',
  'consent.emulated': 'Login simulado: o emulador nunca contata o {platform}.',
  'calendar.title': 'Calendário de conteúdo',
  'calendar.empty': 'Nenhuma publicação agendada',
  'calendar.empty_hint': 'As publicações agendadas das contas vinculadas aparecerão aqui.',
  'calendar.accounts': 'Contas vinculadas',
  'calendar.no_accounts': 'Nenhuma conta vinculada ainda.',
  'calendar.readonly': 'Somente leitura',
  'calendar.today': 'Hoje',
  'error.invalid.title': 'Este link não é válido',
  'error.invalid.body': 'Ele pode estar incompleto ou alterado. Volte ao aplicativo que trouxe você aqui e abra a página novamente.',
  'error.expired.title': 'Este link expirou',
  'error.expired.body': 'Os links de conexão valem por 48 horas. Volte ao aplicativo e abra a página novamente.',
  'error.used.title': 'Este link já foi usado',
  'error.used.body': 'Para sua segurança, cada link abre uma única vez. Volte ao aplicativo e abra a página novamente.',
  'error.unknown.title': 'Este link não é mais válido',
  'error.unknown.body': 'O perfil para o qual ele foi criado não existe mais. Volte ao aplicativo e tente novamente.',
  'error.session.title': 'Esta página expirou',
  'error.session.body': 'Volte ao aplicativo e abra a página de conexão novamente.',
  'error.forbidden.title': 'Isto não é permitido aqui',
  'error.forbidden.body': 'O link que você abriu não permite esta ação.',
  'error.not_found.title': 'Página não encontrada',
  'error.not_found.body': 'Não há nada neste endereço.',
  'footer.emulator': 'Emulador do Upload-Post: nada aqui chega a uma rede social real.',
};

const pl: Strings = {
  'connect.title': 'Połącz konta społecznościowe',
  'connect.description': 'Połącz swoje konta w mediach społecznościowych, aby zarządzać publikacjami.',
  'nav.label': 'Sekcje',
  'tab.accounts': 'Konta',
  'tab.calendar': 'Kalendarz',
  'status.connected': 'Połączone',
  'status.not_connected': 'Niepołączone',
  'accounts.summary': 'Połączone: {connected} z {total}',
  'button.connect': 'Połącz',
  'button.disconnect': 'Odłącz',
  'button.redirect': 'Zakończ połączenie',
  'button.allow': 'Zezwól',
  'button.cancel': 'Anuluj',
  'consent.title': 'Upload-Post chce uzyskać dostęp do Twojego konta {platform}',
  'consent.permissions': 'Upload-Post będzie mógł:',
  'consent.permission.profile': 'widzieć nazwę profilu, nazwę użytkownika i zdjęcie',
  'consent.permission.publish': 'publikować i planować posty w Twoim imieniu',
  'consent.handle': 'Nazwa użytkownika {platform}',
  'consent.display_name': 'Wyświetlana nazwa',
  'consent.handle_hint': 'Litery, cyfry, kropki, myślniki i podkreślenia.',
  'consent.error.handle': 'Podaj nazwę użytkownika z 1–64 liter, cyfr, kropek, myślników lub podkreśleń.',
  'consent.error.display_name': 'Podaj wyświetlaną nazwę o długości od 1 do 80 znaków.',
  'consent.emulated': 'Symulowane logowanie: emulator nigdy nie łączy się z {platform}.',
  'calendar.title': 'Kalendarz treści',
  'calendar.empty': 'Brak zaplanowanych postów',
  'calendar.empty_hint': 'Tutaj pojawią się posty zaplanowane dla połączonych kont.',
  'calendar.accounts': 'Połączone konta',
  'calendar.no_accounts': 'Żadne konto nie jest jeszcze połączone.',
  'calendar.readonly': 'Tylko podgląd',
  'calendar.today': 'Dziś',
  'error.invalid.title': 'Ten link jest nieprawidłowy',
  'error.invalid.body': 'Może być niepełny lub zmieniony. Wróć do aplikacji, która Cię tu skierowała, i otwórz stronę ponownie.',
  'error.expired.title': 'Ten link wygasł',
  'error.expired.body': 'Linki do łączenia kont działają przez 48 godzin. Wróć do aplikacji i otwórz stronę ponownie.',
  'error.used.title': 'Ten link został już użyty',
  'error.used.body': 'Dla Twojego bezpieczeństwa każdy link otwiera się tylko raz. Wróć do aplikacji i otwórz stronę ponownie.',
  'error.unknown.title': 'Ten link nie jest już ważny',
  'error.unknown.body': 'Profil, dla którego powstał, już nie istnieje. Wróć do aplikacji i spróbuj ponownie.',
  'error.session.title': 'Ta strona wygasła',
  'error.session.body': 'Wróć do aplikacji i ponownie otwórz stronę łączenia kont.',
  'error.forbidden.title': 'Ta czynność nie jest tu dozwolona',
  'error.forbidden.body': 'Otwarty link nie pozwala na tę czynność.',
  'error.not_found.title': 'Nie znaleziono strony',
  'error.not_found.body': 'Pod tym adresem niczego nie ma.',
  'footer.emulator': 'Emulator Upload-Post: nic stąd nie trafia do prawdziwej sieci społecznościowej.',
};

const tr: Strings = {
  'connect.title': 'Sosyal medya hesaplarını bağla',
  'connect.description': 'Gönderilerini yönetmek için sosyal medya hesaplarını bağla.',
  'nav.label': 'Bölümler',
  'tab.accounts': 'Hesaplar',
  'tab.calendar': 'Takvim',
  'status.connected': 'Bağlı',
  'status.not_connected': 'Bağlı değil',
  'accounts.summary': '{total} hesaptan {connected} tanesi bağlı',
  'button.connect': 'Bağla',
  'button.disconnect': 'Bağlantıyı kes',
  'button.redirect': 'Bağlantıyı sonlandır',
  'button.allow': 'İzin ver',
  'button.cancel': 'İptal',
  'consent.title': 'Upload-Post, {platform} hesabına erişmek istiyor',
  'consent.permissions': 'Bu, Upload-Post’un şunları yapmasına izin verir:',
  'consent.permission.profile': 'Profil adını, kullanıcı adını ve fotoğrafını görmek',
  'consent.permission.publish': 'Senin adına gönderi yayınlamak ve planlamak',
  'consent.handle': '{platform} kullanıcı adı',
  'consent.display_name': 'Görünen ad',
  'consent.handle_hint': 'Harfler, rakamlar, nokta, tire ve alt çizgi.',
  'consent.error.handle': '1 ile 64 arasında harf, rakam, nokta, tire veya alt çizgiden oluşan bir kullanıcı adı gir.',
  'consent.error.display_name': '1 ile 80 karakter arasında bir görünen ad gir.',
  'consent.emulated': 'Simüle edilmiş giriş: emülatör {platform} ile hiçbir zaman iletişim kurmaz.',
  'calendar.title': 'İçerik takvimi',
  'calendar.empty': 'Planlanmış gönderi yok',
  'calendar.empty_hint': 'Bağlı hesaplar için planlanan gönderiler burada görünecek.',
  'calendar.accounts': 'Bağlı hesaplar',
  'calendar.no_accounts': 'Henüz bağlı hesap yok.',
  'calendar.readonly': 'Yalnızca görüntüleme',
  'calendar.today': 'Bugün',
  'error.invalid.title': 'Bu bağlantı geçerli değil',
  'error.invalid.body': 'Eksik ya da değiştirilmiş olabilir. Seni buraya gönderen uygulamaya dön ve sayfayı yeniden aç.',
  'error.expired.title': 'Bu bağlantının süresi doldu',
  'error.expired.body': 'Bağlantılar 48 saat geçerlidir. Uygulamaya dön ve sayfayı yeniden aç.',
  'error.used.title': 'Bu bağlantı zaten kullanıldı',
  'error.used.body': 'Güvenliğin için her bağlantı yalnızca bir kez açılır. Uygulamaya dön ve sayfayı yeniden aç.',
  'error.unknown.title': 'Bu bağlantı artık geçerli değil',
  'error.unknown.body': 'Oluşturulduğu profil artık yok. Uygulamaya dön ve yeniden dene.',
  'error.session.title': 'Bu sayfanın süresi doldu',
  'error.session.body': 'Uygulamaya dön ve bağlantı sayfasını yeniden aç.',
  'error.forbidden.title': 'Burada buna izin verilmiyor',
  'error.forbidden.body': 'Açtığın bağlantı bu işleme izin vermiyor.',
  'error.not_found.title': 'Sayfa bulunamadı',
  'error.not_found.body': 'Bu adreste hiçbir şey yok.',
  'footer.emulator': 'Upload-Post emülatörü: buradaki hiçbir işlem gerçek bir sosyal ağa ulaşmaz.',
};

const STRINGS: Record<Language, Strings> = { en, es, de, fr, pt, pl, tr };

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/**
 * The first supported language of an `Accept-Language` header, for pages shown before a link is
 * known (a forged token names no language). English when none matches.
 */
export function languageFromAcceptHeader(header: string | undefined): Language {
  if (!header) return 'en';
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const quality = Number(params.find((param) => param.trim().startsWith('q='))?.trim().slice(2) ?? 1);
      return { base: tag.trim().toLowerCase().split('-')[0] ?? '', quality: Number.isNaN(quality) ? 0 : quality, index };
    })
    .filter((entry) => entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  return ranked.map((entry) => entry.base).find(isLanguage) ?? 'en';
}

export type Translate = (key: StringKey, values?: Record<string, string | number>) => string;

/** Looks a key up in the link's `ui_labels` first, then in the language, then in English. */
export function createTranslator(language: Language, uiLabels: Record<string, string> = {}): Translate {
  const table = STRINGS[language];
  return (key, values = {}) => {
    const override = Object.hasOwn(uiLabels, key) ? uiLabels[key] : undefined;
    const template = typeof override === 'string' && override !== '' ? override : table[key];
    return template.replace(/\{(\w+)\}/g, (placeholder, name: string) =>
      Object.hasOwn(values, name) ? String(values[name]) : placeholder,
    );
  };
}
