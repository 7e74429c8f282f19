// Days as the materials forms type them ("2026-11-03"), turned into the instants moves, periods and
// prices are dated with.
import { isoDay, parseIsoDay } from "../days";

/** A typed day exactly as "YYYY-MM-DD" (no spaces around it), at an hour of that UTC day. */
function exactDay(day: string, ...time: [number, number?, number?, number?]): Date | null {
  return day === day.trim() ? parseIsoDay(day, ...time) : null;
}

/**
 * A day typed in a form as the instant moves are dated with: today keeps the current time (so
 * today's moves stay in the order they were entered); another day is noon UTC, the same calendar
 * day everywhere in Europe.
 */
export function dayToInstant(day: string, now = new Date()): Date | null {
  const noon = exactDay(day, 12);
  if (!noon) return null;
  return day === isoDay(now) ? now : noon;
}

/** The last instant of a day, for "up to and including this day". */
export function endOfDay(day: string): Date | null {
  return exactDay(day, 23, 59, 59, 999);
}

/**
 * The first day of the fiscal year that contains `day` ("YYYY-MM-DD"), for a year opening on the
 * first of `firstMonth` (1 = a calendar year).
 */
export function fiscalYearOpeningDay(day: string, firstMonth = 1): string | null {
  const m = /^(\d{4})-(\d{2})-\d{2}$/.exec(day);
  if (!m) return null;
  const year = Number(m[1]) - (Number(m[2]) < firstMonth ? 1 : 0);
  return `${year}-${String(firstMonth).padStart(2, "0")}-01`;
}

/** The first instant of a day (UTC), for "from this day on". */
export function startOfDay(day: string): Date | null {
  return exactDay(day, 0);
}

export function todayDay(now = new Date()): string {
  return isoDay(now);
}
