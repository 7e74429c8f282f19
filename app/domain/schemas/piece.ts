/**
 * The intake form's schema, shared by the form (live checks in the browser) and the action (the
 * authority). The form holds what the person typed, as text; the schema turns it into exact
 * values (bigint milligrams and minor units, millicarats, fineness in parts per 10,000) or into
 * issues whose `message` is an i18n key and whose `params` fill its placeholders, so each error
 * is shown beside its field in the person's language (see `fieldErrors`).
 */
import { z } from "zod";
import { parseFineness, MetalsError, type Metal } from "../metals";
import { checkPieceWeight, parseCarats, toMilligrams, UnitsError, MAX_PIECE_WEIGHT_MG } from "../units";
import { parseMoney, MoneyError } from "../money";
import { LABS } from "../certificates";
import { parseIsoDay, startOfUtcDay } from "../days";
import { localeDecimalSeparator, parseDecimalInput } from "../decimal-input";
import { normalizeGtin } from "../tags/gs1";
import { hasBidiControls } from "../bidi";
import { gradesFromReport, type GradeField, type StoneGrades } from "../stone-grades";

export const PIECE_METALS = ["gold", "silver", "platinum", "palladium", "other"] as const;
export const METAL_COLOURS = ["yellow", "white", "rose", "red", "green", "grey"] as const;
export const ENTRY_WEIGHT_UNITS = ["g", "dwt", "ozt"] as const;
export const STONE_TYPES = ["diamond", "sapphire", "ruby", "emerald", "pearl", "other"] as const;
export const STONE_ORIGINS = ["natural", "lab_grown", "simulant"] as const;
export const STONE_POSITIONS = ["centre", "side", "accent"] as const;
export const LINK_MODES = ["none", "attach", "create"] as const;

/** Keys of messages the schema can produce; all live in app/i18n/messages/catalog.*.ts. */
export type SchemaMessage =
  | "catalog.error.required"
  | "catalog.error.tooLong"
  | "catalog.error.tooMany"
  | "catalog.error.bidi"
  | "catalog.error.choice"
  | "catalog.error.date"
  | "catalog.error.dateFuture"
  | "catalog.error.dueBeforeReceived"
  | "catalog.error.number"
  | "catalog.error.numberAmbiguous"
  | "catalog.error.weightInvalid"
  | "catalog.error.weightDecimals"
  | "catalog.error.weightNegative"
  | "catalog.error.weightZero"
  | "catalog.error.weightAbsurd"
  | "catalog.error.finenessInvalid"
  | "catalog.error.finenessUnknown"
  | "catalog.error.karatGoldOnly"
  | "catalog.error.caratInvalid"
  | "catalog.error.caratDecimals"
  | "catalog.error.caratNegative"
  | "catalog.error.caratZero"
  | "catalog.error.caratRange"
  | "catalog.error.count"
  | "catalog.error.moneyInvalid"
  | "catalog.error.moneyDecimals"
  | "catalog.error.moneyNegative"
  | "catalog.error.moneyRange"
  | "catalog.error.percent"
  | "catalog.error.certificateNumber"
  | "catalog.error.certificateDuplicate"
  | "catalog.error.certificateReference"
  | "catalog.error.commissionOrNet"
  | "catalog.error.variantRequired"
  | "catalog.error.costForbidden"
  | "catalog.error.scan"
  | "catalog.error.tagCode"
  | "catalog.error.gtin"
  | "catalog.error.colourMismatch"
  | "catalog.error.clarityMismatch"
  | "catalog.error.cutMismatch"
  // Found by the server (database, Shopify), reported the same way:
  | "catalog.error.tagCodeTaken"
  | "catalog.error.unknownLocation"
  | "catalog.error.variantNotFound"
  | "catalog.error.variantAmbiguous"
  | "catalog.error.variantOneOfAKind"
  | "catalog.error.shopifyUnavailable"
  | "catalog.error.uploadFailed"
  | "catalog.error.uploadType"
  | "partners.error.UNKNOWN_PARTNER";

export type Issue = { path: string; message: SchemaMessage; params?: Record<string, string> };

/** Free text a person types: no direction-control characters (app/domain/bidi.ts). */
export const plainString = (max: number) =>
  z
    .string({ invalid_type_error: "catalog.error.required" })
    .max(max, { message: "catalog.error.tooLong" })
    .refine((s) => !hasBidiControls(s), { message: "catalog.error.bidi" });
const text = (max: number) => plainString(max).transform((s) => s.trim());
const optionalText = (max: number) =>
  plainString(max)
    .optional()
    .transform((s) => (s && s.trim() ? s.trim() : null));
/** A list of at most `max` entries; more is "too many (at most max)", never "required". */
const list = <T extends z.ZodTypeAny>(item: T, max: number) =>
  z.array(item).max(max, { message: "catalog.error.tooMany" });
const choice = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { errorMap: () => ({ message: "catalog.error.choice" }) });

export const metalFormSchema = z.object({
  metal: choice(PIECE_METALS),
  colour: z.union([choice(METAL_COLOURS), z.literal("")]).optional(),
  fineness: plainString(20),
  weight: plainString(30),
  unit: choice(ENTRY_WEIGHT_UNITS),
  hallmark: plainString(80).optional(),
});

export const stoneFormSchema = z.object({
  type: choice(STONE_TYPES),
  origin: choice(STONE_ORIGINS),
  shape: plainString(40).optional(),
  carats: plainString(20),
  count: plainString(6).optional(),
  colour: plainString(20).optional(),
  clarity: plainString(20).optional(),
  cutGrade: plainString(20).optional(),
  measurements: plainString(60).optional(),
  treatment: plainString(80).optional(),
  position: choice(STONE_POSITIONS),
  /** Index (as text, "" for none) of the certificate in this form that grades the stone. */
  certificateIndex: z.string().max(3).optional(),
});

export const certificateFormSchema = z.object({
  lab: choice(LABS),
  number: plainString(40),
  issuedAt: z.string().max(10).optional(),
  colour: plainString(20).optional(),
  clarity: plainString(20).optional(),
  cut: plainString(20).optional(),
  scanFileGid: z.string().max(200).optional(),
  scanUrl: z.string().max(2000).optional(),
});

export const consignmentFormSchema = z.object({
  consignorName: plainString(120),
  /** The register's partner chosen (app/components/PartnerChooser.tsx); "" or absent when a name is typed. */
  consignorId: z.string().max(64).optional(),
  commission: z.string().max(10).optional(),
  agreedNet: z.string().max(30).optional(),
  receivedAt: z.string().max(10).optional(),
  dueAt: z.string().max(10).optional(),
  returnConditions: plainString(1000).optional(),
});

/** What the form holds: every value as typed. */
export const pieceFormSchema = z.object({
  title: text(255),
  sku: optionalText(100),
  description: optionalText(5000),
  link: choice(LINK_MODES).default("none"),
  variantRef: optionalText(200),
  price: z.string().max(40).optional(),
  cost: z.string().max(40).optional(),
  supplierName: optionalText(120),
  /** The register's partner chosen; absent when a new name is typed. */
  supplierId: z.string().max(64).optional(),
  acquiredAt: z.string().max(10).optional(),
  locationId: optionalText(64),
  notes: optionalText(5000),
  tagCode: optionalText(40),
  /** A GTIN the shop assigns (for RFID tags when the Shopify variant's barcode is not one). */
  gtin: optionalText(20).optional(),
  metals: list(metalFormSchema, 10),
  stones: list(stoneFormSchema, 100),
  certificates: list(certificateFormSchema, 20),
  consignment: consignmentFormSchema.nullable().optional(),
});

export type PieceForm = z.input<typeof pieceFormSchema>;

export type CheckedPiece = {
  title: string;
  sku: string | null;
  description: string | null;
  link: (typeof LINK_MODES)[number];
  variantRef: string | null;
  priceMinor: bigint | null;
  costMinor: bigint | null;
  supplierName: string | null;
  supplierId?: string | null;
  acquiredAt: Date | null;
  locationId: string | null;
  notes: string | null;
  tagCode: string | null;
  /** GTIN-14 (check digit verified), or null. */
  gtin?: string | null;
  metals: {
    metal: Metal;
    colour: string | null;
    finenessBp: number;
    grossWeightMg: bigint;
    enteredWeight: string;
    enteredUnit: string;
    hallmark: string | null;
  }[];
  stones: {
    type: string;
    origin: (typeof STONE_ORIGINS)[number];
    shape: string | null;
    millicarats: number;
    count: number;
    colour: string | null;
    clarity: string | null;
    cutGrade: string | null;
    measurements: string | null;
    treatment: string | null;
    position: (typeof STONE_POSITIONS)[number];
    certificateIndex: number | null;
  }[];
  certificates: {
    lab: string;
    number: string;
    issuedAt: Date | null;
    grades: Record<string, string>;
    scanFileGid: string | null;
    scanUrl: string | null;
  }[];
  consignment: {
    consignorName: string;
    consignorId?: string | null;
    commissionBp: number | null;
    agreedNetMinor: bigint | null;
    receivedAt: Date;
    dueAt: Date | null;
    returnConditions: string | null;
  } | null;
};

export type CheckContext = {
  locale: string;
  currency: string;
  /** Roles that may not see cost may not send it either. */
  canSeeCost: boolean;
  /** "Today" for date checks (tests pin it). */
  now?: Date;
};

const blank = (s: string | null | undefined) => s == null || s.trim() === "";
const clean = (s: string | null | undefined) => (blank(s) ? null : s!.trim());

/** "2026-11-26" → that day at 00:00 UTC; anything else → null. */
export function parseDay(input: string): Date | null {
  return parseIsoDay(input);
}

/** Certificate numbers as labs print them: letters, digits, hyphens, slashes, dots. */
export const CERTIFICATE_NUMBER = /^[A-Za-z0-9][A-Za-z0-9./-]{0,39}$/;

/** Percent with at most 2 decimals → parts per 10,000, or null. */
export function percentToBp(input: string, locale: string): number | null {
  const parts = parseDecimalInput(input, { locale, units: ["%"] });
  if (!parts || parts.negative || parts.fracDigits.length > 2) return null;
  const bp = Number((parts.intDigits || "0") + parts.fracDigits.padEnd(2, "0"));
  return bp <= 10000 ? bp : null;
}

const MISMATCH: Record<GradeField, SchemaMessage> = {
  colour: "catalog.error.colourMismatch",
  clarity: "catalog.error.clarityMismatch",
  cutGrade: "catalog.error.cutMismatch",
};

/**
 * A number refused as ambiguous ("1.250" read by a French reader) names its two readings, as the
 * reader writes numbers ("1250" or "1,250").
 */
function ambiguity(error: unknown, locale: string): Record<string, string> | null {
  if (!(error instanceof MoneyError || error instanceof UnitsError) || error.code !== "AMBIGUOUS") return null;
  const details = error.details ?? {};
  return {
    value: String(details.input ?? ""),
    thousands: String(details.thousands ?? ""),
    decimal: String(details.decimal ?? "").replace(".", localeDecimalSeparator(locale)),
  };
}

function moneyIssue(error: unknown): SchemaMessage {
  if (error instanceof MoneyError) {
    if (error.code === "TOO_MANY_DECIMALS") return "catalog.error.moneyDecimals";
    if (error.code === "NEGATIVE") return "catalog.error.moneyNegative";
    if (error.code === "OUT_OF_RANGE") return "catalog.error.moneyRange";
  }
  return "catalog.error.moneyInvalid";
}

/**
 * The one schema: shape (zod) then meaning (fineness legal for the metal, weights plausible,
 * carats to 0.001, certificates unique per lab…). Every issue found is reported, not only the
 * first, each on the dotted path of its field ("metals.0.weight").
 */
export function pieceSchema(context: CheckContext) {
  return pieceFormSchema.transform((form, zctx): CheckedPiece => {
    const result = checkMeaning(form, context);
    if (!result.ok) {
      for (const issue of result.issues) {
        zctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: issue.path.split("."),
          message: issue.message,
          params: issue.params,
        });
      }
      return z.NEVER;
    }
    return result.value;
  });
}

/** Parses with `pieceSchema` and gives flat issues (message = i18n key, params = its placeholders). */
/** The values a schema issue's message needs: a custom check's own, or a list's maximum. */
export function issueParams(issue: z.ZodIssue): Record<string, string> | undefined {
  if (issue.code === z.ZodIssueCode.custom) return issue.params as Record<string, string> | undefined;
  if (issue.code === z.ZodIssueCode.too_big && issue.message === "catalog.error.tooMany")
    return { max: String(issue.maximum) };
  return undefined;
}

export function checkPieceForm(
  raw: unknown,
  context: CheckContext,
): { ok: true; value: CheckedPiece } | { ok: false; issues: Issue[] } {
  const parsed = pieceSchema(context).safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((i) => {
      const message = (i.message.startsWith("catalog.error.") ? i.message : "catalog.error.required") as SchemaMessage;
      const params = issueParams(i);
      return params ? { path: i.path.join("."), message, params } : { path: i.path.join("."), message };
    }),
  };
}

function checkMeaning(
  form: z.output<typeof pieceFormSchema>,
  context: CheckContext,
): { ok: true; value: CheckedPiece } | { ok: false; issues: Issue[] } {
  const issues: Issue[] = [];
  const add = (path: string, message: SchemaMessage, params?: Record<string, string>) =>
    issues.push(params ? { path, message, params } : { path, message });
  const now = context.now ?? new Date();
  const day = (value: string | undefined, path: string, { notFuture = false } = {}): Date | null => {
    if (blank(value)) return null;
    const date = parseDay(value!);
    if (!date) {
      add(path, "catalog.error.date");
      return null;
    }
    if (notFuture && date.getTime() > now.getTime()) add(path, "catalog.error.dateFuture");
    return date;
  };
  const money = (value: string | undefined, path: string): bigint | null => {
    if (blank(value)) return null;
    try {
      return parseMoney(value!, context.currency, { locale: context.locale });
    } catch (error) {
      const ambiguous = ambiguity(error, context.locale);
      if (ambiguous) add(path, "catalog.error.numberAmbiguous", ambiguous);
      else add(path, moneyIssue(error), { currency: context.currency });
      return null;
    }
  };

  if (form.title === "") add("title", "catalog.error.required");
  if (form.link === "attach" && !form.variantRef) add("variantRef", "catalog.error.variantRequired");
  if (form.tagCode && !/^[A-Z0-9][A-Z0-9-]{2,31}$/i.test(form.tagCode)) add("tagCode", "catalog.error.tagCode");
  const gtin = form.gtin ? normalizeGtin(form.gtin.replace(/[\s-]/g, "")) : null;
  if (form.gtin && !gtin) add("gtin", "catalog.error.gtin");

  const priceMinor = money(form.price, "price");
  let costMinor: bigint | null = null;
  if (!context.canSeeCost) {
    // Not shown to this role, so anything sent here did not come from the form: refuse it.
    if (!blank(form.cost)) add("cost", "catalog.error.costForbidden");
    if (form.supplierName || form.supplierId) add("supplierName", "catalog.error.costForbidden");
  } else {
    costMinor = money(form.cost, "cost");
  }
  const acquiredAt = day(form.acquiredAt, "acquiredAt", { notFuture: true });

  const metals: CheckedPiece["metals"] = [];
  let totalMg = 0n;
  form.metals.forEach((m, i) => {
    const base = `metals.${i}`;
    let finenessBp: number | null = null;
    if (blank(m.fineness)) add(`${base}.fineness`, "catalog.error.required");
    else {
      try {
        finenessBp = parseFineness(m.fineness, m.metal);
      } catch (error) {
        const code = error instanceof MetalsError ? error.code : "INVALID";
        add(
          `${base}.fineness`,
          code === "UNKNOWN_FINENESS"
            ? "catalog.error.finenessUnknown"
            : code === "KARAT_GOLD_ONLY"
              ? "catalog.error.karatGoldOnly"
              : "catalog.error.finenessInvalid",
          { value: m.fineness.trim() },
        );
      }
    }
    let grossWeightMg: bigint | null = null;
    if (blank(m.weight)) add(`${base}.weight`, "catalog.error.required");
    else {
      try {
        grossWeightMg = toMilligrams(m.weight, m.unit, context.locale);
        const check = checkPieceWeight(grossWeightMg);
        if (!check.ok) {
          add(
            `${base}.weight`,
            check.code === "ZERO_WEIGHT"
              ? "catalog.error.weightZero"
              : check.code === "NEGATIVE"
                ? "catalog.error.weightNegative"
                : "catalog.error.weightAbsurd",
            { max: String(MAX_PIECE_WEIGHT_MG / 1000n) },
          );
          grossWeightMg = null;
        }
      } catch (error) {
        const code = error instanceof UnitsError ? error.code : "INVALID";
        const decimals = m.unit === "ozt" ? "4" : "3";
        const ambiguous = ambiguity(error, context.locale);
        if (ambiguous) add(`${base}.weight`, "catalog.error.numberAmbiguous", ambiguous);
        else
          add(
            `${base}.weight`,
            code === "TOO_MANY_DECIMALS"
              ? "catalog.error.weightDecimals"
              : code === "NEGATIVE"
                ? "catalog.error.weightNegative"
                : code === "OUT_OF_RANGE"
                  ? "catalog.error.weightAbsurd"
                  : "catalog.error.weightInvalid",
            { decimals, unit: m.unit, max: String(MAX_PIECE_WEIGHT_MG / 1000n) },
          );
      }
    }
    if (finenessBp !== null && grossWeightMg !== null) {
      totalMg += grossWeightMg;
      metals.push({
        metal: m.metal,
        colour: clean(m.colour),
        finenessBp,
        grossWeightMg,
        enteredWeight: m.weight.trim(),
        enteredUnit: m.unit,
        hallmark: clean(m.hallmark),
      });
    }
  });
  if (totalMg > MAX_PIECE_WEIGHT_MG && !issues.some((i) => i.message === "catalog.error.weightAbsurd")) {
    add(`metals.${form.metals.length - 1}.weight`, "catalog.error.weightAbsurd", {
      max: String(MAX_PIECE_WEIGHT_MG / 1000n),
    });
  }

  const certificates: CheckedPiece["certificates"] = [];
  form.certificates.forEach((c, i) => {
    const base = `certificates.${i}`;
    const number = c.number.trim();
    if (!number) add(`${base}.number`, "catalog.error.required");
    else if (!CERTIFICATE_NUMBER.test(number)) add(`${base}.number`, "catalog.error.certificateNumber");
    else if (form.certificates.findIndex((o) => o.lab === c.lab && o.number.trim() === number) !== i) {
      add(`${base}.number`, "catalog.error.certificateDuplicate", { lab: c.lab, number });
    }
    const issuedAt = day(c.issuedAt, `${base}.issuedAt`, { notFuture: true });
    const scanFileGid = clean(c.scanFileGid);
    const scanUrl = clean(c.scanUrl);
    if (scanFileGid && !/^gid:\/\/shopify\/(GenericFile|MediaImage)\/\d+$/.test(scanFileGid))
      add(`${base}.scan`, "catalog.error.scan");
    if (scanUrl && !/^https:\/\/\S+$/.test(scanUrl)) add(`${base}.scan`, "catalog.error.scan");
    const grades: Record<string, string> = {};
    for (const key of ["colour", "clarity", "cut"] as const) {
      const value = clean(c[key]);
      if (value) grades[key] = value;
    }
    certificates.push({ lab: c.lab, number, issuedAt, grades, scanFileGid, scanUrl });
  });

  const stones: CheckedPiece["stones"] = [];
  form.stones.forEach((s, i) => {
    const base = `stones.${i}`;
    let millicarats: number | null = null;
    // Pearls are sold by size (mm) and weighed in grains, if at all: no carat weight is asked of
    // them, and 0 is stored as "not weighed" (the provenance page shows no weight then).
    if (blank(s.carats)) {
      if (s.type === "pearl") millicarats = 0;
      else add(`${base}.carats`, "catalog.error.required");
    } else {
      try {
        millicarats = parseCarats(s.carats, context.locale);
        if (millicarats === 0 && s.type !== "pearl") {
          add(`${base}.carats`, "catalog.error.caratZero");
          millicarats = null;
        }
      } catch (error) {
        const code = error instanceof UnitsError ? error.code : "INVALID";
        const ambiguous = ambiguity(error, context.locale);
        if (ambiguous) add(`${base}.carats`, "catalog.error.numberAmbiguous", ambiguous);
        else
          add(
            `${base}.carats`,
            code === "TOO_MANY_DECIMALS"
              ? "catalog.error.caratDecimals"
              : code === "NEGATIVE"
                ? "catalog.error.caratNegative"
                : code === "OUT_OF_RANGE"
                  ? "catalog.error.caratRange"
                  : "catalog.error.caratInvalid",
          );
      }
    }
    let count = 1;
    if (!blank(s.count)) {
      count = /^\d{1,5}$/.test(s.count!.trim()) ? Number(s.count!.trim()) : 0;
      if (count < 1 || count > 10000) add(`${base}.count`, "catalog.error.count");
    }
    let certificateIndex: number | null = null;
    if (!blank(s.certificateIndex)) {
      certificateIndex = Number(s.certificateIndex);
      if (!Number.isInteger(certificateIndex) || !form.certificates[certificateIndex])
        add(`${base}.certificateIndex`, "catalog.error.certificateReference");
    }
    // A stone graded by a report carries the report's grades (app/domain/stone-grades.ts).
    let grades: StoneGrades = { colour: clean(s.colour), clarity: clean(s.clarity), cutGrade: clean(s.cutGrade) };
    const report = certificateIndex !== null ? certificates[certificateIndex] : undefined;
    if (report) {
      const linked = gradesFromReport(grades, report.grades);
      if (linked.ok) grades = linked.grades;
      else
        for (const conflict of linked.conflicts)
          add(`${base}.${conflict.field}`, MISMATCH[conflict.field], {
            stone: conflict.stone,
            report: conflict.report,
            lab: report.lab,
            number: report.number,
          });
    }
    if (millicarats !== null) {
      stones.push({
        type: s.type,
        origin: s.origin,
        shape: clean(s.shape),
        millicarats,
        count,
        ...grades,
        measurements: clean(s.measurements),
        treatment: clean(s.treatment),
        position: s.position,
        certificateIndex,
      });
    }
  });

  let consignment: CheckedPiece["consignment"] = null;
  if (form.consignment) {
    const c = form.consignment;
    const consignorName = c.consignorName.trim();
    if (!consignorName) add("consignment.consignorName", "catalog.error.required");
    let commissionBp: number | null = null;
    if (!blank(c.commission)) {
      commissionBp = percentToBp(c.commission!, context.locale);
      if (commissionBp === null) add("consignment.commission", "catalog.error.percent");
    }
    const agreedNetMinor = money(c.agreedNet, "consignment.agreedNet");
    if (blank(c.commission) === blank(c.agreedNet)) add("consignment.commission", "catalog.error.commissionOrNet");
    const receivedAt =
      day(c.receivedAt, "consignment.receivedAt", { notFuture: true }) ?? acquiredAt ?? startOfUtcDay(now);
    const dueAt = day(c.dueAt, "consignment.dueAt");
    if (dueAt && dueAt.getTime() < receivedAt.getTime()) add("consignment.dueAt", "catalog.error.dueBeforeReceived");
    consignment = {
      consignorName,
      consignorId: clean(c.consignorId),
      commissionBp,
      agreedNetMinor,
      receivedAt,
      dueAt,
      returnConditions: clean(c.returnConditions),
    };
  }

  if (issues.length) return { ok: false, issues };
  return {
    ok: true,
    value: {
      title: form.title,
      sku: form.sku,
      description: form.description,
      link: form.link,
      variantRef: form.variantRef,
      priceMinor,
      costMinor,
      supplierName: context.canSeeCost ? form.supplierName : null,
      supplierId: context.canSeeCost ? clean(form.supplierId) : null,
      acquiredAt,
      locationId: form.locationId,
      notes: form.notes,
      tagCode: form.tagCode ? form.tagCode.toUpperCase() : null,
      gtin,
      metals,
      stones,
      certificates,
      consignment,
    },
  };
}

/** An empty form, as the page starts. */
export function emptyPieceForm(): PieceForm {
  return { title: "", link: "none", metals: [], stones: [], certificates: [], consignment: null };
}
