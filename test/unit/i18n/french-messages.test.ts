// Every French message a person reads, in the admin and at the kiosk: French spacing before
// : ; ? ! and inside « » (app/domain/i18n/french-typography.ts), counts with real plurals, the
// trade's words, and nothing left in English.
import { describe, expect, test } from "vitest";
import { en } from "../../../app/i18n/en";
import { fr } from "../../../app/i18n/fr";
import { frenchSpacing } from "../../../app/domain/i18n/french-typography";
import { MESSAGE_CODES, t as kioskText } from "../../../kiosk/messages";
import { LABELS } from "../../../kiosk/page";

// Words French shares with English, and names that are the same in both.
const SAME_IN_BOTH = new Set([
  "Loupe",
  "Import",
  "Provenance",
  "SKU",
  "GTIN",
  "Commission",
  "Commission (%)",
  "Commission %",
  "Active",
  "Palladium",
  "Rhodium",
  "rose",
  "accent",
  "Description",
  "Notes",
  "Note",
  "Position",
  "Actions",
  "→ {state}",
  "Photos",
  "Site",
  "Carats",
  "—",
  "Date",
  "Stock",
  "Source",
  "Justification",
  "pennyweights (dwt)",
  "RFID",
  "E-mail",
  "SIREN",
  "SIRET",
  "Collection",
  "cabochon",
  "baroque",
  "Fluorescence",
  "Excellent",
  "orange",
  "HPHT",
  "OK",
  "Scan",
  "Dimensions (mm)",
  "description",
  "notes",
  // A numbered column ("Pierre 2"): only its parts are words.
  "{field} {n}",
]);

const flatten = (value: unknown): string[] =>
  typeof value === "string" ? [value] : value && typeof value === "object" ? Object.values(value).flatMap(flatten) : [];

// Sample values for the kiosk's templates: words without punctuation of their own.
const PARAMS = new Proxy({}, { get: (_, name) => (typeof name === "string" ? 3 : undefined), has: () => true });

const admin = Object.entries(fr) as [keyof typeof en, string][];
const kiosk = MESSAGE_CODES.map(
  (code) => [code, kioskText("fr", code, PARAMS), kioskText("en", code, PARAMS)] as const,
);
const kioskLabels = flatten(LABELS.fr);

describe("French messages", () => {
  test("have a narrow no-break space before : ; ? ! and inside « » (admin)", () => {
    const wrong = admin.filter(([, text]) => frenchSpacing(text) !== text).map(([key, text]) => `${key}: ${text}`);
    expect(wrong).toEqual([]);
  });

  test("have a narrow no-break space before : ; ? ! and inside « » (kiosk)", () => {
    const wrong = [
      ...kiosk.filter(([, text]) => frenchSpacing(text) !== text).map(([code, text]) => `${code}: ${text}`),
      ...kioskLabels.filter((text) => frenchSpacing(text) !== text),
    ];
    expect(wrong).toEqual([]);
  });

  test("are translated: none is the English text, but for words both languages share", () => {
    const english = [
      ...admin.filter(([key, text]) => en[key] === text && !SAME_IN_BOTH.has(text)).map(([key]) => key),
      ...kiosk.filter(([, text, english]) => text === english && !SAME_IN_BOTH.has(text)).map(([code]) => code),
    ];
    expect(english).toEqual([]);
  });

  test('count with real plurals, never "pièce(s)"', () => {
    const all = [...admin.map(([key, text]) => `${key}: ${text}`), ...kiosk.map(([code, text]) => `${code}: ${text}`)];
    expect(all.filter((text) => /\p{L}\((s|e|es)\)/u.test(text))).toEqual([]);
  });

  test("use the trade's words: Main-d'œuvre, memo-out not « confiée », Autre pierre, rapport gemmologique", () => {
    const all = [...admin.map(([, text]) => text), ...kiosk.map(([, text]) => text), ...kioskLabels];
    expect(all.filter((text) => /main[- ]d['’]oeuvre|main d['’]œuvre/i.test(text))).toEqual([]);
    expect(all.filter((text) => /d’œuvre/.test(text))).toEqual([]);
    expect(fr["state.memo_out"]).toBe("Sortie en mémo");
    expect(fr["stone.other"]).toBe("Autre pierre");
    expect(all.filter((text) => /rapports? de classement/i.test(text))).toEqual([]);
  });
});
