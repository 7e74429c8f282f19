// The public page's words and shape: every word in the reader's language (the trade's French),
// who signed and how to reach the shop, the technical check in a disclosure with a download that
// needs no second request, and a layout of cards (no table to widen a phone's screen).
import { createHash, generateKeyPairSync } from "node:crypto";
import { describe, expect, test } from "vitest";
import { publicRecord, type ProvenanceSource } from "../../../app/domain/provenance/record";
import { rawPublicKey, signRecord, verifyEnvelope } from "../../../app/domain/provenance/signature";
import {
  provenanceBody,
  recordDownload,
  RECORD_STYLE,
  STANDALONE_STYLE_CSP,
  standaloneDocument,
  type PageOptions,
} from "../../../app/domain/provenance/page";
import { shapeKey, finishGradeKey, treatmentKey, stoneColourKey } from "../../../app/domain/provenance/trade-words";

const source: ProvenanceSource = {
  token: "tok_tok_tok_tok_tok_tok",
  shop: { domain: "aurore.myshopify.com", name: null, ianaTimezone: "Europe/Paris" },
  piece: {
    title: "Solitaire Aurore",
    madeBy: "Atelier Aurore",
    originNotes: null,
    acquiredAt: new Date("2026-03-02T10:00:00Z"),
    createdAt: new Date("2026-03-02T10:00:00Z"),
    soldAt: null,
  },
  metals: [
    {
      metal: "gold",
      colour: "white",
      finenessBp: 7500,
      grossWeightMg: 3210n,
      fineWeightMg: 2408n,
      hallmark: null,
    },
  ],
  stones: [
    {
      type: "diamond",
      origin: "natural",
      shape: "round brilliant",
      millicarats: 1140,
      count: 1,
      colour: "G",
      clarity: "SI1",
      cutGrade: "Very Good",
      measurements: null,
      treatment: null,
      position: "centre",
      certificate: { lab: "GIA", number: "2141234567" },
    },
    {
      type: "sapphire",
      origin: "natural",
      shape: "cushion",
      millicarats: 20,
      count: 8,
      colour: "blue",
      clarity: null,
      cutGrade: null,
      measurements: null,
      treatment: "heated",
      position: "side",
      certificate: null,
    },
    {
      type: "pearl",
      origin: "lab_grown",
      shape: "round",
      millicarats: 0,
      count: 1,
      colour: "white",
      clarity: null,
      cutGrade: null,
      measurements: null,
      treatment: null,
      position: "accent",
      certificate: null,
    },
  ],
  certificates: [
    {
      lab: "GIA",
      number: "2141234567",
      issuedAt: new Date("2026-01-15T00:00:00Z"),
      grades: JSON.stringify({ colour: "G", clarity: "SI1", cut: "Excellent" }),
    },
  ],
  serviceEvents: [],
};

const keys = generateKeyPairSync("ed25519");
const envelope = signRecord(
  publicRecord(source),
  "2026-03-03T09:00:00.000Z",
  keys.privateKey,
  rawPublicKey(keys.publicKey),
  2,
);
const contact = {
  name: "Maison Aurore",
  email: "bonjour@maison-aurore.example",
  phone: "+33142720000",
  url: "https://maison-aurore.example",
};
const page = (locale: "fr" | "en", extra: Partial<PageOptions> = {}) =>
  provenanceBody(envelope, { locale, weightUnit: "g", matchesSignature: true, contact, ...extra });
/** The text a reader sees (tags and the data: link's contents removed). */
const visibleText = (html: string) =>
  html
    .replace(/<style>[^<]*<\/style>/g, "")
    .replace(/href="data:[^"]*"/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#39;/g, "'");

describe("trade words", () => {
  test("shapes, grades, colours and treatments are recognised in English or French, with or without 'cut'/'taille'", () => {
    expect(shapeKey("diamond", "Round Brilliant")).toBe("round_brilliant");
    expect(shapeKey("diamond", "taille brillant rond")).toBe("round_brilliant");
    expect(shapeKey("diamond", "old european cut")).toBe("old_european");
    expect(shapeKey("diamond", "Émeraude")).toBe("emerald");
    expect(shapeKey("sapphire", "navette")).toBe("marquise");
    expect(shapeKey("pearl", "round")).toBe("pearl.round");
    expect(shapeKey("diamond", "fantaisie maison")).toBeNull();
    expect(finishGradeKey("Très bonne")).toBe("very_good");
    expect(finishGradeKey("EX")).toBe("excellent");
    expect(treatmentKey("Heat treated")).toBe("heated");
    expect(stoneColourKey("Bleu roi")).toBe("royal_blue");
    // A diamond's colour grade is a code, never a word to translate.
    expect(stoneColourKey("G")).toBeNull();
  });
});

describe("the public page", () => {
  test("in French every word is French and grades are in the trade's French", () => {
    const fr = visibleText(page("fr"));
    for (const expected of [
      "Fiche de provenance · Maison Aurore",
      "Or blanc 750\u00a0‰ (18\u00a0carats)",
      "poinçon de garantie\u202f: tête d'aigle",
      "Diamant naturel, taille brillant rond",
      "Pierre centrale",
      "8 × Saphir naturel, taille coussin",
      "Poids total",
      "Perle de culture, ronde",
      "Couleur",
      "Pureté",
      "Très bon",
      "bleu",
      "chauffé",
      "Rapport GIA n° 2141234567",
      "Date d'émission",
      "Cette fiche est signée par Maison Aurore.",
      "Version 2 de cette fiche, signée le 3 mars 2026.",
      "Contactez Maison Aurore",
      "bonjour@maison-aurore.example",
      "+33142720000",
      "maison-aurore.example",
    ])
      expect(fr).toContain(expected);
    for (const english of [
      "colour",
      "clarity",
      "round brilliant",
      "Diamond",
      "natural",
      "Very Good",
      "Excellent cut",
      "heated",
      "blue",
      "White gold",
      "Gross weight",
      "Signed",
    ])
      expect(fr).not.toContain(english);
  });

  test("in English the stone reads 'Natural diamond, round brilliant cut', never French or 'Diamond natural'", () => {
    const en = visibleText(page("en"));
    for (const expected of [
      "Provenance record · Maison Aurore",
      "White gold 750\u00a0‰ (18\u00a0k)",
      "Natural diamond, round brilliant cut",
      "Centre stone",
      "8 × Natural sapphire, cushion cut",
      "Cultured pearl, round",
      "French state hallmark: eagle's head",
      "Colour",
      "Clarity",
      "Very good",
      "heated",
      "This record is signed by Maison Aurore.",
      "Contact Maison Aurore",
    ])
      expect(en).toContain(expected);
    for (const wrong of ["Diamond natural", "Diamant", "taille", "Pureté", "couleur", "Poids"])
      expect(en).not.toContain(wrong);
  });

  test("the verification is who signed and how to reach the shop; the command, key and JSON are in a <details>", () => {
    const html = page("fr");
    const details = html.slice(html.indexOf("<details"), html.indexOf("</details>"));
    expect(html.indexOf("<details")).toBeGreaterThan(html.indexOf("Cette fiche est signée par Maison Aurore."));
    expect(details).toContain("<summary>Vérification technique</summary>");
    expect(details).toContain(envelope.signature.fingerprint);
    expect(details).toContain(envelope.signature.publicKey);
    expect(details).toContain("npm run verify");
    expect(details).toContain("download=");
    expect(html.slice(0, html.indexOf("<details"))).not.toContain("npm run verify");
    expect(html).toContain('href="mailto:bonjour@maison-aurore.example"');
    expect(html).toContain('href="tel:+33142720000"');
  });

  test("the download is the signed record itself (a data: link), so it works wherever the page is shown", () => {
    const { href, filename } = recordDownload(envelope);
    expect(filename).toBe("provenance-tok_tok_tok_tok_tok_tok-v2.json");
    const json = decodeURIComponent(href.replace(/^data:application\/json;charset=utf-8,/, ""));
    expect(verifyEnvelope(JSON.parse(json)).ok).toBe(true);
    expect(page("en")).toContain(`download="${filename}"`);
  });

  test("stones, metals and reports are cards (no table); the theme's page gets only styles scoped to the record", () => {
    const liquid = page("fr", { inTheme: true });
    expect(liquid).not.toContain("<table");
    expect(liquid).toContain('<ul class="loupe-cards">');
    // Inside the theme: the record's layout only, every rule under .loupe-provenance, no fonts.
    const style = /<style>([^<]*)<\/style>/.exec(liquid)![1]!;
    expect(style).toBe(RECORD_STYLE);
    for (const rule of style.split("\n")) expect(rule.startsWith(".loupe-provenance")).toBe(true);
    expect(style).not.toMatch(/font-family|(^|[;{])color:|background:#/);
    // The brand logo comes from Liquid inside the theme; the standalone page has none to give.
    expect(liquid).toContain("shop.brand.logo");
    expect(page("fr")).not.toContain("shop.brand");
    expect(page("fr")).not.toContain("<style>");
  });

  test("the standalone document has one <style>, a system serif for headings and nothing from another origin", () => {
    const doc = standaloneDocument(page("en"), "en", "Provenance", "n0nce");
    expect(doc.match(/<style/g)).toHaveLength(1);
    expect(doc).toContain('<style nonce="n0nce">');
    expect(doc).toMatch(/h1,.loupe-provenance h2,.loupe-provenance h3\{font-family:[^}]*serif/);
    // A strict CSP allows that one <style> by its hash.
    const style = /<style[^>]*>([^<]*)<\/style>/.exec(doc)![1]!;
    expect(STANDALONE_STYLE_CSP).toBe(`'sha256-${createHash("sha256").update(style).digest("base64")}'`);
    // Nothing loaded from elsewhere (links such as the lab's report check are only links).
    expect(doc).not.toMatch(/@import|@font-face|url\(|<link|<script|src="/);
  });

  test("staff text can never become Liquid or HTML", () => {
    const hostile = signRecord(
      publicRecord({ ...source, piece: { ...source.piece, title: "{{ shop.secret }}<script>x</script>" } }),
      "2026-03-03T09:00:00.000Z",
      keys.privateKey,
      rawPublicKey(keys.publicKey),
      1,
    );
    const html = provenanceBody(hostile, { locale: "en", weightUnit: "g", matchesSignature: true, inTheme: true });
    expect(html).not.toContain("{{ shop.secret");
    expect(html).not.toContain("<script>");
  });
});
