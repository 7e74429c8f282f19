/**
 * CSV columns → Loupe fields. A stock list has one piece per row with at most one metal, one
 * stone (or melee lot) and one certificate; pieces with more are completed on their page.
 * Guesses come from header names in English and French, compared without case, accents or
 * punctuation.
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
  "lab",
  "certNumber",
  "certDate",
  "consignor",
  "commission",
  "agreedNet",
  "dueAt",
  "createProduct",
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

export const REQUIRED_IMPORT_FIELDS: readonly ImportField[] = ["title"];

/** Loupe field → index of the CSV column that fills it. */
export type ColumnMapping = Partial<Record<ImportField, number>>;

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
  consignor: ["consignor", "deposant", "consignataire"],
  commission: ["commission", "commission %", "commission percent", "taux de commission"],
  agreedNet: ["agreed net", "agreed net price", "net price", "prix net", "prix net convenu", "net convenu"],
  dueAt: ["due", "due date", "due back", "date de retour", "a rendre le", "echeance"],
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

/** Each field gets the first column whose name it knows; a column fills at most one field. */
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
  return mapping;
}

export type MappingProblem =
  | { code: "MISSING_COLUMNS"; fields: ImportField[] }
  | { code: "DUPLICATE_COLUMN"; field: ImportField }
  | { code: "BAD_COLUMN"; field: ImportField };

/** A mapping is usable when every required field has a column and no column index is out of range. */
export function checkMapping(mapping: ColumnMapping, columnCount: number): MappingProblem | null {
  const missing = REQUIRED_IMPORT_FIELDS.filter((f) => mapping[f] === undefined);
  if (missing.length) return { code: "MISSING_COLUMNS", fields: missing };
  const seen = new Map<number, ImportField>();
  for (const field of IMPORT_FIELDS) {
    const index = mapping[field];
    if (index === undefined) continue;
    if (!Number.isInteger(index) || index < 0 || index >= columnCount) return { code: "BAD_COLUMN", field };
    if (seen.has(index)) return { code: "DUPLICATE_COLUMN", field };
    seen.set(index, field);
  }
  return null;
}
