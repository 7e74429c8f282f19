import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import {
  auditHash,
  canonicalJson,
  chainKey,
  headIsTrusted,
  headMac,
  movementHash,
  verifyAuditChain,
  verifyMovementChain,
  type AuditEntry,
  type AuditRow,
  type ChainHead,
  type ChainKey,
  type MovementEntry,
  type MovementRow,
} from "../../../app/domain/audit";

describe("canonicalJson", () => {
  test.each([
    [{ b: 1, a: 2 }, '{"a":2,"b":1}'],
    [{ z: { y: 1, x: [3, { d: 1, c: 2 }] } }, '{"z":{"x":[3,{"c":2,"d":1}],"y":1}}'],
    [{ n: 12345678901234567890n }, '{"n":"12345678901234567890"}'],
    [{ at: new Date("2026-11-26T09:00:00.000Z") }, '{"at":"2026-11-26T09:00:00.000Z"}'],
    [{ a: undefined, b: null }, '{"b":null}'],
    [{ s: 'quote " and é' }, '{"s":"quote \\" and é"}'],
    [-0, "0"],
    [[1, "2", true], '[1,"2",true]'],
    [{ B: 1, a: 2, _: 3 }, '{"B":1,"_":3,"a":2}'],
  ])("%o -> %s", (value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  test("key order of the input does not matter", () => {
    expect(canonicalJson({ a: 1, b: { c: 2, d: 3 } })).toBe(canonicalJson({ b: { d: 3, c: 2 }, a: 1 }));
  });

  test.each([
    [{ x: Number.NaN }, "canonicalJson: non-finite number at $.x"],
    [{ x: [1, undefined] }, "canonicalJson: undefined at $.x[1]"],
    [{ x: new Map() }, "canonicalJson: unsupported object at $.x"],
    [{ x: () => 1 }, "canonicalJson: unsupported function at $.x"],
    [{ x: new Date("nope") }, "canonicalJson: invalid Date at $.x"],
  ])("refuses %o", (value, message) => {
    expect(() => canonicalJson(value)).toThrow(message);
  });
});

function entry(seq: number, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    shopId: "shop_1",
    seq,
    at: new Date(Date.UTC(2026, 10, 26, 9, 0, seq)),
    actor: "staff:marie",
    action: "piece.state",
    entityType: "Piece",
    entityId: `piece_${seq}`,
    reason: seq % 2 === 0 ? "customer hold" : null,
    data: { from: "active", to: "on_hold", priceMinor: 125050n * BigInt(seq) },
    ...overrides,
  };
}

function buildChain(length: number): AuditRow[] {
  const rows: AuditRow[] = [];
  let prevHash: string | null = null;
  for (let seq = 1; seq <= length; seq++) {
    const e = entry(seq);
    const hash = auditHash(prevHash, e);
    rows.push({ ...e, prevHash, hash });
    prevHash = hash;
  }
  return rows;
}

/** What the database hands back: data re-parsed from its canonical JSON text, seq as a BIGINT. */
function reloaded(rows: AuditRow[]): AuditRow[] {
  return rows.map((r) => ({ ...r, seq: BigInt(r.seq), data: JSON.parse(canonicalJson(r.data)) as unknown }));
}

describe("auditHash", () => {
  test("is sha256 of the previous hash followed by the canonical entry", () => {
    const e = entry(2);
    const prev = "a".repeat(64);
    const expected = createHash("sha256")
      .update(
        prev +
          '{"action":"piece.state","actor":"staff:marie","at":"2026-11-26T09:00:02.000Z","data":{"from":"active","priceMinor":"250100","to":"on_hold"},"entityId":"piece_2","entityType":"Piece","reason":"customer hold","seq":2,"shopId":"shop_1"}',
      )
      .digest("hex");
    expect(auditHash(prev, e)).toBe(expected);
  });

  test("hashes a reloaded row like the original", () => {
    const e = entry(1);
    const stored = {
      ...e,
      seq: 1n,
      at: "2026-11-26T09:00:01.000Z",
      data: JSON.parse(canonicalJson(e.data)) as unknown,
    };
    expect(auditHash(null, stored)).toBe(auditHash(null, e));
    expect(auditHash(null, { ...e, reason: undefined })).toBe(auditHash(null, { ...e, reason: null }));
  });

  test("depends on the previous hash and on every field", () => {
    const e = entry(1);
    const base = auditHash(null, e);
    expect(auditHash("0".repeat(64), e)).not.toBe(base);
    const variants: Partial<AuditEntry>[] = [
      { shopId: "shop_2" },
      { seq: 2 },
      { at: new Date(0) },
      { actor: "x" },
      { action: "x" },
      { entityType: "x" },
      { entityId: "x" },
      { reason: "x" },
      { data: {} },
    ];
    for (const v of variants) expect(auditHash(null, { ...e, ...v })).not.toBe(base);
  });
});

describe("verifyAuditChain", () => {
  test("verifies an intact chain, also after a database round trip", () => {
    expect(verifyAuditChain(buildChain(10))).toEqual({ ok: true, count: 10 });
    expect(verifyAuditChain(reloaded(buildChain(10)))).toEqual({ ok: true, count: 10 });
    expect(verifyAuditChain([])).toEqual({ ok: true, count: 0 });
  });

  test("detects an edited row", () => {
    const rows = buildChain(10);
    rows[4] = { ...rows[4]!, data: { from: "active", to: "sold", priceMinor: "1" } };
    expect(verifyAuditChain(rows)).toEqual({ ok: false, brokenAtSeq: 5, reason: "HASH_MISMATCH" });
  });

  test("detects an edited row whose hash was recomputed: the next row no longer points at it", () => {
    const rows = buildChain(10);
    const edited = { ...rows[4]!, actor: "someone else" };
    rows[4] = { ...edited, hash: auditHash(edited.prevHash, edited) };
    expect(verifyAuditChain(rows)).toEqual({ ok: false, brokenAtSeq: 6, reason: "PREV_MISMATCH" });
  });

  test("detects a deleted row", () => {
    const rows = buildChain(10);
    rows.splice(6, 1);
    expect(verifyAuditChain(rows)).toEqual({ ok: false, brokenAtSeq: 8, reason: "SEQ_GAP" });
  });

  test("detects a deleted row when the later rows were renumbered", () => {
    const rows = buildChain(10);
    rows.splice(6, 1);
    const renumbered = rows.map((r, i) => ({ ...r, seq: i + 1 }));
    expect(verifyAuditChain(renumbered)).toEqual({ ok: false, brokenAtSeq: 7, reason: "PREV_MISMATCH" });
  });

  test("detects a deleted first row", () => {
    expect(verifyAuditChain(buildChain(3).slice(1))).toEqual({ ok: false, brokenAtSeq: 2, reason: "SEQ_GAP" });
  });

  test("detects reordered rows", () => {
    const rows = buildChain(10);
    [rows[2], rows[3]] = [rows[3]!, rows[2]!];
    expect(verifyAuditChain(rows)).toEqual({ ok: false, brokenAtSeq: 4, reason: "SEQ_GAP" });
  });

  test("detects reordered rows whose seq numbers were swapped too", () => {
    const rows = buildChain(10);
    const third = rows[2]!;
    const fourth = rows[3]!;
    rows[2] = { ...fourth, seq: 3 };
    rows[3] = { ...third, seq: 4 };
    expect(verifyAuditChain(rows)).toEqual({ ok: false, brokenAtSeq: 3, reason: "PREV_MISMATCH" });
  });

  test("checks a later window against a trusted previous row", () => {
    const rows = buildChain(10);
    const anchor = rows[4]!;
    expect(verifyAuditChain(rows.slice(5), anchor)).toEqual({ ok: true, count: 5 });
    expect(verifyAuditChain(rows.slice(5), { seq: 5, hash: "f".repeat(64) })).toEqual({
      ok: false,
      brokenAtSeq: 6,
      reason: "PREV_MISMATCH",
    });
  });
});

describe("the keyed chain", () => {
  const key = chainKey("app-secret", "shop_1");

  /** Entries 1..length, plain SHA-256 before `keyedFromSeq`, keyed from it on. */
  function keyedChain(length: number, keyedFromSeq: number, k: ChainKey = key): AuditRow[] {
    const rows: AuditRow[] = [];
    let prevHash: string | null = null;
    for (let seq = 1; seq <= length; seq++) {
      const e = entry(seq);
      const hash = auditHash(prevHash, e, seq >= keyedFromSeq ? k : null);
      rows.push({ ...e, prevHash, hash });
      prevHash = hash;
    }
    return rows;
  }

  test("the key is HKDF-SHA256 of the app secret, bound to the shop: another shop or secret gives another", () => {
    expect(Buffer.from(key).toString("hex")).toHaveLength(64);
    expect(Buffer.from(chainKey("app-secret", "shop_2"))).not.toEqual(Buffer.from(key));
    expect(Buffer.from(chainKey("other-secret", "shop_1"))).not.toEqual(Buffer.from(key));
    expect(Buffer.from(chainKey("app-secret", "shop_1"))).toEqual(Buffer.from(key));
  });

  test("a keyed entry's hash is the HMAC of the same text the plain hash covers", () => {
    const e = entry(1);
    const plain = auditHash(null, e);
    const keyed = auditHash(null, e, key);
    expect(keyed).not.toBe(plain);
    expect(keyed).toMatch(/^[0-9a-f]{64}$/);
    expect(auditHash(null, e, chainKey("app-secret", "shop_2"))).not.toBe(keyed);
  });

  test("a chain plain up to entry 4 and keyed from 5 verifies with the key, and not without it", () => {
    const rows = keyedChain(8, 5);
    expect(verifyAuditChain(rows, null, { key, fromSeq: 5 })).toEqual({ ok: true, count: 8 });
    expect(verifyAuditChain(rows)).toEqual({ ok: false, brokenAtSeq: 5, reason: "HASH_MISMATCH" });
    // Claiming a later keyed start (to pass off keyed entries as plain) does not help either.
    expect(verifyAuditChain(rows, null, { key, fromSeq: 7 })).toEqual({
      ok: false,
      brokenAtSeq: 5,
      reason: "HASH_MISMATCH",
    });
  });

  test("an edited entry re-chained with plain hashes, or with another key, does not verify", () => {
    const rows = keyedChain(6, 1);
    const forged: AuditRow[] = [rows[0]!];
    for (const row of rows.slice(1)) {
      const e = row.seq === 2 ? { ...row, actor: "intruder" } : row;
      const prevHash = forged[forged.length - 1]!.hash;
      forged.push({ ...e, prevHash, hash: auditHash(prevHash, e) });
    }
    expect(verifyAuditChain(forged, null, { key, fromSeq: 1 })).toEqual({
      ok: false,
      brokenAtSeq: 2,
      reason: "HASH_MISMATCH",
    });
    const otherKey = keyedChain(6, 1, chainKey("guessed-secret", "shop_1"));
    expect(verifyAuditChain(otherKey, null, { key, fromSeq: 1 })).toEqual({
      ok: false,
      brokenAtSeq: 1,
      reason: "HASH_MISMATCH",
    });
  });
});

describe("the movement chain", () => {
  const key = chainKey("app-secret", "shop_1");
  function movement(seq: number): MovementEntry {
    return {
      id: `m${seq}`,
      shopId: "shop_1",
      seq,
      pieceId: `piece_${seq}`,
      kind: "state",
      fromState: "active",
      toState: "on_hold",
      fromLocationId: null,
      toLocationId: null,
      fromShopifyLocationGid: null,
      toShopifyLocationGid: null,
      quantity: 1,
      actorId: null,
      actorName: "Marie (staff)",
      reason: "customer hold",
      source: null,
      at: new Date(Date.UTC(2026, 10, 26, 9, 0, seq)),
    };
  }
  function chain(length: number): MovementRow[] {
    const rows: MovementRow[] = [];
    let prev: string | null = null;
    for (let seq = 1; seq <= length; seq++) {
      const hash = movementHash(prev, movement(seq), key);
      rows.push({ ...movement(seq), hash });
      prev = hash;
    }
    return rows;
  }

  test("verifies as written, also as read back (seq as BIGINT, dates as text)", () => {
    expect(verifyMovementChain(chain(5), null, key)).toEqual({ ok: true, count: 5 });
    const reread = chain(5).map((m) => ({ ...m, seq: BigInt(m.seq), at: (m.at as Date).toISOString() }));
    expect(verifyMovementChain(reread, null, key)).toEqual({ ok: true, count: 5 });
  });

  test.each([
    ["toState", "sold"],
    ["pieceId", "piece_99"],
    ["quantity", 2],
    ["reason", "forged"],
    ["id", "m99"],
  ] as const)("an edited %s breaks the movement at its place", (field, value) => {
    const rows = chain(5);
    rows[2] = { ...rows[2]!, [field]: value };
    expect(verifyMovementChain(rows, null, key)).toEqual({ ok: false, brokenAtSeq: 3, reason: "HASH_MISMATCH" });
  });

  test("a dropped movement is a gap; a window checks against the row before it", () => {
    const rows = chain(5);
    expect(verifyMovementChain([...rows.slice(0, 2), ...rows.slice(3)], null, key)).toEqual({
      ok: false,
      brokenAtSeq: 4,
      reason: "SEQ_GAP",
    });
    expect(verifyMovementChain(rows.slice(3), rows[2]!, key)).toEqual({ ok: true, count: 2 });
  });
});

describe("the head", () => {
  const key = chainKey("app-secret", "shop_1");
  const head: ChainHead = {
    shopId: "shop_1",
    seq: 7,
    hash: "a".repeat(64),
    keyedFromSeq: 1,
    movementSeq: 5,
    movementHash: "b".repeat(64),
    legacyMovements: 0,
  };

  test("is trusted with its own seal, not once any field moves", () => {
    const mac = headMac(head, key);
    expect(headIsTrusted(head, mac, key)).toBe(true);
    for (const moved of [
      { seq: 6 },
      { hash: "c".repeat(64) },
      { keyedFromSeq: 8 },
      { movementSeq: 4 },
      { legacyMovements: 1 },
    ])
      expect(headIsTrusted({ ...head, ...moved }, mac, key)).toBe(false);
    expect(headIsTrusted(head, headMac(head, chainKey("app-secret", "shop_2")), key)).toBe(false);
  });

  test("unsealed only as the migration leaves it: nothing keyed after it", () => {
    expect(headIsTrusted({ ...head, keyedFromSeq: 8, movementSeq: 0, movementHash: null }, null, key)).toBe(true);
    expect(headIsTrusted({ ...head, keyedFromSeq: 7, movementSeq: 0, movementHash: null }, null, key)).toBe(false);
    expect(headIsTrusted({ ...head, keyedFromSeq: 8 }, null, key)).toBe(false);
  });
});
