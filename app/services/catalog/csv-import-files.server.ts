// Where an uploaded stock list waits between the import's steps (mapping, dry run, chunks).
// ImportBatch has no column for the file itself, so it is kept on disk, per shop, as decoded
// UTF-8 text: LOUPE_IMPORT_DIR, or data/imports beside the default database. With several app
// instances this directory must be shared (or the file moved into the database: see README).
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

function importDir(): string {
  return process.env.LOUPE_IMPORT_DIR ?? join(process.cwd(), "data", "imports");
}

function pathFor(shopId: string, batchId: string): string {
  // Ids are cuids; anything else must never become a path.
  if (!/^[a-z0-9]+$/i.test(shopId) || !/^[a-z0-9]+$/i.test(batchId)) throw new Error("invalid import id");
  return join(importDir(), shopId, `${batchId}.csv`);
}

export async function writeImportSource(shopId: string, batchId: string, text: string): Promise<void> {
  await mkdir(join(importDir(), shopId), { recursive: true });
  await writeFile(pathFor(shopId, batchId), text, "utf8");
}

export async function readImportSource(shopId: string, batchId: string): Promise<string> {
  return readFile(pathFor(shopId, batchId), "utf8");
}
