/** Turkish: loaded only when the element speaks it. */
import type { UploadPostStrings } from './en.ts';

const strings: UploadPostStrings = {
  title: 'Bağlı hesaplar',
  description: 'Paylaşım yapmak istediğiniz sosyal medya hesaplarını bağlayın.',
  manage: 'Hesapları yönet',
  connect: 'Bağla',
  connectPlatform: '{platform} hesabını bağla',
  connected: 'Bağlı',
  notConnected: 'Bağlı değil',
  loading: 'Hesaplar yükleniyor…',
  summary: '{total} hesaptan {count} tanesi bağlı',
  empty: 'Henüz bağlı hesap yok. Paylaşım yapmaya başlamak için bir hesap bağlayın.',
  none: 'Kullanılabilir platform yok.',
  retry: 'Tekrar dene',
  errorLoad: 'Hesaplarınız yüklenemedi.',
  errorOpen: 'Bağlantı sayfası açılamadı.',
  errorSession: 'Oturumunuzun süresi doldu. Sayfayı yenileyip tekrar deneyin.',
  popupBlocked: 'Tarayıcınız açılır pencereyi engelledi.',
  openLink: 'Bağlantı sayfasını aç',
  windowOpen: 'İşlemi açılan pencerede tamamlayın.',
  showWindow: 'Pencereyi göster',
  windowAway: 'İşlemi diğer pencerede tamamlayın; bu liste ardından güncellenir.',
  finished: 'Bitirdim',
  announceConnected: '{platform} bağlandı',
  announceDisconnected: '{platform} bağlantısı kesildi',
};
export default strings;
