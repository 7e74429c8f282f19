// The intake schema: the same checks in the browser and in the action, each bad input with its
// exact message in English and French, beside the right field.
import { describe, expect, test } from "vitest";
import { checkPieceForm, type PieceForm } from "../../../app/domain/schemas/piece";
import { fieldErrors } from "../../../app/domain/schemas/field-errors";
import { parseListQuery, viewParams } from "../../../app/domain/schemas/list";

const NOW = new Date("2026-11-26T12:00:00Z");
const base = (overrides: Partial<PieceForm> = {}): PieceForm => ({
  title: "Bague",
  link: "none",
  metals: [{ metal: "gold", fineness: "750", weight: "3.2", unit: "g" }],
  stones: [],
  certificates: [],
  consignment: null,
  ...overrides,
});
const check = (form: unknown, locale: "en" | "fr" = "en", canSeeCost = true) =>
  checkPieceForm(form, { locale: locale === "fr" ? "fr-FR" : "en-GB", currency: "EUR", canSeeCost, now: NOW });
const errors = (form: unknown, locale: "en" | "fr", canSeeCost = true) => {
  const r = check(form, locale, canSeeCost);
  return r.ok ? {} : fieldErrors(r.issues, locale);
};

describe("a good piece", () => {
  test("reads weights, fineness, carats and money exactly, in either language's notation", () => {
    const form = base({
      price: "1 250,50",
      metals: [{ metal: "gold", fineness: "18 k", weight: "2,5", unit: "dwt" }],
      stones: [{ type: "diamond", origin: "natural", carats: "0,012", count: "24", position: "accent" }],
      certificates: [{ lab: "GIA", number: "2141438765", issuedAt: "2025-06-02", colour: "G" }],
      consignment: { consignorName: "Mme Verne", commission: "12,5 %", dueAt: "2027-01-31", receivedAt: "2026-11-01" },
    });
    const r = check(form, "fr");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.priceMinor).toBe(125050n);
    expect(r.value.metals[0]).toMatchObject({
      finenessBp: 7500,
      grossWeightMg: 3888n,
      enteredWeight: "2,5",
      enteredUnit: "dwt",
    });
    expect(r.value.stones[0]).toMatchObject({ millicarats: 12, count: 24 });
    expect(r.value.certificates[0]).toMatchObject({
      issuedAt: new Date("2025-06-02T00:00:00Z"),
      grades: { colour: "G" },
    });
    expect(r.value.consignment).toMatchObject({ commissionBp: 1250, agreedNetMinor: null });
  });
});

const cases: [string, Partial<PieceForm>, string, string, string][] = [
  ["no title", { title: "  " }, "title", "Required.", "Obligatoire."],
  [
    "a negative weight",
    { metals: [{ metal: "gold", fineness: "750", weight: "-1", unit: "g" }] },
    "metals.0.weight",
    "A weight cannot be negative.",
    "Un poids ne peut pas être négatif.",
  ],
  [
    "a zero weight",
    { metals: [{ metal: "gold", fineness: "750", weight: "0", unit: "g" }] },
    "metals.0.weight",
    "A weight must be more than 0.",
    "Un poids doit être supérieur à 0.",
  ],
  [
    "a 5 kg ring",
    { metals: [{ metal: "gold", fineness: "750", weight: "5000", unit: "g" }] },
    "metals.0.weight",
    "More than 2000 g for one piece: check the weight and its unit.",
    "Plus de 2000 g pour une pièce\u202f: vérifiez le poids et son unité.",
  ],
  [
    "a 5 kg ring typed in troy ounces",
    { metals: [{ metal: "gold", fineness: "750", weight: "160", unit: "ozt" }] },
    "metals.0.weight",
    "More than 2000 g for one piece: check the weight and its unit.",
    "Plus de 2000 g pour une pièce\u202f: vérifiez le poids et son unité.",
  ],
  [
    "grams to 4 decimals",
    { metals: [{ metal: "gold", fineness: "750", weight: "3.2501", unit: "g" }] },
    "metals.0.weight",
    "At most 3 decimals in g.",
    "Au plus 3 décimales en g.",
  ],
  [
    "a weight that is not a number",
    { metals: [{ metal: "gold", fineness: "750", weight: "trois", unit: "g" }] },
    "metals.0.weight",
    "Enter a weight, for example 3.25.",
    "Saisissez un poids, par exemple 3,25.",
  ],
  [
    "an unknown gold fineness",
    { metals: [{ metal: "gold", fineness: "751", weight: "3", unit: "g" }] },
    "metals.0.fineness",
    "“751” is not a legal or common fineness for this metal.",
    "«\u202f751\u202f» n'est pas un titre légal ou courant pour ce métal.",
  ],
  [
    "platinum at 925",
    { metals: [{ metal: "platinum", fineness: "925", weight: "3", unit: "g" }] },
    "metals.0.fineness",
    "“925” is not a legal or common fineness for this metal.",
    "«\u202f925\u202f» n'est pas un titre légal ou courant pour ce métal.",
  ],
  [
    "karats on silver",
    { metals: [{ metal: "silver", fineness: "18k", weight: "3", unit: "g" }] },
    "metals.0.fineness",
    "Karats are for gold only: enter the fineness in thousandths (925, 950…).",
    "Les carats ne concernent que l'or\u202f: saisissez le titre en millièmes (925, 950…).",
  ],
  [
    "carats with 4 decimals",
    { stones: [{ type: "diamond", origin: "natural", carats: "0.5234", position: "centre" }] },
    "stones.0.carats",
    "At most 3 decimals: stones are weighed to 0.001 ct.",
    "Au plus 3 décimales\u202f: les pierres se pèsent au millième de carat.",
  ],
  [
    "negative carats",
    { stones: [{ type: "diamond", origin: "natural", carats: "-0.5", position: "centre" }] },
    "stones.0.carats",
    "A carat weight cannot be negative.",
    "Un poids en carats ne peut pas être négatif.",
  ],
  [
    "a melee count of zero",
    { stones: [{ type: "diamond", origin: "natural", carats: "0.01", count: "0", position: "accent" }] },
    "stones.0.count",
    "Enter a whole number of stones from 1 to 10,000.",
    "Saisissez un nombre entier de pierres de 1 à 10 000.",
  ],
  [
    "an unknown stone origin",
    { stones: [{ type: "diamond", origin: "moon" as never, carats: "0.5", position: "centre" }] },
    "stones.0.origin",
    "Choose one of the options.",
    "Choisissez l'une des options.",
  ],
  [
    "the same GIA number twice",
    {
      certificates: [
        { lab: "GIA", number: "1234" },
        { lab: "GIA", number: "1234" },
      ],
    },
    "certificates.1.number",
    "GIA report 1234 is already recorded.",
    "Le rapport GIA 1234 est déjà enregistré.",
  ],
  [
    "a certificate number with spaces",
    { certificates: [{ lab: "IGI", number: "LG 12 34" }] },
    "certificates.0.number",
    "Letters, digits, - / and . only, at most 40 characters.",
    "Lettres, chiffres, - / et . uniquement, 40 caractères au plus.",
  ],
  [
    "a stone graded by a missing certificate",
    { stones: [{ type: "diamond", origin: "natural", carats: "0.5", position: "centre", certificateIndex: "3" }] },
    "stones.0.certificateIndex",
    "This certificate does not exist in the form.",
    "Ce certificat n'existe pas dans le formulaire.",
  ],
  [
    "a future acquisition date",
    { acquiredAt: "2027-01-01" },
    "acquiredAt",
    "This date is in the future.",
    "Cette date est dans le futur.",
  ],
  [
    "an impossible date",
    { acquiredAt: "2026-02-30" },
    "acquiredAt",
    "Enter a date as YYYY-MM-DD.",
    "Saisissez une date au format AAAA-MM-JJ.",
  ],
  [
    "cents on a euro price past 2 decimals",
    { price: "0.505" },
    "price",
    "Too many decimals for EUR.",
    "Trop de décimales pour EUR.",
  ],
  [
    "a consignment with both commission and net price",
    { consignment: { consignorName: "X", commission: "20", agreedNet: "500" } },
    "consignment.commission",
    "Enter either a commission or an agreed net price (one of the two).",
    "Saisissez soit une commission, soit un prix net convenu (l'un des deux).",
  ],
  [
    "a commission over 100 %",
    { consignment: { consignorName: "X", commission: "120" } },
    "consignment.commission",
    "Enter a percentage from 0 to 100, at most 2 decimals.",
    "Saisissez un pourcentage de 0 à 100, au plus 2 décimales.",
  ],
  [
    "due back before received",
    { consignment: { consignorName: "X", commission: "20", receivedAt: "2026-11-01", dueAt: "2026-10-01" } },
    "consignment.dueAt",
    "The due date is before the date received.",
    "La date de retour est antérieure à la date de réception.",
  ],
  [
    "attach with no variant",
    { link: "attach" },
    "variantRef",
    "Enter the SKU or the variant id to attach to.",
    "Saisissez le SKU ou l'identifiant de la variante à rattacher.",
  ],
  [
    "a scan that is not a Shopify file",
    { certificates: [{ lab: "GIA", number: "1", scanFileGid: "gid://shopify/Product/1" }] },
    "certificates.0.scan",
    "The certificate scan could not be read back; upload it again.",
    "Le scan du certificat est illisible\u202f; téléversez-le à nouveau.",
  ],
];

describe.each(cases)("%s", (_name, overrides, field, en, fr) => {
  test("is refused beside its field, in English and in French", () => {
    expect(errors(base(overrides), "en")[field]).toBe(en);
    expect(errors(base(overrides), "fr")[field]).toBe(fr);
  });
});

describe("cost", () => {
  test("a role that may not see cost may not send it, nor a supplier", () => {
    expect(errors(base({ cost: "100" }), "en", false)).toEqual({ cost: "Your role may not record cost or supplier." });
    expect(errors(base({ supplierName: "Atelier" }), "fr", false)).toEqual({
      supplierName: "Votre rôle ne permet pas d'enregistrer le coût ni le fournisseur.",
    });
    const r = check(base({ cost: "1 900,00", supplierName: "Atelier" }), "fr", true);
    expect(r.ok && [r.value.costMinor, r.value.supplierName]).toEqual([190000n, "Atelier"]);
  });

  test("every problem is reported at once, not only the first", () => {
    const r = check(
      base({ title: "", price: "abc", metals: [{ metal: "gold", fineness: "751", weight: "-2", unit: "g" }] }),
    );
    expect(r.ok ? [] : r.issues.map((i) => i.path).sort()).toEqual([
      "metals.0.fineness",
      "metals.0.weight",
      "price",
      "title",
    ]);
  });
});

describe("the list query", () => {
  test("keeps known filters, drops malformed ones and the cursor from a saved view", () => {
    const q = parseListQuery(
      new URLSearchParams(
        "q=%20GIA%20&state=active&fineness=7500&metal=unobtainium&age=gt365&cursor=abc&sort=priceHigh",
      ),
    );
    expect(q).toEqual({
      q: "GIA",
      state: "active",
      fineness: 7500,
      metal: undefined,
      stone: undefined,
      lab: undefined,
      location: undefined,
      consigned: undefined,
      age: "gt365",
      sort: "priceHigh",
      cursor: "abc",
    });
    expect(viewParams(q)).toEqual({ q: "GIA", state: "active", fineness: "7500", age: "gt365", sort: "priceHigh" });
  });
});

describe("French numbers as a jeweler types them", () => {
  test("a price with its euro sign and a weight with its gram unit are read exactly", () => {
    const r = check(
      base({
        price: "4\u202f850,00\u00a0€",
        metals: [{ metal: "gold", fineness: "750", weight: "4,12 g", unit: "g" }],
      }),
      "fr",
    );
    expect(r.ok && r.value.priceMinor).toBe(485000n);
    expect(r.ok && r.value.metals[0]!.grossWeightMg).toBe(4120n);
  });

  test("a lone dot before three digits is refused in French with both readings, not guessed", () => {
    const form = base({
      price: "1.250",
      metals: [{ metal: "gold", fineness: "750", weight: "4.125", unit: "g" }],
      stones: [{ type: "diamond", origin: "natural", carats: "1.250", count: "1", position: "centre" }],
    });
    expect(errors(form, "fr")).toMatchObject({
      price: "«\u202f1.250\u202f» peut se lire 1250 ou 1,250\u202f: saisissez celui que vous voulez dire.",
      "metals.0.weight": "«\u202f4.125\u202f» peut se lire 4125 ou 4,125\u202f: saisissez celui que vous voulez dire.",
      "stones.0.carats": "«\u202f1.250\u202f» peut se lire 1250 ou 1,250\u202f: saisissez celui que vous voulez dire.",
    });
    // An English reader's dot is the decimal point: 1.25 € has too many decimals, 4.125 g is exact.
    expect(errors(form, "en")).toEqual({ price: "Too many decimals for EUR." });
  });
});
