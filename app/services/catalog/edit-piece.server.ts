// Editing a piece after intake: its descriptive fields, metals, stones, certificates added later,
// and (for roles that may see it) supplier and cost. One transaction writes the piece under a
// version compare-and-set, its rows, one audit entry with each changed field's before and after,
// and the Shopify mirror's outbox row. A piece changed since the form was loaded is refused whole.
import { fineWeightMg } from "../../domain/metals";
import type { CheckedEdit } from "../../domain/schemas/piece-edit";
import { appendAudit, lastAuditFor } from "../../models/audit.server";
import { insertCertificate, isCertificateTaken } from "../../models/certificates.server";
import { enqueue } from "../../models/outbox.server";
import { findOrCreateParty } from "../../models/parties.server";
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

/** The fields an edit can change, by the name the audit entry and the conflict answer use. */
export type EditedField =
  | "title"
  | "description"
  | "madeBy"
  | "originNotes"
  | "gtin"
  | "notes"
  | "metals"
  | "stones"
  | "certificates"
  | "cost"
  | "supplier";

export type EditRefusal =
  | { code: "PIECE_NOT_FOUND" }
  /** The piece changed since the form was loaded: by whom, when, and the fields that now differ. */
  | { code: "PIECE_STALE"; by: string | null; at: Date | null; fields: EditedField[] }
  | { code: "UNKNOWN_CERTIFICATE"; field: string }
  | { code: "DUPLICATE_CERTIFICATE"; field: string; lab: string; number: string }
  | { code: "SHOPIFY_OWNS_TEXT"; field: "title" | "description" };

export type EditResult = { ok: true; version: number; changed: EditedField[] } | ({ ok: false } & EditRefusal);

type Comparable = Record<EditedField, unknown>;

const certificateName = (c: { lab: string; number: string }) => `${c.lab} ${c.number}`;

/** The piece as stored, in the shape an edit is compared in (weights and carats exact, as text). */
function storedView(piece: PieceForEdit): Comparable {
  const certificate = new Map(piece.certificates.map((c) => [c.id, certificateName(c)]));
  return {
    title: piece.title,
    description: piece.description,
    madeBy: piece.madeBy,
    originNotes: piece.originNotes,
    gtin: piece.gtin,
    notes: piece.notes,
    metals: piece.metals.map((m) => metalView(m)),
    stones: piece.stones.map((s) => stoneView(s, s.certificateId ? (certificate.get(s.certificateId) ?? null) : null)),
    certificates: piece.certificates.map(certificateName),
    cost: piece.costMinor === null ? null : piece.costMinor.toString(),
    supplier: piece.supplier?.name ?? null,
  };
}

function editedView(piece: PieceForEdit, edit: CheckedEdit): Comparable {
  const stored = storedView(piece);
  // Recorded certificates are kept as they are (an edit only adds); they are named as stored.
  const recorded = new Map(piece.certificates.map((c) => [c.id, certificateName(c)]));
  const nameOf = (c: CheckedEdit["certificates"][number]) =>
    (c.id !== null ? recorded.get(c.id) : undefined) ?? certificateName(c);
  return {
    title: edit.title,
    description: edit.description,
    madeBy: edit.madeBy,
    originNotes: edit.originNotes,
    gtin: edit.gtin,
    notes: edit.notes,
    metals: edit.metals.map((m) => metalView(m)),
    stones: edit.stones.map((s) => {
      const c = s.certificateIndex != null ? edit.certificates[s.certificateIndex] : undefined;
      return stoneView(s, c ? nameOf(c) : null);
    }),
    certificates: [
      ...piece.certificates.map(certificateName),
      ...edit.certificates.filter((c) => c.id === null).map(certificateName),
    ],
    cost: edit.costMinor === undefined ? stored.cost : edit.costMinor === null ? null : edit.costMinor.toString(),
    supplier: edit.supplierName === undefined ? stored.supplier : edit.supplierName,
  };
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

function changedFields(before: Comparable, after: Comparable): EditedField[] {
  return (Object.keys(before) as EditedField[]).filter((k) => !same(before[k], after[k]));
}

/** Each changed field's before and after; cost is named, not valued, as intake's audit does. */
function auditChanges(before: Comparable, after: Comparable, fields: EditedField[]) {
  return Object.fromEntries(
    fields.map((k) => [k, k === "cost" ? { changed: true } : { before: before[k], after: after[k] }]),
  );
}

export async function editPiece(
  shopId: string,
  pieceId: string,
  input: { version: number; reason: string; edit: CheckedEdit },
  actor: Actor,
): Promise<EditResult> {
  return inTransaction((tx) => editInTx(tx, shopId, pieceId, input, actor));
}

async function staleRefusal(tx: Tx, shopId: string, pieceId: string, fields: EditedField[]): Promise<EditResult> {
  const last = await lastAuditFor(tx, shopId, "Piece", pieceId);
  return { ok: false, code: "PIECE_STALE", by: last?.actor ?? null, at: last?.at ?? null, fields };
}

export async function editInTx(
  tx: Tx,
  shopId: string,
  pieceId: string,
  { version, reason, edit }: { version: number; reason: string; edit: CheckedEdit },
  actor: Actor,
): Promise<EditResult> {
  const piece = await findPieceForEdit(tx, shopId, pieceId);
  if (!piece) return { ok: false, code: "PIECE_NOT_FOUND" };
  const before = storedView(piece);
  const after = editedView(piece, edit);
  const fields = changedFields(before, after);
  if (piece.version !== version) return staleRefusal(tx, shopId, pieceId, fields);
  // Shopify owns merchandising: a linked piece's title and description come from its product
  // (products/update), so a change made here would be silently undone by the next webhook.
  if (piece.productGid !== null)
    for (const field of ["title", "description"] as const)
      if (fields.includes(field)) return { ok: false, code: "SHOPIFY_OWNS_TEXT", field };

  const known = new Set(piece.certificates.map((c) => c.id));
  for (const [i, c] of edit.certificates.entries()) {
    if (c.id !== null && !known.has(c.id))
      return { ok: false, code: "UNKNOWN_CERTIFICATE", field: `certificates.${i}.number` };
    if (c.id === null && (await isCertificateTaken(tx, shopId, c.lab, c.number)))
      return {
        ok: false,
        code: "DUPLICATE_CERTIFICATE",
        field: `certificates.${i}.number`,
        lab: c.lab,
        number: c.number,
      };
  }
  if (fields.length === 0) return { ok: true, version: piece.version, changed: [] };

  const next = await updatePieceIfVersion(tx, shopId, piece, {
    title: edit.title,
    description: edit.description,
    madeBy: edit.madeBy,
    originNotes: edit.originNotes,
    gtin: edit.gtin,
    notes: edit.notes,
    ...(edit.costMinor !== undefined ? { costMinor: edit.costMinor } : {}),
  });
  // Another request saved between our read and this write: refused before anything was written.
  if (next === null) return staleRefusal(tx, shopId, pieceId, fields);
  if (fields.includes("supplier") && edit.supplierName !== undefined) {
    const supplier = edit.supplierName ? await findOrCreateParty(tx, shopId, edit.supplierName, "supplier") : null;
    await setPieceSupplier(tx, shopId, pieceId, supplier?.id ?? null);
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
  const certificateIds: string[] = [];
  for (const c of edit.certificates) certificateIds.push(c.id ?? (await insertCertificate(tx, shopId, pieceId, c)).id);
  if (fields.includes("stones")) {
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
  return { ok: true, version: next, changed: fields };
}
