// When something lent or held must come back (a consignment's due date): past, within the week,
// or later, counted in the shop's calendar days (a piece due today is not late until tomorrow).
import { DAY_MS } from "./days";

export const DUE_SOON_DAYS = 7;

export type DueStatus = "overdue" | "soon" | "later";

function calendarDay(instant: Date, timeZone: string): number {
  const [y, m, d] = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" })
    .format(instant)
    .split("-")
    .map(Number);
  return Date.UTC(y!, m! - 1, d!) / DAY_MS;
}

/** Days from today to the due day in the shop's time zone (negative: that many days late). */
export function daysUntil(dueAt: Date | string, now: Date, timeZone: string): number {
  return calendarDay(new Date(dueAt), timeZone) - calendarDay(now, timeZone);
}

export function dueStatus(dueAt: Date | string, now: Date, timeZone: string): DueStatus {
  const days = daysUntil(dueAt, now, timeZone);
  if (days < 0) return "overdue";
  return days <= DUE_SOON_DAYS ? "soon" : "later";
}
