/** The connect page's English strings: the keys `ui_labels` may override, and the other languages' fallback. */

/**
 * Keys, by where the string appears: `connect.*` (header; the link's connect_title and
 * connect_description win), `tab.*` and `nav.label` (the Accounts / Calendar switch), `status.*` and
 * `accounts.summary` (platform cards), `button.*` (the link's redirect_button_text wins for
 * `button.redirect`), `consent.*` (the simulated OAuth consent), `calendar.*`, `error.<kind>.title`
 * and `.body` (kinds: invalid, expired, used, unknown, session, forbidden, not_found) and
 * `footer.emulator`. `{name}` placeholders are filled in by the translator.
 */
export const en = {
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
export type Strings = Record<StringKey, string>;
