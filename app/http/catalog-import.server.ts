// The stock-list import page's server side: the batch being imported (its mapping, sample, per-row
// findings and Shopify bulk operations, in the reader's language), the upload, and the steps the
// page repeats: check, run (about 2 s a call, so a closed tab simply resumes), retry a bulk's lines.
// Answers are { ok: false, code?, message } for the page's banner.
import { z } from "zod";
import {
  checkImport,
  getImport,
  importSample,
  recentImports,
  runImport,
  uploadImport,
  type StoredIssue,
  type UploadProblem,
} from "../services/catalog/csv-import.server";
import {
  BULK_PRODUCT_THRESHOLD,
  bulkForImport,
  retryBulkLines,
  type BulkReasonCode,
  type FailedLine,
} from "../shopify/bulk-products.server";
import { ENCODINGS } from "../domain/csv/encoding";
import { parseMappingKey, type ColumnMapping, type MappingKey, type MappingProblem } from "../domain/csv/mapping";
import { choiceOptions } from "../domain/csv/choice-words";
import { translate, formatInteger, type Locale, type MessageKey } from "../i18n";
import type { AdminContext } from "./admin-context.server";
import { refusalStatus } from "./admin-action.server";

/** The page's JSON requests. */
export const importStepSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("check"),
    batchId: z.string().min(1).max(64),
    columns: z.record(z.number().int().min(0).max(500)),
    /** "Create missing locations": the dry run lists them, the import creates them. */
    createLocations: z.boolean().optional(),
  }),
  z.object({ intent: z.literal("run"), batchId: z.string().min(1).max(64) }),
  z.object({ intent: z.literal("bulk-retry"), operationId: z.string().min(1).max(64) }),
]);
export type ImportStep = z.infer<typeof importStepSchema>;

/** The file, sent as multipart form data; an unknown encoding is read as UTF-8. */
export const importUploadSchema = z.object({
  file: z.instanceof(File, { message: "catalog.import.error.empty" }),
  encoding: z.enum(ENCODINGS).catch("utf-8"),
});

const refused = (status: number, message: string, code?: string) =>
  Response.json(code === undefined ? { ok: false, message } : { ok: false, code, message }, { status });

/** A field's name in the reader's language; the n-th element's with its number ("Carats 2"). */
function fieldName(locale: Locale, field: MappingKey | "row"): string {
  const parsed = field === "row" ? null : parseMappingKey(field);
  if (!parsed) return "—";
  const name = translate(locale, `catalog.import.field.${parsed.field}`);
  return parsed.index === 0 ? name : translate(locale, "csv.field.numbered", { field: name, n: parsed.index + 1 });
}

/** The column a finding is about: its header in the file when the field has one, else the field's name. */
function columnName(locale: Locale, field: MappingKey | "row", headers: readonly string[], columns: ColumnMapping) {
  const index = field === "row" ? undefined : columns[field];
  const header = index === undefined ? undefined : headers[index];
  return header ? header : fieldName(locale, field);
}

/** The message, the cell it is about, and for a choice the values the form offers, in the reader's language. */
function issueText(locale: Locale, issue: StoredIssue): string {
  const parts = [translate(locale, issue.message as MessageKey, issue.params ?? {})];
  // A message that already quotes the value ("« 751 » is not a fineness…") does not repeat it.
  if (issue.value !== undefined && issue.params?.value === undefined)
    parts.push(
      issue.value === ""
        ? translate(locale, "csv.issue.empty")
        : translate(locale, "csv.issue.value", { value: issue.value }),
    );
  if (issue.choice)
    parts.push(translate(locale, "csv.issue.options", { options: choiceOptions(issue.choice, locale).join(", ") }));
  return parts.join(" ");
}

/** Reasons of Loupe's own, stored as codes: shown in the reader's language. */
const BULK_REASON_KEYS: Record<BulkReasonCode, MessageKey> = {
  MISSING_RESULT: "catalog.import.bulk.reason.missingResult",
  NO_ANSWER: "catalog.import.bulk.reason.noAnswer",
  NO_VARIANT: "catalog.import.bulk.reason.noVariant",
  UNKNOWN_OPERATION: "catalog.import.bulk.reason.unknownOperation",
  NO_UPLOAD_TARGET: "catalog.import.bulk.reason.noUploadTarget",
};

function bulkLineText(locale: Locale, line: FailedLine): string {
  // Shopify's own words (a userError, a stopped operation's status) are shown as Shopify wrote them.
  if (line.reasonCode && line.reasonCode in BULK_REASON_KEYS)
    return translate(locale, BULK_REASON_KEYS[line.reasonCode]);
  return translate(locale, line.code === "REFUSED" ? "catalog.import.bulk.refused" : "catalog.import.bulk.notRun", {
    reason: line.reason,
  });
}

function uploadProblemText(locale: Locale, problem: UploadProblem): string {
  switch (problem.code) {
    case "INVALID_UTF8":
      // People count from 1.
      return translate(locale, "catalog.import.error.encoding", { offset: problem.offset + 1 });
    case "EMPTY":
      return translate(locale, "catalog.import.error.empty");
    case "TOO_LARGE":
      return translate(locale, "catalog.import.error.tooLarge", { max: problem.maxMb });
    case "TOO_MANY_ROWS":
      return translate(locale, "catalog.import.error.tooManyRows", { max: formatInteger(problem.max, locale) });
    case "PARSE":
      return translate(locale, "catalog.import.error.parse", { line: problem.line, reason: problem.reason });
  }
}

function mappingProblemText(locale: Locale, problem: MappingProblem | { code: "COST_FORBIDDEN" }): string {
  switch (problem.code) {
    case "MISSING_COLUMNS":
      return translate(locale, "catalog.import.error.missingColumns", {
        fields: problem.fields.map((f) => fieldName(locale, f)).join(", "),
      });
    case "DUPLICATE_COLUMN":
    case "BAD_COLUMN":
      return translate(locale, "catalog.import.error.duplicateColumn", { field: fieldName(locale, problem.field) });
    case "COST_FORBIDDEN":
      return translate(locale, "catalog.error.costForbidden");
  }
}

export async function importPage({ shop, locale }: AdminContext, batchId: string | null) {
  const batch = batchId ? await getImport(shop.id, batchId) : null;
  if (batchId && !batch) throw new Response(translate(locale, "catalog.import.error.notFound"), { status: 404 });
  const recent = await recentImports(shop.id);
  const bulk = batch ? await bulkForImport(shop.id, batch.id) : [];
  return {
    bulkThreshold: BULK_PRODUCT_THRESHOLD,
    bulk: bulk.map((op) => ({
      id: op.id,
      status: op.status,
      lineCount: op.lineCount,
      objectCount: op.objectCount,
      linkedCount: op.linkedCount,
      failedCount: op.failed.length,
      // The first 500 lines Shopify did not create, with their CSV row, in this person's language.
      failed: op.failed
        .slice(0, 500)
        .map((f) => ({ row: f.row, tagCode: f.tagCode, message: bulkLineText(locale, f) })),
    })),
    recent: recent.map((b) => ({
      id: b.id,
      fileName: b.fileName,
      status: b.status,
      totalRows: b.totalRows,
      doneRows: b.doneRows,
      errorRows: b.errorRows,
      createdAt: b.createdAt,
    })),
    batch: batch
      ? {
          id: batch.id,
          fileName: batch.fileName,
          status: batch.status,
          totalRows: batch.totalRows,
          doneRows: batch.doneRows,
          errorRows: batch.errorRows,
          importedRows: batch.importedRows,
          headers: batch.settings.headers,
          columns: batch.settings.columns,
          sample: await importSample(shop.id, batch),
          createLocations: batch.settings.createLocations === true,
          // What the dry run found it would create (the first 500; the count says how many in all).
          newLocations: (batch.settings.newLocations ?? []).map((l) => ({
            path: l.path,
            site: l.site,
            kind: translate(locale, `setup.kind.${l.kind}`),
          })),
          newLocationCount: batch.settings.newLocationCount ?? 0,
          // The first 500 findings, translated for this person; the count says how many rows in all.
          errors: batch.errors.slice(0, 500).map((e) => ({
            row: e.row,
            field: columnName(locale, e.field, batch.settings.headers, batch.settings.columns),
            message: issueText(locale, e),
          })),
        }
      : null,
  };
}

export async function uploadFile(
  { shop, actor, locale }: AdminContext,
  { file, encoding }: z.infer<typeof importUploadSchema>,
): Promise<Response> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const uploaded = await uploadImport(shop.id, { name: file.name, bytes }, encoding, actor);
  if (!uploaded.ok) {
    const { problem } = uploaded;
    return refused(problem.code === "TOO_LARGE" ? 413 : 422, uploadProblemText(locale, problem), problem.code);
  }
  const { batchId, totalRows, mapping } = uploaded;
  return Response.json({ ok: true, batchId, totalRows, mapping });
}

export async function importStep(context: AdminContext, step: ImportStep): Promise<Response> {
  const { shop, actor, locale, canSeeCost } = context;
  if (step.intent === "bulk-retry") return retryBulk(context, step.operationId);
  const result =
    step.intent === "check"
      ? await checkImport(shop.id, step.batchId, step.columns as ColumnMapping, locale, canSeeCost, {
          createLocations: step.createLocations === true,
        })
      : await runImport(shop.id, step.batchId, actor, locale, canSeeCost, { budgetMs: 2000 });
  if (result.ok) {
    const { status, totalRows, doneRows, errorRows, importedRows } = result.batch;
    return Response.json({ ok: true, status, totalRows, doneRows, errorRows, importedRows });
  }
  switch (result.code) {
    case "NOT_FOUND":
      return refused(404, translate(locale, "catalog.import.error.notFound"));
    case "WRONG_STATE": {
      // Already importing or done: another call (or another tab) got there first.
      const status = translate(locale, `catalog.import.status.${result.status}` as MessageKey);
      return refused(409, translate(locale, "catalog.import.error.state", { status }));
    }
    case "MAPPING":
      return refused(
        refusalStatus(result.problem.code),
        mappingProblemText(locale, result.problem),
        result.problem.code,
      );
  }
}

async function retryBulk({ shop, actor, locale }: AdminContext, operationId: string): Promise<Response> {
  const retried = await retryBulkLines(shop.id, operationId, actor);
  if (!retried.ok)
    return retried.code === "NOT_FOUND"
      ? refused(404, translate(locale, "catalog.import.bulk.notFound"))
      : refused(409, translate(locale, "catalog.import.bulk.nothingToRetry"));
  const count = formatInteger(retried.retried, locale);
  const message = translate(locale, "catalog.import.bulk.retried", { count });
  return Response.json({ ok: true, retried: retried.retried, mode: retried.mode, message });
}
