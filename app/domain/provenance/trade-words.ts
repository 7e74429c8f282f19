// The trade's words for what staff type freely on a stone (shape, cut grade, colour, treatment,
// a report's grade names), recognised in English or French so the public page can show them in
// the reader's language ("round brilliant" → « taille brillant rond »). A value that is not one of
// these words is shown as typed: it may be a name the shop chose on purpose.
//
// Grades that are codes of the trade (colour D–Z, clarity FL…I3) are the same in both languages and
// stay as the report prints them.

/** Lower case, no accents, words separated by one space: "Très Bonne" → "tres bonne". */
export function normalizeWord(value: string): string {
  return value
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/œ/g, "oe")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

function table<K extends string>(entries: Record<K, readonly string[]>): Map<string, K> {
  const map = new Map<string, K>();
  for (const [key, words] of Object.entries(entries) as [K, readonly string[]][]) {
    for (const w of words) map.set(normalizeWord(w), key);
  }
  return map;
}

// Cut shapes of faceted stones; "taille …" and "… cut" are optional around each word.
export const SHAPES = [
  "round_brilliant",
  "round",
  "old_european",
  "oval",
  "cushion",
  "emerald",
  "princess",
  "pear",
  "marquise",
  "heart",
  "radiant",
  "asscher",
  "baguette",
  "cabochon",
  "rose",
  "trillion",
] as const;
export type ShapeKey = (typeof SHAPES)[number];

const SHAPE_WORDS = table<ShapeKey>({
  round_brilliant: ["round brilliant", "brilliant", "brilliant round", "brillant rond", "brillant", "rond brillant"],
  round: ["round", "rond", "ronde"],
  old_european: ["old european", "european", "ancienne", "ancienne europeenne", "europeenne ancienne"],
  oval: ["oval", "ovale"],
  cushion: ["cushion", "coussin"],
  emerald: ["emerald", "emeraude", "step", "a degres"],
  princess: ["princess", "princesse"],
  pear: ["pear", "poire"],
  marquise: ["marquise", "navette"],
  heart: ["heart", "coeur"],
  radiant: ["radiant"],
  asscher: ["asscher"],
  baguette: ["baguette"],
  cabochon: ["cabochon"],
  rose: ["rose", "rose cut"],
  trillion: ["trillion", "trilliant", "triangle"],
});

// Pearls are not cut: their shapes have their own names.
export const PEARL_SHAPES = ["round", "semi_round", "oval", "drop", "button", "baroque", "circled"] as const;
export type PearlShapeKey = (typeof PEARL_SHAPES)[number];

const PEARL_SHAPE_WORDS = table<PearlShapeKey>({
  round: ["round", "ronde", "rond"],
  semi_round: ["semi round", "near round", "semi ronde", "presque ronde"],
  oval: ["oval", "ovale"],
  drop: ["drop", "pear", "poire", "goutte"],
  button: ["button", "bouton"],
  baroque: ["baroque"],
  circled: ["circled", "cerclee", "ringed"],
});

export function shapeKey(stoneType: string, typed: string | null | undefined): string | null {
  if (!typed) return null;
  if (stoneType === "pearl") {
    const key = PEARL_SHAPE_WORDS.get(normalizeWord(typed));
    return key ? `pearl.${key}` : null;
  }
  const word = normalizeWord(typed)
    .replace(/^taille\s+/, "")
    .replace(/\s+(cut|shape|taille)$/, "");
  return SHAPE_WORDS.get(word) ?? null;
}

// Cut, polish and symmetry grades (GIA, IGI, HRD words).
export const FINISH_GRADES = ["ideal", "excellent", "very_good", "good", "fair", "poor"] as const;
export type FinishGradeKey = (typeof FINISH_GRADES)[number];

const FINISH_WORDS = table<FinishGradeKey>({
  ideal: ["ideal", "ideale"],
  excellent: ["excellent", "excellente", "ex"],
  very_good: ["very good", "tres bon", "tres bonne", "vg"],
  good: ["good", "bon", "bonne"],
  fair: ["fair", "passable", "moyen", "moyenne"],
  poor: ["poor", "mediocre", "faible"],
});

export function finishGradeKey(typed: string | null | undefined): FinishGradeKey | null {
  return typed ? (FINISH_WORDS.get(normalizeWord(typed)) ?? null) : null;
}

export const FLUORESCENCES = ["none", "faint", "medium", "strong", "very_strong"] as const;
export type FluorescenceKey = (typeof FLUORESCENCES)[number];

const FLUORESCENCE_WORDS = table<FluorescenceKey>({
  none: ["none", "nil", "aucune", "nulle", "inerte"],
  faint: ["faint", "slight", "faible", "legere"],
  medium: ["medium", "moyenne"],
  strong: ["strong", "forte"],
  very_strong: ["very strong", "tres forte"],
});

export function fluorescenceKey(typed: string | null | undefined): FluorescenceKey | null {
  return typed ? (FLUORESCENCE_WORDS.get(normalizeWord(typed)) ?? null) : null;
}

// Colours of coloured stones and pearls (a diamond's colour grade D–Z is a code and stays).
export const STONE_COLOURS = [
  "white",
  "blue",
  "royal_blue",
  "pink",
  "yellow",
  "green",
  "red",
  "purple",
  "orange",
  "black",
  "grey",
  "cream",
  "golden",
  "colourless",
] as const;
export type StoneColourKey = (typeof STONE_COLOURS)[number];

const COLOUR_WORDS = table<StoneColourKey>({
  white: ["white", "blanc", "blanche"],
  blue: ["blue", "bleu", "bleue"],
  royal_blue: ["royal blue", "bleu roi"],
  pink: ["pink", "rose"],
  yellow: ["yellow", "jaune"],
  green: ["green", "vert", "verte"],
  red: ["red", "rouge"],
  purple: ["purple", "violet", "violette"],
  orange: ["orange"],
  black: ["black", "noir", "noire"],
  grey: ["grey", "gray", "gris", "grise"],
  cream: ["cream", "creme"],
  golden: ["golden", "gold", "doree", "dore"],
  colourless: ["colourless", "colorless", "incolore"],
});

export function stoneColourKey(typed: string | null | undefined): StoneColourKey | null {
  return typed ? (COLOUR_WORDS.get(normalizeWord(typed)) ?? null) : null;
}

export const TREATMENTS = [
  "none",
  "heated",
  "unheated",
  "oiled",
  "minor_oil",
  "irradiated",
  "hpht",
  "fracture_filled",
  "glass_filled",
  "dyed",
  "bleached",
  "coated",
  "diffused",
] as const;
export type TreatmentKey = (typeof TREATMENTS)[number];

const TREATMENT_WORDS = table<TreatmentKey>({
  none: ["none", "no treatment", "untreated", "aucun", "aucun traitement", "non traite", "non traitee"],
  heated: ["heated", "heat", "heat treated", "chauffe", "chauffee", "traitement thermique"],
  unheated: ["unheated", "no heat", "non chauffe", "non chauffee"],
  oiled: ["oiled", "oil", "huile", "huilee", "huilage"],
  minor_oil: ["minor oil", "minor", "huilage mineur", "huilage leger"],
  irradiated: ["irradiated", "irradie", "irradiee"],
  hpht: ["hpht"],
  fracture_filled: ["fracture filled", "clarity enhanced", "fractures comblees", "fissures comblees"],
  glass_filled: ["glass filled", "lead glass filled", "comble au verre", "combles au verre"],
  dyed: ["dyed", "teint", "teinte", "teintee"],
  bleached: ["bleached", "blanchi", "blanchie"],
  coated: ["coated", "enduit", "enduite", "revetu"],
  diffused: ["diffused", "diffusion", "diffuse", "diffusee"],
});

export function treatmentKey(typed: string | null | undefined): TreatmentKey | null {
  return typed ? (TREATMENT_WORDS.get(normalizeWord(typed)) ?? null) : null;
}

// The names of a report's grades (the grading form stores colour, clarity and cut).
export const GRADE_NAMES = ["colour", "clarity", "cut", "polish", "symmetry", "fluorescence"] as const;
export type GradeName = (typeof GRADE_NAMES)[number];

const GRADE_NAME_WORDS = table<GradeName>({
  colour: ["colour", "color", "couleur"],
  clarity: ["clarity", "purete"],
  cut: ["cut", "cut grade", "taille"],
  polish: ["polish", "poli"],
  symmetry: ["symmetry", "symetrie"],
  fluorescence: ["fluorescence"],
});

export function gradeNameKey(typed: string): GradeName | null {
  return GRADE_NAME_WORDS.get(normalizeWord(typed)) ?? null;
}

// French state hallmarks (poinçons de garantie), by their French names or English ones.
export const HALLMARK_NAMES = [
  "seahorse",
  "eagle_head",
  "scallop_shell",
  "clover",
  "amphora",
  "minerva_1",
  "minerva_2",
  "dog_head",
] as const;
export type HallmarkKey = (typeof HALLMARK_NAMES)[number];

const HALLMARK_WORDS = table<HallmarkKey>({
  seahorse: ["hippocampe", "seahorse"],
  eagle_head: ["tete d aigle", "eagle head", "eagle s head", "eagles head"],
  scallop_shell: ["coquille saint jacques", "coquille st jacques", "coquille", "scallop shell", "scallop"],
  clover: ["trefle", "clover"],
  amphora: ["amphore", "amphora"],
  minerva_1: ["minerve 1er titre", "minerve premier titre", "minerve", "minerva", "minerva first standard"],
  minerva_2: ["minerve 2e titre", "minerve deuxieme titre", "minerva second standard"],
  dog_head: ["tete de chien", "dog head", "dog s head", "dogs head"],
});

export function hallmarkKey(typed: string | null | undefined): HallmarkKey | null {
  return typed ? (HALLMARK_WORDS.get(normalizeWord(typed)) ?? null) : null;
}
