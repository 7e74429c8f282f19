/**
 * Editing a piece after intake: the same rows and checks as the intake form (metals, stones,
 * certificates, cost), plus maker and origin. Certificates already recorded travel with their id
 * and are kept as they are; rows without an id are added. A stone's `certificateIndex` points into
 * that one list, so the intake's stones card works unchanged.
 *
 * Recorded certificates can be corrected (number, date, grades, scan) or removed (left out of the
 * list); SKU and acquisition date are edited like the rest. `consignment` carries a consigned
 * piece's terms (commission % or agreed net price, due date, return conditions) and its consignor
 * (chosen from the register by `consignorId`, or a name typed; both absent = not touched); the day
 * received is not edited here (`receivedAt` travels only to check the due date).
 *
 * `cost` and `supplierName` left out of the form (undefined) mean "not touched": the form of a
 * role that may not see cost never carries them, and such a role sending them is refused.
 */
import { z } from "zod";
import { localeDecimalSeparator, scaledToDecimalText } from "../decimal-input";
import { isoDay } from "../days";
import { minorToDecimalString } from "../money";
import { parseReportGrades, shownGrades } from "../stone-grades";
import {
  certificateFormSchema,
  checkPieceForm,
  issueParams,
  plainString,
  consignmentFormSchema,
  metalFormSchema,
  stoneFormSchema,
  type CheckContext,
  type CheckedPiece,
  type Issue,
  type PieceForm,
} from "./piece";

const tooLong = { message: "catalog.error.tooLong" } as const;
const tooMany = { message: "catalog.error.tooMany" } as const;

export const editCertificateSchema = certificateFormSchema.extend({ id: z.string().max(64).optional() });
export const editConsignmentSchema = consignmentFormSchema.extend({
  consignorName: z.string().max(120, tooLong).optional(),
});

export const pieceEditFormSchema = z.object({
  title: plainString(255),
  description: plainString(5000).optional(),
  madeBy: plainString(200).optional(),
  origin: plainString(2000).optional(),
  gtin: z.string().max(20, tooLong).optional(),
  sku: plainString(100).optional(),
  acquiredAt: z.string().max(10).optional(),
  notes: plainString(5000).optional(),
  consignment: editConsignmentSchema.optional(),
  metals: z.array(metalFormSchema).max(10, tooMany),
  stones: z.array(stoneFormSchema).max(100, tooMany),
  certificates: z.array(editCertificateSchema).max(20, tooMany),
  cost: z.string().max(40).optional(),
  supplierName: plainString(120).optional(),
});

export type PieceEditForm = z.input<typeof pieceEditFormSchema>;

/** What the page posts: the form, the version it was loaded at, and an optional reason. */
export const pieceEditRequestSchema = z.object({
  intent: z.literal("edit"),
  version: z.number().int().min(1),
  reason: z.string().trim().max(200).optional(),
  form: z.unknown(),
});
export type PieceEditRequest = z.infer<typeof pieceEditRequestSchema>;

export type CheckedEdit = Pick<
  CheckedPiece,
  "title" | "description" | "notes" | "metals" | "stones" | "sku" | "acquiredAt"
> & {
  gtin: string | null;
  madeBy: string | null;
  originNotes: string | null;
  /** Every certificate of the form, recorded ones with their id (`id: null` = to add). */
  certificates: (CheckedPiece["certificates"][number] & { id: string | null })[];
  /** undefined: not touched; null: cleared. */
  costMinor?: bigint | null;
  supplierName?: string | null;
  /** A consigned piece's terms; undefined: not in the form (the piece is not consigned). */
  consignment?: ConsignmentTerms;
};

/** The consignor an edit names: a partner chosen from the register (id), or a name typed (id null). */
export type EditedConsignor = { id: string | null; name: string };

export type ConsignmentTerms = {
  commissionBp: number | null;
  agreedNetMinor: bigint | null;
  dueAt: Date | null;
  returnConditions: string | null;
  /** undefined: the consignor is not in the form (not touched). */
  consignor?: EditedConsignor;
};

const clean = (s: string | undefined) => (s && s.trim() ? s.trim() : null);

/** The edit form checked with the intake's rules; issues are on the form's own paths ("metals.0.weight"). */
export function checkPieceEdit(
  raw: unknown,
  context: CheckContext,
): { ok: true; value: CheckedEdit } | { ok: false; issues: Issue[] } {
  const shaped = pieceEditFormSchema.safeParse(raw);
  if (!shaped.success) {
    return {
      ok: false,
      issues: shaped.error.issues.map((i) => {
        const params = issueParams(i);
        return {
          path: i.path.join("."),
          message: i.message.startsWith("catalog.error.") ? (i.message as Issue["message"]) : "catalog.error.required",
          ...(params ? { params } : {}),
        };
      }),
    };
  }
  const form = shaped.data;
  // The terms are not in this role's form (they carry the agreed net price, the shop's cost):
  // terms sent anyway did not come from the form.
  if (!context.canSeeCost && form.consignment)
    return { ok: false, issues: [{ path: "consignment", message: "catalog.error.costForbidden" }] };
  const asIntake: PieceForm = {
    title: form.title,
    description: form.description,
    notes: form.notes,
    gtin: form.gtin,
    sku: form.sku,
    acquiredAt: form.acquiredAt,
    link: "none",
    cost: form.cost,
    supplierName: form.supplierName,
    metals: form.metals,
    stones: form.stones,
    certificates: form.certificates.map(({ id: _id, ...c }) => c),
    // A consignor left out of the form is not touched: a stand-in name lets the intake's rules check
    // the terms. One sent is checked as at intake (a name, or a partner chosen).
    consignment: form.consignment
      ? {
          ...form.consignment,
          consignorName: form.consignment.consignorName ?? "—",
        }
      : null,
  };
  const checked = checkPieceForm(asIntake, context);
  if (!checked.ok) return checked;
  const v = checked.value;
  return {
    ok: true,
    value: {
      title: v.title,
      description: v.description,
      notes: v.notes,
      gtin: v.gtin ?? null,
      sku: v.sku,
      acquiredAt: v.acquiredAt,
      madeBy: clean(form.madeBy),
      originNotes: clean(form.origin),
      metals: v.metals,
      stones: v.stones,
      certificates: v.certificates.map((c, i) => ({ ...c, id: form.certificates[i]?.id ?? null })),
      ...(context.canSeeCost && form.cost !== undefined ? { costMinor: v.costMinor } : {}),
      ...(context.canSeeCost && form.supplierName !== undefined ? { supplierName: v.supplierName } : {}),
      ...(v.consignment
        ? {
            consignment: {
              commissionBp: v.consignment.commissionBp,
              agreedNetMinor: v.consignment.agreedNetMinor,
              dueAt: v.consignment.dueAt,
              returnConditions: v.consignment.returnConditions,
              ...(form.consignment?.consignorName !== undefined
                ? { consignor: { id: v.consignment.consignorId ?? null, name: v.consignment.consignorName } }
                : {}),
            },
          }
        : {}),
    },
  };
}

/** A scaled integer as the person would type it in their language ("1,25" in French). */
function typed(scaled: bigint | number, places: number, locale: string, trimZeros = false): string {
  return scaledToDecimalText(BigInt(scaled), places, { trimZeros }).replace(".", localeDecimalSeparator(locale));
}

export type EditablePiece = {
  title: string;
  description: string | null;
  madeBy: string | null;
  originNotes: string | null;
  gtin: string | null;
  sku: string | null;
  acquiredAt: Date | null;
  notes: string | null;
  currency: string;
  costMinor: bigint | null;
  consignment: {
    commissionBp: number | null;
    agreedNetMinor: bigint | null;
    receivedAt: Date;
    dueAt: Date | null;
    returnConditions: string | null;
    /** Read with the piece where the form offers to change it (the piece page). */
    consignor?: { id: string; name: string };
  } | null;
  supplier: { name: string } | null;
  metals: {
    metal: string;
    colour: string | null;
    finenessBp: number;
    enteredWeight: string;
    enteredUnit: string;
    hallmark: string | null;
  }[];
  stones: {
    type: string;
    origin: string;
    shape: string | null;
    millicarats: number;
    count: number;
    colour: string | null;
    clarity: string | null;
    cutGrade: string | null;
    measurements: string | null;
    treatment: string | null;
    position: string;
    certificateId: string | null;
  }[];
  certificates: {
    id: string;
    lab: string;
    number: string;
    issuedAt: Date | null;
    grades: string;
    scanFileGid: string | null;
    scanUrl: string | null;
  }[];
};

/** The edit form as the page starts it: the record as typed text; cost only for roles that may see it. */
export function pieceEditForm(piece: EditablePiece, context: { locale: string; canSeeCost: boolean }): PieceEditForm {
  const certificateIndex = new Map(piece.certificates.map((c, i) => [c.id, String(i)]));
  // A stone graded by a report shows the report's grades (a row stored before the check may hold
  // others): saving the form stores them (app/domain/stone-grades.ts).
  const reportGrades = new Map(piece.certificates.map((c) => [c.id, parseReportGrades(c.grades)]));
  const graded = (s: EditablePiece["stones"][number]) =>
    shownGrades(s, s.certificateId ? (reportGrades.get(s.certificateId) ?? null) : null);
  return {
    title: piece.title,
    description: piece.description ?? "",
    madeBy: piece.madeBy ?? "",
    origin: piece.originNotes ?? "",
    gtin: piece.gtin ?? "",
    sku: piece.sku ?? "",
    acquiredAt: piece.acquiredAt ? isoDay(piece.acquiredAt) : "",
    notes: piece.notes ?? "",
    // Consignment terms carry the agreed net price (the shop's cost): only for roles that see cost.
    ...(piece.consignment && context.canSeeCost
      ? {
          consignment: {
            commission:
              piece.consignment.commissionBp === null
                ? ""
                : typed(piece.consignment.commissionBp, 2, context.locale, true),
            agreedNet:
              piece.consignment.agreedNetMinor === null
                ? ""
                : minorToDecimalString(piece.consignment.agreedNetMinor, piece.currency).replace(
                    ".",
                    localeDecimalSeparator(context.locale),
                  ),
            receivedAt: isoDay(piece.consignment.receivedAt),
            dueAt: piece.consignment.dueAt ? isoDay(piece.consignment.dueAt) : "",
            returnConditions: piece.consignment.returnConditions ?? "",
            ...(piece.consignment.consignor
              ? { consignorId: piece.consignment.consignor.id, consignorName: piece.consignment.consignor.name }
              : {}),
          },
        }
      : {}),
    metals: piece.metals.map((m) => ({
      metal: m.metal as PieceEditForm["metals"][number]["metal"],
      colour: (m.colour ?? "") as PieceEditForm["metals"][number]["colour"],
      fineness: typed(m.finenessBp, 1, context.locale, true),
      weight: m.enteredWeight,
      unit: m.enteredUnit as PieceEditForm["metals"][number]["unit"],
      hallmark: m.hallmark ?? "",
    })),
    stones: piece.stones.map((s) => ({
      type: s.type as PieceEditForm["stones"][number]["type"],
      origin: s.origin as PieceEditForm["stones"][number]["origin"],
      shape: s.shape ?? "",
      carats: typed(s.millicarats, 3, context.locale, true),
      count: String(s.count),
      colour: graded(s).colour ?? "",
      clarity: graded(s).clarity ?? "",
      cutGrade: graded(s).cutGrade ?? "",
      measurements: s.measurements ?? "",
      treatment: s.treatment ?? "",
      position: s.position as PieceEditForm["stones"][number]["position"],
      certificateIndex: s.certificateId ? (certificateIndex.get(s.certificateId) ?? "") : "",
    })),
    certificates: piece.certificates.map((c) => {
      const grades = JSON.parse(c.grades || "{}") as Record<string, string>;
      return {
        id: c.id,
        lab: c.lab as PieceEditForm["certificates"][number]["lab"],
        number: c.number,
        issuedAt: c.issuedAt ? isoDay(c.issuedAt) : "",
        colour: grades.colour ?? "",
        clarity: grades.clarity ?? "",
        cut: grades.cut ?? "",
        scanFileGid: c.scanFileGid ?? "",
        scanUrl: c.scanUrl ?? "",
      };
    }),
    ...(context.canSeeCost
      ? {
          cost:
            piece.costMinor === null
              ? ""
              : minorToDecimalString(piece.costMinor, piece.currency).replace(
                  ".",
                  localeDecimalSeparator(context.locale),
                ),
          supplierName: piece.supplier?.name ?? "",
        }
      : {}),
  };
}
