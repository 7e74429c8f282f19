// The partners register's changes: create, edit, archive and restore, merge a duplicate into the
// partner that survives. Each is one transaction under the register's lock, audited before/after;
// expected refusals come back as results naming the field at fault.
import { inTransaction, type Tx } from "../../models/transaction.server";
import type { Actor } from "../../models/actor";
import { appendAudit } from "../../models/audit.server";
import {
  fieldsOfRow,
  getPartner,
  insertPartner,
  lockPartners,
  mergePartnerRows,
  partnerHolding,
  partnerUsage,
  setPartnerArchived,
  updatePartner,
  type PartnerRow,
} from "../../models/parties.server";
import { mergeConflict, mergedFields, type PartnerFields } from "../../domain/partners";

export type PartnerRefusal = {
  ok: false;
  code:
    | "PARTNER_NOT_FOUND"
    | "ALREADY_MERGED"
    | "PARTNER_STALE"
    | "SIREN_TAKEN"
    | "VAT_TAKEN"
    | "MERGE_SELF"
    | "SURVIVOR_ARCHIVED"
    | "DIFFERENT_SIREN"
    | "DIFFERENT_VAT";
  field?: string;
  vars?: Record<string, string | number>;
};

const refuse = (code: PartnerRefusal["code"], field?: string, vars?: PartnerRefusal["vars"]): PartnerRefusal => ({
  ok: false,
  code,
  ...(field ? { field } : {}),
  ...(vars ? { vars } : {}),
});

/** Refused when another partner (archived included, merged ones not) holds its SIREN or VAT number. */
export async function numbersTaken(
  tx: Tx,
  shopId: string,
  fields: Pick<PartnerFields, "siren" | "vatNumber">,
  exceptId?: string,
): Promise<PartnerRefusal | null> {
  if (fields.siren) {
    const other = await partnerHolding(tx, shopId, "siren", fields.siren, exceptId);
    if (other) return refuse("SIREN_TAKEN", "siren", { name: other.name });
  }
  if (fields.vatNumber) {
    const other = await partnerHolding(tx, shopId, "vatNumber", fields.vatNumber, exceptId);
    if (other) return refuse("VAT_TAKEN", "vatNumber", { name: other.name });
  }
  return null;
}

/** A version token: the partner's last change (the form sends it back; a different one is stale). */
export const versionOf = (row: Pick<PartnerRow, "updatedAt" | "createdAt">) =>
  (row.updatedAt ?? row.createdAt).toISOString();

export async function createPartner(
  shopId: string,
  fields: PartnerFields,
  actor: Actor,
): Promise<{ ok: true; id: string } | PartnerRefusal> {
  return inTransaction(async (tx) => {
    await lockPartners(tx, shopId);
    const taken = await numbersTaken(tx, shopId, fields);
    if (taken) return taken;
    return { ok: true as const, id: await insertPartner(tx, shopId, fields, { actor }) };
  });
}

export async function editPartner(
  shopId: string,
  input: { id: string; version?: string | null; fields: PartnerFields },
  actor: Actor,
): Promise<{ ok: true; id: string; changed: boolean } | PartnerRefusal> {
  return inTransaction(async (tx) => {
    await lockPartners(tx, shopId);
    const row = await getPartner(shopId, input.id, tx);
    if (!row) return refuse("PARTNER_NOT_FOUND", "id");
    if (row.mergedIntoId) return refuse("ALREADY_MERGED", "id");
    if (input.version && input.version !== versionOf(row)) return refuse("PARTNER_STALE", "_form");
    const taken = await numbersTaken(tx, shopId, input.fields, row.id);
    if (taken) return taken;
    const changed = await updatePartner(tx, shopId, row, input.fields, { actor });
    return { ok: true as const, id: row.id, changed };
  });
}

export async function setArchived(
  shopId: string,
  input: { id: string; archived: boolean },
  actor: Actor,
): Promise<{ ok: true; id: string; name: string } | PartnerRefusal> {
  return inTransaction(async (tx) => {
    await lockPartners(tx, shopId);
    const row = await getPartner(shopId, input.id, tx);
    if (!row) return refuse("PARTNER_NOT_FOUND", "id");
    if (row.mergedIntoId) return refuse("ALREADY_MERGED", "id");
    if (Boolean(row.archivedAt) !== input.archived)
      await setPartnerArchived(tx, shopId, row.id, input.archived ? new Date() : null, row.archivedAt, { actor });
    return { ok: true as const, id: row.id, name: row.name };
  });
}

export type MergeResult = {
  ok: true;
  survivorId: string;
  mergedId: string;
  moved: { pieces: number; consignments: number; materialReceipts: number; earlierMerges: number };
};

/**
 * Merges `duplicateId` into `survivorId`: pieces supplied and consignments move to the survivor,
 * the survivor takes the duplicate's roles and fills its empty fields from it, the duplicate is
 * kept, marked merged. Material receipts keep naming the duplicate (the ledger is append-only) and
 * are counted with the survivor's through it. One audit entry on each partner: both ids and the
 * counts moved, and the survivor's fields before and after.
 */
export async function mergePartners(
  shopId: string,
  input: { survivorId: string; duplicateId: string; reason?: string | null },
  actor: Actor,
): Promise<MergeResult | PartnerRefusal> {
  if (input.survivorId === input.duplicateId) return refuse("MERGE_SELF", "duplicateId");
  return inTransaction(async (tx) => {
    await lockPartners(tx, shopId);
    const survivor = await getPartner(shopId, input.survivorId, tx);
    const duplicate = await getPartner(shopId, input.duplicateId, tx);
    if (!survivor) return refuse("PARTNER_NOT_FOUND", "survivorId");
    if (!duplicate) return refuse("PARTNER_NOT_FOUND", "duplicateId");
    if (survivor.mergedIntoId) return refuse("ALREADY_MERGED", "survivorId");
    if (duplicate.mergedIntoId) return refuse("ALREADY_MERGED", "duplicateId");
    if (survivor.archivedAt) return refuse("SURVIVOR_ARCHIVED", "survivorId");
    const conflict = mergeConflict(fieldsOfRow(survivor), fieldsOfRow(duplicate));
    if (conflict)
      return refuse(conflict === "siren" ? "DIFFERENT_SIREN" : "DIFFERENT_VAT", "duplicateId", {
        survivor: (conflict === "siren" ? survivor.siren : survivor.vatNumber) ?? "",
        duplicate: (conflict === "siren" ? duplicate.siren : duplicate.vatNumber) ?? "",
      });
    const receipts = (await partnerUsage(shopId, [duplicate.id], tx)).receipts;
    const at = new Date();
    const moved = await mergePartnerRows(tx, shopId, duplicate.id, survivor.id, at);
    const counts = { ...moved, materialReceipts: receipts };
    const ids = { survivorId: survivor.id, mergedId: duplicate.id };
    await updatePartner(tx, shopId, survivor, mergedFields(fieldsOfRow(survivor), fieldsOfRow(duplicate)), {
      actor,
      reason: input.reason ?? null,
      action: "partner.merged_into",
      extra: { ...ids, mergedName: duplicate.name, moved: counts },
    });
    await appendAudit(tx, shopId, {
      actor,
      action: "partner.merged",
      entityType: "Party",
      entityId: duplicate.id,
      reason: input.reason ?? null,
      data: {
        ...ids,
        survivorName: survivor.name,
        moved: counts,
        before: { mergedIntoId: null },
        after: { mergedIntoId: survivor.id },
      },
    });
    return {
      ok: true as const,
      ...ids,
      moved: {
        pieces: counts.pieces,
        consignments: counts.consignments,
        materialReceipts: counts.materialReceipts,
        earlierMerges: counts.earlierMerges,
      },
    };
  });
}
