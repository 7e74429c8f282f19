import { formatPrice } from "../app/domain/tags/content";
import { formatWeight } from "../app/domain/units";

/** What the app sends for the counter's piece card (`piece.card` of a lookup; absent from older apps). */
export interface PieceCardFacts {
  priceMinor: string | null;
  currency: string;
  metals: { metal: string; colour: string | null; finenessBp: number; grossWeightMg: string }[];
  stones: {
    type: string;
    origin: string;
    shape: string | null;
    millicarats: number;
    count: number;
    colour: string | null;
    clarity: string | null;
  }[];
  tagPrinted: boolean;
}

/** The card as the page shows it, in one language. */
export interface PieceCardText {
  state: string;
  price: string;
  metals: string[];
  stones: string[];
}

type Lang = "en" | "fr";

const STATES: Record<Lang, Record<string, string>> = {
  en: {
    receiving: "Receiving",
    active: "On sale",
    on_hold: "On hold",
    memo_out: "Out on memo",
    at_repair: "At repair",
    shown: "Shown to a customer",
    sold: "Sold",
    archived: "Archived",
    returned_to_consignor: "Returned to consignor",
    lost: "Lost",
    written_off: "Written off",
  },
  fr: {
    receiving: "En réception",
    active: "En vente",
    on_hold: "Réservée",
    memo_out: "Sortie en mémo",
    at_repair: "En réparation",
    shown: "Présentée à un client",
    sold: "Vendue",
    archived: "Archivée",
    returned_to_consignor: "Rendue au déposant",
    lost: "Perdue",
    written_off: "Sortie du stock",
  },
};

const METALS: Record<Lang, Record<string, string>> = {
  en: { gold: "Gold", silver: "Silver", platinum: "Platinum", palladium: "Palladium", rhodium: "Rhodium" },
  fr: { gold: "Or", silver: "Argent", platinum: "Platine", palladium: "Palladium", rhodium: "Rhodium" },
};

const COLOURS: Record<Lang, Record<string, string>> = {
  en: { yellow: "yellow", white: "white", rose: "rose", red: "red", green: "green", grey: "grey" },
  fr: { yellow: "jaune", white: "blanc", rose: "rose", red: "rouge", green: "vert", grey: "gris" },
};

// French stone names with their gender, for the origin's agreement ("perle naturelle").
const STONES: Record<Lang, Record<string, string>> = {
  en: { diamond: "Diamond", sapphire: "Sapphire", ruby: "Ruby", emerald: "Emerald", pearl: "Pearl" },
  fr: { diamond: "Diamant", sapphire: "Saphir", ruby: "Rubis", emerald: "Émeraude", pearl: "Perle" },
};
const FEMININE_FR = new Set(["emerald", "pearl", "other"]);

function originWord(lang: Lang, type: string, origin: string): string {
  if (lang === "en")
    return (
      { natural: "natural", lab_grown: type === "pearl" ? "cultured" : "lab-grown", simulant: "imitation" }[origin] ??
      origin
    );
  const feminine = FEMININE_FR.has(type) || !(type in STONES.fr);
  if (origin === "natural") return feminine ? "naturelle" : "naturel";
  if (origin === "lab_grown") return type === "pearl" ? "de culture" : "de synthèse";
  if (origin === "simulant") return "imitation";
  return origin;
}

const LOCALES: Record<Lang, string> = { en: "en-US", fr: "fr-FR" };
const NBSP = "\u00A0";

/** Carats as a jeweler writes them: two decimals, a third only when it says something (1,14 ct; 0,015 ct). */
function carats(millicarats: number, lang: Lang): string {
  const text = `${Math.trunc(millicarats / 1000)}.${String(millicarats % 1000).padStart(3, "0")}`;
  const formatted = new Intl.NumberFormat(LOCALES[lang], { minimumFractionDigits: 2, maximumFractionDigits: 3 }).format(
    text as `${number}`,
  );
  return `${formatted}${NBSP}ct`;
}

function metalLine(m: PieceCardFacts["metals"][number], lang: Lang): string {
  const name = METALS[lang][m.metal] ?? (lang === "fr" ? "Autre métal" : "Other metal");
  const colour = m.colour ? COLOURS[lang][m.colour] : undefined;
  const named = colour
    ? lang === "fr"
      ? `${name} ${colour}`
      : `${colour[0]!.toUpperCase()}${colour.slice(1)} ${name.toLowerCase()}`
    : name;
  // Fineness in parts per thousand (basis points / 10), with a decimal when it has one: 999,9 ‰.
  const fineness = new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: 1 }).format(
    `${Math.trunc(m.finenessBp / 10)}.${m.finenessBp % 10}` as `${number}`,
  );
  const karat = m.metal === "gold" ? Math.round((m.finenessBp * 24) / 10000) : null;
  const finenessText =
    lang === "fr"
      ? `${fineness}${NBSP}‰${karat ? ` (${karat}${NBSP}carats)` : ""}`
      : `${fineness}${karat ? ` (${karat}K)` : ""}`;
  const mg = BigInt(m.grossWeightMg);
  const weight =
    mg > 0n ? formatWeight(mg, "g", LOCALES[lang], 2) : lang === "fr" ? "poids non saisi" : "weight not entered";
  return `${named} ${finenessText} · ${weight}`;
}

function stoneLine(s: PieceCardFacts["stones"][number], lang: Lang): string {
  const name = STONES[lang][s.type] ?? (lang === "fr" ? "Autre pierre" : "Other stone");
  const origin = originWord(lang, s.type, s.origin);
  // "Diamant naturel" in French; "Natural diamond" in English.
  const named =
    lang === "fr" ? `${name} ${origin}` : `${origin[0]!.toUpperCase()}${origin.slice(1)} ${name.toLowerCase()}`;
  const parts = [
    named,
    s.millicarats > 0 ? carats(s.millicarats, lang) : lang === "fr" ? "carats non saisis" : "carats not entered",
    s.colour,
    s.clarity,
  ].filter(Boolean);
  return (s.count > 1 ? `${s.count} × ` : "") + parts.join(" ");
}

/** The card in one language: state, price, one line per metal and per stone. */
export function pieceCardText(state: string, facts: PieceCardFacts | undefined, lang: Lang): PieceCardText {
  const stateName = STATES[lang][state] ?? state;
  if (!facts) return { state: stateName, price: "", metals: [], stones: [] };
  return {
    state: stateName,
    price:
      facts.priceMinor === null
        ? lang === "fr"
          ? "Sans prix"
          : "No price"
        : formatPrice(BigInt(facts.priceMinor), facts.currency, LOCALES[lang]),
    metals: facts.metals.map((m) => metalLine(m, lang)),
    stones: facts.stones.map((s) => stoneLine(s, lang)),
  };
}
