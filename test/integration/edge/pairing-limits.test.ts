// Kiosk pairing codes: the per-address limit keys on the address the deployment trusts (rotating
// X-Forwarded-For no longer buys new buckets: 1,000 codes in 7 s before), expired codes are purged,
// and live codes are capped globally and per shop.
import { request as httpRequest } from "node:http";
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { ENGINES } from "../../setup/databases";
import { appOn, type App } from "../helpers/app";
import { installShop, routeArgs } from "../helpers/shopify";
import { startHttpApp } from "../helpers/http-app";
import { makeLocation } from "../../factories/locations";

type Answer = { status: number; body: { code?: string; error?: { code: string; message: string; messageFr: string } } };

function pairStart(url: string, options: { xff?: string; from?: string }): Promise<Answer & { retryAfter?: string }> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ deviceName: "Comptoir" });
    const req = httpRequest(`${url}/api/kiosk/pair/start`, {
      method: "POST",
      localAddress: options.from,
      headers: {
        "Content-Type": "application/json",
        "Content-Length": String(Buffer.byteLength(body)),
        ...(options.xff ? { "X-Forwarded-For": options.xff } : {}),
      },
    });
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as Answer["body"],
          retryAfter: res.headers["retry-after"] as string | undefined,
        }),
      );
    });
    req.on("error", reject);
    req.end(body);
  });
}

const rotating = (i: number) => `6.6.${i}.${i}`;
const saved = process.env.LOUPE_TRUSTED_PROXIES;

describe.each(ENGINES)("%s", (engine) => {
  let db: App["db"];
  let app: Awaited<ReturnType<typeof startHttpApp>>;
  // Each engine's requests come from their own loopback address, so the two runs of this file's
  // tests do not share the in-memory limiter's buckets.
  const from = engine === "sqlite" ? "127.0.0.11" : "127.0.0.12";
  const lb = engine === "sqlite" ? "203.0.113.11" : "203.0.113.12";

  beforeAll(async () => {
    ({ db } = await appOn(engine));
    app = await startHttpApp({ "/api/kiosk/pair/start": await import("../../../app/routes/api.kiosk.pair.start") });
  });

  afterEach(() => {
    process.env.LOUPE_TRUSTED_PROXIES = saved;
  });

  afterAll(async () => {
    await app?.close();
  });

  test("with no trusted proxy, rotating X-Forwarded-For is ignored: the 11th code from one socket address is refused", async () => {
    process.env.LOUPE_TRUSTED_PROXIES = "0";
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await pairStart(app.url, { xff: rotating(i), from })).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(200));
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

  test("behind one trusted proxy, only the entry it appended counts; what the client wrote before it is ignored", async () => {
    process.env.LOUPE_TRUSTED_PROXIES = "1";
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await pairStart(app.url, { xff: `${rotating(i)}, ${lb}` })).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(200));
    expect(statuses.slice(10)).toEqual([429, 429]);
    // Another client behind the same proxy has its own bucket.
    expect((await pairStart(app.url, { xff: `6.6.6.6, ${lb.replace(/\d+$/, "99")}` })).status).toBe(200);
  });

  test("expired unconfirmed codes are purged when a new code is asked for; live and confirmed ones stay", async () => {
    const past = new Date(Date.now() - 60_000);
    const shop = await installShop(`purge-${engine}.myshopify.com`);
    await db.pairingCode.createMany({
      data: [
        { code: `EXP${randomUUID().slice(0, 5)}`, pollSecretHash: "x", deviceName: "old 1", expiresAt: past },
        { code: `EXP${randomUUID().slice(0, 5)}`, pollSecretHash: "x", deviceName: "old 2", expiresAt: past },
        {
          code: `CNF${randomUUID().slice(0, 5)}`,
          pollSecretHash: "x",
          deviceName: "confirmed, waiting for its kiosk",
          expiresAt: past,
          confirmedAt: new Date(),
          shopId: shop.id,
        },
      ],
    });
    const { startPairing } = await import("../../../app/services/kiosk/pairing.server");
    const started = await startPairing("Comptoir");
    expect(started.ok).toBe(true);
    const names = (await db.pairingCode.findMany({ select: { deviceName: true } })).map((r) => r.deviceName);
    expect(names).not.toContain("old 1");
    expect(names).not.toContain("old 2");
    expect(names).toContain("confirmed, waiting for its kiosk");
  });

  test("at the global cap of live codes, a new one is refused with 429 and a message in both languages", async () => {
    const { MAX_LIVE_PAIRING_CODES } = await import("../../../app/services/kiosk/pairing.server");
    const live = await db.pairingCode.count({ where: { confirmedAt: null, expiresAt: { gt: new Date() } } });
    const soon = new Date(Date.now() + 90_000);
    await db.pairingCode.createMany({
      data: Array.from({ length: MAX_LIVE_PAIRING_CODES - live }, (_, i) => ({
        code: `CAP${String(i).padStart(5, "0")}`,
        pollSecretHash: "x",
        deviceName: "flood",
        expiresAt: soon,
      })),
    });
    try {
      const { action } = await import("../../../app/routes/api.kiosk.pair.start");
      const request = new Request("https://loupe.test/api/kiosk/pair/start", {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Forwarded-For": "192.0.2.200" },
        body: JSON.stringify({ deviceName: "Comptoir" }),
      });
      const response = await action(routeArgs(request));
      expect(response.status).toBe(429);
      expect(Number(response.headers.get("Retry-After"))).toBeGreaterThan(0);
      expect(Number(response.headers.get("Retry-After"))).toBeLessThanOrEqual(90);
      const { error } = (await response.json()) as Required<Answer["body"]>;
      expect(error.code).toBe("PAIRING_BUSY");
      expect(error.message).toMatch(/^Too many kiosks are waiting to be paired right now\. Wait \d+ seconds/);
      expect(error.messageFr).toMatch(
        /^Trop de bornes attendent d'être appairées en ce moment\. Attendez \d+ secondes/,
      );
    } finally {
      await db.pairingCode.deleteMany({ where: { deviceName: "flood" } });
    }
  });

  test("a shop with too many confirmed codes not yet collected cannot confirm another (429, beside the code field)", async () => {
    const { MAX_UNCOLLECTED_PER_SHOP, confirmPairingCode, startPairing } =
      await import("../../../app/services/kiosk/pairing.server");
    const shop = await installShop(`busy-${engine}.myshopify.com`);
    const gid = "gid://shopify/Location/7001";
    await makeLocation(shop.id, { name: "Boutique", kind: "site", shopifyLocationGid: gid });
    const actor = { kind: "system", name: "test" } as const;
    for (let i = 0; i < MAX_UNCOLLECTED_PER_SHOP; i++) {
      const started = await startPairing(`Kiosk ${i}`);
      if (!started.ok) throw new Error("refused");
      const confirmed = await confirmPairingCode(
        shop.id,
        { code: started.code, name: `K${i}`, shopifyLocationGid: gid },
        actor,
      );
      expect(confirmed.ok).toBe(true);
    }
    const next = await startPairing("One too many");
    if (!next.ok) throw new Error("refused");
    expect(await confirmPairingCode(shop.id, { code: next.code, name: "K", shopifyLocationGid: gid }, actor)).toEqual({
      ok: false,
      code: "PAIRING_SHOP_BUSY",
    });
  });
});
