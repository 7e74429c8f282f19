import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import { locationCodeFromDigest, readLocationCode } from "../../../app/domain/locations/code";
import { TAG_ALPHABET, generateTagCode, validateTagCode } from "../../../app/domain/tagcode";

const digestOf = (id: string) => createHash("sha256").update(id).digest();

describe("location codes", () => {
  test("derived from the id: stable, prefixed, 6 symbols and a check symbol", () => {
    const code = locationCodeFromDigest(digestOf("cm0location1"));
    expect(code).toMatch(/^L-[0-9A-HJKMNP-TV-Z]{7}$/);
    expect(locationCodeFromDigest(digestOf("cm0location1"))).toBe(code);
    expect(locationCodeFromDigest(digestOf("cm0location2"))).not.toBe(code);
  });

  test("round trip: printed, scanned, typed in lower case without hyphen", () => {
    for (let i = 0; i < 200; i++) {
      const code = locationCodeFromDigest(digestOf(`loc-${i}`));
      expect(readLocationCode(code)).toEqual({ kind: "location", code });
      expect(readLocationCode(` ${code.toLowerCase().replace("-", "")} `)).toEqual({ kind: "location", code });
    }
  });

  test("O, I and L after the prefix read as 0, 1 and 1", () => {
    const code = locationCodeFromDigest(Uint8Array.from([0, 1, 0, 1, 0, 1]));
    expect(code.slice(2, 8)).toBe("010101");
    const typed = "L-" + code.slice(2, 8).replace(/0/g, "O").replace(/1/g, "I") + code.slice(8);
    expect(readLocationCode(typed)).toEqual({ kind: "location", code });
  });

  test("the check symbol catches every single substitution", () => {
    const code = locationCodeFromDigest(digestOf("check"));
    for (let pos = 2; pos < code.length; pos++) {
      for (const symbol of TAG_ALPHABET) {
        if (symbol === code[pos]) continue;
        const wrong = code.slice(0, pos) + symbol + code.slice(pos + 1);
        expect(readLocationCode(wrong)).toEqual({ kind: "invalid-location", reason: "CHECK" });
      }
    }
  });

  test("a code meant as a location (L- prefix) but malformed is reported as such", () => {
    expect(readLocationCode("L-12345")).toEqual({ kind: "invalid-location", reason: "LENGTH" });
    expect(readLocationCode("L-12345U7")).toEqual({ kind: "invalid-location", reason: "CHARACTER" });
  });

  test("never confused with piece tag codes, either way", () => {
    let seed = 7;
    const random = (n: number) =>
      Uint8Array.from({ length: n }, () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 255);
    for (let i = 0; i < 2000; i++) {
      const tag = generateTagCode(random);
      expect(readLocationCode(tag)).toEqual({ kind: "not-a-location" });
      expect(readLocationCode(`${tag.slice(0, 4)}-${tag.slice(4)}`)).toEqual({ kind: "not-a-location" });
    }
    for (let i = 0; i < 200; i++) {
      expect(validateTagCode(locationCodeFromDigest(digestOf(`loc-${i}`))).ok).toBe(false);
    }
    // Imported codes with an L are left to the piece lookup unless they are exactly a location code.
    expect(readLocationCode("LP-000123")).toEqual({ kind: "not-a-location" });
    expect(readLocationCode("L23456X")).toEqual({ kind: "not-a-location" });
  });
});
