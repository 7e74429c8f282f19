/**
 * The words a stock list may use for a choice (metal, colour, stone, origin, position, lab, unit):
 * Loupe's codes, and every label the intake form and the piece page show for them, in English and
 * French, taken from the same messages (app/i18n): "Or", "jaune", "de synthèse", "Perle de culture".
 * Compared without case, accents or punctuation. A label that names two choices at once ("Or jaune",
 * "Diamant de synthèse", "Perle de culture") gives both. Loupe's own export writes these labels,
 * so what it writes reads back.
 */
import { LOCALES, hasMessage, translate, type Locale } from "../../i18n";
import { LABS } from "../certificates";
import {
  ENTRY_WEIGHT_UNITS,
  METAL_COLOURS,
  PIECE_METALS,
  STONE_ORIGINS,
  STONE_POSITIONS,
  STONE_TYPES,
} from "../schemas/piece";
import { normalizeHeader } from "./mapping";

export const CHOICE_KINDS = [
  "metal",
  "colour",
  "weightUnit",
  "stoneType",
  "stoneOrigin",
  "stonePosition",
  "lab",
] as const;
export type ChoiceKind = (typeof CHOICE_KINDS)[number];

/** Each choice's codes and the message prefix of their labels (null: the code is its own label). */
export const CHOICES: Record<ChoiceKind, { codes: readonly string[]; prefix: string | null }> = {
  metal: { codes: PIECE_METALS, prefix: "metal" },
  colour: { codes: METAL_COLOURS, prefix: "colour" },
  weightUnit: { codes: ENTRY_WEIGHT_UNITS, prefix: null },
  stoneType: { codes: STONE_TYPES, prefix: "stone" },
  stoneOrigin: { codes: STONE_ORIGINS, prefix: "origin" },
  stonePosition: { codes: STONE_POSITIONS, prefix: "position" },
  lab: { codes: LABS, prefix: null },
};

// Words people write that no label of Loupe's holds (kept from the first import).
const EXTRA: Record<ChoiceKind, Record<string, string>> = {
  metal: { or: "gold", autre: "other" },
  colour: { blanc: "white", gray: "grey", pink: "rose" },
  weightUnit: {
    gr: "g",
    gram: "g",
    grams: "g",
    gramme: "g",
    grammes: "g",
    "oz t": "ozt",
    "troy oz": "ozt",
  },
  stoneType: { autre: "other" },
  stoneOrigin: {
    naturelle: "natural",
    lab: "lab_grown",
    synthetic: "lab_grown",
    synthetique: "lab_grown",
    "de laboratoire": "lab_grown",
    laboratoire: "lab_grown",
    imitation: "simulant",
  },
  stonePosition: { center: "centre", centre: "centre", centrale: "centre", laterale: "side", accompagnement: "accent" },
  lab: { autre: "other", gubelin: "Gübelin" },
};

/** A cell read as a choice: its code, and the other choice a two-word label also named. */
export type ChoiceRead = { code: string; also?: { kind: ChoiceKind; code: string } };

const label = (locale: Locale, prefix: string, code: string) =>
  hasMessage(`${prefix}.${code}`) ? translate(locale, `${prefix}.${code}` as never) : code;

function build(): Record<ChoiceKind, Map<string, ChoiceRead>> {
  const tables = Object.fromEntries(CHOICE_KINDS.map((k) => [k, new Map<string, ChoiceRead>()])) as Record<
    ChoiceKind,
    Map<string, ChoiceRead>
  >;
  const put = (kind: ChoiceKind, word: string, read: ChoiceRead) => {
    const key = normalizeHeader(word);
    if (key && !tables[kind].has(key)) tables[kind].set(key, read);
  };
  for (const kind of CHOICE_KINDS) {
    const { codes, prefix } = CHOICES[kind];
    for (const code of codes) {
      put(kind, code, { code });
      if (prefix) for (const locale of LOCALES) put(kind, label(locale, prefix, code), { code });
    }
    for (const [word, code] of Object.entries(EXTRA[kind])) put(kind, word, { code });
  }
  for (const locale of LOCALES) {
    // "Or jaune", "jaune or", "Yellow gold", "Gold yellow".
    for (const metal of PIECE_METALS)
      for (const colour of METAL_COLOURS) {
        const m = label(locale, "metal", metal);
        const c = label(locale, "colour", colour);
        for (const word of [`${m} ${c}`, `${c} ${m}`])
          put("metal", word, { code: metal, also: { kind: "colour", code: colour } });
      }
    // "Diamant de synthèse", "Perle de culture", "Cultured pearl": the trade's names of a stone and
    // its origin. The origin alone is what remains without the stone's name ("de culture", "fine").
    for (const type of STONE_TYPES)
      for (const origin of STONE_ORIGINS) {
        const key = `trade.stone.${type}.${origin}`;
        const stone = label(locale, "stone", type);
        const names = [`${stone} ${label(locale, "origin", origin)}`];
        if (hasMessage(key)) names.push(translate(locale, key as never));
        for (const name of names) {
          put("stoneType", name, { code: type, also: { kind: "stoneOrigin", code: origin } });
          const rest = normalizeHeader(name)
            .split(" ")
            .filter((w) => w !== normalizeHeader(stone))
            .join(" ")
            .replace(/ (de|d)$/, "");
          if (rest) put("stoneOrigin", rest, { code: origin });
          if (rest.startsWith("de ")) put("stoneOrigin", rest.slice(3), { code: origin });
        }
      }
  }
  return tables;
}

let tables: Record<ChoiceKind, Map<string, ChoiceRead>> | null = null;

/** The choice a cell names, or null when it names none. */
export function readChoice(kind: ChoiceKind, value: string): ChoiceRead | null {
  tables ??= build();
  return tables[kind].get(normalizeHeader(value)) ?? null;
}

/** A code as the form shows it in `locale` ("gold" → "Or"); labs and units as they are. */
export function choiceLabel(kind: ChoiceKind, code: string, locale: Locale): string {
  const { prefix } = CHOICES[kind];
  if (prefix) return label(locale, prefix, code);
  return code === "other" && locale === "fr" ? "autre" : code;
}

/** The allowed values of a choice, as the form shows them in `locale`. */
export function choiceOptions(kind: ChoiceKind, locale: Locale): string[] {
  return CHOICES[kind].codes.map((code) => choiceLabel(kind, code, locale));
}
