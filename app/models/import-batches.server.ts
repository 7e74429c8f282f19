// Stock-list imports: one batch per uploaded file, with its column mapping, progress and findings
// (JSON columns, written here from the import service's own types). Every call takes the shop.
import { db, type Tx } from "../db.server";

export type ImportBatchRow = NonNullable<Awaited<ReturnType<typeof findImportBatch>>>;

export async function findImportBatch(shopId: string, id: string, tx: Tx = db) {
  return tx.importBatch.findFirst({ where: { shopId, id } });
}

export async function listRecentImportBatches(shopId: string, take: number) {
  return db.importBatch.findMany({ where: { shopId }, orderBy: { createdAt: "desc" }, take });
}

export async function insertImportBatch(
  tx: Tx,
  shopId: string,
  data: { fileName: string; settings: unknown; totalRows: number; createdBy: string },
) {
  return tx.importBatch.create({
    data: {
      shopId,
      fileName: data.fileName,
      mapping: JSON.stringify(data.settings),
      totalRows: data.totalRows,
      createdBy: data.createdBy,
    },
  });
}

/** The dry run's outcome: the mapping it judged and, when it could check rows, what it found. */
export async function saveImportCheck(
  shopId: string,
  id: string,
  data: { settings: unknown; status: "uploaded" | "checked"; errors?: unknown[]; errorRows?: number },
): Promise<void> {
  await db.importBatch.updateMany({
    where: { id, shopId },
    data: {
      mapping: JSON.stringify(data.settings),
      status: data.status,
      ...(data.errors !== undefined ? { errors: JSON.stringify(data.errors) } : {}),
      ...(data.errorRows !== undefined ? { errorRows: data.errorRows } : {}),
    },
  });
}

/** Checked → importing; false when another call started the batch first. */
export async function startImportBatch(tx: Tx, shopId: string, id: string): Promise<boolean> {
  const moved = await tx.importBatch.updateMany({
    where: { id, shopId, status: "checked" },
    data: { status: "importing" },
  });
  return moved.count === 1;
}

export async function recordImportProgress(
  tx: Tx,
  shopId: string,
  id: string,
  progress: { doneRows: number; errorRows: number; errors: unknown[] },
): Promise<void> {
  await tx.importBatch.updateMany({
    where: { id, shopId },
    data: { doneRows: progress.doneRows, errorRows: progress.errorRows, errors: JSON.stringify(progress.errors) },
  });
}

/** Importing → done; false when another call finished the batch first. */
export async function finishImportBatch(tx: Tx, shopId: string, id: string, at = new Date()): Promise<boolean> {
  const finished = await tx.importBatch.updateMany({
    where: { id, shopId, status: "importing" },
    data: { status: "done", finishedAt: at },
  });
  return finished.count === 1;
}
