/** Portuguese: loaded only when the element speaks it. */
import type { UploadPostStrings } from './en.ts';

const strings: UploadPostStrings = {
  title: 'Contas conectadas',
  description: 'Vincule as redes sociais em que você quer publicar.',
  manage: 'Gerenciar contas',
  connect: 'Conectar',
  connectPlatform: 'Conectar {platform}',
  connected: 'Conectada',
  notConnected: 'Não conectada',
  loading: 'Carregando contas…',
  summary: '{count} de {total} conectadas',
  empty: 'Nenhuma conta conectada ainda. Conecte uma para começar a publicar.',
  none: 'Nenhuma plataforma disponível.',
  retry: 'Tentar novamente',
  errorLoad: 'Não foi possível carregar suas contas.',
  errorOpen: 'Não foi possível abrir a página de conexão.',
  errorSession: 'Sua sessão expirou. Recarregue a página e tente novamente.',
  popupBlocked: 'Seu navegador bloqueou a janela pop-up.',
  openLink: 'Abrir a página de conexão',
  windowOpen: 'Conclua na janela que foi aberta.',
  showWindow: 'Mostrar janela',
  windowAway: 'Conclua na outra janela; esta lista atualiza quando terminar.',
  finished: 'Terminei',
  announceConnected: '{platform} conectada',
  announceDisconnected: '{platform} desconectada',
};
export default strings;
