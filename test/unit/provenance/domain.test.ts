import { generateKeyPairSync } from "node:crypto";
import { describe, expect, test } from "vitest";
import { dayIn, publicRecord, type ProvenanceSource } from "../../../app/domain/provenance/record";
import {
  fingerprintOf,
  normaliseFingerprint,
  rawPublicKey,
  recordDigest,
  signRecord,
  signedMessage,
  verifyEnvelope,
} from "../../../app/domain/provenance/signature";
import {
  appProxyMessage,
  checkAppProxy,
  signAppProxyParams,
  PROXY_MAX_AGE_SECONDS,
  PROXY_MAX_FUTURE_SECONDS,
} from "../../../app/domain/provenance/app-proxy";
import { RateLimiter } from "../../../app/domain/provenance/rate-limit";

const source: ProvenanceSource = {
  token: "tok_tok_tok_tok_tok_tok",
  shop: { domain: "a.myshopify.com", name: "A", ianaTimezone: "Europe/Paris" },
  piece: {
    title: "Ring",
    madeBy: null,
    originNotes: null,
    acquiredAt: new Date("2026-03-01T23:30:00Z"),
    createdAt: new Date("2020-01-01"),
    soldAt: new Date("2026-05-01T12:00:00Z"),
  },
  metals: [
    {
      metal: "gold",
      colour: "yellow",
      finenessBp: 7500,
      grossWeightMg: 12345678901234567n,
      fineWeightMg: 9259259175925925n,
      hallmark: null,
    },
  ],
  stones: [
    {
      type: "diamond",
      origin: "natural",
      shape: null,
      millicarats: 1,
      count: 12,
      colour: null,
      clarity: null,
      cutGrade: null,
      measurements: null,
      treatment: null,
      position: "accent",
      certificate: { lab: "IGI", number: "LG1" },
    },
  ],
  certificates: [
    {
      lab: "IGI",
      number: "LG1",
      issuedAt: new Date("2026-02-01T00:00:00Z"),
      grades: '{"colour":"D","weird":{"x":1},"n":3}',
    },
  ],
  serviceEvents: [{ kind: "resizing", at: new Date("2026-04-01T10:00:00Z"), publicNote: null }],
};

describe("public record", () => {
  test("days are taken in the shop's time zone (23:30 UTC on 1 March is 2 March in Paris)", () => {
    expect(dayIn(new Date("2026-03-01T23:30:00Z"), "Europe/Paris")).toBe("2026-03-02");
    expect(dayIn(new Date("2026-03-01T23:30:00Z"), "America/New_York")).toBe("2026-03-01");
  });

  test("events are ordered by day: received, certified, serviced, sold", () => {
    expect(publicRecord(source).events).toEqual([
      { kind: "certified", date: "2026-02-01", lab: "IGI", number: "LG1" },
      { kind: "received", date: "2026-03-02" },
      { kind: "service", date: "2026-04-01", service: "resizing", note: null },
      { kind: "sold", date: "2026-05-01" },
    ]);
  });

  test("weights stay exact as decimal strings; only flat grades are published", () => {
    const r = publicRecord(source);
    expect(r.metals[0]!.grossWeightMg).toBe("12345678901234567");
    expect(r.certificates[0]!.grades).toEqual({ colour: "D", n: "3" });
    expect(r.stones[0]!.certificate).toBe("IGI LG1");
  });

  test("a maker makes the first event 'made'", () => {
    expect(publicRecord({ ...source, piece: { ...source.piece, madeBy: "Atelier" } }).events[1]).toEqual({
      kind: "made",
      date: "2026-03-02",
    });
  });
});

describe("signatures", () => {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const raw = rawPublicKey(publicKey);
  const record = publicRecord(source);
  const envelope = signRecord(record, "2026-11-26T10:00:00.000Z", privateKey, raw);

  test("a signed record verifies; its fingerprint is 4 groups of 5 hex digits", () => {
    expect(verifyEnvelope(JSON.parse(JSON.stringify(envelope)))).toEqual({
      ok: true,
      fingerprint: envelope.signature.fingerprint,
      signedAt: "2026-11-26T10:00:00.000Z",
      version: null,
    });
    expect(envelope.signature.fingerprint).toMatch(/^[0-9A-F]{5}(-[0-9A-F]{5}){3}$/);
    expect(envelope.signature.fingerprint).toBe(fingerprintOf(raw));
  });

  test("key order in the file does not matter: the message is canonical JSON", () => {
    const reordered = {
      signature: envelope.signature,
      signedAt: envelope.signedAt,
      record: Object.fromEntries(Object.entries(envelope.record).reverse()),
      format: envelope.format,
    };
    expect(verifyEnvelope(reordered).ok).toBe(true);
    expect(signedMessage(record, "x")).toBe(signedMessage(JSON.parse(JSON.stringify(record)), "x"));
  });

  test.each([
    ["a changed title", (e: typeof envelope) => ({ ...e, record: { ...e.record, title: "Other" } })],
    [
      "a changed weight",
      (e: typeof envelope) => ({
        ...e,
        record: { ...e.record, metals: [{ ...e.record.metals[0]!, grossWeightMg: "1" }] },
      }),
    ],
    ["a changed date", (e: typeof envelope) => ({ ...e, signedAt: "2027-01-01T00:00:00.000Z" })],
  ])("%s breaks the signature", (_name, alter) => {
    expect(verifyEnvelope(alter(envelope))).toEqual({ ok: false, reason: "BAD_SIGNATURE" });
  });

  test("a swapped key is caught by its fingerprint; another shop's key by the expected fingerprint", () => {
    const other = generateKeyPairSync("ed25519");
    const otherRaw = rawPublicKey(other.publicKey);
    expect(verifyEnvelope({ ...envelope, signature: { ...envelope.signature, publicKey: otherRaw } })).toEqual({
      ok: false,
      reason: "FINGERPRINT_MISMATCH",
    });
    const forged = signRecord(record, envelope.signedAt, other.privateKey, otherRaw);
    expect(verifyEnvelope(forged).ok).toBe(true);
    expect(verifyEnvelope(forged, envelope.signature.fingerprint)).toEqual({ ok: false, reason: "UNEXPECTED_KEY" });
    expect(
      verifyEnvelope(envelope, normaliseFingerprint(envelope.signature.fingerprint.toLowerCase().replace(/-/g, " "))),
    ).toMatchObject({ ok: true });
  });

  test.each([
    null,
    42,
    {},
    { format: "loupe-provenance/1" },
    { ...envelope, signature: { ...envelope.signature, publicKey: "AAAA" } },
  ])("malformed input %# is refused, not thrown", (input) => {
    expect(verifyEnvelope(input).ok).toBe(false);
  });

  test("a numbered version signs its number: it verifies with it, and a changed or removed number breaks it", () => {
    const v2 = signRecord(record, "2026-12-07T10:00:00.000Z", privateKey, raw, 2);
    expect(v2.format).toBe("loupe-provenance/2");
    expect(verifyEnvelope(JSON.parse(JSON.stringify(v2)))).toEqual({
      ok: true,
      fingerprint: v2.signature.fingerprint,
      signedAt: "2026-12-07T10:00:00.000Z",
      version: 2,
    });
    // Passing version 2 off as version 3 (a later one) fails the signature.
    expect(verifyEnvelope({ ...v2, version: 3 })).toEqual({ ok: false, reason: "BAD_SIGNATURE" });
    // A numbered format without its number is not a record at all.
    const { version: _dropped, ...unnumbered } = v2;
    expect(verifyEnvelope(unnumbered)).toEqual({ ok: false, reason: "MALFORMED" });
    // Nor is a version 1 record with a number glued on.
    expect(verifyEnvelope({ ...envelope, version: 1 }).ok).toBe(true);
    expect(verifyEnvelope({ ...envelope, format: "loupe-provenance/2", version: 1 })).toEqual({
      ok: false,
      reason: "BAD_SIGNATURE",
    });
  });

  test("the digest changes with any field", () => {
    expect(recordDigest(record)).not.toBe(recordDigest({ ...record, originNotes: "x" }));
  });
});

describe("app proxy signature", () => {
  const secret = "s3cret";
  const now = 1_800_000_000;
  const base = {
    shop: "a.myshopify.com",
    path_prefix: "/apps/loupe",
    timestamp: String(now),
    logged_in_customer_id: "",
  };

  test("Shopify's documented example message: sorted k=v with nothing between, repeated keys joined by commas", () => {
    const params = new URLSearchParams(
      "extra=1&extra=2&shop=s.myshopify.com&path_prefix=%2Fapps%2Fx&timestamp=1317327555&signature=abc",
    );
    expect(appProxyMessage(params)).toBe("extra=1,2path_prefix=/apps/xshop=s.myshopify.comtimestamp=1317327555");
  });

  test("a fresh signed request passes", () => {
    expect(checkAppProxy(signAppProxyParams(base, secret), secret, now)).toEqual({
      ok: true,
      shop: "a.myshopify.com",
      customerSignedIn: false,
    });
  });

  test.each([
    ["no signature", () => new URLSearchParams(base), "MISSING_SIGNATURE"],
    ["another secret", () => signAppProxyParams(base, "other"), "BAD_SIGNATURE"],
    [
      "a changed parameter",
      () => {
        const p = signAppProxyParams(base, secret);
        p.set("path_prefix", "/apps/x");
        return p;
      },
      "BAD_SIGNATURE",
    ],
    [
      "a stale timestamp",
      () => signAppProxyParams({ ...base, timestamp: String(now - PROXY_MAX_AGE_SECONDS - 1) }, secret),
      "STALE",
    ],
    [
      "a future timestamp",
      () => signAppProxyParams({ ...base, timestamp: String(now + PROXY_MAX_FUTURE_SECONDS + 1) }, secret),
      "FUTURE",
    ],
    ["a non-numeric timestamp", () => signAppProxyParams({ ...base, timestamp: "1e9" }, secret), "BAD_TIMESTAMP"],
    [
      "a repeated shop",
      () => {
        const p = signAppProxyParams(base, secret);
        p.append("shop", "b.myshopify.com");
        return p;
      },
      "REPEATED_PARAMETER",
    ],
    [
      "a shop that is not a myshopify domain",
      () => signAppProxyParams({ ...base, shop: "evil.example.com" }, secret),
      "BAD_SHOP",
    ],
  ])("%s is refused", (_name, make, reason) => {
    expect(checkAppProxy(make(), secret, now)).toEqual({ ok: false, reason });
  });

  test("timestamps at the edges of the window pass", () => {
    expect(
      checkAppProxy(
        signAppProxyParams({ ...base, timestamp: String(now - PROXY_MAX_AGE_SECONDS) }, secret),
        secret,
        now,
      ).ok,
    ).toBe(true);
    expect(
      checkAppProxy(
        signAppProxyParams({ ...base, timestamp: String(now + PROXY_MAX_FUTURE_SECONDS) }, secret),
        secret,
        now,
      ).ok,
    ).toBe(true);
  });
});

describe("rate limiter", () => {
  test("a burst, then one per refill interval, per client", () => {
    const limiter = new RateLimiter({ burst: 2, perSecond: 1, maxClients: 10 });
    expect(limiter.take("a", 0).ok).toBe(true);
    expect(limiter.take("a", 0).ok).toBe(true);
    expect(limiter.take("a", 0)).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(limiter.take("b", 0).ok).toBe(true);
    expect(limiter.take("a", 1000).ok).toBe(true);
    expect(limiter.take("a", 1000).ok).toBe(false);
  });

  test("memory is bounded: the least recently seen clients are forgotten", () => {
    const limiter = new RateLimiter({ burst: 1, perSecond: 0.001, maxClients: 3 });
    for (const c of ["a", "b", "c", "d"]) limiter.take(c, 0);
    expect(limiter.size).toBe(3);
    expect(limiter.take("a", 0).ok).toBe(true); // forgotten, so a fresh bucket
    expect(limiter.take("d", 0).ok).toBe(false);
  });
});
