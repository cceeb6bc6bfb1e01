/** What a connect link allows on the page: which platforms, whether the calendar shows, whether anything can change. */
import { DOCUMENTED_PLATFORM_IDS } from '../../protocol/platforms.ts';
import type { ConnectSession } from '../store.ts';

export function isReadonly(session: ConnectSession): boolean {
  return session.options.readonly_calendar === true;
}

export function calendarAllowed(session: ConnectSession): boolean {
  return isReadonly(session) || session.options.show_calendar !== false;
}

/** The link's `platforms`, else every documented one; order kept, duplicates dropped. */
export function allowedPlatforms(session: ConnectSession): string[] {
  const requested = Array.isArray(session.options.platforms) ? session.options.platforms.filter((id): id is string => typeof id === 'string' && id !== '') : [];
  return requested.length > 0 ? [...new Set(requested)] : [...DOCUMENTED_PLATFORM_IDS];
}
