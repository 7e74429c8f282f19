// Days typed in the materials forms, as the instants moves, periods and prices are dated with.
import { describe, expect, it } from "vitest";
import { dayToInstant, endOfDay, todayDay } from "../../../app/domain/materials/days";

const now = new Date("2026-11-03T09:15:00Z");

describe("dayToInstant", () => {
  it("dates today's moves at the current time, so they keep the order they were entered in", () => {
    expect(dayToInstant("2026-11-03", now)).toBe(now);
  });

  it("dates another day at noon UTC, the same calendar day everywhere in Europe", () => {
    expect(dayToInstant("2026-10-31", now)?.toISOString()).toBe("2026-10-31T12:00:00.000Z");
  });

  it.each(["2026-02-30", "2026-13-01", "03/11/2026", " 2026-11-02", "2026-11-02 ", ""])("refuses %j", (day) => {
    expect(dayToInstant(day, now)).toBeNull();
  });
});

describe("endOfDay", () => {
  it("is the last millisecond of the day, for 'up to and including'", () => {
    expect(endOfDay("2026-06-30")?.toISOString()).toBe("2026-06-30T23:59:59.999Z");
  });

  it("refuses a day that does not exist", () => {
    expect(endOfDay("2026-06-31")).toBeNull();
  });
});

describe("todayDay", () => {
  it("is the UTC calendar day", () => {
    expect(todayDay(new Date("2026-11-03T23:30:00Z"))).toBe("2026-11-03");
  });
});
