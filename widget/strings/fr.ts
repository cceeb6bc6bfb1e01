/** French: loaded only when the element speaks it. */
import type { UploadPostStrings } from './en.ts';

const strings: UploadPostStrings = {
  title: 'Comptes connectés',
  description: 'Associez les comptes sociaux sur lesquels vous souhaitez publier.',
  manage: 'Gérer les comptes',
  connect: 'Connecter',
  connectPlatform: 'Connecter {platform}',
  connected: 'Connecté',
  notConnected: 'Non connecté',
  loading: 'Chargement des comptes…',
  summary: '{count} sur {total} connectés',
  empty: 'Aucun compte connecté pour l’instant. Connectez-en un pour commencer à publier.',
  none: 'Aucune plateforme disponible.',
  retry: 'Réessayer',
  errorLoad: 'Impossible de charger vos comptes.',
  errorOpen: 'Impossible d’ouvrir la page de connexion.',
  errorSession: 'Votre session a expiré. Rechargez la page et réessayez.',
  popupBlocked: 'Votre navigateur a bloqué la fenêtre pop-up.',
  openLink: 'Ouvrir la page de connexion',
  windowOpen: 'Terminez dans la fenêtre qui s’est ouverte.',
  showWindow: 'Afficher la fenêtre',
  windowAway: 'Terminez dans l’autre fenêtre ; cette liste se met à jour ensuite.',
  finished: 'J’ai terminé',
  announceConnected: '{platform} connecté',
  announceDisconnected: '{platform} déconnecté',
};
export default strings;
