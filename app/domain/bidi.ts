// Characters that change the order text is displayed in without being seen: the bidirectional
// embeddings and overrides (U+202A–U+202E), isolates (U+2066–U+2069) and the left-to-right and
// right-to-left marks (U+200E, U+200F, and the Arabic letter mark U+061C). In "Ring U+202E gpj.exe" the end displays as "exe.jpg":
// titles, notes or a maker's name could pass for what they are not in the admin, a spreadsheet or
// the public page. Jewellery records have no use for them (Arabic or Hebrew letters display right
// without them), so the forms refuse them (app/domain/schemas/piece.ts) and every output drops them
// from values stored before (the admin's page data, CSV cells, the public page), as printing does
// (it refuses every character the printer fonts lack).
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
const HAS_BIDI_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

export function hasBidiControls(text: string): boolean {
  return HAS_BIDI_CONTROL.test(text);
}

export function withoutBidiControls(text: string): string {
  return HAS_BIDI_CONTROL.test(text) ? text.replace(BIDI_CONTROLS, "") : text;
}

/**
 * `value` with every string inside plain objects and arrays stripped of direction controls (for a
 * page's data); dates, numbers, bigints and other objects are kept as they are.
 */
export function neutraliseTexts<T>(value: T): T {
  if (typeof value === "string") return withoutBidiControls(value) as T;
  if (Array.isArray(value)) return value.map((v) => neutraliseTexts(v)) as T;
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = neutraliseTexts(v);
    return out as T;
  }
  return value;
}
