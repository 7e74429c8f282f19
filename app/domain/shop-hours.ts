/**
 * A shop's opening hours: per ISO weekday (1 = Monday … 7 = Sunday), up to two opening intervals (a
 * lunch break makes two), in minutes after midnight of the shop's own time zone. A day with none is
 * closed. Kept for alerts about activity outside opening hours.
 *
 * Decisions beyond "opens before it closes":
 * - An interval ends on the day it starts: "24:00" closes at midnight; a night past midnight is
 *   entered as the next day's interval from 00:00.
 * - Intervals of one day may touch (12:00–14:00 then 14:00–18:00) but not overlap.
 * - Times are to the minute, written "HH:MM" (24-hour clock; "9:30" is read as 09:30).
 */

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const INTERVALS_PER_DAY = 2;
export const MINUTES_PER_DAY = 24 * 60;

export type OpeningInterval = { weekday: Weekday; opensMinute: number; closesMinute: number };

/** "09:30" → 570; "24:00" → 1440; anything else (25:00, 9h30, 12:60) → null. */
export function parseClock(text: string): number | null {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (minutes > 59) return null;
  const total = hours * 60 + minutes;
  return total <= MINUTES_PER_DAY ? total : null;
}

/** 570 → "09:30". */
export function formatClock(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
}

export type HoursProblem = "CLOCK_INVALID" | "HALF_FILLED" | "CLOSES_BEFORE_OPENS" | "OVERLAP";

/** One slot of a day as typed: both empty (not used), or both times. */
export type TypedSlot = { opens: string; closes: string };

export type SlotCheck =
  | { ok: true; interval: { opensMinute: number; closesMinute: number } | null }
  | { ok: false; field: "opens" | "closes"; problem: HoursProblem };

/** One typed slot read and checked on its own. */
export function readSlot(slot: TypedSlot): SlotCheck {
  const opensText = slot.opens.trim();
  const closesText = slot.closes.trim();
  if (opensText === "" && closesText === "") return { ok: true, interval: null };
  if (opensText === "") return { ok: false, field: "opens", problem: "HALF_FILLED" };
  if (closesText === "") return { ok: false, field: "closes", problem: "HALF_FILLED" };
  const opensMinute = parseClock(opensText);
  if (opensMinute === null || opensMinute === MINUTES_PER_DAY)
    return { ok: false, field: "opens", problem: "CLOCK_INVALID" };
  const closesMinute = parseClock(closesText);
  if (closesMinute === null) return { ok: false, field: "closes", problem: "CLOCK_INVALID" };
  if (closesMinute <= opensMinute) return { ok: false, field: "closes", problem: "CLOSES_BEFORE_OPENS" };
  return { ok: true, interval: { opensMinute, closesMinute } };
}

/** Two intervals of one day overlap (touching is allowed). */
export function overlaps(
  a: { opensMinute: number; closesMinute: number },
  b: { opensMinute: number; closesMinute: number },
): boolean {
  return a.opensMinute < b.closesMinute && b.opensMinute < a.closesMinute;
}

/** The intervals in the order a week reads: by weekday, then opening time. */
export function sortIntervals<T extends OpeningInterval>(intervals: readonly T[]): T[] {
  return [...intervals].sort((a, b) => a.weekday - b.weekday || a.opensMinute - b.opensMinute);
}

/** The weekday and the minute after midnight of `instant` on the shop's clock. */
export function shopClock(instant: Date, timeZone: string): { weekday: Weekday; minute: number } {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    weekday: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  const weekday = (["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].indexOf(part("weekday")) + 1) as Weekday;
  return { weekday, minute: Number(part("hour")) * 60 + Number(part("minute")) };
}

/**
 * Whether the shop is open at `instant` (for alerts about activity outside hours). A shop that
 * has entered no hours at all has no hours to be outside of: null.
 */
export function isOpenAt(intervals: readonly OpeningInterval[], instant: Date, timeZone: string): boolean | null {
  if (intervals.length === 0) return null;
  const { weekday, minute } = shopClock(instant, timeZone);
  return intervals.some((i) => i.weekday === weekday && i.opensMinute <= minute && minute < i.closesMinute);
}

/** Whether `zone` is an IANA time zone this runtime knows ("Europe/Paris", "UTC"). */
export function isTimeZone(zone: string): boolean {
  if (!/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
