// The settings page's pure rules: the currency table and its minor units, opening hours (times,
// intervals, the shop's clock across daylight saving), the form's schema with one message per field,
// and the fallbacks other pages use when a stored setting is missing.
import { describe, expect, test } from "vitest";
import { CURRENCY_CODES, isCurrencyCode, minorUnitOf } from "../../../app/domain/currencies";
import { currencyDecimals } from "../../../app/domain/money";
import {
  formatClock,
  isOpenAt,
  isTimeZone,
  overlaps,
  parseClock,
  readSlot,
  shopClock,
  type OpeningInterval,
} from "../../../app/domain/shop-hours";
import { HOURS_FIELDS, hoursField, shopSettingsSchema } from "../../../app/domain/schemas/shop-settings";
import { defaultDpi, defaultTagTemplate, entryWeightUnit } from "../../../app/domain/shop-defaults";

describe("currencies: one ISO 4217 table with its minor units", () => {
  test.each([
    ["EUR", 2],
    ["USD", 2],
    ["CHF", 2],
    ["JPY", 0],
    ["KRW", 0],
    ["XOF", 0],
    ["KWD", 3],
    ["BHD", 3],
    ["TND", 3],
    ["CLF", 4],
  ])("%s has %i decimals", (code, decimals) => {
    expect(minorUnitOf(code)).toBe(decimals);
  });

  test("money's exponent is the table's for every listed currency", () => {
    for (const code of CURRENCY_CODES) expect(currencyDecimals(code), code).toBe(minorUnitOf(code));
  });

  test("codes outside the table are not offered; money still reads a well-formed one with 2 decimals", () => {
    expect(isCurrencyCode("XYZ")).toBe(false);
    expect(isCurrencyCode("eur")).toBe(false);
    expect(minorUnitOf("XYZ")).toBeNull();
    expect(currencyDecimals("XYZ")).toBe(2);
  });

  test("the list is sorted and has no duplicates", () => {
    expect([...CURRENCY_CODES].sort()).toEqual(CURRENCY_CODES);
    expect(new Set(CURRENCY_CODES).size).toBe(CURRENCY_CODES.length);
  });
});

describe("opening hours", () => {
  test.each([
    ["09:30", 570],
    ["9:30", 570],
    ["00:00", 0],
    ["23:59", 1439],
    ["24:00", 1440],
    [" 12:05 ", 725],
    ["24:01", null],
    ["25:00", null],
    ["12:60", null],
    ["9h30", null],
    ["0930", null],
    ["", null],
  ])("parseClock(%j) = %s", (text, minutes) => {
    expect(parseClock(text)).toBe(minutes);
  });

  test("formatClock writes HH:MM", () => {
    expect([0, 570, 1140, 1440].map(formatClock)).toEqual(["00:00", "09:30", "19:00", "24:00"]);
  });

  test.each([
    [
      { opens: "", closes: "" },
      { ok: true, interval: null },
    ],
    [
      { opens: "10:00", closes: "19:00" },
      { ok: true, interval: { opensMinute: 600, closesMinute: 1140 } },
    ],
    [
      { opens: "18:00", closes: "24:00" },
      { ok: true, interval: { opensMinute: 1080, closesMinute: 1440 } },
    ],
    [
      { opens: "10:00", closes: "" },
      { ok: false, field: "closes", problem: "HALF_FILLED" },
    ],
    [
      { opens: "", closes: "19:00" },
      { ok: false, field: "opens", problem: "HALF_FILLED" },
    ],
    [
      { opens: "10h", closes: "19:00" },
      { ok: false, field: "opens", problem: "CLOCK_INVALID" },
    ],
    // A day cannot open at midnight's end.
    [
      { opens: "24:00", closes: "24:00" },
      { ok: false, field: "opens", problem: "CLOCK_INVALID" },
    ],
    [
      { opens: "10:00", closes: "25:00" },
      { ok: false, field: "closes", problem: "CLOCK_INVALID" },
    ],
    [
      { opens: "19:00", closes: "10:00" },
      { ok: false, field: "closes", problem: "CLOSES_BEFORE_OPENS" },
    ],
    [
      { opens: "10:00", closes: "10:00" },
      { ok: false, field: "closes", problem: "CLOSES_BEFORE_OPENS" },
    ],
  ])("readSlot(%j)", (slot, expected) => {
    expect(readSlot(slot)).toEqual(expected);
  });

  test("intervals of a day may touch but not overlap", () => {
    const morning = { opensMinute: 600, closesMinute: 750 }; // 10:00–12:30
    expect(overlaps(morning, { opensMinute: 750, closesMinute: 1140 })).toBe(false); // 12:30–19:00
    expect(overlaps(morning, { opensMinute: 720, closesMinute: 1140 })).toBe(true); // 12:00–19:00
    expect(overlaps(morning, { opensMinute: 540, closesMinute: 1200 })).toBe(true); // 09:00–20:00 contains it
  });

  // Tuesday 10:00–12:30 and 14:00–19:00 in Paris.
  const tuesday: OpeningInterval[] = [
    { weekday: 2, opensMinute: 600, closesMinute: 750 },
    { weekday: 2, opensMinute: 840, closesMinute: 1140 },
  ];
  test.each([
    // 2026-07-07 is a Tuesday; Paris is UTC+2 in summer: 08:00Z = 10:00 local.
    ["2026-07-07T08:00:00Z", true],
    ["2026-07-07T07:59:00Z", false],
    ["2026-07-07T10:30:00Z", false], // 12:30 local: closed for lunch (the interval ends before 12:30)
    ["2026-07-07T12:00:00Z", true], // 14:00 local
    ["2026-07-07T17:00:00Z", false], // 19:00 local
    // 2026-01-06 is a Tuesday; Paris is UTC+1 in winter: 09:00Z = 10:00 local.
    ["2026-01-06T09:00:00Z", true],
    ["2026-01-06T08:30:00Z", false],
    // Monday: no hours that day.
    ["2026-07-06T10:00:00Z", false],
  ])("open at %s in Europe/Paris: %s", (instant, open) => {
    expect(isOpenAt(tuesday, new Date(instant), "Europe/Paris")).toBe(open);
  });

  test("a shop with no hours entered has none to be outside of", () => {
    expect(isOpenAt([], new Date("2026-07-07T08:00:00Z"), "Europe/Paris")).toBeNull();
  });

  test("the shop's clock reads the weekday and minute in its own zone", () => {
    // 23:30Z on Sunday 2026-07-05 is 08:30 on Monday in Tokyo.
    expect(shopClock(new Date("2026-07-05T23:30:00Z"), "Asia/Tokyo")).toEqual({ weekday: 1, minute: 510 });
    expect(shopClock(new Date("2026-07-05T23:30:00Z"), "UTC")).toEqual({ weekday: 7, minute: 1410 });
  });

  test.each([
    ["Europe/Paris", true],
    ["America/New_York", true],
    ["UTC", true],
    ["Europe/Atlantis", false],
    ["Paris", false],
    ["", false],
    ["../etc", false],
  ])("isTimeZone(%j) = %s", (zone, ok) => {
    expect(isTimeZone(zone)).toBe(ok);
  });
});

describe("the settings form's schema", () => {
  const valid = {
    version: "3",
    currency: "eur",
    weightUnit: "dwt",
    ianaTimezone: "Europe/Paris",
    defaultTagTemplateId: "small-25x15",
    printerDpi: "300",
    kioskIdleMinutes: "10",
    reason: " new shop ",
    [hoursField(1, 0, "opens")]: "10:00",
    [hoursField(1, 0, "closes")]: "12:30",
    [hoursField(1, 1, "opens")]: "14:00",
    [hoursField(1, 1, "closes")]: "19:00",
    [hoursField(6, 0, "opens")]: "10:00",
    [hoursField(6, 0, "closes")]: "18:00",
  };

  test("a valid form becomes typed settings and intervals", () => {
    const parsed = shopSettingsSchema.parse(valid);
    expect(parsed).toEqual({
      version: 3,
      currency: "EUR",
      weightUnit: "dwt",
      ianaTimezone: "Europe/Paris",
      defaultTagTemplateId: "small-25x15",
      printerDpi: 300,
      kioskIdleMinutes: 10,
      reason: "new shop",
      hours: [
        { weekday: 1, opensMinute: 600, closesMinute: 750 },
        { weekday: 1, opensMinute: 840, closesMinute: 1140 },
        { weekday: 6, opensMinute: 600, closesMinute: 1080 },
      ],
    });
  });

  test("there are two intervals of two times for each of the seven days", () => {
    expect(HOURS_FIELDS).toHaveLength(7 * 2 * 2);
    expect(HOURS_FIELDS[0]).toBe("hours.1.0.opens");
    expect(HOURS_FIELDS.at(-1)).toBe("hours.7.1.closes");
  });

  const issues = (input: Record<string, string>) => {
    const result = shopSettingsSchema.safeParse(input);
    if (result.success) return {};
    return Object.fromEntries(result.error.issues.map((i) => [i.path.join("."), i.message]));
  };

  test("each wrong field gets its own catalog message, beside that very field", () => {
    expect(
      issues({
        ...valid,
        currency: "XYZ",
        weightUnit: "kg",
        ianaTimezone: "Mars/Olympus",
        defaultTagTemplateId: "location-50x25",
        printerDpi: "250",
        [hoursField(1, 0, "closes")]: "09:00",
        [hoursField(1, 1, "opens")]: "",
        [hoursField(3, 0, "opens")]: "7h",
        [hoursField(3, 0, "closes")]: "12:00",
      }),
    ).toEqual({
      currency: "settings.error.currencyUnknown",
      weightUnit: "settings.error.choice",
      ianaTimezone: "settings.error.timeZone",
      // The location label is not a piece's tag template.
      defaultTagTemplateId: "settings.error.choice",
      printerDpi: "settings.error.dpi",
      "hours.1.0.closes": "settings.error.closesBeforeOpens",
      "hours.1.1.opens": "settings.error.halfFilled",
      "hours.3.0.opens": "settings.error.clockInvalid",
    });
  });

  test("a second interval overlapping the first is refused on its opening time", () => {
    expect(issues({ ...valid, [hoursField(1, 1, "opens")]: "12:00" })).toEqual({
      "hours.1.1.opens": "settings.error.overlap",
    });
  });

  test("a missing version is refused (the page always sends the one it was loaded at)", () => {
    const { version: _version, ...rest } = valid;
    expect(Object.keys(issues(rest))).toEqual(["version"]);
  });
});

describe("fallbacks for a setting missing or no longer valid", () => {
  test("tag template", () => {
    expect(defaultTagTemplate(null)).toBe("barbell-56x13");
    expect(defaultTagTemplate("card-86x54")).toBe("card-86x54");
    expect(defaultTagTemplate("withdrawn-template")).toBe("barbell-56x13");
    expect(defaultTagTemplate("location-50x25")).toBe("barbell-56x13");
  });
  test("dpi", () => {
    expect([defaultDpi(600), defaultDpi(300), defaultDpi(250), defaultDpi(null)]).toEqual([600, 300, 203, 203]);
  });
  test("the intake form's unit", () => {
    expect([entryWeightUnit("ozt"), entryWeightUnit("dwt"), entryWeightUnit("ct"), entryWeightUnit(null)]).toEqual([
      "ozt",
      "dwt",
      "g",
      "g",
    ]);
  });
});
