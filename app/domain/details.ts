/**
 * Pieces whose details are still to enter (made from the shop's Shopify catalogue with only what
 * Shopify knew): which of their details are recorded, and when a row of the details sheet is
 * complete enough to clear the piece from the list.
 *
 * Decisions beyond "is it there":
 * - `weights` is done when the piece has metal and every metal row has a gross weight (a bulk edit
 *   may set metal and fineness before anyone has weighed the piece: its weight is 0 until then)
 *   and every stone has its carats.
 * - `photos` is unknown (null) when Shopify could not be asked; a piece on no Shopify product has none.
 * - `cost` is only ever judged for a role that may see cost; for others it is absent, not false.
 * - Stones, certificate and photos are shown but never required: a plain gold band has none of them.
 *   What a piece needs before the details sheet may clear it is REQUIRED_FOR_COMPLETE (plus cost
 *   for those who see it).
 */
export const DETAIL_FIELDS = ["metal", "weights", "stones", "certificate", "photos", "cost"] as const;
export type DetailField = (typeof DETAIL_FIELDS)[number];

export type DetailsFacts = {
  metals: readonly { finenessBp: number; grossWeightMg: bigint }[];
  stones: readonly { millicarats: number }[];
  certificateCount: number;
  /** Photos on the Shopify product; null when unknown. */
  photoCount: number | null;
  /** Present only for roles that may see cost. */
  costMinor?: bigint | null;
};

/** Per field: true recorded, false missing, null unknown. `cost` is absent when it may not be judged. */
export type Completion = Partial<Record<DetailField, boolean | null>>;

export function detailsCompletion(facts: DetailsFacts, options: { canSeeCost: boolean }): Completion {
  const hasMetal = facts.metals.length > 0 && facts.metals.every((m) => m.finenessBp > 0);
  const out: Completion = {
    metal: hasMetal,
    weights:
      facts.metals.length > 0 &&
      facts.metals.every((m) => m.grossWeightMg > 0n) &&
      facts.stones.every((s) => s.millicarats > 0),
    stones: facts.stones.length > 0,
    certificate: facts.certificateCount > 0,
    photos: facts.photoCount === null ? null : facts.photoCount > 0,
  };
  if (options.canSeeCost) out.cost = facts.costMinor != null;
  return out;
}

const REQUIRED_FOR_COMPLETE: readonly DetailField[] = ["metal", "weights"];

/** Whether the details sheet may clear the piece: the required fields (and cost, when judged) are recorded. */
export function isCompleteEnough(completion: Completion): boolean {
  const required: readonly DetailField[] =
    completion.cost === undefined ? REQUIRED_FOR_COMPLETE : [...REQUIRED_FOR_COMPLETE, "cost"];
  return required.every((f) => completion[f] === true);
}

/** The fields still missing, in DETAIL_FIELDS order (unknown ones are not listed). */
export function missingFields(completion: Completion): DetailField[] {
  return DETAIL_FIELDS.filter((f) => completion[f] === false);
}

// ── The details sheet (CSV)

/** Columns of the details sheet, in file order. Keys are the import's field names where it has one. */
export const DETAILS_COLUMNS = [
  "tagCode",
  "title",
  "sku",
  "location",
  "metal",
  "fineness",
  "weight",
  "weightUnit",
  "stoneType",
  "stoneOrigin",
  "carats",
  "stoneCount",
  "lab",
  "certNumber",
  "supplier",
  "cost",
  "missing",
  "version",
] as const;
export type DetailsColumn = (typeof DETAILS_COLUMNS)[number];

/** Columns only roles that may see cost get (supplier is private like cost). */
export const COST_COLUMNS: readonly DetailsColumn[] = ["supplier", "cost"];

/** Columns the import only reads to find the piece or shows; their cells never change anything. */
export const READ_ONLY_COLUMNS: readonly DetailsColumn[] = ["tagCode", "title", "sku", "missing", "version"];

/**
 * Header names, by language. Each is one the CSV import's column guesser (domain/csv/mapping.ts)
 * knows, so the sheet also reads as a stock list; "Désignation" (not "Titre") for the title,
 * because French calls fineness "titre".
 */
export const DETAILS_HEADERS: Record<"en" | "fr", Record<DetailsColumn, string>> = {
  en: {
    tagCode: "Tag code",
    title: "Title",
    sku: "SKU",
    location: "Location",
    metal: "Metal",
    fineness: "Fineness",
    weight: "Gross weight",
    weightUnit: "Weight unit",
    stoneType: "Stone",
    stoneOrigin: "Stone origin",
    carats: "Carats",
    stoneCount: "Stone count",
    lab: "Lab",
    certNumber: "Certificate number",
    supplier: "Supplier",
    cost: "Cost",
    missing: "Missing",
    version: "Version",
  },
  fr: {
    tagCode: "Code étiquette",
    title: "Désignation",
    sku: "Référence",
    location: "Emplacement",
    metal: "Métal",
    fineness: "Titre",
    weight: "Poids brut",
    weightUnit: "Unité de poids",
    stoneType: "Pierre",
    stoneOrigin: "Origine pierre",
    carats: "Carats",
    stoneCount: "Nombre de pierres",
    lab: "Laboratoire",
    certNumber: "Numéro de certificat",
    supplier: "Fournisseur",
    cost: "Coût",
    missing: "À compléter",
    version: "Version",
  },
};

/** Normalised header names (see normalizeHeader) of the two columns the stock-list guesser has no field for. */
export const EXTRA_HEADER_NAMES: Record<"missing" | "version", readonly string[]> = {
  missing: ["missing", "a completer"],
  version: ["version"],
};

/** The editable cells of a row, as comparable text (what the export wrote, normalised). */
export type DetailsValues = Partial<Record<DetailsColumn, string>>;

/** The editable columns whose value differs, each with its before and after. */
export function detailsChanges(
  before: DetailsValues,
  after: DetailsValues,
): { column: DetailsColumn; before: string; after: string }[] {
  return DETAILS_COLUMNS.filter((c) => !READ_ONLY_COLUMNS.includes(c) && c !== "weightUnit")
    .filter((c) => after[c] !== undefined && (before[c] ?? "") !== after[c])
    .map((c) => ({ column: c, before: before[c] ?? "", after: after[c]! }));
}

/**
 * Metal, stone and origin codes as the sheet writes them: words the CSV import reads back
 * (domain/csv/rows.ts), in the sheet's language.
 */
export const SHEET_WORDS: Record<"en" | "fr", Record<string, string>> = {
  en: {
    gold: "gold",
    silver: "silver",
    platinum: "platinum",
    palladium: "palladium",
    diamond: "diamond",
    sapphire: "sapphire",
    ruby: "ruby",
    emerald: "emerald",
    pearl: "pearl",
    natural: "natural",
    lab_grown: "lab grown",
    simulant: "simulant",
    other: "other",
  },
  fr: {
    gold: "or",
    silver: "argent",
    platinum: "platine",
    palladium: "palladium",
    diamond: "diamant",
    sapphire: "saphir",
    ruby: "rubis",
    emerald: "émeraude",
    pearl: "perle",
    natural: "naturel",
    lab_grown: "de laboratoire",
    simulant: "imitation",
    other: "autre",
  },
};

export const sheetWord = (locale: "en" | "fr", code: string) => SHEET_WORDS[locale][code] ?? code;
