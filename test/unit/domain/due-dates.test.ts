import { describe, expect, test } from "vitest";
import { daysUntil, dueStatus } from "../../../app/domain/due-dates";

describe("a due date", () => {
  // Now: 8 Dec 2026, 00:30 in Paris (7 Dec 23:30 UTC): the shop's day is the 8th.
  const now = new Date("2026-12-07T23:30:00Z");
  test.each([
    ["due the day before in Paris is overdue", "2026-12-07T12:00:00Z", -1, "overdue"],
    ["due today is not late yet", "2026-12-08T10:00:00Z", 0, "soon"],
    ["due in 7 days is within the week", "2026-12-15T10:00:00Z", 7, "soon"],
    ["due in 8 days is later", "2026-12-16T10:00:00Z", 8, "later"],
  ] as const)("%s", (_, due, days, status) => {
    expect(daysUntil(due, now, "Europe/Paris")).toBe(days);
    expect(dueStatus(due, now, "Europe/Paris")).toBe(status);
  });

  test("days are the shop's: the same instant is a day earlier in New York", () => {
    expect(daysUntil("2026-12-07T12:00:00Z", now, "America/New_York")).toBe(0);
  });
});
