/** Spanish: loaded only when the element speaks it. */
import type { UploadPostStrings } from './en.ts';

const strings: UploadPostStrings = {
  title: 'Cuentas conectadas',
  description: 'Vincula las redes sociales en las que quieres publicar.',
  manage: 'Gestionar cuentas',
  connect: 'Conectar',
  connectPlatform: 'Conectar {platform}',
  connected: 'Conectada',
  notConnected: 'Sin conectar',
  loading: 'Cargando cuentas…',
  summary: '{count} de {total} conectadas',
  empty: 'Aún no hay cuentas conectadas. Conecta una para empezar a publicar.',
  none: 'No hay plataformas disponibles.',
  retry: 'Reintentar',
  errorLoad: 'No hemos podido cargar tus cuentas.',
  errorOpen: 'No hemos podido abrir la página de conexión.',
  errorSession: 'Tu sesión ha caducado. Recarga la página e inténtalo de nuevo.',
  popupBlocked: 'Tu navegador ha bloqueado la ventana emergente.',
  openLink: 'Abrir la página de conexión',
  windowOpen: 'Termina en la ventana que se ha abierto.',
  showWindow: 'Mostrar ventana',
  windowAway: 'Termina en la otra ventana; esta lista se actualiza cuando acabes.',
  finished: 'He terminado',
  announceConnected: '{platform} conectada',
  announceDisconnected: '{platform} desconectada',
};
export default strings;
