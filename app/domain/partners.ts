/**
 * The partners register's rules: roles, French company numbers (SIREN, SIRET), intra-EU VAT
 * numbers, default terms, and the form that carries them (one zod schema for the page and the
 * action, messages as catalog keys in app/i18n/messages/partners.*.ts).
 *
 * Decisions beyond the obvious:
 * - SIREN and SIRET are checked with the Luhn key INSEE uses; La Poste's establishments (SIREN
 *   356 000 000) are the one documented exception to SIRET's Luhn key: their digits sum to a
 *   multiple of 5 instead.
 * - A French VAT number is FR + a two-character key + the SIREN. A numeric key must equal
 *   (12 + 3 × (SIREN mod 97)) mod 97; the SIREN inside must pass its own Luhn check. Other EU
 *   countries (and XI, Northern Ireland) are checked for their format only: their check
 *   algorithms differ by country and only VIES can say that a number is live.
 * - Numbers are stored without spaces, dots or dashes; VAT numbers in upper case.
 */
import { z } from "zod";
import { DAY_MS, isoDay, parseIsoDay } from "./days";

export const PARTNER_ROLES = ["supplier", "consignor", "memo", "workshop"] as const;
export type PartnerRole = (typeof PARTNER_ROLES)[number];

export type PartnerRoleFlags = {
  isSupplier: boolean;
  isConsignor: boolean;
  isMemoPartner: boolean;
  isWorkshop: boolean;
};

const FLAG: Record<PartnerRole, keyof PartnerRoleFlags> = {
  supplier: "isSupplier",
  consignor: "isConsignor",
  memo: "isMemoPartner",
  workshop: "isWorkshop",
};

export const roleFlag = (role: PartnerRole): keyof PartnerRoleFlags => FLAG[role];

export function rolesToFlags(roles: readonly PartnerRole[]): PartnerRoleFlags {
  return {
    isSupplier: roles.includes("supplier"),
    isConsignor: roles.includes("consignor"),
    isMemoPartner: roles.includes("memo"),
    isWorkshop: roles.includes("workshop"),
  };
}

export function flagsToRoles(flags: PartnerRoleFlags): PartnerRole[] {
  return PARTNER_ROLES.filter((role) => flags[FLAG[role]]);
}

/** The old `kind` column, still written for readers that predate the roles. */
export function legacyKind(flags: PartnerRoleFlags): "supplier" | "consignor" | "both" | "other" {
  if (flags.isSupplier && flags.isConsignor) return "both";
  if (flags.isSupplier) return "supplier";
  if (flags.isConsignor) return "consignor";
  return "other";
}

/** Spaces, dots, dashes and non-breaking spaces dropped: "732 829 320" → "732829320". */
export function compactNumber(value: string): string {
  return value.replace(/[\s.\-\u00a0\u202f]/g, "").toUpperCase();
}

/** The Luhn check: doubling every second digit from the right, the sum is a multiple of 10. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export type NumberProblem = "FORMAT" | "CHECK";

export function sirenProblem(siren: string): NumberProblem | null {
  if (!/^\d{9}$/.test(siren)) return "FORMAT";
  return luhnValid(siren) ? null : "CHECK";
}

const LA_POSTE_SIREN = "356000000";

export function siretProblem(siret: string): NumberProblem | null {
  if (!/^\d{14}$/.test(siret)) return "FORMAT";
  if (siret.startsWith(LA_POSTE_SIREN)) {
    const sum = [...siret].reduce((s, c) => s + Number(c), 0);
    return sum % 5 === 0 ? null : "CHECK";
  }
  return luhnValid(siret) ? null : "CHECK";
}

/** The two-digit key of a French VAT number for a SIREN: (12 + 3 × (SIREN mod 97)) mod 97. */
export function frenchVatKey(siren: string): string {
  const key = (12 + 3 * (Number(siren) % 97)) % 97;
  return String(key).padStart(2, "0");
}

export function frenchVatNumber(siren: string): string {
  return `FR${frenchVatKey(siren)}${siren}`;
}

/** What follows the country prefix, per EU member state (Greece is EL) and Northern Ireland (XI). */
const VAT_FORMATS: Record<string, RegExp> = {
  AT: /^U\d{8}$/,
  BE: /^[01]\d{9}$/,
  BG: /^\d{9,10}$/,
  CY: /^\d{8}[A-Z]$/,
  CZ: /^\d{8,10}$/,
  DE: /^\d{9}$/,
  DK: /^\d{8}$/,
  EE: /^\d{9}$/,
  EL: /^\d{9}$/,
  ES: /^[A-Z0-9]\d{7}[A-Z0-9]$/,
  FI: /^\d{8}$/,
  FR: /^[0-9A-HJ-NP-Z]{2}\d{9}$/,
  HR: /^\d{11}$/,
  HU: /^\d{8}$/,
  IE: /^(\d{7}[A-W][A-I]?|\d[A-Z+*]\d{5}[A-W])$/,
  IT: /^\d{11}$/,
  LT: /^(\d{9}|\d{12})$/,
  LU: /^\d{8}$/,
  LV: /^\d{11}$/,
  MT: /^\d{8}$/,
  NL: /^\d{9}B\d{2}$/,
  PL: /^\d{10}$/,
  PT: /^\d{9}$/,
  RO: /^\d{2,10}$/,
  SE: /^\d{10}01$/,
  SI: /^\d{8}$/,
  SK: /^\d{10}$/,
  XI: /^(\d{9}|\d{12}|GD\d{3}|HA\d{3})$/,
};

export const VAT_COUNTRIES = Object.keys(VAT_FORMATS);

export type VatProblem = "COUNTRY" | "FORMAT" | "KEY" | "SIREN";

/** Why an intra-EU VAT number (compacted) is wrong, or null. */
export function vatProblem(vat: string): VatProblem | null {
  const country = vat.slice(0, 2);
  const format = VAT_FORMATS[country];
  if (!format) return "COUNTRY";
  const rest = vat.slice(2);
  if (!format.test(rest)) return "FORMAT";
  if (country === "FR") {
    const siren = rest.slice(2);
    if (sirenProblem(siren)) return "SIREN";
    const key = rest.slice(0, 2);
    if (/^\d{2}$/.test(key) && key !== frenchVatKey(siren)) return "KEY";
  }
  return null;
}

/** The SIREN inside a French VAT number, or null. */
export function sirenOfVat(vat: string): string | null {
  return vat.startsWith("FR") && vat.length === 13 ? vat.slice(4) : null;
}

/** "12,5" or "12.5" (%) → 1250 parts per 10,000; null when not a percentage from 0 to 100 with ≤ 2 decimals. */
export function percentTextToBp(text: string): number | null {
  const m = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(text.trim().replace(/\s*%$/, ""));
  if (!m) return null;
  const bp = Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  return bp <= 10000 ? bp : null;
}

/** 1250 → "12.5" (the form's and the CSV's way). */
export function bpToPercentText(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const cents = bp % 100;
  if (cents === 0) return String(whole);
  return `${whole}.${String(cents).padStart(2, "0").replace(/0$/, "")}`;
}

// ---------------------------------------------------------------- the form

const text = (max: number) => z.string().trim().max(max, "partners.error.tooLong");
const optional = (max: number) => text(max).optional().default("");
const days = optional(5).refine((v) => v === "" || (/^\d{1,4}$/.test(v) && Number(v) <= 3650), "partners.error.days");

const VAT_MESSAGES: Record<VatProblem, string> = {
  COUNTRY: "partners.error.vatCountry",
  FORMAT: "partners.error.vatFormat",
  KEY: "partners.error.vatKey",
  SIREN: "partners.error.vatSirenCheck",
};

/** A company number: compacted, then checked when given (the message names what is wrong). */
const numberField = (problem: (compact: string) => string | null) =>
  optional(20)
    .transform(compactNumber)
    .superRefine((v, ctx) => {
      const message = v ? problem(v) : null;
      if (message) ctx.addIssue({ code: "custom", message });
    });

const rolesField = z.preprocess(
  (v) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v : [v]),
  z.array(z.enum(PARTNER_ROLES, { errorMap: () => ({ message: "partners.error.role" }) })).max(4),
);

/** What the partner form holds: every value as typed. */
export const partnerFormSchema = z
  .object({
    name: text(120).min(1, "partners.error.nameRequired"),
    roles: rolesField,
    contactName: optional(120),
    email: optional(200).refine((v) => v === "" || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), "partners.error.email"),
    phone: optional(40),
    address: optional(500),
    postcode: optional(20),
    city: optional(80),
    country: optional(2)
      .transform((v) => v.toUpperCase())
      .refine((v) => v === "" || /^[A-Z]{2}$/.test(v), "partners.error.country"),
    siren: numberField((v) => {
      const problem = sirenProblem(v);
      return problem && (problem === "FORMAT" ? "partners.error.sirenFormat" : "partners.error.sirenCheck");
    }),
    siret: numberField((v) => {
      const problem = siretProblem(v);
      return problem && (problem === "FORMAT" ? "partners.error.siretFormat" : "partners.error.siretCheck");
    }),
    vatNumber: numberField((v) => {
      const problem = vatProblem(v);
      return problem && VAT_MESSAGES[problem];
    }),
    commission: optional(10).refine((v) => v === "" || percentTextToBp(v) !== null, "partners.error.percent"),
    paymentDays: days,
    returnDays: days,
    termsNotes: optional(1000),
    notes: optional(5000),
  })
  .superRefine((form, ctx) => {
    // Reached only when every field passed its own check: the numbers must name one company.
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if (form.siret && form.siren && !form.siret.startsWith(form.siren)) issue("siret", "partners.error.siretSiren");
    const inside = sirenOfVat(form.vatNumber);
    if (inside && form.siren && inside !== form.siren) issue("vatNumber", "partners.error.vatSiren");
  });

export type PartnerForm = z.input<typeof partnerFormSchema>;
export type CheckedPartnerForm = z.output<typeof partnerFormSchema>;

/** A partner's stored fields, as the register writes them. */
export type PartnerFields = PartnerRoleFlags & {
  name: string;
  contactName: string | null;
  email: string | null;
  phone: string | null;
  address: string | null;
  postcode: string | null;
  city: string | null;
  country: string | null;
  siren: string | null;
  siret: string | null;
  vatNumber: string | null;
  termsCommissionBp: number | null;
  termsPaymentDays: number | null;
  termsReturnDays: number | null;
  termsNotes: string | null;
  notes: string | null;
};

export const PARTNER_FIELD_NAMES = [
  "name",
  "isSupplier",
  "isConsignor",
  "isMemoPartner",
  "isWorkshop",
  "contactName",
  "email",
  "phone",
  "address",
  "postcode",
  "city",
  "country",
  "siren",
  "siret",
  "vatNumber",
  "termsCommissionBp",
  "termsPaymentDays",
  "termsReturnDays",
  "termsNotes",
  "notes",
] as const satisfies readonly (keyof PartnerFields)[];

const orNull = (v: string) => (v === "" ? null : v);

/**
 * The checked form as stored fields. A SIREN left empty is taken from the SIRET or a French VAT
 * number, so a partner known by one of them is still found by SIREN.
 */
export function partnerFieldsOf(form: CheckedPartnerForm): PartnerFields {
  const siren = form.siren || form.siret.slice(0, 9) || sirenOfVat(form.vatNumber) || "";
  return {
    name: form.name,
    ...rolesToFlags(form.roles),
    contactName: orNull(form.contactName),
    email: orNull(form.email),
    phone: orNull(form.phone),
    address: orNull(form.address),
    postcode: orNull(form.postcode),
    city: orNull(form.city),
    country: orNull(form.country),
    siren: orNull(siren),
    siret: orNull(form.siret),
    vatNumber: orNull(form.vatNumber),
    termsCommissionBp: form.commission ? percentTextToBp(form.commission) : null,
    termsPaymentDays: form.paymentDays ? Number(form.paymentDays) : null,
    termsReturnDays: form.returnDays ? Number(form.returnDays) : null,
    termsNotes: orNull(form.termsNotes),
    notes: orNull(form.notes),
  };
}

/** Stored fields back as the form shows them. */
export function partnerFormOf(p: PartnerFields): CheckedPartnerForm {
  return {
    name: p.name,
    roles: flagsToRoles(p),
    contactName: p.contactName ?? "",
    email: p.email ?? "",
    phone: p.phone ?? "",
    address: p.address ?? "",
    postcode: p.postcode ?? "",
    city: p.city ?? "",
    country: p.country ?? "",
    siren: p.siren ?? "",
    siret: p.siret ?? "",
    vatNumber: p.vatNumber ?? "",
    commission: p.termsCommissionBp == null ? "" : bpToPercentText(p.termsCommissionBp),
    paymentDays: p.termsPaymentDays == null ? "" : String(p.termsPaymentDays),
    returnDays: p.termsReturnDays == null ? "" : String(p.termsReturnDays),
    termsNotes: p.termsNotes ?? "",
    notes: p.notes ?? "",
  };
}

/** The fields that differ, each with its before and after (for the audit entry). */
export function changedFields(
  before: PartnerFields,
  after: PartnerFields,
): { before: Partial<PartnerFields>; after: Partial<PartnerFields> } {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of PARTNER_FIELD_NAMES) {
    if (before[key] !== after[key]) {
      b[key] = before[key];
      a[key] = after[key];
    }
  }
  return { before: b as Partial<PartnerFields>, after: a as Partial<PartnerFields> };
}

/**
 * Contact details of a person (a consignor is often a private individual). The audit chain cannot
 * be redacted without breaking it, so these are named in audit entries, never valued.
 */
export const PERSONAL_FIELDS = ["contactName", "email", "phone", "address"] as const;
const PERSONAL = new Set<string>(PERSONAL_FIELDS);

/** An audit entry's data for a change: every other field's before and after, personal ones named only. */
export function auditedChange(before: PartnerFields | null, after: PartnerFields): Record<string, unknown> {
  const diff = before ? changedFields(before, after) : { before: null, after };
  const strip = (side: Partial<PartnerFields> | null) =>
    side && Object.fromEntries(Object.entries(side).filter(([k]) => !PERSONAL.has(k)));
  const personal = Object.keys(diff.after).filter(
    (k) => PERSONAL.has(k) && (before || diff.after[k as keyof PartnerFields] !== null),
  );
  return {
    ...(before ? { before: strip(diff.before) } : {}),
    after: strip(diff.after),
    ...(personal.length ? { personalChanged: personal } : {}),
  };
}

/**
 * What a merge leaves on the survivor: its own values, each empty one filled from the duplicate,
 * and the roles of both.
 */
export function mergedFields(survivor: PartnerFields, duplicate: PartnerFields): PartnerFields {
  const out = { ...survivor };
  for (const key of PARTNER_FIELD_NAMES) {
    const value = out[key];
    if (typeof value === "boolean") (out as Record<string, unknown>)[key] = value || Boolean(duplicate[key]);
    else if (value === null || value === "") (out as Record<string, unknown>)[key] = duplicate[key];
  }
  return out;
}

/** Why two partners cannot be one: they carry different company numbers. */
export function mergeConflict(a: PartnerFields, b: PartnerFields): "siren" | "vatNumber" | null {
  if (a.siren && b.siren && a.siren !== b.siren) return "siren";
  if (a.vatNumber && b.vatNumber && a.vatNumber !== b.vatNumber) return "vatNumber";
  return null;
}

export type DefaultTerms = { commissionBp: number | null; returnDays: number | null; notes: string | null };

/**
 * What a consignor's default terms put into the intake form's consignment fields that are still
 * empty: the commission (in the reader's decimal style), the due date (received + return days,
 * from `today` when no reception day is given) and the return conditions.
 */
export function consignmentDefaults(
  terms: DefaultTerms,
  current: { commission?: string; agreedNet?: string; receivedAt?: string; dueAt?: string; returnConditions?: string },
  options: { today: string; decimalComma: boolean },
): { commission?: string; dueAt?: string; returnConditions?: string } {
  const out: { commission?: string; dueAt?: string; returnConditions?: string } = {};
  if (terms.commissionBp != null && !current.commission?.trim() && !current.agreedNet?.trim()) {
    const text = bpToPercentText(terms.commissionBp);
    out.commission = options.decimalComma ? text.replace(".", ",") : text;
  }
  if (terms.returnDays != null && !current.dueAt?.trim()) {
    const from = parseIsoDay(current.receivedAt?.trim() || options.today);
    if (from) out.dueAt = isoDay(from.getTime() + terms.returnDays * DAY_MS);
  }
  if (terms.notes && !current.returnConditions?.trim()) out.returnConditions = terms.notes;
  return out;
}
