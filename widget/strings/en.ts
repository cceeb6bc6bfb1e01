/**
 * English, bundled with the element (every other language is loaded when first needed).
 * `{platform}`, `{count}` and `{total}` are filled in by the element.
 */
export const en = {
  title: 'Connected accounts',
  description: 'Link the social accounts you want to publish to.',
  manage: 'Manage accounts',
  connect: 'Connect',
  connectPlatform: 'Connect {platform}',
  connected: 'Connected',
  notConnected: 'Not connected',
  loading: 'Loading accounts…',
  summary: '{count} of {total} connected',
  empty: 'No accounts connected yet. Connect one to start publishing.',
  none: 'No platforms are available.',
  retry: 'Try again',
  errorLoad: "We couldn't load your accounts.",
  errorOpen: "We couldn't open the connect page.",
  errorSession: 'Your session has expired. Reload the page and try again.',
  popupBlocked: 'Your browser blocked the pop-up window.',
  openLink: 'Open the connect page',
  windowOpen: 'Finish in the window that opened.',
  showWindow: 'Show window',
  windowAway: 'Finish in the other window; this list updates when you are done.',
  finished: "I'm done",
  managePlatform: 'Manage {platform}',
  manageOne: 'Manage',
  reconnect: 'Reconnect',
  reconnectPlatform: 'Reconnect {platform}',
  reauth: 'Needs reconnecting',
  announceReauth: '{platform} needs reconnecting',
  facebookPage: 'Facebook page to publish to',
  choosePage: 'Choose a page',
  pagesLoading: 'Loading your pages…',
  pagesNone: 'No Facebook pages yet. Create one, or allow access to one when you reconnect Facebook.',
  pagesError: "We couldn't load your Facebook pages.",
  announceConnected: '{platform} connected',
  announceDisconnected: '{platform} disconnected',
};

/** Every string the element shows; the `strings` property overrides any of them. */
export type UploadPostStrings = typeof en;
