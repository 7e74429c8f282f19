// Material classes: what a shop keeps in stock (a metal at a fineness, a lot of stones, one stone),
// each valued by its method. Every call takes the shop.
import { db, dbProvider, type Tx } from "../db.server";

const client = (tx?: Tx): Tx => tx ?? db;

export type MaterialClassRow = Awaited<ReturnType<typeof listClasses>>[number];

export async function listClasses(shopId: string, tx?: Tx) {
  return client(tx).materialClass.findMany({
    where: { shopId, archivedAt: null },
    orderBy: [{ kind: "asc" }, { code: "asc" }],
  });
}

export async function getClass(shopId: string, id: string, tx?: Tx) {
  return client(tx).materialClass.findFirst({ where: { shopId, id } });
}

export async function findClassByCode(shopId: string, code: string, tx?: Tx) {
  return client(tx).materialClass.findFirst({ where: { shopId, code } });
}

export async function insertClass(
  tx: Tx,
  shopId: string,
  data: {
    kind: string;
    code: string;
    label: string;
    metal?: string | null;
    finenessBp?: number | null;
    investment?: boolean;
    unit: string;
    method: string;
    standardUnitCost?: string | null;
    attributes?: Record<string, string>;
    nrvUnitValue?: string | null;
  },
) {
  return tx.materialClass.create({
    data: { ...data, shopId, attributes: JSON.stringify(data.attributes ?? {}) },
  });
}

export async function updateClassMethod(tx: Tx, shopId: string, id: string, method: string) {
  const result = await tx.materialClass.updateMany({ where: { shopId, id }, data: { method } });
  return result.count === 1;
}

export async function updateClassNrv(
  tx: Tx,
  shopId: string,
  id: string,
  nrvUnitValue: string | null,
  standardUnitCost?: string | null,
) {
  return tx.materialClass.updateMany({
    where: { shopId, id },
    data: { nrvUnitValue, ...(standardUnitCost !== undefined ? { standardUnitCost } : {}) },
  });
}

/** Serialises writes to one class across app instances (PostgreSQL); SQLite writes are serial anyway. */
export async function lockClass(tx: Tx, shopId: string, classId: string) {
  if (dbProvider() === "postgresql") {
    await tx.$executeRaw`SELECT 1 FROM "MaterialClass" WHERE "id" = ${classId} AND "shopId" = ${shopId} FOR UPDATE`;
  }
}

/** Every class of the shop, archived ones too (their moves still value the classes they fed). */
export async function listAllClasses(shopId: string, tx?: Tx) {
  return client(tx).materialClass.findMany({ where: { shopId }, orderBy: { id: "asc" } });
}
