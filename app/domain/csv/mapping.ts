/**
 * CSV columns → Loupe fields. A stock list has one piece per row. A piece's metals, stones and
 * certificates are numbered groups of columns: "Stone", "Carats" for the first stone, "Stone 2",
 * "Carats 2" for the second, and so on (Loupe's own export writes them so; see
 * services/catalog/csv-export.server.ts). Guesses come from header names in English and French,
 * compared without case, accents or punctuation.
 */
export const IMPORT_FIELDS = [
  "tagCode",
  "title",
  "sku",
  "gtin",
  "description",
  "price",
  "cost",
  "supplier",
  "acquiredAt",
  "location",
  "notes",
  "metal",
  "colour",
  "fineness",
  "weight",
  "weightUnit",
  "hallmark",
  "stoneType",
  "stoneOrigin",
  "stoneShape",
  "carats",
  "stoneCount",
  "stoneColour",
  "stoneClarity",
  "stoneCut",
  "stoneMeasurements",
  "stoneTreatment",
  "stonePosition",
  "stoneCertificate",
  "lab",
  "certNumber",
  "certDate",
  "certColour",
  "certClarity",
  "certCut",
  "consignor",
  "commission",
  "agreedNet",
  "consignReceivedAt",
  "dueAt",
  "returnConditions",
  "createProduct",
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** The fields of one metal, one stone and one certificate: the groups a row may repeat. */
export const ELEMENT_GROUPS = {
  metals: ["metal", "colour", "fineness", "weight", "weightUnit", "hallmark"],
  stones: [
    "stoneType",
    "stoneOrigin",
    "stoneShape",
    "carats",
    "stoneCount",
    "stoneColour",
    "stoneClarity",
    "stoneCut",
    "stoneMeasurements",
    "stoneTreatment",
    "stonePosition",
    "stoneCertificate",
  ],
  certificates: ["lab", "certNumber", "certDate", "certColour", "certClarity", "certCut"],
} as const satisfies Record<string, readonly ImportField[]>;
export type ElementGroup = keyof typeof ELEMENT_GROUPS;
export type ElementField = (typeof ELEMENT_GROUPS)[ElementGroup][number];

/** As many as the intake form takes (app/domain/schemas/piece.ts). */
export const MAX_ELEMENTS: Record<ElementGroup, number> = { metals: 10, stones: 100, certificates: 20 };

/** A field of the first element ("carats"), or of the n-th (n ≥ 2: "carats.2"). */
export type MappingKey = ImportField | `${ElementField}.${number}`;

export const REQUIRED_IMPORT_FIELDS: readonly ImportField[] = ["title"];

/** Loupe field (or numbered element field) → index of the CSV column that fills it. */
export type ColumnMapping = Partial<Record<MappingKey, number>>;

export function groupOf(field: ImportField): ElementGroup | null {
  for (const group of Object.keys(ELEMENT_GROUPS) as ElementGroup[])
    if ((ELEMENT_GROUPS[group] as readonly string[]).includes(field)) return group;
  return null;
}

/** The key of a field of the element at `index` (0-based): "carats", "carats.2"… */
export function elementKey(field: ElementField, index: number): MappingKey {
  return index === 0 ? field : `${field}.${index + 1}`;
}

/** "carats.2" → { field: "carats", index: 1 }; "title" → { field: "title", index: 0 }; else null. */
export function parseMappingKey(key: string): { field: ImportField; index: number } | null {
  const [field, n] = key.split(".");
  if (!(IMPORT_FIELDS as readonly string[]).includes(field ?? "")) return null;
  if (n === undefined) return { field: field as ImportField, index: 0 };
  const group = groupOf(field as ImportField);
  const index = /^[1-9]\d{0,2}$/.test(n) ? Number(n) - 1 : -1;
  if (!group || index < 1 || index >= MAX_ELEMENTS[group]) return null;
  return { field: field as ImportField, index };
}

/** Header names people use, already normalised (see normalizeHeader). Order matters: first match wins. */
const SYNONYMS: Record<ImportField, readonly string[]> = {
  tagCode: ["tag code", "tag", "tagcode", "code etiquette", "etiquette", "code"],
  title: ["title", "name", "piece", "designation", "titre", "nom", "libelle", "article", "description courte"],
  sku: ["sku", "reference", "ref", "ref article", "variant sku"],
  gtin: [
    "gtin",
    "ean",
    "ean13",
    "ean 13",
    "upc",
    "barcode",
    "code ean",
    "code barre",
    "code barres",
    "code a barres",
    "variant barcode",
  ],
  description: ["description", "details", "descriptif"],
  price: ["price", "retail price", "selling price", "prix", "prix de vente", "prix ttc", "pv"],
  cost: ["cost", "cost price", "purchase price", "cout", "prix d achat", "pa", "prix achat"],
  supplier: ["supplier", "vendor", "fournisseur"],
  acquiredAt: [
    "acquired",
    "acquired at",
    "acquisition date",
    "purchase date",
    "date acquisition",
    "date d acquisition",
    "date achat",
    "date d achat",
  ],
  location: ["location", "location path", "emplacement", "lieu"],
  notes: ["notes", "note", "comments", "remarques", "commentaire", "commentaires"],
  metal: ["metal", "material", "matiere"],
  colour: ["colour", "color", "metal colour", "metal color", "couleur", "couleur metal", "couleur du metal"],
  fineness: ["fineness", "purity", "karat", "titre", "carat or", "aloi"],
  weight: ["weight", "gross weight", "weight g", "poids", "poids brut", "poids g", "poids brut g"],
  weightUnit: ["weight unit", "unit", "unite", "unite de poids", "unite poids"],
  hallmark: ["hallmark", "poincon"],
  stoneType: ["stone", "stone type", "gem", "gemstone", "pierre", "type de pierre", "gemme"],
  stoneOrigin: ["stone origin", "origin", "origine", "origine pierre", "origine de la pierre"],
  stoneShape: ["shape", "stone shape", "cut shape", "forme", "forme pierre"],
  carats: ["carats", "carat", "ct", "carat weight", "poids carats", "poids pierre", "poids en carats"],
  stoneCount: ["stone count", "count", "stones", "quantity", "nombre", "nombre de pierres", "nb pierres", "quantite"],
  stoneColour: ["stone colour", "stone color", "colour grade", "color grade", "couleur pierre", "couleur de la pierre"],
  stoneClarity: ["clarity", "stone clarity", "purete", "purete pierre"],
  stoneCut: ["cut", "cut grade", "taille", "qualite de taille"],
  stoneMeasurements: ["measurements", "stone measurements", "dimensions", "mesures", "dimensions pierre"],
  stoneTreatment: ["treatment", "stone treatment", "traitement", "traitement pierre"],
  stonePosition: ["position", "stone position", "position pierre", "position de la pierre"],
  stoneCertificate: [
    "stone certificate",
    "stone report",
    "graded by",
    "certificat pierre",
    "certificat de la pierre",
    "rapport de la pierre",
  ],
  lab: ["lab", "laboratory", "certificate lab", "laboratoire", "labo"],
  certNumber: [
    "certificate",
    "certificate number",
    "cert",
    "cert number",
    "report number",
    "report",
    "certificat",
    "numero de certificat",
    "n certificat",
    "numero certificat",
    "rapport",
  ],
  certDate: ["certificate date", "report date", "date certificat", "date du certificat", "date rapport"],
  certColour: [
    "certificate colour",
    "certificate color",
    "report colour",
    "couleur certificat",
    "couleur du certificat",
  ],
  certClarity: ["certificate clarity", "report clarity", "purete certificat", "purete du certificat"],
  certCut: ["certificate cut", "report cut", "taille certificat", "taille du certificat"],
  consignor: ["consignor", "deposant", "consignataire"],
  commission: ["commission", "commission %", "commission percent", "taux de commission"],
  agreedNet: ["agreed net", "agreed net price", "net price", "prix net", "prix net convenu", "net convenu"],
  consignReceivedAt: ["consigned on", "consignment received", "received on", "depose le", "date de depot", "recu le"],
  dueAt: ["due", "due date", "due back", "date de retour", "a rendre le", "echeance"],
  returnConditions: ["return conditions", "conditions de retour", "conditions de restitution"],
  createProduct: ["create product", "create shopify product", "shopify", "creer produit", "creer le produit shopify"],
};

/** "Poids brut (g)" → "poids brut g"; "N° certificat" → "n certificat". */
export function normalizeHeader(header: string): string {
  return header
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/°/g, "")
    .replace(/[^a-z0-9%]+/g, " ")
    .trim();
}

/** The metal, stone or certificate field a normalised header names ("titre" is the fineness here). */
function elementFieldNamed(name: string): ElementField | null {
  for (const fields of Object.values(ELEMENT_GROUPS))
    for (const field of fields) if (SYNONYMS[field].includes(name)) return field;
  return null;
}

/**
 * Each field gets the first column whose name it knows; a column fills at most one field. A
 * header ending in a number ("Stone 2", "Carats 2", "Pierre 2") names that element's field.
 */
export function guessMapping(headers: readonly string[]): ColumnMapping {
  const normalized = headers.map(normalizeHeader);
  const taken = new Set<number>();
  const mapping: ColumnMapping = {};
  // Exact names first, for every field, so "carat" never steals a column another field names exactly.
  for (const field of IMPORT_FIELDS) {
    for (const name of SYNONYMS[field]) {
      const index = normalized.findIndex((h, i) => !taken.has(i) && h === name);
      if (index >= 0) {
        mapping[field] = index;
        taken.add(index);
        break;
      }
    }
  }
  normalized.forEach((h, i) => {
    if (taken.has(i)) return;
    const numbered = /^(.+) ([1-9]\d{0,2})$/.exec(h);
    if (!numbered) return;
    const field = elementFieldNamed(numbered[1]!);
    if (!field) return;
    const key = elementKey(field, Number(numbered[2]) - 1);
    if (parseMappingKey(key) === null || mapping[key] !== undefined) return;
    mapping[key] = i;
    taken.add(i);
  });
  return mapping;
}

export type MappingProblem =
  | { code: "MISSING_COLUMNS"; fields: ImportField[] }
  | { code: "DUPLICATE_COLUMN"; field: MappingKey }
  | { code: "BAD_COLUMN"; field: MappingKey };

/**
 * A mapping is usable when every required field has a column, every key is a field (or a numbered
 * element field) and no column index is out of range or used twice.
 */
export function checkMapping(mapping: ColumnMapping, columnCount: number): MappingProblem | null {
  const missing = REQUIRED_IMPORT_FIELDS.filter((f) => mapping[f] === undefined);
  if (missing.length) return { code: "MISSING_COLUMNS", fields: missing };
  const seen = new Map<number, MappingKey>();
  const keys = Object.keys(mapping) as MappingKey[];
  // Fields in IMPORT_FIELDS order first, as before, then the numbered ones.
  keys.sort((a, b) => IMPORT_FIELDS.indexOf(a as ImportField) - IMPORT_FIELDS.indexOf(b as ImportField));
  for (const key of [...keys.filter((k) => !k.includes(".")), ...keys.filter((k) => k.includes("."))]) {
    const index = mapping[key];
    if (index === undefined) continue;
    if (parseMappingKey(key) === null) return { code: "BAD_COLUMN", field: key };
    if (!Number.isInteger(index) || index < 0 || index >= columnCount) return { code: "BAD_COLUMN", field: key };
    if (seen.has(index)) return { code: "DUPLICATE_COLUMN", field: key };
    seen.set(index, key);
  }
  return null;
}

/** How many elements of a group the mapping has columns for (highest number mapped). */
export function elementCount(mapping: ColumnMapping, group: ElementGroup): number {
  let count = 0;
  for (const key of Object.keys(mapping)) {
    const parsed = parseMappingKey(key);
    if (parsed && groupOf(parsed.field) === group) count = Math.max(count, parsed.index + 1);
  }
  return count;
}
