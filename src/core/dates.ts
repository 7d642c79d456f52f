import { DateTime } from 'luxon';
import type { Locale } from '../config/schema';

/**
 * Dates, parsed and written in one place with luxon (calendar rules, time zones, locales), so an
 * impossible date such as 2027-02-30 is refused everywhere alike. Days are calendar days in UTC
 * unless a zone is given.
 */
const DAY_FORMAT = 'yyyy-MM-dd';

/** A calendar day written `2026-11-20`, as the start of that day (epoch ms); null when it is not a real date. */
export function parseDay(text: string, zone = 'UTC'): number | null {
  const day = DateTime.fromFormat(text.trim(), DAY_FORMAT, { zone });
  return day.isValid ? day.toMillis() : null;
}

export function isDay(text: string): boolean {
  return parseDay(text) !== null;
}

/** A moment written in ISO 8601 (`2026-11-20`, `2026-11-20T09:00`, with or without an offset; UTC if none); null if not valid. */
export function parseInstant(text: string): number | null {
  const at = DateTime.fromISO(text.trim(), { zone: 'UTC' });
  return at.isValid ? at.toMillis() : null;
}

/** `2026-11-20` for a moment, in a zone (UTC by default). */
export function formatDay(ms: number, zone = 'UTC'): string {
  return DateTime.fromMillis(ms, { zone }).toFormat(DAY_FORMAT);
}

/** `2026-11-05 09:00 UTC`: the same for everyone, whatever their language. */
export function formatMinute(ms: number, zone = 'UTC'): string {
  const at = DateTime.fromMillis(ms, { zone });
  return `${at.toFormat('yyyy-MM-dd HH:mm')} ${zone === 'UTC' ? 'UTC' : at.toFormat('ZZZZ')}`;
}

/** A day as people read it in their language: `20 November 2026`, `2026年11月20日`. */
export function formatLongDay(ms: number, locale: Locale, zone = 'UTC'): string {
  return DateTime.fromMillis(ms, { zone }).setLocale(locale).toLocaleString(DateTime.DATE_FULL);
}

/** Whole calendar days from one day to another (negative when `to` is earlier). */
export function daysBetween(from: number, to: number): number {
  return Math.round(DateTime.fromMillis(to, { zone: 'UTC' }).startOf('day').diff(DateTime.fromMillis(from, { zone: 'UTC' }).startOf('day'), 'days').days);
}
