import type { TagContent } from "../../../app/domain/tags";

/** A 22-character base64url token (128 bits + padding bits), as the provenance service mints. */
export const TOKEN = "q3Zt0bX9-Lm_Pa7RkW2yEg";
export const URL = `https://bijoux-demo.myshopify.com/apps/loupe/p/${TOKEN}`;

export function sampleContent(overrides: Partial<TagContent> = {}): TagContent {
  return {
    locale: "fr-FR",
    priceMinor: 125000n,
    currency: "EUR",
    tagCode: "LP-000123",
    metal: { type: "gold", fineness: 750 },
    weight: { value: "3.42", unit: "g" },
    caratTotal: "0.52",
    stone: { type: "Diamant", carat: "0.52", color: "G", clarity: "VS1", lab: "GIA", certificateNumber: "2141234567" },
    provenanceUrl: URL,
    title: "Solitaire Émeraude 🇫🇷 taille coussin",
    stones: [
      { type: "Diamant", carat: "0.52", color: "G", clarity: "VS1", lab: "GIA", certificateNumber: "2141234567" },
      { type: "Émeraude", carat: "0.120", color: "vert" },
    ],
    ...overrides,
  };
}
