// The partners register (suppliers, consignors, memo partners, workshops: the Party table), and
// the consignments that put a consignor's piece in the shop's care. Every call takes the shop;
// every change to a partner appends an audit entry with its before and after.
import { db, dbProvider, type Tx } from "../db.server";
import { appendAudit } from "./audit.server";
import { insertRows, newRowId } from "./bulk-insert.server";
import type { Actor } from "./actor";
import { SYSTEM_ACTOR } from "./actor";
import {
  auditedChange,
  changedFields,
  legacyKind,
  PARTNER_FIELD_NAMES,
  roleFlag,
  type PartnerFields,
  type PartnerRole,
} from "../domain/partners";

export type PartyKind = "supplier" | "consignor";

type Audited = { actor: Actor; reason?: string | null };

const FIELDS_SELECT = Object.fromEntries(PARTNER_FIELD_NAMES.map((k) => [k, true])) as Record<
  (typeof PARTNER_FIELD_NAMES)[number],
  true
>;

const PARTNER_SELECT = {
  id: true,
  ...FIELDS_SELECT,
  kind: true,
  createdAt: true,
  updatedAt: true,
  archivedAt: true,
  mergedIntoId: true,
  mergedAt: true,
} as const;

export type PartnerRow = PartnerFields & {
  id: string;
  kind: string;
  createdAt: Date;
  updatedAt: Date | null;
  archivedAt: Date | null;
  mergedIntoId: string | null;
  mergedAt: Date | null;
};

export const fieldsOfRow = (row: PartnerRow): PartnerFields =>
  Object.fromEntries(PARTNER_FIELD_NAMES.map((k) => [k, row[k]])) as PartnerFields;

/**
 * Serialises the register's writes per shop on PostgreSQL (the lock appendAudit takes, taken
 * first), so two requests cannot both find a SIREN free and both record it. SQLite has one writer.
 */
export async function lockPartners(tx: Tx, shopId: string): Promise<void> {
  if (dbProvider() === "postgresql")
    await tx.$executeRaw`SELECT 1 FROM "Shop" WHERE "id" = ${shopId} FOR NO KEY UPDATE`;
}

export async function getPartner(shopId: string, id: string, tx: Tx = db): Promise<PartnerRow | null> {
  return tx.party.findFirst({ where: { id, shopId }, select: PARTNER_SELECT });
}

/** A partner a piece or a receipt may name: this shop's, neither archived nor merged, with `role`. */
export async function usablePartner(tx: Tx, shopId: string, id: string, role: PartnerRole) {
  return tx.party.findFirst({
    where: { id, shopId, archivedAt: null, mergedIntoId: null, [roleFlag(role)]: true },
    select: PARTNER_SELECT,
  });
}

export type PartnerListQuery = { search?: string; role?: PartnerRole | null; archived?: boolean; take?: number };

/** Partners not merged, by name; archived ones only when asked. */
export async function listPartners(shopId: string, query: PartnerListQuery = {}): Promise<PartnerRow[]> {
  const insensitive = dbProvider() === "postgresql" ? ({ mode: "insensitive" } as const) : {};
  const term = query.search?.trim();
  const compact = term?.replace(/[\s.-]/g, "").toUpperCase();
  return db.party.findMany({
    where: {
      shopId,
      mergedIntoId: null,
      ...(query.archived ? {} : { archivedAt: null }),
      ...(query.role ? { [roleFlag(query.role)]: true } : {}),
      ...(term
        ? {
            OR: [
              { name: { contains: term, ...insensitive } },
              { contactName: { contains: term, ...insensitive } },
              { city: { contains: term, ...insensitive } },
              { email: { contains: term, ...insensitive } },
              ...(compact ? [{ siren: { startsWith: compact } }, { vatNumber: { startsWith: compact } }] : []),
            ],
          }
        : {}),
    },
    orderBy: [{ name: "asc" }, { createdAt: "asc" }],
    take: query.take ?? 500,
    select: PARTNER_SELECT,
  });
}

/** The partners a chooser offers for `role`: usable ones, by name, with what tells them apart and their terms. */
export async function partnerChoices(shopId: string, role: PartnerRole) {
  return db.party.findMany({
    where: { shopId, archivedAt: null, mergedIntoId: null, [roleFlag(role)]: true },
    orderBy: [{ name: "asc" }, { createdAt: "asc" }],
    take: 2000,
    select: {
      id: true,
      name: true,
      city: true,
      siren: true,
      termsCommissionBp: true,
      termsReturnDays: true,
      termsNotes: true,
    },
  });
}

/** Every partner not merged, archived included, for the CSV export and the import's matching. */
export async function allPartners(shopId: string, tx: Tx = db): Promise<PartnerRow[]> {
  return tx.party.findMany({
    where: { shopId, mergedIntoId: null },
    orderBy: [{ name: "asc" }, { createdAt: "asc" }],
    select: PARTNER_SELECT,
  });
}

/** Another partner (not merged, archived included) holding this SIREN or VAT number. */
export async function partnerHolding(
  tx: Tx,
  shopId: string,
  field: "siren" | "vatNumber",
  value: string,
  exceptId?: string,
): Promise<{ id: string; name: string } | null> {
  return tx.party.findFirst({
    where: { shopId, mergedIntoId: null, [field]: value, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { id: true, name: true },
  });
}

export async function insertPartner(tx: Tx, shopId: string, fields: PartnerFields, audit: Audited): Promise<string> {
  const created = await tx.party.create({
    data: { shopId, ...fields, kind: legacyKind(fields), updatedAt: new Date() },
    select: { id: true },
  });
  await appendAudit(tx, shopId, {
    actor: audit.actor,
    action: "partner.created",
    entityType: "Party",
    entityId: created.id,
    reason: audit.reason ?? null,
    data: auditedChange(null, fields),
  });
  return created.id;
}

/** Writes the fields that changed (none: nothing written, false returned), audited before/after. */
export async function updatePartner(
  tx: Tx,
  shopId: string,
  before: PartnerRow,
  after: PartnerFields,
  audit: Audited & { action?: string; extra?: Record<string, unknown> },
): Promise<boolean> {
  const diff = changedFields(fieldsOfRow(before), after);
  if (Object.keys(diff.after).length === 0 && !audit.extra) return false;
  await tx.party.updateMany({
    where: { id: before.id, shopId },
    data: { ...diff.after, kind: legacyKind(after), updatedAt: new Date() },
  });
  await appendAudit(tx, shopId, {
    actor: audit.actor,
    action: audit.action ?? "partner.updated",
    entityType: "Party",
    entityId: before.id,
    reason: audit.reason ?? null,
    data: { ...auditedChange(fieldsOfRow(before), after), ...(audit.extra ?? {}) },
  });
  return true;
}

export async function setPartnerArchived(
  tx: Tx,
  shopId: string,
  id: string,
  archivedAt: Date | null,
  before: Date | null,
  audit: Audited,
): Promise<void> {
  await tx.party.updateMany({ where: { id, shopId }, data: { archivedAt, updatedAt: new Date() } });
  await appendAudit(tx, shopId, {
    actor: audit.actor,
    action: archivedAt ? "partner.archived" : "partner.restored",
    entityType: "Party",
    entityId: id,
    reason: audit.reason ?? null,
    data: {
      before: { archivedAt: before?.toISOString() ?? null },
      after: { archivedAt: archivedAt?.toISOString() ?? null },
    },
  });
}

/** How many records name this partner (the partner's page, and what a merge moves). */
export async function partnerUsage(shopId: string, ids: readonly string[], tx: Tx = db) {
  const [supplied, consigned, receipts] = await Promise.all([
    tx.piece.count({ where: { shopId, supplierId: { in: [...ids] } } }),
    tx.consignment.count({ where: { shopId, consignorId: { in: [...ids] } } }),
    tx.materialMove.count({ where: { shopId, purpose: "receipt", partnerId: { in: [...ids] } } }),
  ]);
  return { supplied, consigned, receipts };
}

/** The partners merged into this one (their material receipts still name them). */
export async function mergedInto(shopId: string, id: string, tx: Tx = db) {
  return tx.party.findMany({
    where: { shopId, mergedIntoId: id },
    select: { id: true, name: true, mergedAt: true },
    orderBy: { mergedAt: "asc" },
  });
}

/**
 * Moves every reference from `fromId` to `intoId` and marks `fromId` merged (kept, never deleted).
 * Material moves are append-only: they keep naming the merged partner, which now leads to the
 * survivor; partners merged earlier into `fromId` now lead to the survivor directly.
 */
export async function mergePartnerRows(
  tx: Tx,
  shopId: string,
  fromId: string,
  intoId: string,
  at: Date,
): Promise<{ pieces: number; consignments: number; earlierMerges: number }> {
  const pieces = await tx.piece.updateMany({ where: { shopId, supplierId: fromId }, data: { supplierId: intoId } });
  const consignments = await tx.consignment.updateMany({
    where: { shopId, consignorId: fromId },
    data: { consignorId: intoId },
  });
  const earlier = await tx.party.updateMany({
    where: { shopId, mergedIntoId: fromId },
    data: { mergedIntoId: intoId },
  });
  await tx.party.updateMany({
    where: { id: fromId, shopId },
    data: { mergedIntoId: intoId, mergedAt: at, updatedAt: at },
  });
  return { pieces: pieces.count, consignments: consignments.count, earlierMerges: earlier.count };
}

/**
 * The partner of this name (neither archived nor merged), given `role` if it lacked it, or a new
 * partner with that role; either change is audited (a system entry when no one is named). Used
 * where a name is typed instead of chosen: intake, the pieces import, materials receipts.
 */
export async function findOrCreateParty(
  tx: Tx,
  shopId: string,
  name: string,
  kind: PartyKind | PartnerRole,
  audit: Audited = { actor: SYSTEM_ACTOR },
) {
  const flag = roleFlag(kind);
  const existing = await tx.party.findFirst({
    where: { shopId, name, archivedAt: null, mergedIntoId: null },
    orderBy: { createdAt: "asc" },
    select: PARTNER_SELECT,
  });
  if (existing) {
    if (!existing[flag]) {
      const after = { ...fieldsOfRow(existing), [flag]: true };
      await updatePartner(tx, shopId, existing, after, {
        ...audit,
        reason: audit.reason ?? "role added: the name was typed, not chosen",
      });
      return { ...existing, ...after, kind: legacyKind(after) };
    }
    return existing;
  }
  const fields: PartnerFields = {
    name,
    isSupplier: false,
    isConsignor: false,
    isMemoPartner: false,
    isWorkshop: false,
    [flag]: true,
    contactName: null,
    email: null,
    phone: null,
    address: null,
    postcode: null,
    city: null,
    country: null,
    siren: null,
    siret: null,
    vatNumber: null,
    termsCommissionBp: null,
    termsPaymentDays: null,
    termsReturnDays: null,
    termsNotes: null,
    notes: null,
  };
  const id = await insertPartner(tx, shopId, fields, {
    ...audit,
    reason: audit.reason ?? "created: the name was typed, not chosen",
  });
  return (await getPartner(shopId, id, tx))!;
}

/**
 * findOrCreateParty for several names at once (an import's chunk): one read finds the partners
 * that already hold the role; a name new to the register, or a partner gaining the role, goes
 * through findOrCreateParty (audited as at intake; a chunk names few partners). Ids by name; of two
 * partners with the same name, the older one is used, as one piece at a time does.
 */
export async function findOrCreateParties(
  tx: Tx,
  shopId: string,
  names: readonly string[],
  kind: PartyKind | PartnerRole,
  audit: Audited = { actor: SYSTEM_ACTOR },
): Promise<Map<string, string>> {
  const wanted = [...new Set(names)];
  const ids = new Map<string, string>();
  if (wanted.length === 0) return ids;
  const flag = roleFlag(kind);
  const rows = await tx.party.findMany({
    where: { shopId, name: { in: wanted }, archivedAt: null, mergedIntoId: null },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: PARTNER_SELECT,
  });
  const oldest = new Map<string, (typeof rows)[number]>();
  for (const r of rows) if (!oldest.has(r.name)) oldest.set(r.name, r);
  for (const name of wanted) {
    const found = oldest.get(name);
    ids.set(name, found?.[flag] ? found.id : (await findOrCreateParty(tx, shopId, name, kind, audit)).id);
  }
  return ids;
}

export type NewConsignmentRow = {
  consignorId: string;
  commissionBp?: number | null;
  agreedNetMinor?: bigint | null;
  receivedAt: Date;
  dueAt?: Date | null;
  returnConditions?: string | null;
};

const consignmentRow = (shopId: string, pieceId: string, c: NewConsignmentRow) => ({
  shopId,
  pieceId,
  consignorId: c.consignorId,
  commissionBp: c.commissionBp ?? null,
  agreedNetMinor: c.agreedNetMinor ?? null,
  receivedAt: c.receivedAt,
  dueAt: c.dueAt ?? null,
  returnConditions: c.returnConditions ?? null,
});

export async function insertConsignment(tx: Tx, shopId: string, pieceId: string, c: NewConsignmentRow) {
  return tx.consignment.create({ data: consignmentRow(shopId, pieceId, c) });
}

/** Many pieces' consignments in one statement (an import's chunk). */
export async function insertConsignments(
  tx: Tx,
  shopId: string,
  rows: readonly (NewConsignmentRow & { pieceId: string })[],
): Promise<void> {
  await insertRows(
    tx,
    "Consignment",
    rows.map(({ pieceId, ...c }) => ({ id: newRowId(), ...consignmentRow(shopId, pieceId, c) })),
  );
}

/**
 * Each partner's supplier account in the books (the FEC's CompAuxNum) and name, by partner id; a
 * merged partner answers with its survivor's. With `assignAs`, a supplier that has none is given
 * the next free "F" + 5 digits (audited): the register, not a typed name, says who the supplier is.
 */
export async function supplierAccountsOf(
  shopId: string,
  partnerIds: readonly string[],
  assignAs: Actor | null,
  tx: Tx = db,
): Promise<Map<string, { account: string | null; name: string }>> {
  const out = new Map<string, { account: string | null; name: string }>();
  if (partnerIds.length === 0) return out;
  const rows = await tx.party.findMany({
    where: { shopId, id: { in: [...new Set(partnerIds)] } },
    select: { id: true, mergedIntoId: true },
  });
  const survivorOf = new Map(rows.map((r) => [r.id, r.mergedIntoId ?? r.id]));
  const survivors = await tx.party.findMany({
    where: { shopId, id: { in: [...new Set(survivorOf.values())] } },
    select: { id: true, name: true, supplierAccount: true },
    orderBy: { createdAt: "asc" },
  });
  const byId = new Map(survivors.map((s) => [s.id, { account: s.supplierAccount, name: s.name }]));
  if (assignAs && survivors.some((s) => !s.supplierAccount)) {
    const taken = new Set(
      (
        await tx.party.findMany({
          where: { shopId, supplierAccount: { not: null } },
          select: { supplierAccount: true },
        })
      ).map((p) => p.supplierAccount!),
    );
    let next = 1;
    for (const s of survivors) {
      if (s.supplierAccount) continue;
      while (taken.has(`F${String(next).padStart(5, "0")}`)) next++;
      const account = `F${String(next).padStart(5, "0")}`;
      taken.add(account);
      await tx.party.updateMany({ where: { id: s.id, shopId }, data: { supplierAccount: account } });
      await appendAudit(tx, shopId, {
        actor: assignAs,
        action: "partner.supplier_account_assigned",
        entityType: "Party",
        entityId: s.id,
        reason: "first receipt validated with supplier accounts",
        data: { before: { supplierAccount: null }, after: { supplierAccount: account } },
      });
      byId.set(s.id, { account, name: s.name });
    }
  }
  for (const [id, survivor] of survivorOf) {
    const found = byId.get(survivor);
    if (found) out.set(id, found);
  }
  return out;
}
