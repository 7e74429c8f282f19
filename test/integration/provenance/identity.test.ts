// Who signed and how to reach the shop: the public page names the shop and its contact as Shopify
// gives them (Admin API `shop`, the simulator answering with the real schema), read on first view
// when never read and again on shop/update; the JSON download in the page is the served record,
// through the proxy (Liquid) and standalone; the install reads them too; staff's previews from the
// admin are not counted.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ENGINES } from "../../setup/databases";
import { makePiece, makeShop } from "../../factories";
import { appOn, type App } from "../helpers/app";
import { adminRequest, proxyRequest, routeArgs, settle, webhookRequest } from "../helpers/shopify";
import { simulatedShop, type SimShop } from "../helpers/simulator";
import { verifyEnvelope } from "../../../app/domain/provenance/signature";
import { PREVIEW_PARAM, previewMark, PREVIEW_TTL_SECONDS } from "../../../app/domain/provenance/staff-preview";

const SHOP = "prov-identity.myshopify.com";

describe.each(ENGINES)("%s", (engine) => {
  let loader: (typeof import("../../../app/routes/proxy.$token"))["loader"];
  let shopUpdate: (typeof import("../../../app/routes/webhooks.shop.update"))["action"];
  let records: typeof import("../../../app/services/provenance/public-record.server");
  let db: App["db"];
  let sim: SimShop;
  let shopId: string;
  let pieceId: string;
  let token: string;

  const get = async (extra: Record<string, string>) => {
    const res = (await loader(routeArgs(proxyRequest(`/proxy/${token}`, SHOP, { extra }), { token }))) as Response;
    expect(res.status).toBe(200);
    return res.text();
  };
  const scans = async () => {
    await records.flushScans();
    const rows = await db.scanStat.findMany({ where: { shopId, pieceId } });
    return rows.reduce((sum, r) => sum + r.count, 0);
  };

  beforeAll(async () => {
    ({ db } = await appOn(engine));
    ({ loader } = await import("../../../app/routes/proxy.$token"));
    ({ action: shopUpdate } = await import("../../../app/routes/webhooks.shop.update"));
    records = await import("../../../app/services/provenance/public-record.server");
    records.forgetProvenanceCache();
    (await import("../../../app/services/shop/identity.server")).forgetIdentityTries();
    sim = await simulatedShop(SHOP);
    // The store's details in Shopify's settings (no app is listening yet: no webhook route).
    sim.sim.state.updateShopDetails({
      shop: SHOP,
      name: "Maison Aurore",
      contactEmail: "bonjour@maison-aurore.example",
      address: { phone: "+33142720000" },
    });
    const shop = await makeShop({ domain: SHOP, locale: "fr" });
    shopId = shop.id;
    const r = await makePiece(shop.id, { title: "Alliance or rose" }, { actor: { kind: "system", name: "t" } });
    pieceId = r.pieceId;
    token = (await db.piece.findUniqueOrThrow({ where: { id: r.pieceId } })).publicToken;
  });

  afterAll(async () => {
    records.forgetProvenanceCache();
    await sim.close();
  });

  test("a shop whose details were never read gets them from Shopify on the first view, and keeps them", async () => {
    expect((await db.shop.findUniqueOrThrow({ where: { id: shopId } })).identityReadAt).toBeNull();
    await get({ locale: "fr", format: "html" });
    // The page waits for Shopify a short while only; the read it started is kept when it ends.
    await expect
      .poll(async () => (await db.shop.findUniqueOrThrow({ where: { id: shopId } })).identityReadAt, {
        timeout: 10_000,
      })
      .not.toBeNull();
    records.forgetProvenanceCache();
    const fr = await get({ locale: "fr", format: "html" });
    expect(fr).toContain("Cette fiche est signée par Maison Aurore.");
    expect(fr).toContain("Contactez Maison Aurore");
    expect(fr).toContain('href="mailto:bonjour@maison-aurore.example"');
    expect(fr).toContain('href="tel:+33142720000"');
    expect(fr).toContain(`https://${SHOP}`);
    const row = await db.shop.findUniqueOrThrow({ where: { id: shopId } });
    expect(row).toMatchObject({
      publicName: "Maison Aurore",
      publicEmail: "bonjour@maison-aurore.example",
      publicPhone: "+33142720000",
      publicUrl: `https://${SHOP}`,
    });
    expect(row.identityReadAt).not.toBeNull();
    // The shop's name is shown around the record, never signed in it.
    const json = JSON.parse(await get({ format: "json" }));
    expect(json.record.shop.name).toBeNull();
  });

  test("shop/update reads the details again from Shopify; the next page shows the new name and address", async () => {
    sim.sim.state.updateShopDetails({
      shop: SHOP,
      name: "Aurore Joaillerie",
      contactEmail: "atelier@aurore.example",
      address: { phone: null },
    });
    const res = await shopUpdate(
      routeArgs(webhookRequest("shop/update", SHOP, { id: 1, name: "ignored: the API is read" })),
    );
    expect(res.status).toBe(200);
    records.forgetProvenanceCache();
    const en = await get({ locale: "en", format: "html" });
    expect(en).toContain("This record is signed by Aurore Joaillerie.");
    expect(en).toContain('href="mailto:atelier@aurore.example"');
    expect(en).not.toContain("tel:");
    expect(en).not.toContain("Maison Aurore");
  });

  test("the page's download is exactly the signed record served as JSON, inside the theme and standalone", async () => {
    const served = await get({ format: "json" });
    const variants: Record<string, string>[] = [{ locale: "fr" }, { locale: "en", format: "html" }];
    for (const extra of variants) {
      const page = await get(extra);
      const href = /href="(data:application\/json[^"]+)" download="provenance-[\w-]+-v\d+\.json"/.exec(page)?.[1];
      expect(href).toBeDefined();
      const json = decodeURIComponent(href!.replace("data:application/json;charset=utf-8,", ""));
      expect(json).toBe(served);
      expect(verifyEnvelope(JSON.parse(json)).ok).toBe(true);
    }
  });

  test("installing the app (the first admin visit: token exchange, then afterAuth) reads the shop's details", async () => {
    await db.shop.update({
      where: { id: shopId },
      data: { publicName: null, publicEmail: null, publicPhone: null, publicUrl: null, identityReadAt: null },
    });
    await db.session.deleteMany({ where: { shop: SHOP } });
    sim.sim.state.updateShopDetails({ shop: SHOP, name: "Maison Aurore", contactEmail: "bonjour@aurore.example" });
    const home = await import("../../../app/routes/app._index");
    await settle(() => home.loader(routeArgs(adminRequest("/app", SHOP, { search: { locale: "fr" } }))));
    expect(await db.session.count({ where: { shop: SHOP, isOnline: false } })).toBe(1);
    expect(await db.shop.findUniqueOrThrow({ where: { id: shopId } })).toMatchObject({
      publicName: "Maison Aurore",
      publicEmail: "bonjour@aurore.example",
    });
  });

  test("a view from the admin's link (staff preview mark) is not a scan; a customer's, a forged or an expired mark is", async () => {
    const secret = process.env.SHOPIFY_API_SECRET!;
    const now = Math.floor(Date.now() / 1000);
    const before = await scans();
    // The admin's link, as the provenance and piece pages build it.
    const link = new URL(records.staffPreviewUrl(SHOP, token));
    expect(link.pathname).toBe(`/apps/loupe/${token}`);
    await get({ [PREVIEW_PARAM]: link.searchParams.get(PREVIEW_PARAM)! });
    await get({ [PREVIEW_PARAM]: previewMark(secret, SHOP, token, now), format: "html" });
    expect(await scans()).toBe(before);

    await get({});
    await get({ [PREVIEW_PARAM]: previewMark("forged-secret", SHOP, token, now) });
    await get({ [PREVIEW_PARAM]: previewMark(secret, SHOP, token, now - PREVIEW_TTL_SECONDS - 60) });
    await get({ [PREVIEW_PARAM]: previewMark(secret, SHOP, "AAAAAAAAAAAAAAAAAAAAAA", now) });
    expect(await scans()).toBe(before + 4);
  });

  // Last: the piece gets a new code.
  test("a replaced tag's page names the shop as customers know it (from Shopify)", async () => {
    const old = token;
    const replaced = await records.replacePublicToken(shopId, pieceId, { kind: "admin", name: "Camille" }, null);
    expect(replaced.ok).toBe(true);
    const res = (await loader(
      routeArgs(proxyRequest(`/proxy/${old}`, SHOP, { extra: { locale: "fr", format: "html" } }), { token: old }),
    )) as Response;
    expect(res.status).toBe(410);
    expect(await res.text()).toContain("Demandez à Maison Aurore sa page de provenance actuelle.");
  });
});
