import { describe, expect, test } from "vitest";
import { certificateNumberSearches, foldForSearch, searchWords } from "../../../app/domain/search-text";

describe("foldForSearch drops case, accents and ligatures", () => {
  test.each([
    ["Bague jaune en Or", "bague jaune en or"],
    ["Chevalière", "chevaliere"],
    ["ÉMERAUDE  Œil-de-Tigre", "emeraude oeil-de-tigre"],
    ["Cœur\u00a0serti", "coeur serti"],
    ["  Saphir  ", "saphir"],
    ["Gübelin", "gubelin"],
  ])("%j -> %j", (text, folded) => {
    expect(foldForSearch(text)).toBe(folded);
  });
});

describe("searchWords are the folded words of a search, in any order", () => {
  test.each([
    ["bague or jaune", ["bague", "or", "jaune"]],
    ["  Bague   OR ", ["bague", "or"]],
    ["Chevalière chevaliere", ["chevaliere"]],
    ["", []],
  ])("%j -> %j", (term, words) => {
    expect(searchWords(term)).toEqual(words);
  });
});

describe("certificate numbers match with or without the lab and spaces", () => {
  test.each([
    ["2141438167", [{ number: "2141438167" }]],
    [
      "GIA 2141438167",
      [{ number: "GIA 2141438167" }, { number: "GIA2141438167" }, { number: "2141438167", lab: "GIA" }],
    ],
    ["gia2141438167", [{ number: "gia2141438167" }, { number: "GIA2141438167" }, { number: "2141438167", lab: "GIA" }]],
    ["IGI LG-123 456", [{ number: "IGI LG-123 456" }, { number: "IGILG123456" }, { number: "LG123456", lab: "IGI" }]],
    ["2141 438 167", [{ number: "2141 438 167" }, { number: "2141438167" }]],
    ["lg123456", [{ number: "lg123456" }, { number: "LG123456" }]],
    ["HRD 2100", [{ number: "HRD 2100" }, { number: "HRD2100" }, { number: "2100", lab: "HRD" }]],
    ["Bague 750", [{ number: "Bague 750" }, { number: "BAGUE750" }]],
  ])("%j -> %j", (term, searches) => {
    expect(certificateNumberSearches(term)).toEqual(searches);
  });
});
