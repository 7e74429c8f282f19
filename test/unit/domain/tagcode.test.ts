import { describe, expect, test } from "vitest";
import {
  displayTagCode,
  generateTagCode,
  luhnCheckSymbol,
  normalizeTagCode,
  TAG_ALPHABET,
  validateTagCode,
} from "../../../app/domain/tagcode";

/** Deterministic pseudo-random bytes (xorshift32) so failures reproduce. */
function seededBytes(seed: number): (n: number) => Uint8Array {
  let state = seed >>> 0 || 1;
  return (n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      state ^= state << 13;
      state >>>= 0;
      state ^= state >>> 17;
      state ^= state << 5;
      state >>>= 0;
      out[i] = state & 0xff;
    }
    return out;
  };
}

const sampleCodes = (() => {
  const random = seededBytes(20261126);
  return Array.from({ length: 200 }, () => generateTagCode(random));
})();

describe("generateTagCode", () => {
  test("maps bytes to symbols modulo 32 and appends the check symbol", () => {
    const code = generateTagCode(() => Uint8Array.from([0, 1, 31, 32, 255, 100]));
    // 0->0, 1->1, 31->Z, 32->0, 255->31->Z, 100->4
    expect(code.slice(0, 6)).toBe("01Z0Z4");
    expect(code).toBe(`01Z0Z4${luhnCheckSymbol("01Z0Z4")}`);
  });

  test("hand-worked Luhn mod 32 check symbol", () => {
    // Payload "000001": from the right, 1 is doubled -> 2; sum 2; check = (32 - 2) % 32 = 30 = "Y".
    expect(luhnCheckSymbol("000001")).toBe("Y");
    // "00000Z": Z = 31 not doubled -> 31; check = 1.
    expect(luhnCheckSymbol("00000Z")).toBe("1");
    // "0000Z0": Z doubled = 62 = 1*32 + 30 -> 1 + 30 = 31; check = 1, same as above: the blind spot.
    expect(luhnCheckSymbol("0000Z0")).toBe("1");
    expect(luhnCheckSymbol("000000")).toBe("0");
  });

  test("every generated code validates and uses only the alphabet", () => {
    for (const code of sampleCodes) {
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{7}$/);
      expect(validateTagCode(code)).toEqual({ ok: true, code });
    }
    expect(new Set(sampleCodes).size).toBe(sampleCodes.length);
  });

  test("refuses short randomness", () => {
    expect(() => generateTagCode(() => new Uint8Array(5))).toThrow("randomBytes returned too few bytes");
  });
});

describe("the check symbol catches errors", () => {
  test("every single-symbol substitution, at every position, of 200 codes", () => {
    let tried = 0;
    for (const code of sampleCodes) {
      for (let position = 0; position < code.length; position++) {
        for (const symbol of TAG_ALPHABET) {
          if (symbol === code[position]) continue;
          const wrong = code.slice(0, position) + symbol + code.slice(position + 1);
          expect(validateTagCode(wrong)).toEqual({ ok: false, reason: "CHECK" });
          tried++;
        }
      }
    }
    expect(tried).toBe(200 * 7 * 31);
  });

  test("every adjacent transposition except 0Z/Z0, over all symbol pairs at every position", () => {
    const missed = new Set<string>();
    let checkPairsTried = 0;
    const base = sampleCodes[0] ?? "";
    for (let position = 0; position < 6; position++) {
      for (const a of TAG_ALPHABET) {
        for (const b of TAG_ALPHABET) {
          if (a === b) continue;
          const payloadAndCheck = base.slice(0, position) + a + b + base.slice(position + 2);
          // Make the original valid by recomputing its check symbol (unless the pair covers it).
          const original =
            position < 5 ? payloadAndCheck.slice(0, 6) + luhnCheckSymbol(payloadAndCheck.slice(0, 6)) : null;
          if (original === null) {
            // The pair ends on the check symbol: the original is payload[..5]+a with check b.
            const payload = base.slice(0, 5) + a;
            if (luhnCheckSymbol(payload) !== b) continue;
            const swapped = base.slice(0, 5) + b + a;
            if (validateTagCode(swapped).ok) missed.add(`${a}${b}`);
            checkPairsTried++;
            continue;
          }
          const swapped = original.slice(0, position) + b + a + original.slice(position + 2);
          if (validateTagCode(swapped).ok) missed.add(`${a}${b}`);
        }
      }
    }
    // The check symbol sits at an undoubled position, so the same single blind spot applies there.
    expect([...missed].sort()).toEqual(["0Z", "Z0"]);
    expect(checkPairsTried).toBeGreaterThan(0);
  });
});

describe("normalizeTagCode and validateTagCode", () => {
  const valid = sampleCodes[1] ?? "";
  test.each([
    [" 7k3q-x9m ", "7K3QX9M"],
    ["oO-iI lL", "001111"],
    ["ab\u2011cd", "ABCD"],
    ["ab\u2010cd", "ABCD"],
  ])("normalizeTagCode(%j) = %j", (input, expected) => {
    expect(normalizeTagCode(input)).toBe(expected);
  });

  test("accepts the display form, lower case and Crockford look-alikes", () => {
    expect(validateTagCode(displayTagCode(valid).toLowerCase())).toEqual({ ok: true, code: valid });
    const lookAlike = valid.replace(/0/g, "O").replace(/1/g, "l");
    expect(validateTagCode(lookAlike)).toEqual({ ok: true, code: valid });
  });

  test.each([
    ["", "LENGTH"],
    ["7K3QX9", "LENGTH"],
    ["7K3QX9MM", "LENGTH"],
    ["7K3QX9U", "CHARACTER"],
    ["7K3QX9*", "CHARACTER"],
    ["7K3QX9É", "CHARACTER"],
  ])("validateTagCode(%j) -> %s", (input, reason) => {
    expect(validateTagCode(input)).toEqual({ ok: false, reason });
  });

  test("displayTagCode splits 4-3", () => {
    expect(displayTagCode("7K3QX9M")).toBe("7K3Q-X9M");
  });
});
