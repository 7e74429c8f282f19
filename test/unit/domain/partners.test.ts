// The partners register's rules: SIREN and SIRET keys (Luhn, La Poste's exception), the French VAT
// key, other EU VAT formats, the form's messages, and what a merge keeps.
import { describe, expect, test } from "vitest";
import {
  auditedChange,
  bpToPercentText,
  changedFields,
  compactNumber,
  consignmentDefaults,
  flagsToRoles,
  frenchVatKey,
  frenchVatNumber,
  legacyKind,
  luhnValid,
  mergeConflict,
  mergedFields,
  partnerFieldsOf,
  partnerFormOf,
  partnerFormSchema,
  percentTextToBp,
  rolesToFlags,
  sirenProblem,
  siretProblem,
  vatProblem,
  type PartnerFields,
} from "../../../app/domain/partners";

describe("SIREN: nine digits whose Luhn sum is a multiple of 10", () => {
  test.each([
    // Digits from the right 5 4 0 5 6 2 3 0 3, every second one doubled (4→8, 5→10→1, 2→4, 0→0):
    // 5 + 8 + 0 + 1 + 6 + 4 + 3 + 0 + 3 = 30 → valid.
    ["303265045", null],
    ["732829320", null],
    ["443061841", null],
    ["552032534", null],
    ["123456789", "CHECK"], // Luhn sum 47
    ["303265046", "CHECK"], // last digit changed
    ["330265045", "CHECK"], // two digits swapped
    ["30326504", "FORMAT"],
    ["3032650450", "FORMAT"],
    ["30326504A", "FORMAT"],
    ["", "FORMAT"],
  ])("%s → %s", (siren, problem) => {
    expect(sirenProblem(siren)).toBe(problem);
  });

  test("Luhn refuses anything but digits", () => {
    expect(luhnValid("0")).toBe(true);
    expect(luhnValid("18")).toBe(true); // 1×2 + 8 = 10
    expect(luhnValid("1-8")).toBe(false);
  });
});

describe("SIRET: fourteen digits, Luhn, except La Poste's (digits summing to a multiple of 5)", () => {
  test.each([
    ["73282932000074", null],
    ["44306184100047", null],
    ["55203253400646", null],
    ["73282932000075", "CHECK"],
    ["12345678901234", "CHECK"],
    ["7328293200007", "FORMAT"],
    // La Poste, SIREN 356 000 000: 3+5+6+4+9+8+3+7 = 45, a multiple of 5, though Luhn fails.
    ["35600000049837", null],
    // Luhn holds here, but La Poste's rule does not (3+5+6+4+8 = 26).
    ["35600000000048", "CHECK"],
  ])("%s → %s", (siret, problem) => {
    expect(siretProblem(siret)).toBe(problem);
  });
});

describe("French VAT: FR + key + SIREN, key = (12 + 3 × (SIREN mod 97)) mod 97", () => {
  test.each([
    // 303265045 − 97 × 3126443 (= 303264971) = 74 → (12 + 222) mod 97 = 234 − 194 = 40.
    ["303265045", "40"],
    // 732829320 − 97 × 7554941 (= 732829277) = 43 → (12 + 129) mod 97 = 141 − 97 = 44.
    ["732829320", "44"],
    // 552032534 − 97 × 5691057 (= 552032529) = 5 → 12 + 15 = 27.
    ["552032534", "27"],
    // 404833048 − 97 × 4173536 (= 404832992) = 56 →
    // (12 + 168) mod 97 = 180 − 97 = 83.
    ["404833048", "83"],
  ])("SIREN %s → key %s", (siren, key) => {
    expect(frenchVatKey(siren)).toBe(key);
    expect(frenchVatNumber(siren)).toBe(`FR${key}${siren}`);
    expect(vatProblem(`FR${key}${siren}`)).toBeNull();
  });

  test("a two-digit key padded with a zero", () => {
    // 97 × k + r with r chosen so that (12 + 3r) mod 97 < 10: r = 30 gives 102 mod 97 = 5.
    expect(frenchVatKey(String(97 * 1_000_000 + 30))).toBe("05");
  });

  test.each([
    ["FR41303265045", "KEY"], // key 40 expected
    ["FR40303265046", "SIREN"], // the SIREN inside fails Luhn
    ["FR4030326504", "FORMAT"],
    ["FRAB303265045", null], // new-style alphabetic keys: format only
    ["FRIO303265045", "FORMAT"], // I and O are never used in keys
  ])("%s → %s", (vat, problem) => {
    expect(vatProblem(vat)).toBe(problem);
  });
});

describe("other EU VAT numbers: format by country", () => {
  test.each([
    ["DE136695976", null],
    ["DE13669597", "FORMAT"],
    ["ATU13585627", null],
    ["AT13585627", "FORMAT"],
    ["BE0411905847", null],
    ["BE411905847", "FORMAT"],
    ["ESA28015865", null],
    ["ELR94584827", "FORMAT"],
    ["EL094584827", null],
    ["GR094584827", "COUNTRY"], // Greece's VAT prefix is EL
    ["IT00743110157", null],
    ["NL004495445B01", null],
    ["NL004495445A01", "FORMAT"],
    ["SE556703748501", null],
    ["SE556703748502", "FORMAT"],
    ["IE6388047V", null],
    ["IE6388047VA", null],
    ["XI123456789", null],
    ["GB123456789", "COUNTRY"], // no longer EU
    ["US123456789", "COUNTRY"],
  ])("%s → %s", (vat, problem) => {
    expect(vatProblem(vat)).toBe(problem);
  });

  test("typed numbers are compacted before the check", () => {
    expect(compactNumber(" fr 40 303.265-045 ")).toBe("FR40303265045");
    expect(compactNumber("732\u00a0829\u202f320")).toBe("732829320");
  });
});

describe("the partner form", () => {
  const base = { name: "Atelier Dupont" };
  const errorsOf = (form: Record<string, unknown>) => {
    const parsed = partnerFormSchema.safeParse(form);
    return parsed.success ? {} : Object.fromEntries(parsed.error.issues.map((i) => [i.path.join("."), i.message]));
  };

  test("a name is all it needs; blanks become nulls and roles flags", () => {
    const parsed = partnerFormSchema.parse({ ...base, roles: "consignor" });
    expect(partnerFieldsOf(parsed)).toMatchObject({
      name: "Atelier Dupont",
      isConsignor: true,
      isSupplier: false,
      siren: null,
      termsCommissionBp: null,
    });
    expect(errorsOf({ name: "  " })).toEqual({ name: "partners.error.nameRequired" });
  });

  test("each number's problem is named on its own field", () => {
    expect(
      errorsOf({
        ...base,
        siren: "303 265 046",
        siret: "1234",
        vatNumber: "FR41303265045",
        email: "no-at",
        country: "FRA",
      }),
    ).toEqual({
      siren: "partners.error.sirenCheck",
      siret: "partners.error.siretFormat",
      vatNumber: "partners.error.vatKey",
      email: "partners.error.email",
      country: "partners.error.tooLong",
    });
    expect(errorsOf({ ...base, siren: "30326504" })).toEqual({ siren: "partners.error.sirenFormat" });
    expect(errorsOf({ ...base, siret: "73282932000075" })).toEqual({ siret: "partners.error.siretCheck" });
    expect(errorsOf({ ...base, vatNumber: "US1" })).toEqual({ vatNumber: "partners.error.vatCountry" });
    expect(errorsOf({ ...base, vatNumber: "FR40303265046" })).toEqual({ vatNumber: "partners.error.vatSirenCheck" });
  });

  test("SIRET and VAT number must carry the partner's SIREN", () => {
    expect(errorsOf({ ...base, siren: "732829320", siret: "44306184100047" })).toEqual({
      siret: "partners.error.siretSiren",
    });
    expect(errorsOf({ ...base, siren: "732829320", vatNumber: "FR40303265045" })).toEqual({
      vatNumber: "partners.error.vatSiren",
    });
    expect(errorsOf({ ...base, siren: "732829320", siret: "73282932000074", vatNumber: "FR44732829320" })).toEqual({});
  });

  test("a SIREN left empty comes from the SIRET, else from a French VAT number", () => {
    expect(partnerFieldsOf(partnerFormSchema.parse({ ...base, siret: "73282932000074" })).siren).toBe("732829320");
    expect(partnerFieldsOf(partnerFormSchema.parse({ ...base, vatNumber: "fr40303265045" }))).toMatchObject({
      siren: "303265045",
      vatNumber: "FR40303265045",
    });
    expect(partnerFieldsOf(partnerFormSchema.parse({ ...base, vatNumber: "DE136695976" })).siren).toBeNull();
  });

  test("terms: commission in basis points, days as whole numbers up to ten years", () => {
    const fields = partnerFieldsOf(
      partnerFormSchema.parse({ ...base, commission: "12,5", paymentDays: "30", returnDays: "90" }),
    );
    expect(fields).toMatchObject({ termsCommissionBp: 1250, termsPaymentDays: 30, termsReturnDays: 90 });
    expect(errorsOf({ ...base, commission: "101", paymentDays: "-1", returnDays: "4000" })).toEqual({
      commission: "partners.error.percent",
      paymentDays: "partners.error.days",
      returnDays: "partners.error.days",
    });
    expect(partnerFormOf(fields)).toMatchObject({ commission: "12.5", paymentDays: "30", roles: [] });
  });

  test.each([
    ["0", 0],
    ["12", 1200],
    ["12.5", 1250],
    ["12,05", 1205],
    ["100", 10000],
    ["33 %", 3300],
    ["100.01", null],
    ["1.234", null],
    ["abc", null],
  ])("percent %s → %s bp", (text, bp) => {
    expect(percentTextToBp(text)).toBe(bp);
    if (bp !== null) expect(percentTextToBp(bpToPercentText(bp))).toBe(bp);
  });
});

describe("roles, changes and merges", () => {
  const partner = (over: Partial<PartnerFields>): PartnerFields => ({
    ...partnerFieldsOf(partnerFormSchema.parse({ name: "X" })),
    ...over,
  });

  test("roles ↔ flags ↔ the old kind", () => {
    expect(rolesToFlags(["supplier", "workshop"])).toEqual({
      isSupplier: true,
      isConsignor: false,
      isMemoPartner: false,
      isWorkshop: true,
    });
    expect(flagsToRoles(rolesToFlags(["memo", "consignor"]))).toEqual(["consignor", "memo"]);
    expect(legacyKind(rolesToFlags(["supplier", "consignor"]))).toBe("both");
    expect(legacyKind(rolesToFlags(["consignor"]))).toBe("consignor");
    expect(legacyKind(rolesToFlags(["workshop"]))).toBe("other");
  });

  test("only changed fields are listed, with before and after", () => {
    expect(changedFields(partner({ city: "Paris" }), partner({ city: "Lyon", isSupplier: true }))).toEqual({
      before: { isSupplier: false, city: "Paris" },
      after: { isSupplier: true, city: "Lyon" },
    });
  });

  test("a merge keeps the survivor's values, fills its blanks and joins the roles", () => {
    const kept = mergedFields(
      partner({ name: "Dupont SA", city: "Paris", isSupplier: true }),
      partner({ name: "Dupont", city: "Lyon", phone: "01 02", isConsignor: true }),
    );
    expect(kept).toMatchObject({
      name: "Dupont SA",
      city: "Paris",
      phone: "01 02",
      isSupplier: true,
      isConsignor: true,
    });
  });

  test("two different SIRENs (or VAT numbers) are two companies", () => {
    expect(mergeConflict(partner({ siren: "732829320" }), partner({ siren: "303265045" }))).toBe("siren");
    expect(mergeConflict(partner({ siren: "732829320" }), partner({}))).toBeNull();
    expect(mergeConflict(partner({ vatNumber: "DE136695976" }), partner({ vatNumber: "DE136695977" }))).toBe(
      "vatNumber",
    );
  });
});

describe("a consignor's default terms prefill the intake's empty consignment fields", () => {
  const terms = { commissionBp: 1250, returnDays: 90, notes: "Retour sous 8 jours après demande" };
  const options = { today: "2026-12-07", decimalComma: true };

  test("commission in the reader's style, due date = received + return days, conditions", () => {
    // 2026-12-01 + 90 days: 30 left in December → 2026-12-31 is day 30, + 31 (Jan) = 61, + 28
    // (Feb) = 89 → 2027-03-01 is day 90.
    expect(consignmentDefaults(terms, { receivedAt: "2026-12-01" }, options)).toEqual({
      commission: "12,5",
      dueAt: "2027-03-01",
      returnConditions: "Retour sous 8 jours après demande",
    });
    expect(consignmentDefaults(terms, {}, { ...options, decimalComma: false }).commission).toBe("12.5");
    // No reception day: counted from today (2026-12-07 + 90 = 2027-03-07).
    expect(consignmentDefaults(terms, {}, options).dueAt).toBe("2027-03-07");
  });

  test("what the person already typed is kept; an agreed net price leaves the commission empty", () => {
    expect(
      consignmentDefaults(terms, { commission: "20", dueAt: "2027-01-01", returnConditions: "x" }, options),
    ).toEqual({});
    expect(consignmentDefaults(terms, { agreedNet: "500" }, options).commission).toBeUndefined();
    expect(consignmentDefaults({ commissionBp: null, returnDays: null, notes: null }, {}, options)).toEqual({});
  });
});

describe("audit entries value every field but a person's contact details", () => {
  const fields = (over: Partial<PartnerFields>): PartnerFields => ({
    ...partnerFieldsOf(partnerFormSchema.parse({ name: "Mme Durand", roles: "consignor" })),
    ...over,
  });

  test("a creation lists the contact details given, without their values", () => {
    expect(auditedChange(null, fields({ email: "durand@example.fr", city: "Nantes" }))).toEqual({
      after: expect.objectContaining({ name: "Mme Durand", city: "Nantes", isConsignor: true }),
      personalChanged: ["email"],
    });
    expect(JSON.stringify(auditedChange(null, fields({ email: "durand@example.fr" })))).not.toContain("durand@");
  });

  test("a change keeps other fields' before and after and names the personal ones changed", () => {
    const entry = auditedChange(
      fields({ phone: "0601020304", city: "Nantes" }),
      fields({ phone: "0611111111", city: "Rennes" }),
    );
    expect(entry).toEqual({ before: { city: "Nantes" }, after: { city: "Rennes" }, personalChanged: ["phone"] });
  });
});
