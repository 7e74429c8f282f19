/**
 * The settings page's schema (/app/settings), shared by the form and the action. Field names are
 * the form's own: the opening hours are `hours.<weekday>.<slot>.opens|closes` (weekday 1 = Monday,
 * slot 0 or 1), so a message lands beside the very box it is about. Messages are catalog keys
 * (app/i18n/messages/settings.*.ts).
 */
import { z } from "zod";
import { isCurrencyCode } from "../currencies";
import {
  INTERVALS_PER_DAY,
  readSlot,
  overlaps,
  isTimeZone,
  WEEKDAYS,
  sortIntervals,
  type HoursProblem,
  type OpeningInterval,
} from "../shop-hours";
import { SUPPORTED_DPI, TEMPLATES, type Dpi } from "../tags";
import { KIOSK_IDLE_MINUTES } from "../kiosk/idle";

/** The weight units a shop shows and enters weights in (stones stay in carats). */
export const SHOP_WEIGHT_UNITS = ["g", "dwt", "ozt"] as const;
export type ShopWeightUnit = (typeof SHOP_WEIGHT_UNITS)[number];

export const TAG_TEMPLATE_IDS = TEMPLATES.map((t) => t.id) as [string, ...string[]];

const SLOTS = Array.from({ length: INTERVALS_PER_DAY }, (_, i) => i);

/** Every opening-hours field name, in the order the page shows them. */
export const HOURS_FIELDS = WEEKDAYS.flatMap((day) =>
  SLOTS.flatMap((slot) => (["opens", "closes"] as const).map((end) => hoursField(day, slot, end))),
);

export function hoursField(weekday: number, slot: number, end: "opens" | "closes"): string {
  return `hours.${weekday}.${slot}.${end}`;
}

const HOURS_MESSAGES: Record<HoursProblem, string> = {
  CLOCK_INVALID: "settings.error.clockInvalid",
  HALF_FILLED: "settings.error.halfFilled",
  CLOSES_BEFORE_OPENS: "settings.error.closesBeforeOpens",
  OVERLAP: "settings.error.overlap",
};

const hoursShape = Object.fromEntries(HOURS_FIELDS.map((name) => [name, z.string().max(10).default("")])) as Record<
  string,
  z.ZodDefault<z.ZodString>
>;

const settingsSchema = z.object({
  version: z.coerce.number().int().min(0),
  currency: z
    .string()
    .trim()
    .transform((v) => v.toUpperCase())
    .refine(isCurrencyCode, { message: "settings.error.currencyUnknown" }),
  weightUnit: z.enum(SHOP_WEIGHT_UNITS, { message: "settings.error.choice" }),
  ianaTimezone: z.string().trim().max(64).refine(isTimeZone, { message: "settings.error.timeZone" }),
  defaultTagTemplateId: z.enum(TAG_TEMPLATE_IDS, { message: "settings.error.choice" }),
  printerDpi: z
    .enum(SUPPORTED_DPI.map(String) as [string, ...string[]], { message: "settings.error.dpi" })
    .transform((v) => Number(v) as Dpi),
  kioskIdleMinutes: z
    .string()
    .trim()
    .refine((v) => /^\d{1,4}$/.test(v) && Number(v) >= KIOSK_IDLE_MINUTES.min && Number(v) <= KIOSK_IDLE_MINUTES.max, {
      message: "settings.error.kioskIdle",
      params: { min: String(KIOSK_IDLE_MINUTES.min), max: String(KIOSK_IDLE_MINUTES.max) },
    })
    .transform(Number),
  reason: z.string().trim().max(500, { message: "settings.error.reasonTooLong" }).default(""),
  /** CSV exports for French Excel (app/domain/csv/dialect.ts); absent: left as it is. */
  csvFrenchExcel: z
    .enum(["on", "off"], { message: "settings.error.choice" })
    .transform((v) => v === "on")
    .optional(),
});

/** The hours' fields read into intervals, each problem beside the box it is about. */
const hoursSchema = z.object(hoursShape).transform((value, ctx) => {
  const typed = value as Record<string, string | undefined>;
  const hours: OpeningInterval[] = [];
  for (const weekday of WEEKDAYS) {
    const day: { opensMinute: number; closesMinute: number }[] = [];
    for (const slot of SLOTS) {
      const read = readSlot({
        opens: typed[hoursField(weekday, slot, "opens")] ?? "",
        closes: typed[hoursField(weekday, slot, "closes")] ?? "",
      });
      if (!read.ok) {
        ctx.addIssue({
          code: "custom",
          path: [hoursField(weekday, slot, read.field)],
          message: HOURS_MESSAGES[read.problem],
        });
        continue;
      }
      if (!read.interval) continue;
      if (day.some((other) => overlaps(other, read.interval!))) {
        ctx.addIssue({ code: "custom", path: [hoursField(weekday, slot, "opens")], message: HOURS_MESSAGES.OVERLAP });
        continue;
      }
      day.push(read.interval);
    }
    for (const d of day) hours.push({ weekday, ...d });
  }
  return { hours: sortIntervals(hours) };
});

// An intersection, not one object: both halves are checked whatever the other finds, so every wrong
// field gets its message in one answer (a transform on one object would not run after a bad field).
export const shopSettingsSchema = settingsSchema.and(hoursSchema);

export type ShopSettingsInput = z.infer<typeof shopSettingsSchema>;
