// Provenance in the admin (scan analytics, service events, token replacement) and the backend of
// the admin UI extension (product pieces, tag print), with real session tokens.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ENGINES } from "../../setup/databases";
import { DAY_MS, isoDay } from "../../../app/domain/days";
import { makeLocation, makePiece } from "../../factories";
import { appOn, type App } from "../helpers/app";
import type { NewPiece } from "../../../app/services/catalog/intake.server";
import { adminRequest, APP_URL, installShop, proxyRequest, routeArgs, sessionToken, settle } from "../helpers/shopify";

const SHOP = "prov-admin.myshopify.com";
const OTHER = "prov-admin-other.myshopify.com";
const PRODUCT = "gid://shopify/Product/7001";
const EXTENSION_ORIGIN = "https://extensions.shopifycdn.com";

function extensionRequest(
  path: string,
  shop: string,
  init: { method?: string; body?: unknown; token?: string } = {},
): Request {
  return new Request(new URL(path, APP_URL()), {
    method: init.method ?? "GET",
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    headers: {
      Authorization: `Bearer ${init.token ?? sessionToken(shop)}`,
      Origin: EXTENSION_ORIGIN,
      "Content-Type": "application/json",
      "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) LoupeTest",
    },
  });
}

describe.each(ENGINES)("%s", (engine) => {
  let db: App["db"];
  let home: typeof import("../../../app/routes/app.provenance._index");
  let pieceRoute: typeof import("../../../app/routes/app.provenance.$id");
  let productPieces: typeof import("../../../app/routes/api.admin.product-pieces");
  let printJobs: typeof import("../../../app/routes/api.admin.print-jobs");
  let proxy: typeof import("../../../app/routes/proxy.$token");
  let shopId: string;
  let located: { id: string; tagCode: string; token: string };
  let unlocated: { id: string };

  beforeAll(async () => {
    ({ db } = await appOn(engine));
    (await import("../../../app/services/provenance/public-record.server")).forgetProvenanceCache();
    // This file is not about photos (photos.test.ts is): no Admin API call for them here.
    (await import("../../../app/services/provenance/photos.server")).usePhotoLoader(async () => []);
    home = await import("../../../app/routes/app.provenance._index");
    pieceRoute = await import("../../../app/routes/app.provenance.$id");
    productPieces = await import("../../../app/routes/api.admin.product-pieces");
    printJobs = await import("../../../app/routes/api.admin.print-jobs");
    proxy = await import("../../../app/routes/proxy.$token");
    const actor = { kind: "system", name: "test" } as const;
    const shop = await installShop(SHOP);
    shopId = shop.id;
    const other = await installShop(OTHER);
    const vitrine = await makeLocation(
      shop.id,
      { name: "Vitrine 1", kind: "showcase", parentId: null, shopifyLocationGid: "gid://shopify/Location/1" },
      actor,
    );
    const make = async (id: string, title: string, extra: Partial<NewPiece>) =>
      makePiece(
        id,
        {
          title,
          priceMinor: 150000n,
          productGid: PRODUCT,
          metals: [{ metal: "gold", finenessBp: 7500, grossWeightMg: 2500n, enteredWeight: "2.5", enteredUnit: "g" }],
          stones: [{ type: "sapphire", origin: "natural", millicarats: 800 }],
          ...extra,
        },
        { actor },
      );
    const a = await make(shop.id, "Bague saphir", { locationId: vitrine, state: "active" });
    located = {
      id: a.pieceId,
      tagCode: a.tagCode,
      token: (await db.piece.findUniqueOrThrow({ where: { id: a.pieceId } })).publicToken,
    };
    unlocated = { id: (await make(shop.id, "Bague saphir bis", {})).pieceId };
    await make(other.id, "Other shop's sapphire", {});
  });

  afterAll(async () => {
    // Counted scans belong to this engine's database.
    await (await import("../../../app/services/provenance/public-record.server")).flushScans();
    (await import("../../../app/services/provenance/photos.server")).usePhotoLoader(null);
  });

  test("scan analytics count proxy views per day and per piece", async () => {
    for (let i = 0; i < 2; i++) {
      const res = (await proxy.loader(
        routeArgs(proxyRequest(`/proxy/${located.token}`, SHOP), { token: located.token }),
      )) as Response;
      expect(res.status).toBe(200);
    }
    const data = await home.loader(routeArgs(adminRequest("/app/provenance", SHOP, { search: { days: "7" } })));
    expect(data.report.total).toBe(2);
    expect(data.report.byPiece).toEqual([
      { id: located.id, title: "Bague saphir", tagCode: located.tagCode, state: "active", count: 2 },
    ]);
    expect(data.report.byDay).toHaveLength(1);
    expect(data.fingerprint).toMatch(/^[0-9A-F]{5}(-[0-9A-F]{5}){3}$/);
  });

  test("opening a piece by tag code leads to its provenance page; an unknown code says so", async () => {
    const { response } = await settle(() =>
      home.loader(routeArgs(adminRequest("/app/provenance", SHOP, { search: { tag: located.tagCode.toLowerCase() } }))),
    );
    expect(response?.status).toBe(302);
    expect(response?.headers.get("Location")).toContain(`/app/provenance/${located.id}`);
    const data = await home.loader(routeArgs(adminRequest("/app/provenance", SHOP, { search: { tag: "ZZZZZZ" } })));
    expect(data.unknownTag).toBe("ZZZZZZ");
  });

  const post = (id: string, fields: Record<string, string>, search: Record<string, string> = {}) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    return pieceRoute.action(
      routeArgs(adminRequest(`/app/provenance/${id}`, SHOP, { method: "POST", body: form, search }), { id }),
    );
  };

  test("a service event is added, shown in the admin and on the public page", async () => {
    const res = await post(located.id, {
      intent: "service",
      kind: "appraisal",
      date: "2026-06-15",
      note: "Expertise pour assurance",
    });
    expect(res.status).toBe(200);
    const data = await pieceRoute.loader(
      routeArgs(adminRequest(`/app/provenance/${located.id}`, SHOP), { id: located.id }),
    );
    expect(data.events.map((e) => [e.kind, e.publicNote])).toEqual([["appraisal", "Expertise pour assurance"]]);
    expect(data.publicUrl).toBe(`https://${SHOP}/apps/loupe/${located.token}`);
    const page = await (
      (await proxy.loader(
        routeArgs(proxyRequest(`/proxy/${located.token}`, SHOP, { extra: { locale: "en" } }), { token: located.token }),
      )) as Response
    ).text();
    expect(page).toContain("Serviced: appraisal — Expertise pour assurance");
  });

  test("bad service input is refused with 422 and a message in the admin's language; nothing is written", async () => {
    const before = await db.serviceEvent.count({ where: { shopId } });
    const future = isoDay(Date.now() + 5 * DAY_MS);
    const res = await post(located.id, { intent: "service", kind: "polishing", date: future }, { locale: "fr" });
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.errors).toEqual({
      kind: "Choisissez le type d'intervention.",
      date: "Saisissez une date comme 2026-11-26, pas dans le futur.",
    });
    expect(await db.serviceEvent.count({ where: { shopId } })).toBe(before);
  });

  test("another shop's piece cannot get service events or a new token", async () => {
    const theirs = await db.piece.findFirstOrThrow({ where: { shop: { domain: OTHER } } });
    expect((await post(theirs.id, { intent: "service", kind: "cleaning", date: "2026-01-01" })).status).toBe(404);
    expect((await post(theirs.id, { intent: "reissue" })).status).toBe(404);
  });

  test("replacing the token retires the old QR and keeps a history", async () => {
    const res = await post(located.id, { intent: "reissue", reason: "étiquette abîmée" });
    expect(res.status).toBe(200);
    const data = await pieceRoute.loader(
      routeArgs(adminRequest(`/app/provenance/${located.id}`, SHOP), { id: located.id }),
    );
    expect(data.history).toHaveLength(1);
    expect(data.publicUrl).not.toContain(located.token);
    const old = (await proxy.loader(
      routeArgs(proxyRequest(`/proxy/${located.token}`, SHOP), { token: located.token }),
    )) as Response;
    expect(old.status).toBe(410);
    const audit = await db.auditLog.findFirst({ where: { shopId, action: "provenance.token_reissued" } });
    expect(audit?.reason).toBe("étiquette abîmée");
    // The product's provenance_url metafield gets the new token through the outbox.
    const { version } = await db.piece.findUniqueOrThrow({ where: { id: located.id }, select: { version: true } });
    const mirror = await db.outboxEntry.findUnique({ where: { idempotencyKey: `mirror-${located.id}-v${version}` } });
    expect(mirror).toMatchObject({ shopId, kind: "piece.mirror", payload: JSON.stringify({ pieceId: located.id }) });
  });

  test("the admin block's backend lists the product's pieces with details, state and location, with CORS", async () => {
    const res = (await productPieces.loader(
      routeArgs(extensionRequest(`/api/admin/product-pieces?productId=${encodeURIComponent(PRODUCT)}&locale=fr`, SHOP)),
    )) as Response;
    expect(res.status).toBe(200);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
    const { pieces } = await res.json();
    expect(pieces.map((p: { title: string }) => p.title)).toEqual(["Bague saphir", "Bague saphir bis"]);
    expect(pieces[0]).toMatchObject({
      stateLabel: "Active",
      location: "Vitrine 1",
      canPrint: true,
      metals: ["Or 750\u00a0‰ (18\u00a0carats), 2,500\u00a0g"],
    });
    expect(pieces[0].stones).toContain("Saphir");
    expect(pieces[1]).toMatchObject({ location: null, canPrint: false });
  });

  test("the CORS preflight is answered; a bad token is 401 with CORS; a bad product id is 400", async () => {
    const preflight = new Request(new URL("/api/admin/print-jobs", APP_URL()), {
      method: "OPTIONS",
      headers: { Origin: EXTENSION_ORIGIN, "Access-Control-Request-Headers": "authorization,content-type" },
    });
    const pre = await settle(() => printJobs.loader(routeArgs(preflight)));
    expect(pre.response?.status).toBe(204);
    expect(pre.response?.headers.get("Access-Control-Allow-Headers")).toContain("Authorization");
    const bad = await settle(() =>
      productPieces.loader(
        routeArgs(
          extensionRequest(`/api/admin/product-pieces?productId=${encodeURIComponent(PRODUCT)}`, SHOP, {
            token: sessionToken(SHOP, { secret: "wrong" }),
          }),
        ),
      ),
    );
    expect(bad.response?.status).toBe(401);
    expect(bad.response?.headers.get("Access-Control-Allow-Origin")).toBe("*");
    const wrong = (await productPieces.loader(
      routeArgs(extensionRequest(`/api/admin/product-pieces?productId=42`, SHOP)),
    )) as Response;
    expect(wrong.status).toBe(400);
  });

  test("queueing a tag print from the block creates a print job; a piece without location is refused with a message", async () => {
    const ok = (await printJobs.action(
      routeArgs(
        extensionRequest("/api/admin/print-jobs?locale=en", SHOP, { method: "POST", body: { pieceId: located.id } }),
      ),
    )) as Response;
    expect(ok.status).toBe(201);
    expect(ok.headers.get("Access-Control-Allow-Origin")).toBe("*");
    const { jobIds } = await ok.json();
    const job = await db.printJob.findUniqueOrThrow({ where: { id: jobIds[0] } });
    expect(job).toMatchObject({
      shopId,
      pieceId: located.id,
      status: "queued",
      shopifyLocationGid: "gid://shopify/Location/1",
    });
    const refused = (await printJobs.action(
      routeArgs(
        extensionRequest("/api/admin/print-jobs?locale=en", SHOP, { method: "POST", body: { pieceId: unlocated.id } }),
      ),
    )) as Response;
    expect(refused.status).toBe(422);
    expect((await refused.json()).message).toContain("no shop location");
    const garbage = (await printJobs.action(
      routeArgs(extensionRequest("/api/admin/print-jobs", SHOP, { method: "POST", body: "nope" })),
    )) as Response;
    expect(garbage.status).toBe(400);
  });
});
