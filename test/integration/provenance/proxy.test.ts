// The public provenance page through the app proxy: signature and timestamp, languages, formats,
// signed records and tampering, token replacement, service events, sold pieces, scans, rate limit.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { ENGINES } from "../../setup/databases";
import { makePiece } from "../../factories";
import { appOn, type App } from "../helpers/app";
import { installShop, proxyRequest, routeArgs } from "../helpers/shopify";
import { verifyEnvelope } from "../../../app/domain/provenance/signature";
import { forgetProvenanceCache } from "../../../app/services/provenance/public-record.server";

const SHOP = "prov-page.myshopify.com";
const ACTOR = { kind: "admin" as const, name: "Camille" };

type Loader = (typeof import("../../../app/routes/proxy.$token"))["loader"];

describe.each(ENGINES)("%s", (engine) => {
  let loader: Loader;
  let db: App["db"];
  let shopId: string;
  let pieceId: string;
  let token: string;
  let otherToken: string;

  const get = async (
    t: string,
    extra: Record<string, string> = {},
    options: { sign?: boolean; secret?: string } = {},
  ) =>
    loader(
      routeArgs(proxyRequest(`/proxy/${encodeURIComponent(t)}`, SHOP, { ...options, extra }), { token: t }),
    ) as Promise<Response>;

  beforeAll(async () => {
    ({ db } = await appOn(engine));
    forgetProvenanceCache();
    ({ loader } = await import("../../../app/routes/proxy.$token"));
    const shop = await installShop(SHOP);
    shopId = shop.id;
    await db.shop.update({ where: { id: shop.id }, data: { name: "Maison Test", locale: "fr" } });
    const other = await installShop("prov-other.myshopify.com");
    const r = await makePiece(
      shop.id,
      {
        title: "Solitaire Aurore",
        madeBy: "Atelier Aurore, Paris",
        originNotes: "Or recyclé",
        acquiredAt: new Date("2026-03-02T10:00:00Z"),
        metals: [
          {
            metal: "gold",
            colour: "white",
            finenessBp: 7500,
            grossWeightMg: 3210n,
            enteredWeight: "3.21",
            enteredUnit: "g",
          },
        ],
        stones: [
          {
            type: "diamond",
            origin: "natural",
            shape: "round",
            millicarats: 1010,
            colour: "F",
            clarity: "VS1",
            certificateIndex: 0,
          },
        ],
        certificates: [
          {
            lab: "GIA",
            number: "2141234567",
            issuedAt: new Date("2026-01-15T00:00:00Z"),
            grades: { colour: "F", clarity: "VS1" },
          },
        ],
      },
      { actor: ACTOR },
    );
    const o = await makePiece(other.id, { title: "Other shop's ring" }, { actor: ACTOR });
    pieceId = r.pieceId;
    token = (await db.piece.findUniqueOrThrow({ where: { id: r.pieceId } })).publicToken;
    otherToken = (await db.piece.findUniqueOrThrow({ where: { id: o.pieceId } })).publicToken;
  });

  afterAll(async () => {
    // Counted scans belong to this engine's database.
    await (await import("../../../app/services/provenance/public-record.server")).flushScans();
  });

  afterEach(async () => {
    delete process.env.LOUPE_PROXY_RATE_LIMIT;
    (await import("../../../app/http/provenance-proxy.server")).resetRateLimiter();
  });

  test("a signed request answers the page as Liquid, in the theme's language (both offered)", async () => {
    const res = await get(token);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/liquid");
    const body = await res.text();
    expect(body).toContain("request.locale.iso_code");
    expect(body).toContain("Solitaire Aurore");
    expect(body).toContain("Poids brut");
    expect(body).toContain("Gross weight");
    expect(body).toContain("https://www.gia.edu/report-check?reportno=2141234567");
  });

  test("?locale=fr and ?locale=en give one language each, with hallmark wording and weights", async () => {
    const fr = await (await get(token, { locale: "fr" })).text();
    expect(fr).toContain("Métal et titre");
    expect(fr).toContain("Or blanc 750\u00a0‰ (18\u00a0carats)");
    expect(fr).toContain("Diamant naturel, taille ronde");
    expect(fr).toContain("<dt>Pureté</dt><dd>VS1</dd>");
    expect(fr).toContain("poinçon de garantie\u202f: tête d&#39;aigle");
    expect(fr).toContain("3,210\u00a0g");
    expect(fr).toContain("Fabriqué par Atelier Aurore, Paris");
    expect(fr).toContain("Classé par GIA (rapport 2141234567)");
    expect(fr).not.toContain("Gross weight");
    const en = await (await get(token, { locale: "en" })).text();
    expect(en).toContain("Metal and fineness");
    expect(en).toContain("White gold 750\u00a0‰ (18\u00a0k)");
    expect(en).toContain("Natural diamond, round cut");
    expect(en).toContain("French state hallmark: eagle&#39;s head");
    expect(en).toContain("3.210\u00a0g");
    expect(en).toContain("Graded by GIA (report 2141234567)");
    expect(en).not.toContain("Poids brut");
  });

  test("?format=html answers a standalone document for the same URL", async () => {
    const res = await get(token, { format: "html", locale: "en" });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toContain("text/html");
    const html = await res.text();
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain("<title>Provenance of Solitaire Aurore</title>");
  });

  test("unsigned, wrongly signed, stale and future requests are refused with 400 and no data", async () => {
    const now = Math.floor(Date.now() / 1000);
    const cases = [
      await get(token, {}, { sign: false }),
      await get(token, {}, { secret: "forged" }),
      await get(token, { timestamp: String(now - 600) }),
      await get(token, { timestamp: String(now + 600) }),
    ];
    for (const res of cases) {
      expect(res.status).toBe(400);
      expect(await res.text()).not.toContain("Solitaire");
    }
  });

  test("a parameter added after signing breaks the signature", async () => {
    const req = proxyRequest(`/proxy/${token}`, SHOP);
    const url = new URL(req.url);
    url.searchParams.set("format", "json");
    const res = (await loader(routeArgs(new Request(url), { token }))) as Response;
    expect(res.status).toBe(400);
  });

  test("unknown, malformed and other shops' tokens are 404 after the same time floor", async () => {
    for (const t of ["AAAAAAAAAAAAAAAAAAAAAA", otherToken, "not a token", "x"]) {
      const started = performance.now();
      const res = await get(t, { locale: "en" });
      const elapsed = performance.now() - started;
      expect(res.status).toBe(404);
      expect(await res.text()).toContain("No piece has this code.");
      expect(elapsed).toBeGreaterThanOrEqual(19);
    }
  });

  test("the signed JSON verifies, and its fingerprint is the one the page shows", async () => {
    const res = await get(token, { format: "json" });
    expect(res.headers.get("Content-Type")).toContain("application/json");
    const envelope = JSON.parse(await res.text());
    const result = verifyEnvelope(envelope);
    expect(result.ok).toBe(true);
    const key = await db.shopSigningKey.findUniqueOrThrow({ where: { shopId } });
    expect(envelope.signature.fingerprint).toBe(key.fingerprint);
    expect(envelope.record.title).toBe("Solitaire Aurore");
    const page = await (await get(token, { locale: "en" })).text();
    expect(page).toContain(key.fingerprint);
    expect(verifyEnvelope(envelope, key.fingerprint).ok).toBe(true);
    expect(verifyEnvelope(envelope, "00000-00000-00000-00000")).toEqual({ ok: false, reason: "UNEXPECTED_KEY" });
    // A second view reuses the stored signature: same value.
    const again = JSON.parse(await (await get(token, { format: "json" })).text());
    expect(again.signature.value).toBe(envelope.signature.value);
  });

  test("the private key is stored sealed, not in the clear", async () => {
    const key = await db.shopSigningKey.findUniqueOrThrow({ where: { shopId } });
    expect(key.sealedPrivate).toMatch(/^v1\./);
    const { unsealPrivateKey } = await import("../../../app/services/provenance/signing.server");
    expect(() => unsealPrivateKey(key.sealedPrivate, "another-secret", shopId)).toThrow();
    expect(unsealPrivateKey(key.sealedPrivate, process.env.SHOPIFY_API_SECRET!, shopId).length).toBeGreaterThan(32);
  });

  test("a service event added by the shop appears, and the record is re-signed and verifies", async () => {
    const { recordServiceEvent } = await import("../../../app/services/provenance/public-record.server");
    const added = await recordServiceEvent(
      shopId,
      pieceId,
      { kind: "cleaning", at: new Date("2026-10-01T09:00:00Z"), publicNote: "Nettoyage et polissage" },
      ACTOR,
    );
    expect(added.ok).toBe(true);
    const envelope = JSON.parse(await (await get(token, { format: "json" })).text());
    expect(verifyEnvelope(envelope).ok).toBe(true);
    expect(envelope.record.events).toContainEqual({
      kind: "service",
      date: "2026-10-01",
      service: "cleaning",
      note: "Nettoyage et polissage",
    });
    const fr = await (await get(token, { locale: "fr" })).text();
    expect(fr).toContain("Entretien\u202f: nettoyage — Nettoyage et polissage");
  });

  test("a sold piece keeps its page, with the sale day", async () => {
    // Through the sale's own path: the state change signs the record's next version with it.
    const { markTagged, transitionPiece } = await import("../../../app/services/catalog/piece-changes.server");
    const { dayIn } = await import("../../../app/domain/provenance/record");
    const piece = await db.piece.findUniqueOrThrow({ where: { id: pieceId }, select: { state: true } });
    expect((await markTagged(shopId, pieceId, ACTOR)).ok).toBe(true);
    if (piece.state !== "active")
      expect((await transitionPiece(shopId, pieceId, "active", ACTOR, { reason: "en vitrine" })).ok).toBe(true);
    expect((await transitionPiece(shopId, pieceId, "sold", ACTOR, { reason: "vendu en boutique" })).ok).toBe(true);
    const soldAt = (await db.piece.findUniqueOrThrow({ where: { id: pieceId } })).soldAt!;
    forgetProvenanceCache();
    const envelope = JSON.parse(await (await get(token, { format: "json" })).text());
    expect(verifyEnvelope(envelope).ok).toBe(true);
    const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId } });
    expect(envelope.record.events).toContainEqual({ kind: "sold", date: dayIn(soldAt, shop.ianaTimezone) });
    expect(await (await get(token, { locale: "en" })).text()).toContain("Sold");
  });

  test("a record altered in the database no longer verifies; the page and the verify command say so", async () => {
    const before = JSON.parse(await (await get(token, { format: "json" })).text());
    expect(verifyEnvelope(before).ok).toBe(true);
    // Someone edits the database directly: no audit row, no signature.
    await db.stone.updateMany({ where: { shopId, pieceId }, data: { millicarats: 2010 } });
    // Within the cache's lifetime this instance still serves the page it read before.
    expect(JSON.parse(await (await get(token, { format: "json" })).text()).record.stones[0].millicarats).toBe(1010);
    forgetProvenanceCache();
    const after = JSON.parse(await (await get(token, { format: "json" })).text());
    expect(after.record.stones[0].millicarats).toBe(2010);
    expect(after.signature.value).toBe(before.signature.value);
    expect(verifyEnvelope(after)).toEqual({ ok: false, reason: "BAD_SIGNATURE" });
    expect(await (await get(token, { locale: "en" })).text()).toContain("no longer matches its signature");

    const dir = mkdtempSync(join(tmpdir(), "loupe-verify-"));
    writeFileSync(join(dir, "good.json"), JSON.stringify(before));
    writeFileSync(join(dir, "bad.json"), JSON.stringify(after));
    const run = (file: string, ...more: string[]) =>
      spawnSync(process.execPath, ["--import", "tsx", "app/bin/verify.ts", join(dir, file), ...more], {
        encoding: "utf8",
        env: { PATH: process.env.PATH, NODE_ENV: "test" },
      });
    const good = run("good.json", "--fingerprint", before.signature.fingerprint.toLowerCase());
    expect(good.stdout).toContain("VALID");
    expect(good.status).toBe(0);
    const bad = run("bad.json");
    expect(bad.stdout).toContain("INVALID: the signature does not match the record");
    expect(bad.status).toBe(1);
    // Put it back for the next tests.
    await db.stone.updateMany({ where: { shopId, pieceId }, data: { millicarats: 1010 } });
    forgetProvenanceCache();
  });

  test("a reissued token: the old QR says the tag was replaced, the new one shows the piece", async () => {
    const { replacePublicToken } = await import("../../../app/services/provenance/public-record.server");
    const replaced = await replacePublicToken(shopId, pieceId, ACTOR, "tag damaged");
    if (!replaced.ok) throw new Error("reissue");
    const fresh = replaced.token;
    expect(fresh).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const old = await get(token, { locale: "fr" });
    expect(old.status).toBe(410);
    const text = await old.text();
    expect(text).toContain("Cette étiquette a été remplacée.");
    expect(text).not.toContain("Solitaire");
    const now = await get(fresh, { format: "json" });
    expect(now.status).toBe(200);
    const envelope = JSON.parse(await now.text());
    expect(envelope.record.token).toBe(fresh);
    expect(verifyEnvelope(envelope).ok).toBe(true);
    token = fresh;
  });

  test("scans are counted per piece and day, with nothing about the visitor", async () => {
    const { flushScans } = await import("../../../app/services/provenance/public-record.server");
    await flushScans();
    const before = await db.scanStat.findMany({ where: { shopId, pieceId } });
    const countBefore = before.reduce((s, r) => s + r.count, 0);
    for (let i = 0; i < 3; i++) await get(token);
    await flushScans();
    const rows = await db.scanStat.findMany({ where: { shopId, pieceId } });
    expect(rows.reduce((s, r) => s + r.count, 0)).toBe(countBefore + 3);
    expect(Object.keys(rows[0]!).sort()).toEqual(["count", "day", "pieceId", "shopId"]);
  });

  test("one client making too many requests gets 429 with Retry-After; another client is unaffected", async () => {
    process.env.LOUPE_PROXY_RATE_LIMIT = "3/0.01";
    const from = (ip: string) => {
      const req = proxyRequest(`/proxy/${token}`, SHOP);
      return loader(
        routeArgs(new Request(req.url, { headers: { "X-Forwarded-For": `${ip}, 23.227.38.1` } }), { token }),
      ) as Promise<Response>;
    };
    for (let i = 0; i < 3; i++) expect((await from("198.51.100.7")).status).toBe(200);
    const limited = await from("198.51.100.7");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect((await from("198.51.100.8")).status).toBe(200);
  });
});
