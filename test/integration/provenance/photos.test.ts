// Photos on the public page come from the Shopify product (Admin GraphQL); Shopify never holds a
// customer's page up, and a failure means a page without photos, not an error.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ENGINES } from "../../setup/databases";
import { makePiece, makeShop } from "../../factories";
import { appOn } from "../helpers/app";
import { proxyRequest, routeArgs } from "../helpers/shopify";
import { simulatedShop, type SimShop } from "../helpers/simulator";

const SHOP = "prov-photos.myshopify.com";

describe.each(ENGINES)("%s", (engine) => {
  let loader: (typeof import("../../../app/routes/proxy.$token"))["loader"];
  let photos: typeof import("../../../app/services/provenance/photos.server");
  let forget: () => void;
  let sim: SimShop;
  let token: string;

  const page = async (extra: Record<string, string> = { locale: "en" }) => {
    const res = (await loader(routeArgs(proxyRequest(`/proxy/${token}`, SHOP, { extra }), { token }))) as Response;
    expect(res.status).toBe(200);
    return res.text();
  };

  beforeAll(async () => {
    const { db } = await appOn(engine);
    ({ loader } = await import("../../../app/routes/proxy.$token"));
    photos = await import("../../../app/services/provenance/photos.server");
    forget = (await import("../../../app/services/provenance/public-record.server")).forgetProvenanceCache;
    forget();
    photos.usePhotoLoader(null);
    sim = await simulatedShop(SHOP);
    const shop = await makeShop({ domain: SHOP });
    const product = sim.sim.state.seedProduct({
      shop: SHOP,
      title: "Bague or jaune",
      variants: [{ sku: "BAG-1", price: "1200.00" }],
    });
    const r = await makePiece(
      shop.id,
      { title: "Bague or jaune", productGid: product.productId },
      { actor: { kind: "system", name: "t" } },
    );
    token = (await db.piece.findUniqueOrThrow({ where: { id: r.pieceId } })).publicToken;
  });

  afterAll(async () => {
    photos.usePhotoLoader(null);
    forget();
    await sim.close();
  });

  test("the photos are asked of Shopify's Admin API; when it cannot give them, the page answers without", async () => {
    const before = sim.sim.state.requestCounts({ shop: SHOP }).product ?? 0;
    const html = await page();
    expect(html).toContain("Bague or jaune");
    // (The theme's page may hold the shop's logo from Liquid; no product photo here.)
    expect(html).not.toContain("<img src=");
    // The page does not wait for a slow first answer (see the test below): the request may still be
    // on its way when the page is served.
    await expect
      .poll(() => sim.sim.state.requestCounts({ shop: SHOP }).product ?? 0, { timeout: 10_000 })
      .toBe(before + 1);
  });

  test("photos are shown escaped, https only, and stay out of the signed record", async () => {
    photos.usePhotoLoader(async () => [
      { url: "https://cdn.shopify.com/s/files/bague.jpg?v=1&w=800", alt: 'Bague "or" <jaune>' },
      { url: "javascript:alert(1)", alt: null },
      { url: "http://insecure.example/x.jpg", alt: null },
    ]);
    forget();
    const html = await page();
    expect(html).toContain(
      '<img src="https://cdn.shopify.com/s/files/bague.jpg?v=1&#38;w=800" alt="Bague &#34;or&#34; &#60;jaune&#62;"',
    );
    expect(html.match(/<img src=/g)).toHaveLength(1);
    expect(html).not.toContain("javascript:");
    const json = await page({ format: "json" });
    expect(json).not.toContain("cdn.shopify.com");
  });

  test("a slow Shopify does not hold the page up; its photos appear on a later view", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    photos.usePhotoLoader(async () => {
      await gate;
      return [{ url: "https://cdn.shopify.com/s/files/late.jpg", alt: null }];
    });
    forget();
    const started = performance.now();
    const first = await page();
    expect(performance.now() - started).toBeLessThan(photos.PHOTO_WAIT_MS + 500);
    expect(first).not.toContain("late.jpg");
    release();
    await new Promise((r) => setTimeout(r, 20));
    forget();
    expect(await page()).toContain("https://cdn.shopify.com/s/files/late.jpg");
  });
});
