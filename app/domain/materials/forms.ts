/**
 * The materials pages' forms, one zod schema each, shared by the page (which names its fields and
 * shows each field's error beside it) and the action (which reads the form with it). A message is
 * a catalog key (app/i18n/messages/materials.*.ts, core form.error.*), so the action answers each
 * field with what to do about it, in the reader's language. The services check again what needs
 * the database (stock, periods, jobs) and refuse with the same keys.
 */
import { z } from "zod";
import { parseDecimalInput } from "../decimal-input";
import { METALS } from "../metals";
import { ACCOUNT_ROLES } from "./ledger";
import { CHOOSABLE_METHODS } from "./classes";
import { isFiscalYearEnd } from "./validation";

const DAY = /^\d{4}-\d{2}-\d{2}$/;

const day = z.string().regex(DAY, "materials.error.BAD_DATE");
const optionalText = (max: number) => z.string().trim().max(max).optional();
const required = (max: number, message: string) => z.string().trim().min(1, message).max(max);
const qty = required(24, "materials.form.qtyRequired");
const id = (message: string) => z.string().min(1, message).max(64);

// ---------------------------------------------------------------- a class's page

export const receiveForm = z.object({
  intent: z.literal("receive"),
  qty,
  unitCost: required(30, "materials.form.costRequired"),
  supplier: required(120, "materials.error.SUPPLIER_REQUIRED"),
  /** The register's partner chosen; `supplier` then carries its name (app/components/PartnerChooser.tsx). */
  supplierId: optionalText(64),
  /** The supplier's invoice or delivery note number (the FEC's PieceRef). */
  document: optionalText(60),
  lot: optionalText(60),
  day,
  reason: optionalText(300),
});

export const issueForm = z.object({
  intent: z.literal("issue"),
  qty,
  to: z.enum(["job", "sale"]),
  jobId: optionalText(64),
  ref: optionalText(60),
  /** Only read when negative stock is allowed and nothing gives the issue a cost yet. */
  unitCost: optionalText(30),
  day,
  reason: optionalText(300),
});

export const transferForm = z.object({
  intent: z.literal("transfer"),
  qty,
  toClassId: id("materials.form.classRequired"),
  day,
  reason: required(300, "materials.error.REASON_REQUIRED"),
});

export const returnForm = z.object({
  intent: z.literal("return"),
  qty,
  ofMoveId: id("materials.error.BAD_RETURN"),
  day,
  reason: optionalText(300),
});

export const countForm = z.object({
  intent: z.literal("count"),
  countedQty: qty,
  day,
  reason: required(300, "materials.error.REASON_REQUIRED"),
});

export const methodForm = z.object({
  intent: z.literal("method"),
  toMethod: z.string().min(1, "materials.error.BAD_METHOD").max(30),
  justification: z.string().max(2000),
  day,
});

/** A new standard unit cost from a day, justified (standard-cost classes). */
export const standardForm = z.object({
  intent: z.literal("standard"),
  unitCost: required(30, "materials.form.costRequired"),
  justification: z.string().trim().min(10, "materials.error.JUSTIFICATION_REQUIRED").max(2000),
  day,
});

export const nrvForm = z.object({ intent: z.literal("nrv"), nrvUnitValue: z.string().trim().max(30) });

export const classPageForm = z.discriminatedUnion("intent", [
  receiveForm,
  issueForm,
  transferForm,
  returnForm,
  countForm,
  methodForm,
  nrvForm,
  standardForm,
]);
export type ClassPageForm = z.infer<typeof classPageForm>;
export type MoveForm = Exclude<ClassPageForm, { intent: "method" | "nrv" }>;

// ---------------------------------------------------------------- a new class (the overview)

const method = z.enum(CHOOSABLE_METHODS as [string, ...string[]], { message: "materials.error.BAD_METHOD" });
const stoneType = required(40, "materials.form.stoneRequired");

export const newClassForm = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("metal"),
    metal: z.enum(METALS, { message: "materials.error.BAD_METAL" }),
    fineness: required(12, "materials.form.finenessRequired"),
    form: optionalText(40),
    investment: z.string().optional(),
    label: optionalText(120),
    method,
    standardUnitCost: optionalText(30),
  }),
  z.object({
    kind: z.literal("stone_lot"),
    stoneType,
    sizeRange: required(40, "materials.form.stoneRequired"),
    quality: required(40, "materials.form.stoneRequired"),
    label: optionalText(120),
    method,
    nrvUnitValue: optionalText(30),
  }),
  z.object({
    kind: z.literal("stone_single"),
    stoneType,
    reference: required(60, "materials.form.referenceRequired"),
    carats: required(12, "materials.form.caratsRequired"),
    lab: optionalText(20),
    label: optionalText(120),
    nrvUnitValue: optionalText(30),
  }),
]);
export type NewClassForm = z.infer<typeof newClassForm>;

// ---------------------------------------------------------------- jobs

export const newJobForm = z.object({
  number: optionalText(30),
  title: required(200, "materials.error.TITLE_REQUIRED"),
  day,
});

const jobMaterial = { classId: id("materials.form.classRequired"), qty, day };

/** A job's page; the finish form also carries `inPiece.<classId>` fields, the grams each class left in the piece. */
export const jobPageForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("issue"), ...jobMaterial }),
  z.object({ intent: z.literal("return"), ...jobMaterial }),
  z.object({ intent: z.literal("recover"), ...jobMaterial }),
  z.object({
    intent: z.literal("cost"),
    kind: z.enum(["labour", "overhead"]),
    amount: required(30, "materials.error.BAD_AMOUNT"),
    note: optionalText(200),
    day,
  }),
  z
    .object({
      intent: z.literal("finish"),
      title: required(200, "materials.error.TITLE_REQUIRED"),
      price: optionalText(30),
      day,
    })
    .passthrough(),
]);
export type JobPageForm = z.infer<typeof jobPageForm>;

// ---------------------------------------------------------------- prices, impairment

export const pricesForm = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("price"),
    metal: z.string().min(1, "materials.error.BAD_METAL").max(20),
    day,
    price: required(30, "materials.error.BAD_COST"),
    source: optionalText(120),
  }),
  z.object({ intent: z.literal("import"), csv: z.string().min(1, "materials.error.CSV_EMPTY").max(1_000_000) }),
]);

export const impairmentForm = z.object({
  target: z.enum(["class", "piece"]),
  id: id("materials.error.NOTHING_TO_BOOK"),
  justification: z.string().max(2000),
  day,
});

// ---------------------------------------------------------------- settings

/** "2,5", "2.5" or "2,5 %" percent -> 250 parts per 10,000 (exact: digits, not a float). */
const percent = z
  .string()
  .trim()
  .transform((v, ctx) => {
    const parts = parseDecimalInput(v, { units: ["%"] });
    const bp =
      parts && !parts.negative && parts.fracDigits.length <= 2 && parts.intDigits.length <= 3
        ? Number((parts.intDigits || "0") + parts.fracDigits.padEnd(2, "0"))
        : NaN;
    if (!(bp >= 0 && bp <= 10000)) ctx.addIssue({ code: "custom", message: "materials.form.percent" });
    return bp;
  });

/** A journal code as the accountant's software takes it (upper-cased here); empty: STK. */
const journalCode = z
  .string()
  .trim()
  .transform((v) => v.toUpperCase())
  .refine((v) => v === "" || /^[A-Z0-9]{1,8}$/.test(v), "materials.error.BAD_JOURNAL")
  .optional();

const accountFields = Object.fromEntries(ACCOUNT_ROLES.map((role) => [`account.${role}`, z.string().optional()])) as {
  [K in `account.${(typeof ACCOUNT_ROLES)[number]}`]: z.ZodOptional<z.ZodString>;
};

export const settingsForm = z.object({
  intent: z.literal("settings"),
  siren: z
    .string()
    .trim()
    .regex(/^(\d{9})?$/, "materials.error.BAD_SIREN"),
  normalLoss: percent,
  sellingCost: percent,
  negativeStock: z.enum(["refuse", "allow"]),
  ...accountFields,
  /** Left out (an older form): the stored setting stays. */
  supplierAccounts: z.enum(["off", "on"]).optional(),
  "journal.stock": journalCode,
  "journal.purchases": journalCode,
  "journal.impairment": journalCode,
  fiscalYearEnd: z
    .string()
    .trim()
    .refine((v) => v === "" || isFiscalYearEnd(v), "materials.error.BAD_FISCAL_YEAR_END")
    .optional(),
});

export const closeForm = z.object({ intent: z.literal("close"), through: day });

/** Validating the entries through a day without closing the period. */
export const validateForm = z.object({ intent: z.literal("validate"), through: day });

/** A receipt's supplier invoice or delivery note number, added after the receipt. */
export const documentForm = z.object({
  intent: z.literal("document"),
  moveId: id("materials.error.NOT_FOUND"),
  document: required(60, "materials.error.DOCUMENT_REQUIRED"),
});

export const settingsPageForm = z.discriminatedUnion("intent", [settingsForm, closeForm, validateForm, documentForm]);

// ---------------------------------------------------------------- downloads and reports

export const exportQuery = z.object({ format: z.enum(["csv", "fec"]), from: day, to: day });

export const reportsQuery = z.object({
  at: day.optional().catch(undefined),
  from: day.optional().catch(undefined),
  to: day.optional().catch(undefined),
});
