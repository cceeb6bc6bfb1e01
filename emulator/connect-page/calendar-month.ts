/**
 * The calendar view's month grid, with headings in the page's language; computed in UTC so that a
 * test's clock gives the same grid on every machine.
 */
import type { Language } from '../../protocol/platforms.ts';

export interface CalendarDay {
  /** `YYYY-MM-DD`, for `<time datetime>`. */
  iso: string;
  dayOfMonth: number;
  inMonth: boolean;
  isToday: boolean;
}

export interface CalendarMonth {
  /** "November 2025", "noviembre de 2025", … */
  title: string;
  weekdays: string[];
  weeks: CalendarDay[][];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** English-speaking calendars start on Sunday; the page's other languages on Monday (ISO 8601). */
function firstWeekday(language: Language): number {
  return language === 'en' ? 0 : 1;
}

export function calendarMonth(nowMs: number, language: Language): CalendarMonth {
  const now = new Date(nowMs);
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth();
  const todayIso = now.toISOString().slice(0, 10);
  const start = firstWeekday(language);

  const firstOfMonth = Date.UTC(year, month, 1);
  const lead = (new Date(firstOfMonth).getUTCDay() - start + 7) % 7;
  const daysInMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const cellCount = Math.ceil((lead + daysInMonth) / 7) * 7;

  const weeks: CalendarDay[][] = [];
  for (let cell = 0; cell < cellCount; cell += 1) {
    const date = new Date(firstOfMonth + (cell - lead) * DAY_MS);
    const iso = date.toISOString().slice(0, 10);
    if (cell % 7 === 0) weeks.push([]);
    weeks.at(-1)!.push({ iso, dayOfMonth: date.getUTCDate(), inMonth: date.getUTCMonth() === month, isToday: iso === todayIso });
  }

  const weekdayFormat = new Intl.DateTimeFormat(language, { weekday: 'short', timeZone: 'UTC' });
  // 2024-01-07 was a Sunday: day `start + i` of that week names the i-th column.
  const weekdays = Array.from({ length: 7 }, (_, i) => weekdayFormat.format(new Date(Date.UTC(2024, 0, 7 + start + i))));
  const rawTitle = new Intl.DateTimeFormat(language, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(firstOfMonth);
  const title = rawTitle.charAt(0).toLocaleUpperCase(language) + rawTitle.slice(1);
  return { title, weekdays, weeks };
}
