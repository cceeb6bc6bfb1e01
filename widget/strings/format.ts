/** `format('Connect {platform}', { platform: 'TikTok' })`; the result is rendered as text. */
export const format = (template: string, values: Record<string, string | number>): string =>
  template.replace(/\{(\w+)\}/g, (match, key: string) => (key in values ? String(values[key]) : match));
