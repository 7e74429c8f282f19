// What a storage place's label says, in the shape piece tags travel in (TagData), so the kiosk
// prints it through the same queue, renderer and printers as a piece's tag.
import { unprintableCharacters, type TagData } from "../kiosk/tag-data";
import { LOCATION_LABEL_TEMPLATE } from "../tags/templates";

export const LOCATION_LABEL_TEMPLATE_ID = LOCATION_LABEL_TEMPLATE.id;

export type LocationLabelRefusal = { code: "TEXT_UNPRINTABLE"; field: "title" | "locationPath"; characters: string[] };

export function buildLocationLabelData(
  location: { name: string; path: string; code: string },
  locale: string,
): { ok: true; data: TagData } | { ok: false; refusal: LocationLabelRefusal } {
  for (const [field, text] of [
    ["title", location.name],
    ["locationPath", location.path],
  ] as const) {
    const characters = unprintableCharacters(text);
    if (characters.length) return { ok: false, refusal: { code: "TEXT_UNPRINTABLE", field, characters } };
  }
  return {
    ok: true,
    data: {
      // A label has no price: the location template has no price field, so nothing prints it.
      priceMinor: "0",
      currency: "EUR",
      locale,
      tagCode: location.code,
      title: location.name,
      provenanceUrl: "",
      stones: [],
      content: {
        locale,
        priceMinor: "0",
        currency: "EUR",
        tagCode: location.code,
        title: location.name,
        locationPath: location.path,
      },
    },
  };
}
