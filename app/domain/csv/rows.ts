/**
 * One CSV row → the intake form's values, then the intake schema itself: an imported piece is
 * checked exactly like a received one. Values people write in French or English ("or",
 * "argent", "diamant", "oui") are read into Loupe's codes first.
 */
import {
  checkPieceForm,
  type CheckContext,
  type CheckedPiece,
  type PieceForm,
  type SchemaMessage,
} from "../schemas/piece";
import type { ColumnMapping, ImportField } from "./mapping";
import { normalizeHeader } from "./mapping";

export type RowIssue = {
  row: number;
  field: ImportField | "row";
  message: SchemaMessage | ImportMessage;
  params?: Record<string, string>;
};

export type ImportMessage =
  | "catalog.import.error.duplicateTagInFile"
  | "catalog.import.error.duplicateCertInFile"
  | "catalog.import.error.unknownLocation"
  | "catalog.import.error.unknownSite"
  | "catalog.import.error.archivedLocation"
  | "catalog.import.error.locationName"
  | "catalog.import.error.boolean"
  | "catalog.error.tagCodeTaken"
  | "catalog.error.certificateDuplicate";

export type CheckedRow = { row: number; piece: CheckedPiece; locationPath: string | null; createProduct: boolean };

const WORDS: Partial<Record<ImportField, Record<string, string>>> = {
  metal: {
    gold: "gold",
    or: "gold",
    silver: "silver",
    argent: "silver",
    platinum: "platinum",
    platine: "platinum",
    palladium: "palladium",
    other: "other",
    autre: "other",
  },
  colour: {
    yellow: "yellow",
    jaune: "yellow",
    white: "white",
    blanc: "white",
    gris: "grey",
    grey: "grey",
    gray: "grey",
    rose: "rose",
    pink: "rose",
    rouge: "red",
    red: "red",
    vert: "green",
    green: "green",
  },
  weightUnit: {
    g: "g",
    gr: "g",
    gram: "g",
    grams: "g",
    gramme: "g",
    grammes: "g",
    dwt: "dwt",
    ozt: "ozt",
    "oz t": "ozt",
    "troy oz": "ozt",
  },
  stoneType: {
    diamond: "diamond",
    diamant: "diamond",
    sapphire: "sapphire",
    saphir: "sapphire",
    ruby: "ruby",
    rubis: "ruby",
    emerald: "emerald",
    emeraude: "emerald",
    pearl: "pearl",
    perle: "pearl",
    other: "other",
    autre: "other",
  },
  stoneOrigin: {
    natural: "natural",
    naturel: "natural",
    naturelle: "natural",
    "lab grown": "lab_grown",
    lab: "lab_grown",
    synthetic: "lab_grown",
    synthetique: "lab_grown",
    "de laboratoire": "lab_grown",
    laboratoire: "lab_grown",
    simulant: "simulant",
    imitation: "simulant",
  },
};

const YES = new Set(["yes", "y", "true", "1", "oui", "o", "x"]);
const NO = new Set(["no", "n", "false", "0", "non", ""]);

/** Schema path of the form → the import field that fed it, so errors name the CSV column's field. */
const PATH_TO_FIELD: Record<string, ImportField> = {
  title: "title",
  sku: "sku",
  gtin: "gtin",
  description: "description",
  price: "price",
  cost: "cost",
  supplierName: "supplier",
  acquiredAt: "acquiredAt",
  notes: "notes",
  tagCode: "tagCode",
  "metals.0.metal": "metal",
  "metals.0.colour": "colour",
  "metals.0.fineness": "fineness",
  "metals.0.weight": "weight",
  "metals.0.unit": "weightUnit",
  "metals.0.hallmark": "hallmark",
  "stones.0.type": "stoneType",
  "stones.0.origin": "stoneOrigin",
  "stones.0.shape": "stoneShape",
  "stones.0.carats": "carats",
  "stones.0.count": "stoneCount",
  "stones.0.colour": "stoneColour",
  "stones.0.clarity": "stoneClarity",
  "stones.0.cutGrade": "stoneCut",
  "certificates.0.lab": "lab",
  "certificates.0.number": "certNumber",
  "certificates.0.issuedAt": "certDate",
  "consignment.consignorName": "consignor",
  "consignment.commission": "commission",
  "consignment.agreedNet": "agreedNet",
  "consignment.dueAt": "dueAt",
};

function word(field: ImportField, value: string): string {
  const table = WORDS[field];
  if (!table) return value;
  const key = normalizeHeader(value);
  return table[key] ?? value.trim().toLowerCase();
}

const LAB_NAMES: Record<string, string> = {
  gia: "GIA",
  igi: "IGI",
  ags: "AGS",
  hrd: "HRD",
  lfg: "LFG",
  grs: "GRS",
  ssef: "SSEF",
  gubelin: "Gübelin",
  other: "other",
  autre: "other",
};

/** A row's cells for the mapped fields (trimmed; missing cells are empty). */
export function readRow(cells: readonly string[], mapping: ColumnMapping): Partial<Record<ImportField, string>> {
  const out: Partial<Record<ImportField, string>> = {};
  for (const [field, index] of Object.entries(mapping) as [ImportField, number][]) {
    out[field] = (cells[index] ?? "").trim();
  }
  return out;
}

/** Dates as people type them in a sheet: 2026-03-01, 01/03/2026 (day first), 2026/03/01. */
export function normalizeDate(value: string): string {
  const v = value.trim();
  const dmy = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(v);
  if (dmy) return `${dmy[3]}-${dmy[2]!.padStart(2, "0")}-${dmy[1]!.padStart(2, "0")}`;
  const ymd = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$/.exec(v);
  if (ymd) return `${ymd[1]}-${ymd[2]!.padStart(2, "0")}-${ymd[3]!.padStart(2, "0")}`;
  return v;
}

export function rowToForm(values: Partial<Record<ImportField, string>>): PieceForm {
  const v = (f: ImportField) => values[f] ?? "";
  const has = (...fields: ImportField[]) => fields.some((f) => v(f) !== "");
  const form: PieceForm = {
    title: v("title"),
    sku: v("sku"),
    gtin: v("gtin"),
    description: v("description"),
    link: "none",
    price: v("price"),
    cost: v("cost"),
    supplierName: v("supplier"),
    acquiredAt: normalizeDate(v("acquiredAt")),
    notes: v("notes"),
    tagCode: v("tagCode"),
    metals: [],
    stones: [],
    certificates: [],
    consignment: null,
  };
  if (has("metal", "fineness", "weight")) {
    form.metals.push({
      metal: word("metal", v("metal")) as never,
      colour: word("colour", v("colour")) as never,
      fineness: v("fineness"),
      weight: v("weight"),
      unit: (v("weightUnit") ? word("weightUnit", v("weightUnit")) : "g") as never,
      hallmark: v("hallmark"),
    });
  }
  if (has("lab", "certNumber")) {
    form.certificates.push({
      lab: (LAB_NAMES[normalizeHeader(v("lab"))] ?? v("lab")) as never,
      number: v("certNumber"),
      issuedAt: normalizeDate(v("certDate")),
    });
  }
  if (has("stoneType", "carats")) {
    form.stones.push({
      type: (v("stoneType") ? word("stoneType", v("stoneType")) : "diamond") as never,
      origin: (v("stoneOrigin") ? word("stoneOrigin", v("stoneOrigin")) : "natural") as never,
      shape: v("stoneShape"),
      carats: v("carats"),
      count: v("stoneCount"),
      colour: v("stoneColour"),
      clarity: v("stoneClarity"),
      cutGrade: v("stoneCut"),
      position: "centre",
      certificateIndex: form.certificates.length ? "0" : "",
    });
  }
  if (has("consignor", "commission", "agreedNet")) {
    form.consignment = {
      consignorName: v("consignor"),
      commission: v("commission"),
      agreedNet: v("agreedNet"),
      receivedAt: normalizeDate(v("acquiredAt")),
      dueAt: normalizeDate(v("dueAt")),
    };
  }
  return form;
}

/**
 * Checks every row with the intake schema and finds duplicates inside the file. Database checks
 * (tag codes and certificates already recorded, location paths) are the service's part.
 * `firstRow` is the spreadsheet row of the first data row (2: the header is row 1).
 */
export function checkRows(
  rows: readonly (readonly string[])[],
  mapping: ColumnMapping,
  context: CheckContext,
  firstRow = 2,
): { ok: CheckedRow[]; issues: RowIssue[] } {
  const ok: CheckedRow[] = [];
  const issues: RowIssue[] = [];
  const tagSeen = new Map<string, number>();
  const certSeen = new Map<string, number>();
  rows.forEach((cells, i) => {
    const row = firstRow + i;
    const values = readRow(cells, mapping);
    const rowIssues: RowIssue[] = [];
    const create = (values.createProduct ?? "").toLowerCase();
    if (!YES.has(create) && !NO.has(create))
      rowIssues.push({ row, field: "createProduct", message: "catalog.import.error.boolean" });
    const result = checkPieceForm(rowToForm(values), context);
    if (!result.ok) {
      for (const issue of result.issues) {
        const field =
          PATH_TO_FIELD[issue.path] ??
          (issue.path.startsWith("metals")
            ? "weight"
            : issue.path.startsWith("stones")
              ? "carats"
              : issue.path.startsWith("certificates")
                ? "certNumber"
                : issue.path.startsWith("consignment")
                  ? "consignor"
                  : "row");
        rowIssues.push(
          issue.params
            ? { row, field, message: issue.message, params: issue.params }
            : { row, field, message: issue.message },
        );
      }
    } else {
      const tag = result.value.tagCode;
      if (tag) {
        const first = tagSeen.get(tag);
        if (first !== undefined)
          rowIssues.push({
            row,
            field: "tagCode",
            message: "catalog.import.error.duplicateTagInFile",
            params: { code: tag, row: String(first) },
          });
        else tagSeen.set(tag, row);
      }
      for (const cert of result.value.certificates) {
        const key = `${cert.lab}\u0000${cert.number}`;
        const first = certSeen.get(key);
        if (first !== undefined)
          rowIssues.push({
            row,
            field: "certNumber",
            message: "catalog.import.error.duplicateCertInFile",
            params: { lab: cert.lab, number: cert.number, row: String(first) },
          });
        else certSeen.set(key, row);
      }
    }
    if (rowIssues.length || !result.ok) issues.push(...rowIssues);
    else
      ok.push({
        row,
        piece: result.value,
        locationPath: values.location ? values.location : null,
        createProduct: YES.has(create),
      });
  });
  return { ok, issues };
}
