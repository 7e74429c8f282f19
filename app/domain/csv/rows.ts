/**
 * One CSV row → the intake form's values, then the intake schema itself: an imported piece is
 * checked exactly like a received one. Values people write in French or English ("or",
 * "argent", "Or jaune", "de synthèse", "oui") are read into Loupe's codes first
 * (app/domain/csv/choice-words.ts), and every problem of a row is reported, not only the first.
 */
import {
  checkPieceForm,
  type CheckContext,
  type CheckedPiece,
  type PieceForm,
  type SchemaMessage,
} from "../schemas/piece";
import {
  elementKey,
  groupOf,
  normalizeHeader,
  parseMappingKey,
  type ColumnMapping,
  type ElementField,
  type ElementGroup,
  type ImportField,
  type MappingKey,
} from "./mapping";
import { readChoice, type ChoiceKind, type ChoiceRead } from "./choice-words";

export type RowIssue = {
  row: number;
  field: MappingKey | "row";
  message: SchemaMessage | ImportMessage;
  params?: Record<string, string>;
  /** The cell as the file holds it, when the problem is a cell's. */
  value?: string;
  /** For a choice: which one, so the allowed values are listed in the reader's language. */
  choice?: ChoiceKind;
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
  | "catalog.error.certificateDuplicate"
  | "csv.import.unknownStoneCertificate";

export type CheckedRow = { row: number; piece: CheckedPiece; locationPath: string | null; createProduct: boolean };

/** A problem found while reading a row's cells, before the intake schema. */
export type ReadProblem = Omit<RowIssue, "row">;

const YES = new Set(["yes", "y", "true", "1", "oui", "o", "x"]);
const NO = new Set(["no", "n", "false", "0", "non", ""]);

/** The form's field → the import field that feeds it, per group. */
const PROP_TO_FIELD: Record<ElementGroup, Record<string, ElementField>> = {
  metals: {
    metal: "metal",
    colour: "colour",
    fineness: "fineness",
    weight: "weight",
    unit: "weightUnit",
    hallmark: "hallmark",
  },
  stones: {
    type: "stoneType",
    origin: "stoneOrigin",
    shape: "stoneShape",
    carats: "carats",
    count: "stoneCount",
    colour: "stoneColour",
    clarity: "stoneClarity",
    cutGrade: "stoneCut",
    measurements: "stoneMeasurements",
    treatment: "stoneTreatment",
    position: "stonePosition",
    certificateIndex: "stoneCertificate",
  },
  certificates: {
    lab: "lab",
    number: "certNumber",
    issuedAt: "certDate",
    colour: "certColour",
    clarity: "certClarity",
    cut: "certCut",
  },
};
const GROUP_FALLBACK: Record<ElementGroup, ElementField> = {
  metals: "weight",
  stones: "carats",
  certificates: "certNumber",
};

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
  "consignment.consignorName": "consignor",
  "consignment.commission": "commission",
  "consignment.agreedNet": "agreedNet",
  "consignment.receivedAt": "consignReceivedAt",
  "consignment.dueAt": "dueAt",
  "consignment.returnConditions": "returnConditions",
};

/** Schema path of the form ("stones.1.carats") → the mapping key of the column that fed it ("carats.2"). */
export function keyOfPath(path: string): MappingKey | "row" {
  if (PATH_TO_FIELD[path]) return PATH_TO_FIELD[path];
  const element = /^(metals|stones|certificates)\.(\d+)(?:\.(\w+))?/.exec(path);
  if (element) {
    const group = element[1] as ElementGroup;
    const field = PROP_TO_FIELD[group][element[3] ?? ""] ?? GROUP_FALLBACK[group];
    return elementKey(field, Number(element[2]));
  }
  if (path.startsWith("consignment")) return "consignor";
  return "row";
}

/** A row's cells for the mapped fields (trimmed; missing cells are empty). */
export function readRow(cells: readonly string[], mapping: ColumnMapping): RowValues {
  const out: RowValues = {};
  for (const [field, index] of Object.entries(mapping) as [MappingKey, number][]) {
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

export type RowValues = Partial<Record<MappingKey, string>>;

/**
 * A row's cells → the intake form, with the problems of its choices. A cell that names no choice
 * is reported (its value, and the allowed values) and read as a stand-in ("other", "natural"…),
 * so the intake schema still checks the rest of the row and every problem is reported at once.
 */
export function readForm(values: RowValues): { form: PieceForm; problems: ReadProblem[] } {
  const v = (k: MappingKey) => values[k] ?? "";
  const has = (...keys: MappingKey[]) => keys.some((k) => v(k) !== "");
  const problems: ReadProblem[] = [];
  const choice = (key: MappingKey, kind: ChoiceKind, fallback: string): ChoiceRead => {
    const read = readChoice(kind, v(key));
    if (read) return read;
    problems.push({ field: key, message: "catalog.error.choice", value: v(key), choice: kind });
    return { code: fallback };
  };
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
  const count = (group: ElementGroup) => {
    let n = 1;
    for (const key of Object.keys(values)) {
      const parsed = parseMappingKey(key);
      if (parsed && groupOf(parsed.field) === group) n = Math.max(n, parsed.index + 1);
    }
    return n;
  };
  for (let i = 0; i < count("metals"); i++) {
    const k = (f: ElementField) => elementKey(f, i);
    if (!has(k("metal"), k("fineness"), k("weight"))) continue;
    const metal = v(k("metal")) ? choice(k("metal"), "metal", "other") : { code: "" };
    const colour = v(k("colour"))
      ? choice(k("colour"), "colour", "").code
      : metal.also?.kind === "colour"
        ? metal.also.code
        : "";
    form.metals.push({
      metal: metal.code as never,
      colour: colour as never,
      fineness: v(k("fineness")),
      weight: v(k("weight")),
      unit: (v(k("weightUnit")) ? choice(k("weightUnit"), "weightUnit", "g").code : "g") as never,
      hallmark: v(k("hallmark")),
    });
  }
  for (let i = 0; i < count("certificates"); i++) {
    const k = (f: ElementField) => elementKey(f, i);
    if (!has(k("lab"), k("certNumber"))) continue;
    form.certificates.push({
      lab: (v(k("lab")) ? choice(k("lab"), "lab", "other").code : "") as never,
      number: v(k("certNumber")),
      issuedAt: normalizeDate(v(k("certDate"))),
      colour: v(k("certColour")),
      clarity: v(k("certClarity")),
      cut: v(k("certCut")),
    });
  }
  const certificateNumbers = form.certificates.map((c) => normalizeHeader(`${c.number}`));
  for (let i = 0; i < count("stones"); i++) {
    const k = (f: ElementField) => elementKey(f, i);
    if (!has(k("stoneType"), k("carats"))) continue;
    const type = v(k("stoneType")) ? choice(k("stoneType"), "stoneType", "other") : { code: "diamond" };
    const origin = v(k("stoneOrigin"))
      ? choice(k("stoneOrigin"), "stoneOrigin", "natural").code
      : type.also?.kind === "stoneOrigin"
        ? type.also.code
        : "natural";
    // Which of the row's certificates grades the stone: the number in its "certificate" column;
    // a file with no such column ties its first stone to its first certificate.
    let certificateIndex = "";
    if (values[k("stoneCertificate")] !== undefined) {
      const number = v(k("stoneCertificate"));
      if (number) {
        const found = certificateNumbers.indexOf(normalizeHeader(number));
        if (found >= 0) certificateIndex = String(found);
        else
          problems.push({
            field: k("stoneCertificate"),
            message: "csv.import.unknownStoneCertificate",
            value: number,
          });
      }
    } else if (i === 0 && form.certificates.length) certificateIndex = "0";
    form.stones.push({
      type: type.code as never,
      origin: origin as never,
      shape: v(k("stoneShape")),
      carats: v(k("carats")),
      count: v(k("stoneCount")),
      colour: v(k("stoneColour")),
      clarity: v(k("stoneClarity")),
      cutGrade: v(k("stoneCut")),
      measurements: v(k("stoneMeasurements")),
      treatment: v(k("stoneTreatment")),
      position: (v(k("stonePosition"))
        ? choice(k("stonePosition"), "stonePosition", "centre").code
        : i === 0
          ? "centre"
          : "side") as never,
      certificateIndex,
    });
  }
  if (has("consignor", "commission", "agreedNet")) {
    form.consignment = {
      consignorName: v("consignor"),
      commission: v("commission"),
      agreedNet: v("agreedNet"),
      receivedAt: normalizeDate(v("consignReceivedAt") || v("acquiredAt")),
      dueAt: normalizeDate(v("dueAt")),
      returnConditions: v("returnConditions"),
    };
  }
  return { form, problems };
}

/** The intake form a row's cells make (choices it cannot read are left to the schema's refusal). */
export function rowToForm(values: RowValues): PieceForm {
  return readForm(values).form;
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
      rowIssues.push({
        row,
        field: "createProduct",
        message: "catalog.import.error.boolean",
        value: values.createProduct!,
      });
    const { form, problems } = readForm(values);
    for (const problem of problems) rowIssues.push({ row, ...problem });
    const result = checkPieceForm(form, context);
    if (!result.ok) {
      for (const issue of result.issues) {
        const field = keyOfPath(issue.path);
        // A choice already reported above is not reported again by the schema.
        if (problems.some((p) => p.field === field)) continue;
        const value = field === "row" ? undefined : values[field];
        rowIssues.push({
          row,
          field,
          message: issue.message,
          ...(issue.params ? { params: issue.params } : {}),
          ...(value ? { value } : {}),
        });
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
