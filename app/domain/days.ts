// Calendar days as Loupe stores and shows them: "YYYY-MM-DD" in UTC. One place for the slicing and
// parsing that pages, exports and the materials ledger all need, so a day means the same everywhere.

export const DAY_MS = 86_400_000;

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The UTC calendar day of an instant: 2026-11-03T23:30Z → "2026-11-03". */
export function isoDay(instant: Date | number): string {
  return new Date(instant).toISOString().slice(0, 10);
}

/** A day typed as "YYYY-MM-DD" at the given UTC hour (default midnight); anything else, or 2026-02-30, → null. */
export function parseIsoDay(input: string, hours = 0, minutes = 0, seconds = 0, ms = 0): Date | null {
  const m = DAY_PATTERN.exec(input.trim());
  if (!m) return null;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), hours, minutes, seconds, ms));
  return Number.isNaN(date.getTime()) || isoDay(date) !== input.trim() ? null : date;
}

/** Midnight UTC of the instant's day. */
export function startOfUtcDay(instant: Date): Date {
  return new Date(Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate()));
}
