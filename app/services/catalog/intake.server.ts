// Receiving a piece: the record, its metals, stones, certificates and consignment, a ledger row and
// an audit row, all in one transaction. Expected refusals come back as a result, not an exception.
import { randomBytes } from "node:crypto";
import { generateTagCode } from "../../domain/tagcode";
import { fineWeightMg } from "../../domain/metals";
import { appendAudit } from "../../models/audit.server";
import { isCertificateTaken, insertCertificate } from "../../models/certificates.server";
import { findLocation } from "../../models/locations.server";
import { insertMovement } from "../../models/movements.server";
import { enqueue, findRecordedKey } from "../../models/outbox.server";
import { findOrCreateParty, insertConsignment, usablePartner } from "../../models/parties.server";
import {
  insertPiece,
  insertPieceMetals,
  isTagCodeTaken,
  piecesOnVariant,
  type NewPieceRow,
} from "../../models/pieces.server";
import { insertStones } from "../../models/stones.server";
import { inTransaction, type Tx } from "../../models/transaction.server";
import type { Actor } from "../../models/actor";
import type { CheckedPiece, Issue } from "../../domain/schemas/piece";
import { gradesFromReport, type GradeField } from "../../domain/stone-grades";

export type NewPieceMetal = {
  metal: string;
  colour?: string | null;
  finenessBp: number;
  grossWeightMg: bigint;
  enteredWeight: string;
  enteredUnit: string;
  hallmark?: string | null;
};

export type NewPieceCertificate = {
  lab: string;
  number: string;
  issuedAt?: Date | null;
  grades?: Record<string, string>;
  /** The scan in Shopify Files (uploaded through stagedUploadsCreate + fileCreate). */
  scanFileGid?: string | null;
  scanUrl?: string | null;
};

export type NewPieceStone = {
  type: string;
  origin: "natural" | "lab_grown" | "simulant";
  shape?: string | null;
  millicarats: number;
  count?: number;
  colour?: string | null;
  clarity?: string | null;
  cutGrade?: string | null;
  measurements?: string | null;
  treatment?: string | null;
  position?: "centre" | "side" | "accent";
  /** Index into `certificates` of the report that grades this stone. */
  certificateIndex?: number | null;
};

export type NewPiece = {
  /** A tag code the piece already carries (imports); otherwise Loupe assigns one. */
  tagCode?: string | null;
  title: string;
  description?: string | null;
  sku?: string | null;
  /** GTIN-14 assigned by the shop (RFID EPCs use it when the variant's barcode is not a GTIN). */
  gtin?: string | null;
  productGid?: string | null;
  variantGid?: string | null;
  inventoryItemGid?: string | null;
  currency: string;
  priceMinor?: bigint | null;
  costMinor?: bigint | null;
  supplierName?: string | null;
  /** A partner chosen from the register (a supplier of this shop, neither archived nor merged). */
  supplierId?: string | null;
  acquiredAt?: Date | null;
  locationId?: string | null;
  madeBy?: string | null;
  originNotes?: string | null;
  notes?: string | null;
  state?: "receiving" | "active";
  metals: readonly NewPieceMetal[];
  stones: readonly NewPieceStone[];
  certificates: readonly NewPieceCertificate[];
  consignment?: {
    consignorName: string;
    /** A partner chosen from the register (a consignor of this shop, neither archived nor merged). */
    consignorId?: string | null;
    commissionBp?: number | null;
    agreedNetMinor?: bigint | null;
    receivedAt: Date;
    dueAt?: Date | null;
    returnConditions?: string | null;
  } | null;
};

export type IntakeRefusal =
  | { code: "DUPLICATE_CERTIFICATE"; field: string; lab: string; number: string }
  | { code: "UNKNOWN_LOCATION"; field: "locationId" }
  | { code: "BAD_CERTIFICATE_REFERENCE"; field: string }
  | { code: "DUPLICATE_TAG_CODE"; field: "tagCode"; tagCode: string }
  | { code: "VARIANT_ONE_OF_A_KIND"; field: "variantRef"; tagCode: string }
  | { code: "UNKNOWN_PARTNER"; field: "supplierName" | "consignment.consignorName" }
  | {
      code: "GRADE_MISMATCH";
      field: string;
      grade: GradeField;
      stone: string;
      report: string;
      lab: string;
      number: string;
    };

export type IntakeResult = { ok: true; pieceId: string; tagCode: string } | { ok: false; errors: IntakeRefusal[] };

/**
 * The refusals of one new piece, from facts its caller looked up (one query each for a single
 * piece, one query per kind for a chunk of them): the same rules either way.
 */
export function intakeRefusals(
  input: NewPiece,
  facts: {
    tagCodeTaken: boolean;
    variantOwner: { tagCode: string } | null;
    locationFound: boolean;
    certificateTaken: (lab: string, number: string) => boolean;
  },
): IntakeRefusal[] {
  const errors: IntakeRefusal[] = [];
  if (input.tagCode && facts.tagCodeTaken)
    errors.push({ code: "DUPLICATE_TAG_CODE", field: "tagCode", tagCode: input.tagCode });
  if (input.variantGid && facts.variantOwner)
    errors.push({ code: "VARIANT_ONE_OF_A_KIND", field: "variantRef", tagCode: facts.variantOwner.tagCode });
  if (input.locationId && !facts.locationFound) errors.push({ code: "UNKNOWN_LOCATION", field: "locationId" });
  for (const [i, cert] of input.certificates.entries()) {
    const twice = input.certificates.findIndex((c) => c.lab === cert.lab && c.number === cert.number) !== i;
    if (facts.certificateTaken(cert.lab, cert.number) || twice)
      errors.push({
        code: "DUPLICATE_CERTIFICATE",
        field: `certificates.${i}.number`,
        lab: cert.lab,
        number: cert.number,
      });
  }
  for (const [i, stone] of input.stones.entries()) {
    if (stone.certificateIndex != null && !input.certificates[stone.certificateIndex]) {
      errors.push({ code: "BAD_CERTIFICATE_REFERENCE", field: `stones.${i}.certificateIndex` });
      continue;
    }
    const report = stone.certificateIndex != null ? input.certificates[stone.certificateIndex] : undefined;
    if (!report) continue;
    const linked = gradesFromReport(stone, report.grades ?? {});
    if (!linked.ok)
      for (const c of linked.conflicts)
        errors.push({
          code: "GRADE_MISMATCH",
          field: `stones.${i}.${c.field}`,
          grade: c.field,
          stone: c.stone,
          report: c.report,
          lab: report.lab,
          number: report.number,
        });
  }
  return errors;
}

/**
 * The stones as written: one graded by a report carries the report's grades (intakeRefusals has
 * refused any that differ), whoever called intake (the form, an import, a made piece, the demo).
 */
export function stonesGradedByReports(input: Pick<NewPiece, "stones" | "certificates">): NewPieceStone[] {
  return input.stones.map((stone) => {
    const report = stone.certificateIndex != null ? input.certificates[stone.certificateIndex] : undefined;
    const linked = report ? gradesFromReport(stone, report.grades ?? {}) : null;
    return linked?.ok ? { ...stone, ...linked.grades } : stone;
  });
}

/** What the audit log records of a new piece: its public-safe shape; cost and parties are named, not valued. */
export function pieceAuditData(input: NewPiece, tagCode: string, state: string) {
  return {
    tagCode,
    title: input.title,
    state,
    metals: input.metals.map((m) => ({ metal: m.metal, finenessBp: m.finenessBp, grossWeightMg: m.grossWeightMg })),
    stones: input.stones.length,
    certificates: input.certificates.map((c) => `${c.lab} ${c.number}`),
    consigned: Boolean(input.consignment),
    costRecorded: input.costMinor != null,
  };
}

async function uniqueTagCode(tx: Tx, shopId: string): Promise<string> {
  // 32^6 codes: a collision is rare, but a shop with many pieces must never get a duplicate.
  for (let attempt = 0; attempt < 10; attempt++) {
    const code = generateTagCode((n) => randomBytes(n));
    if (!(await isTagCodeTaken(tx, shopId, code))) return code;
  }
  throw new Error("Could not find a free tag code after 10 attempts");
}

/** A report's identity in the shop: its lab and number. */
export const certificateKey = (lab: string, number: string) => `${lab}\u0000${number}`;

/** The piece's row from its intake input: one mapping for a piece received alone and a batch's. */
export function pieceRowOf(
  input: NewPiece,
  made: { tagCode: string; state: string; supplierId: string | null; shopifyLocationGid: string | null; at: Date },
): NewPieceRow {
  return {
    tagCode: made.tagCode,
    publicToken: newPublicToken(),
    title: input.title,
    description: input.description ?? null,
    sku: input.sku ?? null,
    gtin: input.gtin ?? null,
    productGid: input.productGid ?? null,
    variantGid: input.variantGid ?? null,
    inventoryItemGid: input.inventoryItemGid ?? null,
    currency: input.currency,
    priceMinor: input.priceMinor ?? null,
    costMinor: input.costMinor ?? null,
    supplierId: made.supplierId,
    acquiredAt: input.acquiredAt ?? null,
    locationId: input.locationId ?? null,
    shopifyLocationGid: made.shopifyLocationGid,
    madeBy: input.madeBy ?? null,
    originNotes: input.originNotes ?? null,
    notes: input.notes ?? null,
    state: made.state,
    taggedAt: made.state === "active" ? made.at : null,
  };
}

export function newPublicToken(): string {
  return randomBytes(16).toString("base64url");
}

/** The outbox key of the product created from a piece: at most one per piece, ever. */
export const productCreateKey = (pieceId: string) => `product-create-${pieceId}`;

export type CreatePieceOptions = {
  /** Create the Shopify product and variant from the piece (through the outbox, same transaction). */
  createShopifyProduct?: boolean;
};

/**
 * The piece whose Shopify product was created from it (a one-of-a-kind product), if this variant
 * belongs to one. Rule: many identical pieces may share a variant that exists in Shopify on its
 * own, but a variant Loupe created for one piece stays that piece's, so its stock and its
 * product page describe exactly one object.
 */
export async function oneOfAKindOwner(
  tx: Tx,
  shopId: string,
  variantGid: string,
): Promise<{ id: string; tagCode: string } | null> {
  const linked = await piecesOnVariant(tx, shopId, variantGid, 500);
  if (!linked.length) return null;
  const created = await findRecordedKey(
    tx,
    shopId,
    "product.create",
    linked.map((p) => productCreateKey(p.id)),
  );
  return created ? (linked.find((p) => productCreateKey(p.id) === created) ?? null) : null;
}

export async function createPiece(
  shopId: string,
  input: NewPiece,
  actor: Actor,
  reason = "received",
  options: CreatePieceOptions = {},
): Promise<IntakeResult> {
  return inTransaction((tx) => createPieceInTx(tx, shopId, input, actor, reason, options));
}

/**
 * createPiece inside a transaction the caller owns (the CSV import writes a chunk of rows and its
 * progress in one). A refusal writes nothing; the caller decides whether to go on.
 */
export async function createPieceInTx(
  tx: Tx,
  shopId: string,
  input: NewPiece,
  actor: Actor,
  reason = "received",
  options: CreatePieceOptions = {},
): Promise<IntakeResult> {
  const shopifyLocation = input.locationId ? await findLocation(shopId, input.locationId, tx) : null;
  const takenCertificates = new Set<string>();
  for (const c of input.certificates)
    if (await isCertificateTaken(tx, shopId, c.lab, c.number)) takenCertificates.add(certificateKey(c.lab, c.number));
  const errors = intakeRefusals(input, {
    tagCodeTaken: input.tagCode ? await isTagCodeTaken(tx, shopId, input.tagCode) : false,
    variantOwner: input.variantGid ? await oneOfAKindOwner(tx, shopId, input.variantGid) : null,
    locationFound: shopifyLocation !== null,
    certificateTaken: (lab, number) => takenCertificates.has(certificateKey(lab, number)),
  });
  // A partner chosen from the register must be this shop's, usable, with the role; a typed name is
  // looked up (or added to the register, audited) below, once nothing else is refused.
  const chosenSupplier = input.supplierId ? await usablePartner(tx, shopId, input.supplierId, "supplier") : null;
  if (input.supplierId && !chosenSupplier) errors.push({ code: "UNKNOWN_PARTNER", field: "supplierName" });
  const consignorId = input.consignment?.consignorId;
  const chosenConsignor = consignorId ? await usablePartner(tx, shopId, consignorId, "consignor") : null;
  if (consignorId && !chosenConsignor) errors.push({ code: "UNKNOWN_PARTNER", field: "consignment.consignorName" });
  if (errors.length) return { ok: false as const, errors };

  const typed = { actor, reason: reason === "received" ? "name typed at intake" : reason };
  const supplier =
    chosenSupplier ??
    (input.supplierName ? await findOrCreateParty(tx, shopId, input.supplierName, "supplier", typed) : null);
  const tagCode = input.tagCode ?? (await uniqueTagCode(tx, shopId));
  const state = input.state ?? "receiving";
  const piece = await insertPiece(
    tx,
    shopId,
    pieceRowOf(input, {
      tagCode,
      state,
      supplierId: supplier?.id ?? null,
      shopifyLocationGid: shopifyLocation?.shopifyLocationGid ?? null,
      at: new Date(),
    }),
  );
  await insertPieceMetals(
    tx,
    shopId,
    piece.id,
    input.metals.map((m) => ({ ...m, fineWeightMg: fineWeightMg(m.grossWeightMg, m.finenessBp) })),
  );
  const certificateIds: string[] = [];
  for (const c of input.certificates) certificateIds.push((await insertCertificate(tx, shopId, piece.id, c)).id);
  await insertStones(
    tx,
    shopId,
    piece.id,
    stonesGradedByReports(input).map(({ certificateIndex, ...s }) => ({
      ...s,
      certificateId: certificateIndex != null ? (certificateIds[certificateIndex] ?? null) : null,
    })),
  );
  if (input.consignment) {
    const { consignorName, consignorId: _chosen, ...terms } = input.consignment;
    const consignor = chosenConsignor ?? (await findOrCreateParty(tx, shopId, consignorName, "consignor", typed));
    await insertConsignment(tx, shopId, piece.id, { ...terms, consignorId: consignor.id });
  }
  await insertMovement(tx, shopId, piece.id, actor, {
    kind: "intake",
    toState: state,
    toLocationId: input.locationId ?? null,
    toShopifyLocationGid: shopifyLocation?.shopifyLocationGid ?? null,
    reason,
  });
  await appendAudit(tx, shopId, {
    actor,
    action: "piece.created",
    entityType: "Piece",
    entityId: piece.id,
    reason,
    data: pieceAuditData(input, tagCode, state),
  });
  if (options.createShopifyProduct && !input.variantGid) {
    await enqueue(tx, shopId, "product.create", { pieceId: piece.id }, productCreateKey(piece.id));
  } else if (input.productGid) {
    await enqueue(tx, shopId, "piece.mirror", { pieceId: piece.id }, `mirror-${piece.id}-v1`);
  }
  return { ok: true as const, pieceId: piece.id, tagCode };
}

/** The intake schema's checked values (app/domain/schemas/piece.ts) as a new piece. */
export function newPieceFromForm(
  checked: CheckedPiece,
  context: {
    currency: string;
    variant?: { productGid: string; variantGid: string; inventoryItemGid: string | null; sku: string | null } | null;
  },
): NewPiece {
  return {
    tagCode: checked.tagCode,
    title: checked.title,
    description: checked.description,
    sku: checked.sku ?? context.variant?.sku ?? null,
    gtin: checked.gtin ?? null,
    productGid: context.variant?.productGid ?? null,
    variantGid: context.variant?.variantGid ?? null,
    inventoryItemGid: context.variant?.inventoryItemGid ?? null,
    currency: context.currency,
    priceMinor: checked.priceMinor,
    costMinor: checked.costMinor,
    supplierName: checked.supplierName,
    supplierId: checked.supplierId ?? null,
    acquiredAt: checked.acquiredAt,
    locationId: checked.locationId,
    notes: checked.notes,
    metals: checked.metals,
    stones: checked.stones,
    certificates: checked.certificates,
    consignment: checked.consignment,
  };
}

/** A refusal as a schema issue, so the form shows it beside its field like any other error. */
export function refusalIssue(refusal: IntakeRefusal): Issue {
  switch (refusal.code) {
    case "DUPLICATE_CERTIFICATE":
      return {
        path: refusal.field,
        message: "catalog.error.certificateDuplicate",
        params: { lab: refusal.lab, number: refusal.number },
      };
    case "UNKNOWN_LOCATION":
      return { path: "locationId", message: "catalog.error.unknownLocation" };
    case "BAD_CERTIFICATE_REFERENCE":
      return { path: refusal.field, message: "catalog.error.certificateReference" };
    case "DUPLICATE_TAG_CODE":
      return { path: "tagCode", message: "catalog.error.tagCodeTaken", params: { code: refusal.tagCode } };
    case "VARIANT_ONE_OF_A_KIND":
      return { path: "variantRef", message: "catalog.error.variantOneOfAKind", params: { tagCode: refusal.tagCode } };
    case "UNKNOWN_PARTNER":
      return { path: refusal.field, message: "partners.error.UNKNOWN_PARTNER" };
    case "GRADE_MISMATCH":
      return {
        path: refusal.field,
        message:
          refusal.grade === "colour"
            ? "catalog.error.colourMismatch"
            : refusal.grade === "clarity"
              ? "catalog.error.clarityMismatch"
              : "catalog.error.cutMismatch",
        params: { stone: refusal.stone, report: refusal.report, lab: refusal.lab, number: refusal.number },
      };
  }
}

// The Shopify side of intake lives in app/shopify; re-exported so the piece routes keep their
// imports until they take them from there.
export type { AdminGraphql } from "../../shopify/admin-graphql.server";
export { lookUpVariant, type LinkedVariant, type VariantLookup } from "../../shopify/variants.server";
export { uploadCertificateScan, type ScanUpload } from "../../shopify/files.server";
export { productPhotos, type ProductPhotos } from "../../shopify/photos.server";
