// The pieces list as CSV: the same query as the list on screen, every matching piece, streamed in
// pages so 50,000 pieces never sit in memory at once. Cells are protected against formula
// injection (app/domain/csv/cells.ts). One row per piece, with EVERY metal, stone and certificate:
// the first in columns named as before ("Stone", "Carats"), the n-th in the same columns numbered
// ("Stone 2", "Carats 2"), as many groups as the piece with the most has (see README, design
// decision "Every metal, stone and certificate in the pieces CSV"). Headers are names the import
// recognises, so an export can be edited and imported into another shop and reads back whole.
// The shop's dialect (app/domain/csv/dialect.ts) decides separator, decimals and language.
import {
  exportElementCounts,
  piecesForExport,
  type ExportPiece,
  type PieceListQuery,
} from "../../models/pieces.server";
import { csvLine, UTF8_BOM } from "../../domain/csv/cells";
import { choiceLabel, type ChoiceKind } from "../../domain/csv/choice-words";
import { decimalCell, type CsvDialect } from "../../domain/csv/dialect";
import { minorToDecimalString } from "../../domain/money";
import { fromMilligrams, caratTotal } from "../../domain/units";
import { isoDay } from "../../domain/days";
import { translate, type MessageKey } from "../../i18n";

type Cell = string | null;
type Column<T> = { en: string; fr: string; cell: (item: T, d: CsvDialect) => Cell; cost?: boolean };
type Metal = ExportPiece["metals"][number];
type Stone = ExportPiece["stones"][number];
type Certificate = ExportPiece["certificates"][number];

const day = (d: Date | null | undefined) => (d ? isoDay(d) : "");
const scaled = (value: number, digits: number) =>
  `${Math.trunc(value / 10 ** digits)}.${String(value % 10 ** digits).padStart(digits, "0")}`;
const num = (text: string | null, d: CsvDialect) => (text === null ? null : decimalCell(text, d));
const money = (minor: bigint | null | undefined, p: ExportPiece, d: CsvDialect) =>
  minor == null ? null : decimalCell(minorToDecimalString(minor, p.currency), d);
/** A choice as the dialect writes it: the form's French label, or Loupe's code in the plain dialect. */
const word = (kind: ChoiceKind, code: string, d: CsvDialect) =>
  d.language === "fr" ? choiceLabel(kind, code, "fr") : code;
const gradeOf = (c: Certificate, key: string): Cell => {
  try {
    const grades = JSON.parse(c.grades) as Record<string, unknown>;
    return typeof grades[key] === "string" ? (grades[key] as string) : null;
  } catch {
    return null;
  }
};

const PIECE_COLUMNS: Column<ExportPiece>[] = [
  { en: "Tag code", fr: "Code étiquette", cell: (p) => p.tagCode },
  { en: "Title", fr: "Désignation", cell: (p) => p.title },
  { en: "SKU", fr: "Référence", cell: (p) => p.sku },
  { en: "GTIN", fr: "GTIN", cell: (p) => p.gtin },
  { en: "Description", fr: "Description", cell: (p) => p.description },
  {
    en: "State",
    fr: "État",
    cell: (p, d) => (d.language === "fr" ? translate("fr", `state.${p.state}` as MessageKey) : p.state),
  },
  { en: "Price", fr: "Prix de vente", cell: (p, d) => money(p.priceMinor, p, d) },
  { en: "Currency", fr: "Devise", cell: (p) => p.currency },
  { en: "Cost", fr: "Coût", cell: (p, d) => money(p.costMinor, p, d), cost: true },
  { en: "Supplier", fr: "Fournisseur", cell: (p) => p.supplier?.name ?? null, cost: true },
  { en: "Acquisition date", fr: "Date d'acquisition", cell: (p) => day(p.acquiredAt) },
  { en: "Location", fr: "Emplacement", cell: (p) => p.location?.path ?? null },
];

const METAL_COLUMNS: Column<Metal>[] = [
  { en: "Metal", fr: "Métal", cell: (m, d) => word("metal", m.metal, d) },
  { en: "Colour", fr: "Couleur du métal", cell: (m, d) => (m.colour ? word("colour", m.colour, d) : null) },
  { en: "Fineness", fr: "Titre", cell: (m, d) => num(scaled(m.finenessBp, 1).replace(/\.0$/, ""), d) },
  { en: "Weight", fr: "Poids brut", cell: (m, d) => num(fromMilligrams(m.grossWeightMg, "g"), d) },
  { en: "Weight unit", fr: "Unité de poids", cell: () => "g" },
  { en: "Fine weight", fr: "Poids fin", cell: (m, d) => num(fromMilligrams(m.fineWeightMg, "g"), d) },
  { en: "Hallmark", fr: "Poinçon", cell: (m) => m.hallmark },
];

const STONE_COLUMNS: Column<Stone>[] = [
  { en: "Stone", fr: "Pierre", cell: (s, d) => word("stoneType", s.type, d) },
  { en: "Stone origin", fr: "Origine de la pierre", cell: (s, d) => word("stoneOrigin", s.origin, d) },
  { en: "Shape", fr: "Forme", cell: (s) => s.shape },
  // A pearl not weighed (0) has an empty cell: the import reads it back as not weighed.
  { en: "Carats", fr: "Carats", cell: (s, d) => (s.millicarats ? num(scaled(s.millicarats, 3), d) : null) },
  { en: "Stone count", fr: "Nombre de pierres", cell: (s) => String(s.count) },
  { en: "Stone colour", fr: "Couleur de la pierre", cell: (s) => s.colour },
  { en: "Clarity", fr: "Pureté", cell: (s) => s.clarity },
  { en: "Cut grade", fr: "Qualité de taille", cell: (s) => s.cutGrade },
  { en: "Measurements", fr: "Dimensions", cell: (s) => s.measurements },
  { en: "Treatment", fr: "Traitement", cell: (s) => s.treatment },
  { en: "Position", fr: "Position", cell: (s, d) => word("stonePosition", s.position, d) },
  { en: "Stone certificate", fr: "Certificat de la pierre", cell: (s) => s.certificate?.number ?? null },
];

const CERTIFICATE_COLUMNS: Column<Certificate>[] = [
  { en: "Lab", fr: "Laboratoire", cell: (c, d) => word("lab", c.lab, d) },
  { en: "Certificate number", fr: "Numéro de certificat", cell: (c) => c.number },
  { en: "Certificate date", fr: "Date du certificat", cell: (c) => day(c.issuedAt) },
  { en: "Certificate colour", fr: "Couleur du certificat", cell: (c) => gradeOf(c, "colour") },
  { en: "Certificate clarity", fr: "Pureté du certificat", cell: (c) => gradeOf(c, "clarity") },
  { en: "Certificate cut", fr: "Taille du certificat", cell: (c) => gradeOf(c, "cut") },
];

const CONSIGNMENT_COLUMNS: Column<ExportPiece>[] = [
  { en: "Consignor", fr: "Déposant", cell: (p) => p.consignment?.consignor.name ?? null },
  {
    en: "Commission %",
    fr: "Commission %",
    cell: (p, d) => (p.consignment?.commissionBp != null ? num(scaled(p.consignment.commissionBp, 2), d) : null),
  },
  // The agreed net price of a consigned piece is its cost.
  {
    en: "Agreed net price",
    fr: "Prix net convenu",
    cell: (p, d) => money(p.consignment?.agreedNetMinor, p, d),
    cost: true,
  },
  { en: "Consigned on", fr: "Déposé le", cell: (p) => day(p.consignment?.receivedAt) },
  { en: "Due date", fr: "Date de retour", cell: (p) => day(p.consignment?.dueAt) },
  { en: "Return conditions", fr: "Conditions de retour", cell: (p) => p.consignment?.returnConditions ?? null },
  { en: "Notes", fr: "Notes", cell: (p) => p.notes },
  { en: "Shopify variant", fr: "Variante Shopify", cell: (p) => p.variantGid },
  { en: "Created", fr: "Créée le", cell: (p) => p.createdAt.toISOString() },
];

const CARAT_TOTAL: Column<ExportPiece> = {
  en: "Carat total",
  fr: "Total carats",
  cell: (p, d) => (p.stones.length ? num(scaled(caratTotal(p.stones), 3), d) : null),
};

export type ExportShape = { metals: number; stones: number; certificates: number; canSeeCost: boolean };

/** The n-th (1-based) element's header: "Carats", then "Carats 2", "Carats 3"… */
const numbered = (name: string, n: number) => (n === 1 ? name : `${name} ${n}`);

/** Every column of an export, in order: its header and how a piece fills it. */
function columns(shape: ExportShape, d: CsvDialect): { header: string; cell: (p: ExportPiece) => Cell }[] {
  const out: { header: string; cell: (p: ExportPiece) => Cell }[] = [];
  const keep = (c: { cost?: boolean }) => shape.canSeeCost || !c.cost;
  const pieceColumn = (c: Column<ExportPiece>) => out.push({ header: c[d.language], cell: (p) => c.cell(p, d) });
  const group = <T>(count: number, cols: Column<T>[], items: (p: ExportPiece) => readonly T[]) => {
    // At least one group, so an export of pieces with none still has the columns to fill in.
    for (let n = 1; n <= Math.max(1, count); n++)
      for (const c of cols)
        out.push({
          header: numbered(c[d.language], n),
          cell: (p) => {
            const item = items(p)[n - 1];
            return item === undefined ? null : c.cell(item, d);
          },
        });
  };
  PIECE_COLUMNS.filter(keep).forEach(pieceColumn);
  group(shape.metals, METAL_COLUMNS, (p) => p.metals);
  group(shape.stones, STONE_COLUMNS, (p) => p.stones);
  pieceColumn(CARAT_TOTAL);
  group(shape.certificates, CERTIFICATE_COLUMNS, (p) => p.certificates);
  CONSIGNMENT_COLUMNS.filter(keep).forEach(pieceColumn);
  return out;
}

export function exportHeaders(shape: ExportShape, dialect: CsvDialect): string[] {
  return columns(shape, dialect).map((c) => c.header);
}

export function exportRow(p: ExportPiece, shape: ExportShape, dialect: CsvDialect): Cell[] {
  return columns(shape, dialect).map((c) => c.cell(p));
}

/** The CSV text, chunk by chunk (a BOM first, so Excel reads accents). */
export async function* exportPiecesCsv(
  shopId: string,
  query: PieceListQuery,
  options: { canSeeCost: boolean; dialect: CsvDialect },
): AsyncGenerator<string> {
  const { dialect } = options;
  const shape: ExportShape = { ...(await exportElementCounts(shopId, query)), canSeeCost: options.canSeeCost };
  const cols = columns(shape, dialect);
  yield (
    UTF8_BOM +
    csvLine(
      cols.map((c) => c.header),
      dialect.separator,
    )
  );
  for await (const page of piecesForExport(shopId, { ...query, cursor: undefined })) {
    yield page
      .map((p) =>
        csvLine(
          cols.map((c) => c.cell(p)),
          dialect.separator,
        ),
      )
      .join("");
  }
}

export function csvResponse(chunks: AsyncGenerator<string>, fileName: string): Response {
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "no-store",
    },
  });
}
