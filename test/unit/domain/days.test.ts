import { describe, expect, it } from "vitest";
import { isoDay, parseIsoDay, startOfUtcDay } from "../../../app/domain/days";

describe("calendar days", () => {
  it("names the UTC day of an instant, late evening included", () => {
    expect(isoDay(new Date("2026-11-03T23:30:00Z"))).toBe("2026-11-03");
    expect(isoDay(Date.UTC(2024, 1, 29, 0, 0, 0))).toBe("2024-02-29");
  });

  it.each([
    ["2026-11-03", "2026-11-03T00:00:00.000Z"],
    [" 2024-02-29 ", "2024-02-29T00:00:00.000Z"],
    ["2026-02-30", null],
    ["2025-02-29", null],
    ["2026-13-01", null],
    ["03/11/2026", null],
    ["2026-11-3", null],
  ])("reads %j as %s", (input, expected) => {
    expect(parseIsoDay(input)?.toISOString() ?? null).toBe(expected);
  });

  it("places a parsed day at the hour asked for, and finds an instant's midnight", () => {
    expect(parseIsoDay("2026-11-03", 12)?.toISOString()).toBe("2026-11-03T12:00:00.000Z");
    expect(parseIsoDay("2026-11-03", 23, 59, 59, 999)?.toISOString()).toBe("2026-11-03T23:59:59.999Z");
    expect(startOfUtcDay(new Date("2026-11-03T17:45:12.345Z")).toISOString()).toBe("2026-11-03T00:00:00.000Z");
  });
});
