import { z } from "zod";
import { calibrationProblems, SUPPORTED_DPI, type Calibration, type Dpi } from "../../app/domain/tags";

/**
 * Each driver declares its settings here; they are checked (zod) when the kiosk starts and when
 * saved, so a typo in the configuration is reported before the first tag, not during it.
 */
export const calibrationSchema = z
  .object({
    offsetXmm: z.number().finite().optional(),
    offsetYmm: z.number().finite().optional(),
    darkness: z.number().int().optional(),
    speedIps: z.number().int().optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    for (const problem of calibrationProblems(c)) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
  });

const dpiSchema = z.number().refine((d): d is Dpi => (SUPPORTED_DPI as readonly number[]).includes(d), {
  message: "dpi must be 203, 300 or 600",
});

const hostSchema = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9.:[\]-]+$/, "host must be an IP address or a host name");

const timeoutMs = z.number().int().min(200).max(60_000);

const common = {
  dpi: dpiSchema.default(203),
  calibration: calibrationSchema.default({}),
};

export const zebraTcpSettings = z
  .object({
    kind: z.literal("zebra-tcp"),
    host: hostSchema,
    port: z.number().int().min(1).max(65535).default(9100),
    connectTimeoutMs: timeoutMs.default(3000),
    statusTimeoutMs: timeoutMs.default(3000),
    /** Ask ~HS before each job; off only for ZPL emulations that do not answer it. */
    checkStatus: z.boolean().default(true),
    ...common,
  })
  .strict();

export const cupsSettings = z
  .object({
    kind: z.literal("cups"),
    queue: z.string().regex(/^[A-Za-z0-9_.-]{1,127}$/, "queue is a CUPS printer name (letters, digits, _ . -)"),
    /** lp to run; tests point it at a stand-in. */
    lpCommand: z.string().min(1).default("lp"),
    timeoutMs: timeoutMs.default(10_000),
    ...common,
  })
  .strict();

export const fileSettings = z
  .object({
    kind: z.literal("file"),
    dir: z.string().min(1),
    /** Also write a PNG preview of each tag (zpl-renderer-js, ~40 ms a tag). */
    png: z.boolean().default(true),
    ...common,
  })
  .strict();

export const escposTcpSettings = z
  .object({
    kind: z.literal("escpos-tcp"),
    host: hostSchema,
    port: z.number().int().min(1).max(65535).default(9100),
    printerType: z.enum(["epson", "star"]).default("epson"),
    connectTimeoutMs: timeoutMs.default(3000),
    statusTimeoutMs: timeoutMs.default(2000),
    /** DLE EOT 4 (paper sensor); many network receipt printers answer it, some do not. */
    checkStatus: z.boolean().default(false),
    ...common,
  })
  .strict();

export const printerSettingsSchema = z.discriminatedUnion("kind", [
  zebraTcpSettings,
  cupsSettings,
  fileSettings,
  escposTcpSettings,
]);

export type PrinterSettings = z.infer<typeof printerSettingsSchema>;
export type PrinterSettingsInput = z.input<typeof printerSettingsSchema>;

export type SettingsCheck = { ok: true; settings: PrinterSettings } | { ok: false; problems: string[] };

export function checkPrinterSettings(input: unknown): SettingsCheck {
  const parsed = printerSettingsSchema.safeParse(input);
  if (parsed.success) return { ok: true, settings: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((i) => (i.path.length > 0 ? `${i.path.join(".")}: ${i.message}` : i.message)),
  };
}

export function calibrationOf(settings: PrinterSettings): Calibration {
  return settings.calibration;
}
