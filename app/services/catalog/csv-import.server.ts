// Importing an existing stock list: upload (encoding checked), mapping (guessed from the headers),
// dry run (every row through the intake schema, plus the database's duplicates), then the import
// itself in chunks. Each chunk and its progress commit in one transaction, so a failure never
// half-writes a row and a stopped import resumes where its last chunk ended.
import { decodeCsv, guessSeparator, type Encoding } from "../../domain/csv/encoding";
import {
  checkMapping,
  guessMapping,
  parseMappingKey,
  type ColumnMapping,
  type MappingProblem,
} from "../../domain/csv/mapping";
import { checkRows, keyOfPath, type CheckedRow, type RowIssue } from "../../domain/csv/rows";
import { firstRows, readTable, type TableProblem } from "../../domain/csv/table";
import type { Locale } from "../../i18n";
import { readingLocale } from "../../domain/csv/dialect";
import { appendAudit } from "../../models/audit.server";
import { certificatesNumbered } from "../../models/certificates.server";
import {
  findImportBatch,
  finishImportBatch,
  insertImportBatch,
  listRecentImportBatches,
  recordImportProgress,
  saveImportCheck,
  startImportBatch,
  type ImportBatchRow,
} from "../../models/import-batches.server";
import { locationTree } from "../../models/locations.server";
import { takenTagCodes } from "../../models/pieces.server";
import { shopCurrency } from "../../models/shop.server";
import { inTransaction } from "../../models/transaction.server";
import type { Actor } from "../../models/actor";
import { newPieceFromForm, refusalIssue } from "./intake.server";
import { createPiecesInTx, type BatchPiece } from "./intake-batch.server";
import { addChildLocationInTx, lockedTree } from "../locations/tree.server";
import { pathKey, resolveImportPaths, type PlannedLocation } from "../../domain/locations/import-paths";
import type { Tx } from "../../models/transaction.server";
import { readImportSource, writeImportSource } from "./csv-import-files.server";
import {
  BULK_PRODUCT_THRESHOLD,
  collectingBulk,
  holdForBulk,
  openBulkForImport,
  sealBulk,
  type BulkLine,
} from "../../shopify/bulk-products.server";

export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 20_000;
/** Rows per transaction: small enough for a short lock, large enough to amortise the commit. */
export const IMPORT_CHUNK = 100;

/** The most new locations the dry run keeps for the page (the count says how many in all). */
const NEW_LOCATIONS_SHOWN = 500;

/**
 * What ImportBatch.mapping holds: the column choice and how to read the file again; whether the
 * person ticked "Create missing locations", and what the dry run found it would create.
 */
export type ImportSettings = {
  columns: ColumnMapping;
  headers: string[];
  separator: string;
  encoding: Encoding;
  createLocations?: boolean;
  newLocations?: PlannedLocation[];
  newLocationCount?: number;
};

export type UploadProblem =
  | { code: "INVALID_UTF8"; offset: number }
  | { code: "TOO_LARGE"; maxMb: number }
  | { code: "TOO_MANY_ROWS"; max: number }
  | TableProblem;

export type UploadResult =
  | { ok: true; batchId: string; headers: string[]; mapping: ColumnMapping; sample: string[][]; totalRows: number }
  | { ok: false; problem: UploadProblem };

export async function uploadImport(
  shopId: string,
  file: { name: string; bytes: Uint8Array },
  encoding: Encoding,
  actor: Actor,
): Promise<UploadResult> {
  if (file.bytes.length > MAX_IMPORT_BYTES)
    return { ok: false, problem: { code: "TOO_LARGE", maxMb: MAX_IMPORT_BYTES / 1024 / 1024 } };
  const decoded = decodeCsv(file.bytes, encoding);
  if (!decoded.ok) return { ok: false, problem: { code: "INVALID_UTF8", offset: decoded.offset } };
  const separator = guessSeparator(decoded.text);
  const table = readTable(decoded.text, separator);
  if ("code" in table) return { ok: false, problem: table };
  if (table.rows.length > MAX_IMPORT_ROWS)
    return { ok: false, problem: { code: "TOO_MANY_ROWS", max: MAX_IMPORT_ROWS } };
  const mapping = guessMapping(table.headers);
  const settings: ImportSettings = { columns: mapping, headers: table.headers, separator, encoding };
  const batch = await inTransaction(async (tx) => {
    const row = await insertImportBatch(tx, shopId, {
      fileName: file.name.slice(0, 200),
      settings,
      totalRows: table.rows.length,
      createdBy: actor.name,
    });
    await appendAudit(tx, shopId, {
      actor,
      action: "import.uploaded",
      entityType: "ImportBatch",
      entityId: row.id,
      data: { fileName: row.fileName, rows: table.rows.length },
    });
    // The decoded text is kept (UTF-8) so later steps never depend on the encoding choice again;
    // written before the commit, so a batch never exists without its file.
    await writeImportSource(shopId, row.id, decoded.text);
    return row;
  });
  return {
    ok: true,
    batchId: batch.id,
    headers: table.headers,
    mapping,
    sample: table.rows.slice(0, 5),
    totalRows: table.rows.length,
  };
}

export type StoredIssue = RowIssue;

export type BatchView = {
  id: string;
  fileName: string;
  status: string;
  totalRows: number;
  doneRows: number;
  errorRows: number;
  importedRows: number;
  settings: ImportSettings;
  errors: StoredIssue[];
  createdAt: Date;
};

function view(row: ImportBatchRow): BatchView {
  const errors = JSON.parse(row.errors) as StoredIssue[];
  return {
    id: row.id,
    fileName: row.fileName,
    status: row.status,
    totalRows: row.totalRows,
    doneRows: row.doneRows,
    errorRows: row.errorRows,
    importedRows:
      row.status === "done" || row.status === "importing"
        ? row.doneRows - new Set(errors.filter((e) => e.row - 2 < row.doneRows).map((e) => e.row)).size
        : 0,
    settings: JSON.parse(row.mapping) as ImportSettings,
    errors,
    createdAt: row.createdAt,
  };
}

export async function getImport(shopId: string, batchId: string): Promise<BatchView | null> {
  const row = await findImportBatch(shopId, batchId);
  return row ? view(row) : null;
}

/** The first rows of a stored file, for the mapping screen. */
export async function importSample(shopId: string, batch: BatchView, rows = 5): Promise<string[][]> {
  return firstRows(await readImportSource(shopId, batch.id), batch.settings.separator, rows);
}

export async function recentImports(shopId: string, take = 10): Promise<BatchView[]> {
  const rows = await listRecentImportBatches(shopId, take);
  return rows.map(view);
}

/**
 * How numbers in the file are read, from its dialect (app/domain/csv/dialect.ts), not from the
 * reader: a comma-separated file is read with "." decimals ("1.250" = 1.25, as Loupe's English
 * export writes it); a semicolon or tab file (Excel where the decimal mark is a comma, Loupe's
 * French export) with "," decimals ("1,250" = 1.25), whoever imports it.
 */
function numberLocale(settings: ImportSettings): string {
  return readingLocale(settings.separator);
}

type Prepared = {
  ok: CheckedRow[];
  issues: StoredIssue[];
  /** Rows whose location exists: its id. */
  locationIds: Map<number, string>;
  /** Rows whose location is to be created (create-missing ticked): its path, a key of `planned`. */
  locationPaths: Map<number, string>;
  /** The locations to create, parents first. */
  planned: Map<string, PlannedLocation>;
};

/**
 * A stored file as read and checked by the intake schema (duplicates inside the file included),
 * kept in this process between the import's steps: the dry run reads it, and the import's calls
 * (one about every 2 s from the page) reuse it instead of reading 10,000 rows again each time.
 * Keyed by everything the reading depends on; a file never changes once uploaded. Another app
 * instance, or a file not used for READ_KEPT_MS, simply reads it again.
 */
const readFiles = new Map<string, { key: string; checked: ReturnType<typeof checkRows>; usedAt: number }>();
const READ_KEPT = 2;
const READ_KEPT_MS = 10 * 60_000;

async function checkedFile(
  shopId: string,
  batch: BatchView,
  context: { locale: string; currency: string; canSeeCost: boolean },
): Promise<ReturnType<typeof checkRows>> {
  const { columns, separator } = batch.settings;
  const key = JSON.stringify([shopId, columns, separator, context]);
  const now = Date.now();
  for (const [id, kept] of readFiles) if (now - kept.usedAt > READ_KEPT_MS) readFiles.delete(id);
  const kept = readFiles.get(batch.id);
  if (kept?.key === key) {
    kept.usedAt = now;
    return kept.checked;
  }
  const text = await readImportSource(shopId, batch.id);
  const table = readTable(text, separator);
  if ("code" in table) throw new Error(`stored import ${batch.id} no longer parses: ${table.code}`);
  const checked = checkRows(table.rows, columns, context);
  readFiles.delete(batch.id);
  readFiles.set(batch.id, { key, checked, usedAt: now });
  while (readFiles.size > READ_KEPT) readFiles.delete(readFiles.keys().next().value!);
  return checked;
}

/** Forgets a file read for an import that is over. */
function forgetFile(batchId: string) {
  readFiles.delete(batchId);
}

/**
 * The rows to import from `fromIndex` on (0: all; a resumed import: from its first row not yet
 * done), with their problems: the file's (kept, see checkedFile), then the database's (locations,
 * tag codes and reports already in the shop), checked now for those rows only.
 */
async function prepare(
  shopId: string,
  batch: BatchView,
  locale: Locale,
  canSeeCost: boolean,
  fromIndex = 0,
): Promise<Prepared | { problem: MappingProblem | { code: "COST_FORBIDDEN" } }> {
  const columns = batch.settings.columns;
  const problem = checkMapping(columns, batch.settings.headers.length);
  if (problem) return { problem };
  if (!canSeeCost && (columns.cost !== undefined || columns.supplier !== undefined))
    return { problem: { code: "COST_FORBIDDEN" } };
  const file = await checkedFile(shopId, batch, {
    locale: numberLocale(batch.settings),
    currency: await shopCurrency(shopId),
    canSeeCost,
  });
  const firstRow = fromIndex + 2;
  const checked = {
    ok: file.ok.filter((r) => r.row >= firstRow),
    issues: file.issues.filter((i) => i.row >= firstRow),
  };
  const issues: StoredIssue[] = [...checked.issues];
  const locationIds = new Map<number, string>();
  const locationPaths = new Map<number, string>();
  const tree = (await locationTree(shopId)).map((r) => ({ ...r, archived: r.archivedAt !== null }));
  const { resolved, planned } = resolveImportPaths(
    tree,
    checked.ok.flatMap((r) => (r.locationPath ? [r.locationPath] : [])),
    batch.settings.createLocations === true,
  );
  const tagRows = new Map<string, number>();
  const certRows = new Map<string, number[]>();
  const ok: CheckedRow[] = [];
  for (const row of checked.ok) {
    if (row.locationPath) {
      const place = resolved.get(pathKey(row.locationPath))!;
      if (place.kind === "refused") {
        issues.push({ row: row.row, field: "location", ...place.refusal });
        continue;
      }
      if (place.kind === "existing") locationIds.set(row.row, place.id);
      else locationPaths.set(row.row, place.path);
    }
    if (row.piece.tagCode) tagRows.set(row.piece.tagCode, row.row);
    for (const c of row.piece.certificates) certRows.set(c.number, [...(certRows.get(c.number) ?? []), row.row]);
    ok.push(row);
  }
  // Against the database, in slices so a 10,000-row file makes a few dozen queries, not 20,000.
  const clash = new Set<number>();
  const tagCodes = [...tagRows.keys()];
  for (let i = 0; i < tagCodes.length; i += 500) {
    for (const tagCode of await takenTagCodes(shopId, tagCodes.slice(i, i + 500))) {
      const row = tagRows.get(tagCode)!;
      clash.add(row);
      issues.push({ row, field: "tagCode", message: "catalog.error.tagCodeTaken", params: { code: tagCode } });
    }
  }
  const numbers = [...certRows.keys()];
  const okByRow = new Map(ok.map((r) => [r.row, r]));
  for (let i = 0; i < numbers.length; i += 500) {
    for (const c of await certificatesNumbered(shopId, numbers.slice(i, i + 500))) {
      for (const row of certRows.get(c.number) ?? []) {
        const piece = okByRow.get(row);
        if (piece?.piece.certificates.some((pc) => pc.lab === c.lab && pc.number === c.number)) {
          clash.add(row);
          issues.push({
            row,
            field: "certNumber",
            message: "catalog.error.certificateDuplicate",
            params: { lab: c.lab, number: c.number },
          });
        }
      }
    }
  }
  issues.sort((a, b) => a.row - b.row);
  const ready = ok.filter((r) => !clash.has(r.row));
  // Only places a row that goes in needs are created.
  const needed = new Set<string>();
  const byPath = new Map(planned.map((p) => [p.path, p]));
  for (const r of ready) {
    for (let path = locationPaths.get(r.row); path !== undefined && !needed.has(path);) {
      needed.add(path);
      path = byPath.get(path)?.parentPath;
    }
  }
  return {
    ok: ready,
    issues,
    locationIds,
    locationPaths,
    planned: new Map(planned.filter((p) => needed.has(p.path)).map((p) => [p.path, p])),
  };
}

/**
 * Creates, in the chunk's transaction and under the tree lock, the planned locations its rows
 * need that do not exist yet (a resumed import finds those of earlier chunks), with the tree
 * editor's rules and audit entries. Returns the ids by path; a path it could not create (its
 * parent archived meanwhile) is left out, and its rows are refused.
 */
async function createPlannedLocations(
  tx: Tx,
  shopId: string,
  paths: readonly string[],
  planned: Map<string, PlannedLocation>,
  audit: { actor: Actor; reason: string },
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  if (paths.length === 0) return ids;
  const rows = await lockedTree(tx, shopId);
  const live = (path: string) => rows.find((r) => r.archivedAt === null && pathKey(r.path) === pathKey(path));
  const ensure = async (path: string): Promise<string | null> => {
    const existing = live(path);
    if (existing) return existing.id;
    const place = planned.get(path);
    if (!place) return null;
    const parentId = await ensure(place.parentPath);
    if (!parentId) return null;
    const created = await addChildLocationInTx(
      tx,
      shopId,
      rows,
      { parentId, kind: place.kind, name: place.name },
      audit,
    );
    return created.ok ? created.id : null;
  };
  for (const path of new Set(paths)) {
    const id = await ensure(path);
    if (id) ids.set(path, id);
  }
  return ids;
}

export type CheckResult =
  | { ok: true; batch: BatchView; readyRows: number }
  | { ok: false; code: "NOT_FOUND" }
  | { ok: false; code: "WRONG_STATE"; status: string }
  | { ok: false; code: "MAPPING"; problem: MappingProblem | { code: "COST_FORBIDDEN" } };

/** The dry run: saves the mapping, checks every row, writes nothing but the batch's findings. */
export async function checkImport(
  shopId: string,
  batchId: string,
  columns: ColumnMapping,
  locale: Locale,
  canSeeCost: boolean,
  options: { createLocations?: boolean } = {},
): Promise<CheckResult> {
  const batch = await getImport(shopId, batchId);
  if (!batch) return { ok: false, code: "NOT_FOUND" };
  if (batch.status !== "uploaded" && batch.status !== "checked")
    return { ok: false, code: "WRONG_STATE", status: batch.status };
  const known = Object.fromEntries(
    Object.entries(columns).filter(([field]) => parseMappingKey(field) !== null),
  ) as ColumnMapping;
  const { newLocations: _found, newLocationCount: _count, ...kept } = batch.settings;
  const settings: ImportSettings = { ...kept, columns: known, createLocations: options.createLocations === true };
  const prepared = await prepare(shopId, { ...batch, settings }, locale, canSeeCost);
  if ("problem" in prepared) {
    await saveImportCheck(shopId, batch.id, { settings, status: "uploaded" });
    return { ok: false, code: "MAPPING", problem: prepared.problem };
  }
  const errorRows = new Set(prepared.issues.map((i) => i.row)).size;
  const newLocations = [...prepared.planned.values()];
  await saveImportCheck(shopId, batch.id, {
    settings: settings.createLocations
      ? { ...settings, newLocations: newLocations.slice(0, NEW_LOCATIONS_SHOWN), newLocationCount: newLocations.length }
      : settings,
    status: "checked",
    errors: prepared.issues,
    errorRows,
  });
  return { ok: true, batch: (await getImport(shopId, batchId))!, readyRows: prepared.ok.length };
}

export type RunResult =
  | { ok: true; batch: BatchView }
  | { ok: false; code: "NOT_FOUND" }
  | { ok: false; code: "WRONG_STATE"; status: string }
  | { ok: false; code: "MAPPING"; problem: MappingProblem | { code: "COST_FORBIDDEN" } };

/**
 * Imports rows from where the batch stands, chunk by chunk, until done or `budgetMs` has passed
 * (the page calls again, showing progress; a crash or a closed tab resumes from the last chunk).
 * Rows the dry run refused, and rows refused now (a duplicate created meanwhile), are skipped
 * and reported; the others are created exactly as the intake form would.
 */
export async function runImport(
  shopId: string,
  batchId: string,
  actor: Actor,
  locale: Locale,
  canSeeCost: boolean,
  options: { budgetMs?: number; chunk?: number } = {},
): Promise<RunResult> {
  const started = Date.now();
  const batch = await getImport(shopId, batchId);
  if (!batch) return { ok: false, code: "NOT_FOUND" };
  if (batch.status !== "checked" && batch.status !== "importing")
    return { ok: false, code: "WRONG_STATE", status: batch.status };
  const prepared = await prepare(shopId, batch, locale, canSeeCost, batch.doneRows);
  if ("problem" in prepared) return { ok: false, code: "MAPPING", problem: prepared.problem };
  let bulkOpId: string | null = null;
  if (batch.status === "checked") {
    // Decided once, when the import starts, and kept by the operation row across resumed calls.
    const newProducts = prepared.ok.filter((r) => r.createProduct && !r.piece.variantRef).length;
    bulkOpId = await inTransaction(async (tx) => {
      if (!(await startImportBatch(tx, shopId, batch.id))) return null; // another call started it meanwhile
      await appendAudit(tx, shopId, {
        actor,
        action: "import.started",
        entityType: "ImportBatch",
        entityId: batch.id,
        data: {
          rows: batch.totalRows,
          newProducts,
          bulk: newProducts > BULK_PRODUCT_THRESHOLD,
          ...(batch.settings.createLocations ? { createLocations: true } : {}),
        },
      });
      return newProducts > BULK_PRODUCT_THRESHOLD ? openBulkForImport(tx, shopId, batch.id, actor) : null;
    });
  }
  bulkOpId ??= await collectingBulk(shopId, batch.id);
  const byRow = new Map(prepared.ok.map((r) => [r.row, r]));
  const chunk = options.chunk ?? IMPORT_CHUNK;
  const currency = await shopCurrency(shopId);
  const reason = `imported from ${batch.fileName}`;
  // Findings of rows already imported stay; rows still to come are judged again now.
  let done = batch.doneRows;
  let errors: StoredIssue[] = batch.errors.filter((e) => e.row - 2 < done);
  errors.push(...prepared.issues.filter((e) => e.row - 2 >= done));
  while (done < batch.totalRows) {
    const from = done;
    const to = Math.min(batch.totalRows, from + chunk);
    await inTransaction(
      async (tx) => {
        const rows: number[] = [];
        for (let index = from; index < to; index++) if (byRow.has(index + 2)) rows.push(index + 2);
        const created = await createPlannedLocations(
          tx,
          shopId,
          rows.flatMap((row) => prepared.locationPaths.get(row) ?? []),
          prepared.planned,
          { actor, reason },
        );
        const items: BatchPiece[] = [];
        for (const row of rows) {
          const ready = byRow.get(row)!;
          const piece = newPieceFromForm(ready.piece, { currency });
          const path = prepared.locationPaths.get(row);
          if (path !== undefined && !created.has(path)) {
            errors.push({ row, field: "location", message: "catalog.import.error.unknownLocation", params: { path } });
            continue;
          }
          piece.locationId = prepared.locationIds.get(row) ?? (path !== undefined ? created.get(path)! : null);
          items.push({ input: piece, createShopifyProduct: ready.createProduct, row });
        }
        // One audit entry for the chunk's pieces, on the batch (the chain stays one append per entry).
        const results = await createPiecesInTx(tx, shopId, items, actor, reason, {
          action: "import.pieces_created",
          entityType: "ImportBatch",
          entityId: batch.id,
          data: { fileName: batch.fileName, fromRow: from + 2, toRow: to + 1 },
        });
        const bulkLines: BulkLine[] = [];
        for (const [i, result] of results.entries()) {
          const { row, input } = items[i]!;
          if (result.ok && bulkOpId && items[i]!.createShopifyProduct && !input.variantGid)
            bulkLines.push({ pieceId: result.pieceId, row: row! });
          if (!result.ok) {
            for (const refusal of result.errors) {
              const issue = refusalIssue(refusal);
              errors.push({
                row: row!,
                field: keyOfPath(issue.path),
                message: issue.message,
                ...(issue.params ? { params: issue.params } : {}),
              });
            }
          }
        }
        // Their products go to Shopify in one bulk operation once the import ends.
        if (bulkOpId) await holdForBulk(tx, shopId, bulkOpId, bulkLines);
        errors = errors.sort((a, b) => a.row - b.row);
        await recordImportProgress(tx, shopId, batch.id, {
          doneRows: to,
          errorRows: new Set(errors.map((e) => e.row)).size,
          errors,
        });
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
    done = to;
    if (options.budgetMs !== undefined && Date.now() - started > options.budgetMs) break;
  }
  if (done >= batch.totalRows) {
    forgetFile(batch.id);
    await inTransaction(async (tx) => {
      // Two "run" calls may both reach the end: only the one that finishes the batch seals it.
      if (!(await finishImportBatch(tx, shopId, batch.id))) return;
      if (bulkOpId) await sealBulk(tx, shopId, bulkOpId, actor);
      const finished = view((await findImportBatch(shopId, batch.id, tx))!);
      await appendAudit(tx, shopId, {
        actor,
        action: "import.finished",
        entityType: "ImportBatch",
        entityId: batch.id,
        data: { imported: finished.importedRows, skipped: finished.errorRows },
      });
    });
  }
  return { ok: true, batch: (await getImport(shopId, batchId))! };
}
