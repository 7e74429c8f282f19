// Editing a piece after intake: its descriptive fields, SKU and acquisition date, metals, stones,
// certificates (added, corrected or removed), a consigned piece's terms and consignor (while the
// consignment is open and the piece not sold, with a reason), and (for roles that may see it)
// supplier and cost. One transaction writes the piece under a version compare-and-set, its
// rows, one audit entry with each changed field's before and after, the Shopify mirror's outbox
// row, and — when what the public page shows changed — the next signed version of the public
// record. A piece changed since the form was loaded is refused whole.
import { withoutBidiControls } from "../../domain/bidi";
import { fineWeightMg } from "../../domain/metals";
import { isoDay } from "../../domain/days";
import type { CheckedEdit } from "../../domain/schemas/piece-edit";
import { appendAudit, lastAuditFor } from "../../models/audit.server";
import {
  deleteCertificates,
  insertCertificate,
  isCertificateTaken,
  updateCertificate,
} from "../../models/certificates.server";
import { updateOpenConsignmentTerms, updateOpenConsignor } from "../../models/consignment-terms.server";
import { enqueue } from "../../models/outbox.server";
import { findOrCreateParty, usablePartner } from "../../models/parties.server";
import {
  deletePieceMetals,
  findPieceForEdit,
  insertPieceMetals,
  setPieceSupplier,
  updatePieceIfVersion,
  type PieceForEdit,
} from "../../models/pieces.server";
import { deleteStones, insertStones } from "../../models/stones.server";
import { inTransaction, type Tx } from "../../models/transaction.server";
import type { Actor } from "../../models/actor";
import {
  forgetProvenanceCache,
  signingKeyFor,
  publicBaseline,
  signChangeInTx,
  type VersionStamp,
} from "../provenance/public-record.server";
import type { ShopKey } from "../provenance/signing.server";

/** The fields an edit can change, by the name the audit entry and the conflict answer use. */
export type EditedField =
  | "title"
  | "description"
  | "madeBy"
  | "originNotes"
  | "gtin"
  | "sku"
  | "acquiredAt"
  | "notes"
  | "metals"
  | "stones"
  | "certificates"
  | "consignment"
  | "consignor"
  | "cost"
  | "supplier";

export type EditRefusal =
  | { code: "PIECE_NOT_FOUND" }
  /** The piece changed since the form was loaded: by whom, when, and the fields that now differ. */
  | { code: "PIECE_STALE"; by: string | null; at: Date | null; fields: EditedField[] }
  | { code: "UNKNOWN_CERTIFICATE"; field: string }
  /** `raced`: another request recorded the same report between our check and our write. */
  | { code: "DUPLICATE_CERTIFICATE"; field: string; lab: string; number: string; raced?: boolean }
  | { code: "SHOPIFY_OWNS_TEXT"; field: "title" | "description" }
  | { code: "SHOPIFY_OWNS_SKU"; field: "sku" }
  | { code: "NOT_CONSIGNED"; field: "consignment" }
  | { code: "CONSIGNMENT_CLOSED"; field: "consignment" }
  /** The consignor stays once the piece is sold or returned, or its consignment settled. */
  | { code: "CONSIGNOR_LOCKED"; field: "consignment.consignorName" }
  /** The partner chosen is not a usable consignor of this shop (archived, merged, another shop's). */
  | { code: "UNKNOWN_PARTNER"; field: "consignment.consignorName" }
  /** Changing the consignor needs a reason typed by the person. */
  | { code: "REASON_REQUIRED"; field: "reason" }
  | { code: "DUE_BEFORE_RECEIVED"; field: "consignment.dueAt" };

export type EditResult =
  | { ok: true; version: number; changed: EditedField[]; provenance: VersionStamp | null }
  | ({ ok: false } & EditRefusal);

type Comparable = Record<EditedField, unknown>;

type CertificateLike = {
  lab: string;
  number: string;
  issuedAt: Date | null;
  grades: Record<string, string>;
  scanFileGid: string | null;
  scanUrl: string | null;
};

const certificateName = (c: { lab: string; number: string }) => `${c.lab} ${c.number}`;

const parseGrades = (json: string): Record<string, string> => {
  try {
    return JSON.parse(json || "{}") as Record<string, string>;
  } catch {
    return {};
  }
};

const storedCertificate = (c: PieceForEdit["certificates"][number]): CertificateLike => ({
  lab: c.lab,
  number: c.number,
  issuedAt: c.issuedAt,
  grades: parseGrades(c.grades),
  scanFileGid: c.scanFileGid,
  scanUrl: c.scanUrl,
});

/** A certificate as compared and audited: its public fields and where its scan is. */
function certificateView(c: CertificateLike) {
  const grades = Object.fromEntries(Object.entries(c.grades).sort(([a], [b]) => (a < b ? -1 : 1)));
  return {
    lab: c.lab,
    number: c.number,
    issuedOn: c.issuedAt ? isoDay(c.issuedAt) : null,
    grades,
    scan: c.scanFileGid ?? c.scanUrl ?? null,
  };
}

function consignmentView(c: {
  commissionBp: number | null;
  agreedNetMinor: bigint | null;
  dueAt: Date | null;
  returnConditions: string | null;
}) {
  return {
    commissionBp: c.commissionBp,
    agreedNetMinor: c.agreedNetMinor === null ? null : c.agreedNetMinor.toString(),
    dueOn: c.dueAt ? isoDay(c.dueAt) : null,
    returnConditions: c.returnConditions,
  };
}

/**
 * The piece as stored, in the shape an edit is compared in (weights and carats exact, as text).
 * Texts are compared without direction-control characters: the form shows them without (forms
 * refuse them, app/domain/bidi.ts), so a value stored earlier with one is not "changed" by an edit
 * that leaves it alone (a linked piece's title would be refused as Shopify's); the edit writes the
 * text as the form has it.
 */
function storedView(piece: PieceForEdit): Comparable {
  const certificate = new Map(piece.certificates.map((c) => [c.id, certificateName(c)]));
  const plain = (s: string | null) => (s === null ? null : withoutBidiControls(s));
  return {
    title: withoutBidiControls(piece.title),
    description: plain(piece.description),
    madeBy: plain(piece.madeBy),
    originNotes: plain(piece.originNotes),
    gtin: piece.gtin,
    sku: plain(piece.sku),
    acquiredAt: piece.acquiredAt ? isoDay(piece.acquiredAt) : null,
    notes: plain(piece.notes),
    metals: piece.metals.map((m) => metalView(m)),
    stones: piece.stones.map((s) => stoneView(s, s.certificateId ? (certificate.get(s.certificateId) ?? null) : null)),
    certificates: piece.certificates.map((c) => certificateView(storedCertificate(c))),
    consignment: piece.consignment ? consignmentView(piece.consignment) : null,
    consignor: piece.consignment
      ? { id: piece.consignment.consignor.id, name: piece.consignment.consignor.name }
      : null,
    cost: piece.costMinor === null ? null : piece.costMinor.toString(),
    supplier: piece.supplier?.name ?? null,
  };
}

function editedView(piece: PieceForEdit, edit: CheckedEdit): Comparable {
  const stored = storedView(piece);
  return {
    title: edit.title,
    description: edit.description,
    madeBy: edit.madeBy,
    originNotes: edit.originNotes,
    gtin: edit.gtin,
    sku: edit.sku,
    acquiredAt: edit.acquiredAt ? isoDay(edit.acquiredAt) : null,
    notes: edit.notes,
    metals: edit.metals.map((m) => metalView(m)),
    stones: edit.stones.map((s) => {
      const c = s.certificateIndex != null ? edit.certificates[s.certificateIndex] : undefined;
      return stoneView(s, c ? certificateName(c) : null);
    }),
    certificates: edit.certificates.map((c) => certificateView(c)),
    consignment:
      edit.consignment === undefined || !piece.consignment
        ? stored.consignment
        : consignmentView({ ...edit.consignment }),
    consignor: editedConsignor(piece, edit, stored.consignor),
    cost: edit.costMinor === undefined ? stored.cost : edit.costMinor === null ? null : edit.costMinor.toString(),
    supplier: edit.supplierName === undefined ? stored.supplier : edit.supplierName,
  };
}

/**
 * The consignor the edit names, or the stored one when the form leaves it out or names the same
 * (the same partner chosen, or the same name typed). A name typed is looked up (or added to the
 * register) when the edit is written; the audit entry then holds the partner it became.
 */
function editedConsignor(piece: PieceForEdit, edit: CheckedEdit, stored: unknown) {
  const named = edit.consignment?.consignor;
  if (!named || !piece.consignment) return stored;
  const current = piece.consignment.consignor;
  if (named.id ? named.id === current.id : named.name === current.name) return stored;
  return { id: named.id, name: named.name };
}

function metalView(m: {
  metal: string;
  colour: string | null;
  finenessBp: number;
  grossWeightMg: bigint;
  hallmark: string | null;
}) {
  return {
    metal: m.metal,
    colour: m.colour,
    finenessBp: m.finenessBp,
    grossWeightMg: m.grossWeightMg.toString(),
    hallmark: m.hallmark,
  };
}

function stoneView(
  s: Omit<CheckedEdit["stones"][number], "certificateIndex" | "origin" | "position"> & {
    origin: string;
    position: string;
  },
  certificate: string | null,
) {
  const { type, origin, shape, millicarats, count, colour, clarity, cutGrade, measurements, treatment, position } = s;
  return {
    type,
    origin,
    shape,
    millicarats,
    count,
    colour,
    clarity,
    cutGrade,
    measurements,
    treatment,
    position,
    certificate,
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** States in which a piece's consignor no longer changes: sold (owed to that consignor), or given back. */
const CONSIGNOR_FIXED_STATES = new Set(["sold", "archived", "returned_to_consignor"]);

function changedFields(before: Comparable, after: Comparable): EditedField[] {
  return (Object.keys(before) as EditedField[]).filter((k) => !same(before[k], after[k]));
}

/** Each changed field's before and after; cost is named, not valued, as intake's audit does. */
function auditChanges(before: Comparable, after: Comparable, fields: EditedField[]) {
  return Object.fromEntries(
    fields.map((k) => [k, k === "cost" ? { changed: true } : { before: before[k], after: after[k] }]),
  );
}

type EditInput = {
  version: number;
  reason: string;
  edit: CheckedEdit;
  /** False when the reason is the default one (nothing typed): a change of consignor is then refused. */
  reasonTyped?: boolean;
};

const uniqueViolation = (error: unknown) =>
  typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";

/** Whether a unique violation is the provenance version number (a page view signed it meanwhile). */
const onProvenanceVersion = (error: unknown) => /ProvenanceVersion|pieceId.*version/i.test(describe(error));

function describe(error: unknown): string {
  const e = error as { message?: unknown; meta?: unknown };
  return `${String(e.message ?? "")} ${JSON.stringify(e.meta ?? {})}`;
}

export async function editPiece(shopId: string, pieceId: string, input: EditInput, actor: Actor): Promise<EditResult> {
  // Made or unsealed outside the transaction: creating a shop's key writes on its own.
  const key = await signingKeyFor(shopId);
  for (let attempt = 0; ; attempt++) {
    try {
      const result = await inTransaction((tx) => editInTx(tx, shopId, pieceId, input, actor, key));
      if (result.ok && result.provenance) forgetProvenanceCache();
      return result;
    } catch (error) {
      if (!uniqueViolation(error)) throw error;
      // A page view signed the next version between our read and our write: nothing of ours was
      // written, so the edit runs again once and signs the version after it.
      if (onProvenanceVersion(error) && attempt === 0) continue;
      // Two requests recorded the same report at once (the unique index caught the second):
      // answered like the check before the write would have, as a conflict.
      return racedCertificate(shopId, input.edit);
    }
  }
}

/** The report of this edit another piece now holds, named beside its field. */
async function racedCertificate(shopId: string, edit: CheckedEdit): Promise<EditResult> {
  const candidates = edit.certificates.map((c, i) => ({ c, i }));
  const taken = await inTransaction(async (tx) => {
    for (const { c, i } of candidates)
      if (await isCertificateTaken(tx, shopId, c.lab, c.number, c.id ? [c.id] : [])) return { c, i };
    return null;
  });
  const named = taken ?? candidates.find(({ c }) => c.id === null) ?? candidates[0];
  return {
    ok: false,
    code: "DUPLICATE_CERTIFICATE",
    raced: true,
    field: named ? `certificates.${named.i}.number` : "certificates",
    lab: named?.c.lab ?? "",
    number: named?.c.number ?? "",
  };
}

async function staleRefusal(tx: Tx, shopId: string, pieceId: string, fields: EditedField[]): Promise<EditResult> {
  const last = await lastAuditFor(tx, shopId, "Piece", pieceId);
  return { ok: false, code: "PIECE_STALE", by: last?.actor ?? null, at: last?.at ?? null, fields };
}

/** Refusals about the edit's content, found before anything is written. */
async function contentRefusal(
  tx: Tx,
  shopId: string,
  piece: PieceForEdit,
  edit: CheckedEdit,
  fields: EditedField[],
  reasonTyped: boolean,
): Promise<EditResult | null> {
  // Shopify owns merchandising: a linked piece's title and description come from its product
  // (products/update), and its SKU is its variant's, shared by every piece on that variant.
  if (piece.productGid !== null) {
    for (const field of ["title", "description"] as const)
      if (fields.includes(field)) return { ok: false, code: "SHOPIFY_OWNS_TEXT", field };
    if (fields.includes("sku")) return { ok: false, code: "SHOPIFY_OWNS_SKU", field: "sku" };
  }
  if (edit.consignment !== undefined && fields.includes("consignment")) {
    if (!piece.consignment) return { ok: false, code: "NOT_CONSIGNED", field: "consignment" };
    if (piece.consignment.settledAt || piece.consignment.returnedAt)
      return { ok: false, code: "CONSIGNMENT_CLOSED", field: "consignment" };
    if (edit.consignment.dueAt && edit.consignment.dueAt.getTime() < piece.consignment.receivedAt.getTime())
      return { ok: false, code: "DUE_BEFORE_RECEIVED", field: "consignment.dueAt" };
  } else if (edit.consignment !== undefined && !piece.consignment) {
    return { ok: false, code: "NOT_CONSIGNED", field: "consignment" };
  }
  if (fields.includes("consignor") && piece.consignment) {
    // What is owed, settled or given back was worked out for the consignor the piece had then.
    if (piece.consignment.settledAt || piece.consignment.returnedAt || CONSIGNOR_FIXED_STATES.has(piece.state))
      return { ok: false, code: "CONSIGNOR_LOCKED", field: "consignment.consignorName" };
    if (!reasonTyped) return { ok: false, code: "REASON_REQUIRED", field: "reason" };
    const chosen = edit.consignment?.consignor?.id;
    if (chosen && !(await usablePartner(tx, shopId, chosen, "consignor")))
      return { ok: false, code: "UNKNOWN_PARTNER", field: "consignment.consignorName" };
  }

  const recorded = new Map(piece.certificates.map((c) => [c.id, c]));
  const kept = new Set(edit.certificates.flatMap((c) => (c.id ? [c.id] : [])));
  const removed = piece.certificates.filter((c) => !kept.has(c.id)).map((c) => c.id);
  for (const [i, c] of edit.certificates.entries()) {
    const was = c.id !== null ? recorded.get(c.id) : undefined;
    if (c.id !== null && !was) return { ok: false, code: "UNKNOWN_CERTIFICATE", field: `certificates.${i}.number` };
    if (was && was.lab === c.lab && was.number === c.number) continue;
    // Reports removed by this same edit free their numbers; the report itself keeps its own.
    if (await isCertificateTaken(tx, shopId, c.lab, c.number, [...removed, ...(c.id ? [c.id] : [])]))
      return {
        ok: false,
        code: "DUPLICATE_CERTIFICATE",
        field: `certificates.${i}.number`,
        lab: c.lab,
        number: c.number,
      };
  }
  return null;
}

export async function editInTx(
  tx: Tx,
  shopId: string,
  pieceId: string,
  { version, reason, edit, reasonTyped = true }: EditInput,
  actor: Actor,
  key: ShopKey,
): Promise<EditResult> {
  const piece = await findPieceForEdit(tx, shopId, pieceId);
  if (!piece) return { ok: false, code: "PIECE_NOT_FOUND" };
  const before = storedView(piece);
  const after = editedView(piece, edit);
  const fields = changedFields(before, after);
  if (piece.version !== version) return staleRefusal(tx, shopId, pieceId, fields);
  const refused = await contentRefusal(tx, shopId, piece, edit, fields, reasonTyped);
  if (refused) return refused;
  if (fields.length === 0) return { ok: true, version: piece.version, changed: [], provenance: null };
  // The record as it stands before this edit writes: signed afresh only if it was the signed one.
  const baseline = await publicBaseline(tx, shopId, pieceId);

  const next = await updatePieceIfVersion(tx, shopId, piece, {
    title: edit.title,
    description: edit.description,
    madeBy: edit.madeBy,
    originNotes: edit.originNotes,
    gtin: edit.gtin,
    sku: edit.sku,
    acquiredAt: edit.acquiredAt,
    notes: edit.notes,
    ...(edit.costMinor !== undefined ? { costMinor: edit.costMinor } : {}),
  });
  // Another request saved between our read and this write: refused before anything was written.
  if (next === null) return staleRefusal(tx, shopId, pieceId, fields);
  if (fields.includes("supplier") && edit.supplierName !== undefined) {
    const supplier = edit.supplierName ? await findOrCreateParty(tx, shopId, edit.supplierName, "supplier") : null;
    await setPieceSupplier(tx, shopId, pieceId, supplier?.id ?? null);
  }
  if (fields.includes("consignment") && edit.consignment !== undefined) {
    const { consignor: _consignor, ...terms } = edit.consignment;
    // Settled or returned meanwhile (checked above on the row read): nothing is written.
    if (!(await updateOpenConsignmentTerms(tx, shopId, pieceId, terms)))
      throw new Error(`Consignment of piece ${pieceId} closed during the edit`);
  }
  const named = edit.consignment?.consignor;
  if (fields.includes("consignor") && named) {
    const partner =
      (named.id ? await usablePartner(tx, shopId, named.id, "consignor") : null) ??
      (await findOrCreateParty(tx, shopId, named.name, "consignor", { actor, reason }));
    if (!(await updateOpenConsignor(tx, shopId, pieceId, partner.id)))
      throw new Error(`Consignment of piece ${pieceId} closed during the edit`);
    // The audit entry names the partner the piece now has (a typed name may be one already there).
    after.consignor = { id: partner.id, name: partner.name };
  }

  if (fields.includes("metals")) {
    await deletePieceMetals(tx, shopId, pieceId);
    await insertPieceMetals(
      tx,
      shopId,
      pieceId,
      edit.metals.map((m) => ({ ...m, fineWeightMg: fineWeightMg(m.grossWeightMg, m.finenessBp) })),
    );
  }
  const certificateIds = await writeCertificates(tx, shopId, piece, edit);
  if (fields.includes("stones") || fields.includes("certificates")) {
    await deleteStones(tx, shopId, pieceId);
    await insertStones(
      tx,
      shopId,
      pieceId,
      edit.stones.map(({ certificateIndex, ...s }) => ({
        ...s,
        certificateId: certificateIndex != null ? (certificateIds[certificateIndex] ?? null) : null,
      })),
    );
  }
  await appendAudit(tx, shopId, {
    actor,
    action: "piece.edited",
    entityType: "Piece",
    entityId: pieceId,
    reason,
    data: { version: next, changes: auditChanges(before, after, fields) },
  });
  // The same outbox row intake queues for a piece linked to a product: the worker re-reads the
  // piece and sends its public part (metals, stones, certificate) to Shopify.
  if (piece.productGid) await enqueue(tx, shopId, "piece.mirror", { pieceId }, `mirror-${pieceId}-v${next}`);
  // What the public page shows changed: its next version is signed with this edit (unless the record
  // had been changed behind the app's back before it: then it is held for a manager to confirm).
  const provenance = await signChangeInTx(tx, shopId, pieceId, baseline, key);
  return { ok: true, version: next, changed: fields, provenance };
}

/**
 * The piece's reports as the edit lists them: removed ones deleted first (so their numbers can be
 * recorded again in the same edit), recorded ones corrected, new ones added. Returns each report's
 * id in the edit's order (stones point into that list).
 */
async function writeCertificates(tx: Tx, shopId: string, piece: PieceForEdit, edit: CheckedEdit): Promise<string[]> {
  const kept = new Set(edit.certificates.flatMap((c) => (c.id ? [c.id] : [])));
  await deleteCertificates(
    tx,
    shopId,
    piece.id,
    piece.certificates.filter((c) => !kept.has(c.id)).map((c) => c.id),
  );
  const recorded = new Map(piece.certificates.map((c) => [c.id, c]));
  const ids: string[] = [];
  for (const c of edit.certificates) {
    const was = c.id ? recorded.get(c.id) : undefined;
    if (!was) {
      ids.push((await insertCertificate(tx, shopId, piece.id, c)).id);
      continue;
    }
    if (!same(certificateView(storedCertificate(was)), certificateView(c)))
      await updateCertificate(tx, shopId, piece.id, was.id, {
        lab: c.lab,
        number: c.number,
        issuedAt: c.issuedAt,
        grades: c.grades,
        scanFileGid: c.scanFileGid,
        scanUrl: c.scanUrl,
      });
    ids.push(was.id);
  }
  return ids;
}
