// The details sheet: the "details to complete" list as CSV (semicolons and a byte order mark, so
// French Excel opens it in columns with its accents), filled in a spreadsheet and read back as
// UPDATES to existing pieces matched by tag code. It never creates a piece.
//
// Reading back: a cell left as exported, or emptied, changes nothing (a sheet never erases; that
// is the piece page's job). Each row is checked with the piece edit's own rules (the edit form of
// the stored piece with the sheet's cells laid over it, then checkPieceEdit) and written by the
// edit service's own transaction step, so the sheet and the piece page cannot disagree. A row
// whose tag code is not a piece of this shop, whose piece changed since the export (its version),
// or whose cells fail a rule is refused with a message per column; the dry run writes nothing.
// Apply goes in chunks of CHUNK rows, one transaction each.
import { isoDay } from "../../domain/days";
import { csvLine, UTF8_BOM } from "../../domain/csv/cells";
import { decodeCsv, guessSeparator, type Encoding } from "../../domain/csv/encoding";
import { guessMapping, normalizeHeader, type ImportField } from "../../domain/csv/mapping";
import { readForm, readRow } from "../../domain/csv/rows";
import type { ChoiceKind } from "../../domain/csv/choice-words";
import { FRENCH_EXCEL, readingLocale, type CsvDialect } from "../../domain/csv/dialect";
import { readTable } from "../../domain/csv/table";
import { scaledToDecimalText } from "../../domain/decimal-input";
import {
  COST_COLUMNS,
  DETAILS_COLUMNS,
  DETAILS_HEADERS,
  EXTRA_HEADER_NAMES,
  detailsChanges,
  detailsCompletion,
  isCompleteEnough,
  missingFields,
  sheetWord,
  type DetailsColumn,
  type DetailsValues,
} from "../../domain/details";
import { formatPermille } from "../../domain/metals";
import { minorToDecimalString } from "../../domain/money";
import { checkPieceEdit, pieceEditForm, type CheckedEdit, type PieceEditForm } from "../../domain/schemas/piece-edit";
import { translate, type Locale, type MessageKey } from "../../i18n";
import { isCertificateTaken } from "../../models/certificates.server";
import {
  activePlacesByPath,
  detailsPendingPages,
  piecesByTagCode,
  type DetailsQuery,
  type PendingPiece,
} from "../../models/details.server";
import { findPieceForEdit, type PieceForEdit } from "../../models/pieces.server";
import { inTransaction, type Tx } from "../../models/transaction.server";
import type { Actor } from "../../models/actor";
import { completeInTx } from "./details.server";
import { editInTx } from "./edit-piece.server";
import { forgetProvenanceCache, signingKeyFor } from "../provenance/public-record.server";
import type { ShopKey } from "../provenance/signing.server";
import { movePiece } from "./piece-changes.server";

export const MAX_SHEET_BYTES = 5 * 1024 * 1024;
export const MAX_SHEET_ROWS = 5000;
const CHUNK = 100;

/**
 * The sheet's headers, words and "missing" list are in the reader's language (the dry run's
 * messages name its columns); its separator and decimal mark are the shop's CSV dialect
 * (app/domain/csv/dialect.ts) on export, and the file's own when read back.
 */
type SheetOptions = { locale: Locale; canSeeCost: boolean; dialect?: Pick<CsvDialect, "separator" | "decimal"> };

const columnsFor = (canSeeCost: boolean) => DETAILS_COLUMNS.filter((c) => canSeeCost || !COST_COLUMNS.includes(c));

const decimal = (text: string, options: SheetOptions) =>
  (options.dialect ?? FRENCH_EXCEL).decimal === "," ? text.replace(".", ",") : text;

type SheetPiece = {
  tagCode: string;
  title: string;
  sku: string | null;
  version: number;
  currency: string;
  costMinor: bigint | null;
  supplierName: string | null;
  locationPath: string | null;
  metals: readonly { metal: string; finenessBp: number; grossWeightMg: bigint }[];
  stones: readonly { type: string; origin: string; millicarats: number; count: number }[];
  certificates: readonly { lab: string; number: string }[];
};

/** A piece's cells as the sheet writes them (first metal, stone and certificate; grams). */
function sheetCells(p: SheetPiece, options: SheetOptions): Record<DetailsColumn, string> {
  const { locale, canSeeCost } = options;
  const metal = p.metals[0];
  const stone = p.stones[0];
  const cert = p.certificates[0];
  const completion = detailsCompletion(
    {
      metals: p.metals,
      stones: p.stones,
      certificateCount: p.certificates.length,
      photoCount: null,
      ...(canSeeCost ? { costMinor: p.costMinor } : {}),
    },
    { canSeeCost },
  );
  return {
    tagCode: p.tagCode,
    title: p.title,
    sku: p.sku ?? "",
    location: p.locationPath ?? "",
    metal: metal ? sheetWord(locale, metal.metal) : "",
    fineness: metal ? decimal(formatPermille(metal.finenessBp, "en"), options) : "",
    weight:
      metal && metal.grossWeightMg > 0n
        ? decimal(scaledToDecimalText(metal.grossWeightMg, 3, { trimZeros: true }), options)
        : "",
    weightUnit: "g",
    stoneType: stone ? sheetWord(locale, stone.type) : "",
    stoneOrigin: stone ? sheetWord(locale, stone.origin) : "",
    carats: stone ? decimal(scaledToDecimalText(BigInt(stone.millicarats), 3, { trimZeros: true }), options) : "",
    stoneCount: stone ? String(stone.count) : "",
    lab: cert?.lab ?? "",
    certNumber: cert?.number ?? "",
    supplier: canSeeCost ? (p.supplierName ?? "") : "",
    cost: canSeeCost && p.costMinor !== null ? decimal(minorToDecimalString(p.costMinor, p.currency), options) : "",
    missing: missingFields(completion)
      .map((f) => translate(locale, `details.field.${f}` as MessageKey))
      .join(", "),
    version: String(p.version),
  };
}

const fromPending = (p: PendingPiece): SheetPiece => ({
  tagCode: p.tagCode,
  title: p.title,
  sku: p.sku,
  version: p.version,
  currency: p.currency,
  costMinor: p.costMinor,
  supplierName: p.supplier?.name ?? null,
  locationPath: p.location?.path ?? null,
  metals: p.metals,
  stones: p.stones,
  certificates: p.certificates,
});

/** The sheet, chunk by chunk; cost and supplier columns only for roles that may see cost. */
export async function* exportDetailsCsv(shopId: string, query: DetailsQuery, options: SheetOptions) {
  const columns = columnsFor(options.canSeeCost);
  const separator = (options.dialect ?? FRENCH_EXCEL).separator;
  yield (
    UTF8_BOM +
    csvLine(
      columns.map((c) => DETAILS_HEADERS[options.locale][c]),
      separator,
    )
  );
  for await (const page of detailsPendingPages(shopId, { ...query, cursor: undefined })) {
    yield page
      .map((p) => {
        const cells = sheetCells(fromPending(p), options);
        return csvLine(
          columns.map((c) => cells[c]),
          separator,
        );
      })
      .join("");
  }
}

export const detailsSheetName = (shopDomain: string, now = new Date()) =>
  `loupe-details-${shopDomain.replace(/\.myshopify\.com$/, "")}-${isoDay(now)}.csv`;

// ── Reading it back

export type SheetProblem =
  | { code: "TOO_LARGE" }
  | { code: "INVALID_UTF8"; offset: number }
  | { code: "EMPTY" }
  | { code: "PARSE"; line: number }
  | { code: "TOO_MANY_ROWS"; max: number }
  | { code: "MISSING_COLUMNS"; columns: DetailsColumn[] };

/** A message about one cell (or the row), as an i18n key and its values. */
export type CellIssue = {
  column: DetailsColumn | "row";
  message: MessageKey;
  params?: Record<string, string>;
  /** For a word that names no choice: which choice, so the allowed values are listed. */
  choice?: ChoiceKind;
};

export type RowOutcome = {
  row: number;
  tagCode: string;
  status: "change" | "unchanged" | "refused";
  changes: { column: DetailsColumn; before: string; after: string }[];
  issues: CellIssue[];
  /** Whether the row clears the piece from the list ("mark complete" ticked and enough recorded). */
  completes: boolean;
  /** Applied only: whether it was written. */
  applied?: boolean;
};

export type SheetResult =
  | { ok: false; problem: SheetProblem }
  | {
      ok: true;
      applied: boolean;
      rows: RowOutcome[];
      counts: { change: number; unchanged: number; refused: number; completes: number };
    };

const FIELD_OF: Partial<Record<DetailsColumn, ImportField>> = {
  tagCode: "tagCode",
  title: "title",
  sku: "sku",
  location: "location",
  metal: "metal",
  fineness: "fineness",
  weight: "weight",
  weightUnit: "weightUnit",
  stoneType: "stoneType",
  stoneOrigin: "stoneOrigin",
  carats: "carats",
  stoneCount: "stoneCount",
  lab: "lab",
  certNumber: "certNumber",
  supplier: "supplier",
  cost: "cost",
};

/** The edit form's paths → the sheet's columns, so an issue lands on the cell that caused it. */
function columnOfPath(path: string): DetailsColumn | "row" {
  const exact: Record<string, DetailsColumn> = {
    "metals.0.metal": "metal",
    "metals.0.fineness": "fineness",
    "metals.0.weight": "weight",
    "metals.0.unit": "weightUnit",
    "stones.0.type": "stoneType",
    "stones.0.origin": "stoneOrigin",
    "stones.0.carats": "carats",
    "stones.0.count": "stoneCount",
    cost: "cost",
    supplierName: "supplier",
  };
  if (exact[path]) return exact[path];
  if (/^certificates\.\d+\.lab$/.test(path)) return "lab";
  if (/^certificates\.\d+\./.test(path)) return "certNumber";
  return "row";
}

type Columns = Partial<Record<DetailsColumn, number>>;

function sheetColumns(headers: readonly string[]): Columns {
  const mapping = guessMapping(headers);
  const out: Columns = {};
  for (const [column, field] of Object.entries(FIELD_OF) as [DetailsColumn, ImportField][]) {
    if (mapping[field] !== undefined) out[column] = mapping[field];
  }
  const normalized = headers.map(normalizeHeader);
  for (const column of ["missing", "version"] as const) {
    const index = normalized.findIndex((h) => EXTRA_HEADER_NAMES[column].includes(h));
    if (index >= 0) out[column] = index;
  }
  return out;
}

type ParsedRow = {
  row: number;
  tagCode: string;
  version: number | null;
  cells: Partial<Record<DetailsColumn, string>>;
};

function cellsOf(raw: readonly string[], columns: Columns): Partial<Record<DetailsColumn, string>> {
  const out: Partial<Record<DetailsColumn, string>> = {};
  for (const [column, index] of Object.entries(columns) as [DetailsColumn, number][])
    out[column] = (raw[index] ?? "").trim().replace(/^'(?=[=+\-@])/, "");
  return out;
}

type RowContext = SheetOptions & {
  shopId: string;
  currency: string;
  numberLocale: string;
  markComplete: boolean;
  /** The shop's signing key when the sheet is applied (null on a dry run, which signs nothing). */
  key: ShopKey | null;
  places: Awaited<ReturnType<typeof activePlacesByPath>>;
  /** New certificates already claimed by an earlier row of the file. */
  certificatesInFile: Map<string, number>;
};

type CheckedRow =
  | { ok: false; issues: CellIssue[] }
  | {
      ok: true;
      piece: PieceForEdit;
      edit: CheckedEdit | null;
      moveTo: { id: string; path: string } | null;
      changes: RowOutcome["changes"];
      completes: boolean;
    };

const sheetPieceOf = (piece: PieceForEdit, locationPath: string | null): SheetPiece => ({
  tagCode: piece.tagCode,
  title: piece.title,
  sku: piece.sku,
  version: piece.version,
  currency: piece.currency,
  costMinor: piece.costMinor,
  supplierName: piece.supplier?.name ?? null,
  locationPath,
  metals: piece.metals,
  stones: piece.stones,
  certificates: piece.certificates,
});

/** One row against its stored piece: the edit it makes, or why not. Reads only. */
async function checkRow(tx: Tx, pieceId: string, parsed: ParsedRow, ctx: RowContext): Promise<CheckedRow> {
  const piece = await findPieceForEdit(tx, ctx.shopId, pieceId);
  if (!piece) return { ok: false, issues: [{ column: "tagCode", message: "details.sheet.unknownTag" }] };
  if (parsed.version !== null && parsed.version !== piece.version)
    return {
      ok: false,
      issues: [
        {
          column: "version",
          message: "details.sheet.stale",
          params: { exported: String(parsed.version), now: String(piece.version) },
        },
      ],
    };
  const currentPath = [...ctx.places.values()].find((p) => p.id === piece.locationId)?.path ?? null;
  const stored = sheetCells(sheetPieceOf(piece, currentPath), ctx);
  // A cell changes something only when it holds text other than what the sheet was given.
  const typed = (c: DetailsColumn) => {
    const cell = parsed.cells[c];
    return cell !== undefined && cell !== "" && cell !== stored[c] ? cell : undefined;
  };
  const issues: CellIssue[] = [];
  if (!ctx.canSeeCost)
    for (const c of COST_COLUMNS)
      if (typed(c) !== undefined) issues.push({ column: c, message: "catalog.error.costForbidden" });

  let moveTo: { id: string; path: string } | null = null;
  const path = typed("location");
  if (path !== undefined) {
    const place = ctx.places.get(path);
    if (!place) issues.push({ column: "location", message: "details.sheet.unknownLocation", params: { path } });
    else if (piece.shopifyLocationGid && place.shopifyLocationGid !== piece.shopifyLocationGid)
      issues.push({ column: "location", message: "details.refusal.LOCATION_OTHER_SITE" });
    else moveTo = { id: place.id, path: place.path };
  }

  const form: PieceEditForm = pieceEditForm(piece, { locale: ctx.numberLocale, canSeeCost: ctx.canSeeCost });
  // The import's reader turns the sheet's words ("or", "diamant", "GIA") into Loupe's codes.
  const values = Object.fromEntries(
    Object.entries(FIELD_OF).map(([c, f]) => [f, parsed.cells[c as DetailsColumn] || stored[c as DetailsColumn]]),
  );
  const { form: read, problems } = readForm(values);
  // A word that names no choice ("bronze") is refused on its cell, with the allowed values.
  for (const problem of problems) {
    const column = (Object.entries(FIELD_OF) as [DetailsColumn, string][]).find(([, f]) => f === problem.field)?.[0];
    if (column && typed(column) !== undefined)
      issues.push({
        column,
        message: "catalog.error.choice",
        params: { value: problem.value ?? "" },
        // Shown as « value » (allowed: …) by the page.
        ...(problem.choice ? { choice: problem.choice } : {}),
      });
  }
  let touched = false;
  if (["metal", "fineness", "weight", "weightUnit"].some((c) => typed(c as DetailsColumn) !== undefined)) {
    touched = true;
    const base = form.metals[0];
    const fromSheet = read.metals[0] ?? { metal: "" as never, fineness: "", weight: "", unit: "g" as const };
    const weighed = typed("weight") !== undefined || typed("weightUnit") !== undefined || !base;
    form.metals[0] = {
      ...(base ?? { colour: "", hallmark: "" }),
      metal: typed("metal") !== undefined || !base ? fromSheet.metal : base.metal,
      fineness: typed("fineness") !== undefined || !base ? fromSheet.fineness : base.fineness,
      weight: weighed ? parsed.cells.weight || stored.weight : base.weight,
      unit: weighed ? fromSheet.unit : base.unit,
    };
  }
  if (["stoneType", "stoneOrigin", "carats", "stoneCount"].some((c) => typed(c as DetailsColumn) !== undefined)) {
    touched = true;
    const fromSheet = read.stones[0] ?? { type: "diamond", origin: "natural", carats: "", count: "" };
    const base = form.stones[0];
    form.stones[0] = {
      ...(base ?? { position: "centre", certificateIndex: "" }),
      type: fromSheet.type,
      origin: fromSheet.origin,
      carats: fromSheet.carats,
      count: fromSheet.count,
    };
  }
  if (typed("lab") !== undefined || typed("certNumber") !== undefined) {
    const fromSheet = read.certificates[0] ?? { lab: "" as never, number: "" };
    if (piece.certificates.length > 0)
      // The edit keeps recorded certificates as they are; another report is added on the piece's page.
      issues.push({ column: "certNumber", message: "details.sheet.certificateRecorded" });
    else {
      touched = true;
      const key = `${fromSheet.lab}\u0000${fromSheet.number}`;
      const first = ctx.certificatesInFile.get(key);
      if (first !== undefined && first !== parsed.row)
        issues.push({
          column: "certNumber",
          message: "catalog.import.error.duplicateCertInFile",
          params: { lab: fromSheet.lab, number: fromSheet.number, row: String(first) },
        });
      else ctx.certificatesInFile.set(key, parsed.row);
      form.certificates = [{ lab: fromSheet.lab, number: fromSheet.number, issuedAt: "" }];
      if (form.stones.length === 1 && !form.stones[0]!.certificateIndex)
        form.stones[0] = { ...form.stones[0]!, certificateIndex: "0" };
    }
  }
  if (ctx.canSeeCost) {
    if (typed("cost") !== undefined) {
      touched = true;
      form.cost = typed("cost");
    }
    if (typed("supplier") !== undefined) {
      touched = true;
      form.supplierName = typed("supplier");
    }
  }

  let edit: CheckedEdit | null = null;
  if (touched) {
    const checked = checkPieceEdit(form, {
      locale: ctx.numberLocale,
      currency: ctx.currency,
      canSeeCost: ctx.canSeeCost,
    });
    if (!checked.ok)
      for (const issue of checked.issues)
        issues.push({
          column: columnOfPath(issue.path),
          message: issue.message as MessageKey,
          ...(issue.params ? { params: issue.params } : {}),
        });
    else {
      edit = checked.value;
      for (const c of edit.certificates)
        if (c.id === null && (await isCertificateTaken(tx, ctx.shopId, c.lab, c.number)))
          issues.push({
            column: "certNumber",
            message: "catalog.error.certificateDuplicate",
            params: { lab: c.lab, number: c.number },
          });
    }
  }
  if (issues.length) return { ok: false, issues };

  const after = edit
    ? sheetCells(
        {
          ...sheetPieceOf(piece, moveTo?.path ?? currentPath),
          metals: edit.metals,
          stones: edit.stones,
          certificates: edit.certificates,
          costMinor: edit.costMinor === undefined ? piece.costMinor : edit.costMinor,
          supplierName: edit.supplierName === undefined ? (piece.supplier?.name ?? null) : edit.supplierName,
        },
        ctx,
      )
    : { ...stored, location: moveTo?.path ?? stored.location };
  const changes = detailsChanges(stored as DetailsValues, after as DetailsValues).filter((c) => c.column !== "missing");
  const completion = detailsCompletion(
    {
      metals: edit?.metals ?? piece.metals,
      stones: edit?.stones ?? piece.stones,
      certificateCount: edit?.certificates.length ?? piece.certificates.length,
      photoCount: null,
      ...(ctx.canSeeCost ? { costMinor: edit?.costMinor === undefined ? piece.costMinor : edit.costMinor } : {}),
    },
    { canSeeCost: ctx.canSeeCost },
  );
  const completes = ctx.markComplete && piece.detailsPendingAt !== null && isCompleteEnough(completion);
  return { ok: true, piece, edit: changes.length ? edit : null, moveTo, changes, completes };
}

/** Writes a checked row: the edit (edit-piece's step), the move (the move rules), the mark. */
async function applyRow(
  tx: Tx,
  checked: Extract<CheckedRow, { ok: true }>,
  ctx: RowContext,
  actor: Actor,
  reason: string,
): Promise<CellIssue[]> {
  const { piece } = checked;
  let version = piece.version;
  if (checked.edit) {
    const edited = await editInTx(tx, ctx.shopId, piece.id, { version, reason, edit: checked.edit }, actor, ctx.key!);
    if (edited.ok && edited.provenance) forgetProvenanceCache();
    if (!edited.ok)
      return [
        edited.code === "DUPLICATE_CERTIFICATE"
          ? {
              column: "certNumber",
              message: "catalog.error.certificateDuplicate",
              params: { lab: edited.lab, number: edited.number },
            }
          : { column: "version", message: "details.sheet.stale", params: { exported: String(version), now: "?" } },
      ];
    version = edited.version;
  }
  if (checked.moveTo && checked.moveTo.id !== piece.locationId) {
    const moved = await movePiece(ctx.shopId, piece.id, checked.moveTo.id, actor, reason, { tx });
    if (!moved.ok) throw new Error(`details sheet: move refused after its check (${moved.code})`);
    version = moved.version;
  }
  if (checked.completes) {
    const refused = await completeInTx(tx, ctx.shopId, { id: piece.id, version }, actor, reason, {
      canSeeCost: ctx.canSeeCost,
      source: "details-sheet",
    });
    if (refused) throw new Error(`details sheet: completion refused after its check (${refused})`);
  }
  return [];
}

export type SheetInput = {
  bytes: Uint8Array;
  encoding?: Encoding;
  apply: boolean;
  markComplete: boolean;
  reason: string;
};

/** Dry run (apply: false) or apply of a details sheet. */
export async function readDetailsSheet(
  shop: { id: string; currency: string },
  input: SheetInput,
  actor: Actor,
  options: SheetOptions,
): Promise<SheetResult> {
  if (input.bytes.length > MAX_SHEET_BYTES) return { ok: false, problem: { code: "TOO_LARGE" } };
  const decoded = decodeCsv(input.bytes, input.encoding ?? "utf-8");
  if (!decoded.ok) return { ok: false, problem: { code: "INVALID_UTF8", offset: decoded.offset } };
  const separator = guessSeparator(decoded.text);
  const table = readTable(decoded.text, separator);
  if ("code" in table)
    return { ok: false, problem: table.code === "EMPTY" ? { code: "EMPTY" } : { code: "PARSE", line: table.line } };
  if (table.rows.length > MAX_SHEET_ROWS) return { ok: false, problem: { code: "TOO_MANY_ROWS", max: MAX_SHEET_ROWS } };
  const columns = sheetColumns(table.headers);
  const missing = (["tagCode", "version"] as const).filter((c) => columns[c] === undefined);
  if (missing.length) return { ok: false, problem: { code: "MISSING_COLUMNS", columns: [...missing] } };

  const outcomes: RowOutcome[] = [];
  const parsed: ParsedRow[] = [];
  const seen = new Map<string, number>();
  table.rows.forEach((raw, i) => {
    const row = i + 2;
    const cells = cellsOf(raw, columns);
    const tagCode = (readRow(raw, { tagCode: columns.tagCode! }).tagCode ?? "").toUpperCase();
    const versionText = cells.version ?? "";
    const version = /^\d{1,9}$/.test(versionText) ? Number(versionText) : null;
    const issues: CellIssue[] = [];
    if (!tagCode) issues.push({ column: "tagCode", message: "catalog.error.required" });
    else if (seen.has(tagCode))
      issues.push({
        column: "tagCode",
        message: "catalog.import.error.duplicateTagInFile",
        params: { code: tagCode, row: String(seen.get(tagCode)) },
      });
    else seen.set(tagCode, row);
    if (version === null) issues.push({ column: "version", message: "details.sheet.version" });
    if (issues.length) outcomes.push({ row, tagCode, status: "refused", changes: [], issues, completes: false });
    else parsed.push({ row, tagCode, version, cells });
  });

  const numberLocale = readingLocale(separator);
  // Cells are compared with what the export wrote in the file's own dialect.
  const fileOptions: SheetOptions = {
    ...options,
    dialect: { separator: separator === "," ? "," : ";", decimal: separator === "," ? "." : "," },
  };
  // An edit of what the public page shows signs the record's next version with the shop's key,
  // made or unsealed outside the transactions (creating a key writes on its own).
  const key = input.apply ? await signingKeyFor(shop.id) : null;
  const certificatesInFile = new Map<string, number>();
  for (let start = 0; start < parsed.length; start += CHUNK) {
    const chunk = parsed.slice(start, start + CHUNK);
    // One transaction per chunk: a dry run's reads see one state, an apply's writes commit together.
    const results = await inTransaction(
      async (tx) => {
        const ctx: RowContext = {
          ...fileOptions,
          shopId: shop.id,
          currency: shop.currency,
          numberLocale,
          markComplete: input.markComplete,
          key,
          places: await activePlacesByPath(tx, shop.id),
          certificatesInFile,
        };
        const ids = await piecesByTagCode(
          tx,
          shop.id,
          chunk.map((r) => r.tagCode),
        );
        const out: RowOutcome[] = [];
        for (const r of chunk) {
          const id = ids.get(r.tagCode);
          const base = { row: r.row, tagCode: r.tagCode };
          if (!id) {
            out.push({
              ...base,
              status: "refused",
              changes: [],
              issues: [{ column: "tagCode", message: "details.sheet.unknownTag" }],
              completes: false,
            });
            continue;
          }
          const checked = await checkRow(tx, id, r, ctx);
          if (!checked.ok) {
            out.push({ ...base, status: "refused", changes: [], issues: checked.issues, completes: false });
            continue;
          }
          const status = checked.changes.length ? "change" : "unchanged";
          const outcome: RowOutcome = {
            ...base,
            status,
            changes: checked.changes,
            issues: [],
            completes: checked.completes,
          };
          if (input.apply && (checked.edit || checked.moveTo || checked.completes)) {
            const refused = await applyRow(tx, checked, ctx, actor, input.reason);
            if (refused.length) Object.assign(outcome, { status: "refused", issues: refused, completes: false });
            outcome.applied = refused.length === 0;
          }
          out.push(outcome);
        }
        return out;
      },
      { timeout: 60_000 },
    );
    outcomes.push(...results);
  }
  outcomes.sort((a, b) => a.row - b.row);
  const count = (s: RowOutcome["status"]) => outcomes.filter((o) => o.status === s).length;
  return {
    ok: true,
    applied: input.apply,
    rows: outcomes,
    counts: {
      change: count("change"),
      unchanged: count("unchanged"),
      refused: count("refused"),
      completes: outcomes.filter((o) => o.completes).length,
    },
  };
}
