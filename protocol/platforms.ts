/**
 * The social platforms Upload-Post can link, as the documentation and its public clients name them.
 *
 * Both sides import this list: the token server to validate what a browser asks for, the element to
 * label what it shows. A platform missing from here still works end to end: the upstream's answer is
 * kept and the element shows it with a neutral glyph and its raw id.
 */
export const PLATFORMS = [
  { id: 'tiktok', name: 'TikTok', color: '#000000' },
  { id: 'instagram', name: 'Instagram', color: '#E4405F' },
  { id: 'linkedin', name: 'LinkedIn', color: '#0A66C2' },
  { id: 'youtube', name: 'YouTube', color: '#FF0000' },
  { id: 'facebook', name: 'Facebook', color: '#0866FF' },
  { id: 'x', name: 'X', color: '#000000' },
  { id: 'threads', name: 'Threads', color: '#000000' },
  { id: 'google_business', name: 'Google Business', color: '#4285F4' },
  { id: 'bluesky', name: 'Bluesky', color: '#0285FF' },
  // Named by the official SDK, not (yet) by the documentation.
  { id: 'pinterest', name: 'Pinterest', color: '#BD081C' },
  { id: 'reddit', name: 'Reddit', color: '#FF4500' },
  { id: 'discord', name: 'Discord', color: '#5865F2' },
  { id: 'telegram', name: 'Telegram', color: '#26A5E4' },
] as const;

export type PlatformId = (typeof PLATFORMS)[number]['id'];

// Pure, so that a bundle that needs only the languages leaves the platforms out.
export const PLATFORM_IDS: readonly PlatformId[] = /* @__PURE__ */ PLATFORMS.map((platform) => platform.id);

/** The platforms the documentation lists as accepted by generate-jwt's `platforms` option, plus Bluesky. */
export const DOCUMENTED_PLATFORM_IDS: readonly PlatformId[] = [
  'tiktok',
  'instagram',
  'linkedin',
  'youtube',
  'facebook',
  'x',
  'threads',
  'google_business',
  'bluesky',
];

/** Whether `id` is a platform this version knows (an account may name one it does not). */
export function isPlatformId(id: string): id is PlatformId {
  return (PLATFORM_IDS as readonly string[]).includes(id);
}

/** Display name of a platform, or its id when we do not know it. */
export function platformName(id: string): string {
  return PLATFORMS.find((platform) => platform.id === id)?.name ?? id;
}

/** Languages the hosted connect page speaks (the official SDK's `language` option). */
export const LANGUAGES = ['en', 'es', 'de', 'fr', 'pt', 'pl', 'tr'] as const;
export type Language = (typeof LANGUAGES)[number];
