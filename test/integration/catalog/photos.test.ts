// A piece's photos are its Shopify product's media, read with the real Admin query (productPhotos)
// from the simulator, which models Product.media as Shopify does: the piece page and the public
// provenance page show them; a product without media, or a Shopify that cannot answer, shows none.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ENGINES } from "../../setup/databases";
import { makePiece } from "../../factories";
import { appOn, type App } from "../helpers/app";
import { adminRequest, installShop, proxyRequest, routeArgs } from "../helpers/shopify";
import { simulatedShop, type SimShop } from "../helpers/simulator";

describe.each(ENGINES)("%s", (engine) => {
  const SHOP = `photos-${engine}.myshopify.com`;
  let s: SimShop;
  let page: typeof import("../../../app/routes/app.pieces.$id");
  let proxy: typeof import("../../../app/routes/proxy.$token");
  let photos: typeof import("../../../app/services/provenance/photos.server");
  let db: App["db"];
  let shopId: string;
  const system = { kind: "system", name: "test" } as const;

  beforeAll(async () => {
    ({ db } = await appOn(engine));
    shopId = (await installShop(SHOP)).id;
    s = await simulatedShop(SHOP);
    page = await import("../../../app/routes/app.pieces.$id");
    proxy = await import("../../../app/routes/proxy.$token");
    photos = await import("../../../app/services/provenance/photos.server");
    photos.usePhotoLoader(null);
    (await import("../../../app/services/provenance/public-record.server")).forgetProvenanceCache();
  });

  afterAll(async () => {
    photos.usePhotoLoader(null);
    await s.close();
  });

  async function pieceOn(title: string, productGid: string): Promise<{ id: string; publicToken: string }> {
    const r = await makePiece(shopId, { title, productGid }, { actor: system });
    return db.piece.findUniqueOrThrow({ where: { id: r.pieceId }, select: { id: true, publicToken: true } });
  }

  const piecePage = async (id: string) =>
    (await page.loader(routeArgs(adminRequest(`/app/pieces/${id}`, SHOP), { id }))).photos;

  test("the piece page shows the product's images, asked of the Admin API (Product.media)", async () => {
    const { productId } = s.sim.state.seedProduct({ shop: SHOP, title: "Solitaire or blanc" });
    // Through the simulator's HTTP test API, as the demo seeds it; the second one at a CDN address.
    const first = (await (
      await fetch(`${s.sim.url}/_sim/product-media`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ shop: SHOP, productId, alt: "Solitaire de face" }),
      })
    ).json()) as { mediaId: string; url: string };
    const second = s.sim.state.attachProductImage({
      shop: SHOP,
      productId,
      url: "https://cdn.shopify.com/s/files/1/sim/solitaire-profil.jpg",
      alt: null,
    });
    const piece = await pieceOn("Solitaire or blanc", productId);
    const before = s.sim.state.requestCounts({ shop: SHOP }).product ?? 0;
    expect(await piecePage(piece.id)).toEqual({
      ok: true,
      photos: [
        { id: first.mediaId, url: first.url, alt: "Solitaire de face" },
        { id: second.mediaId, url: "https://cdn.shopify.com/s/files/1/sim/solitaire-profil.jpg", alt: null },
      ],
    });
    expect(s.sim.state.requestCounts({ shop: SHOP }).product).toBe(before + 1);
    // The image itself is served by the simulator, so it renders offline.
    const png = await fetch(first.url);
    expect(png.headers.get("content-type")).toBe("image/png");

    // The public page takes the https one only (outside demo mode).
    const html = await (
      (await proxy.loader(
        routeArgs(proxyRequest(`/proxy/${piece.publicToken}`, SHOP, { extra: { locale: "en" } }), {
          token: piece.publicToken,
        }),
      )) as Response
    ).text();
    expect(html).toContain('<img src="https://cdn.shopify.com/s/files/1/sim/solitaire-profil.jpg"');
    expect(html).not.toContain(first.url);
  });

  test("a product without media shows no photos; a product deleted in Shopify too", async () => {
    const { productId } = s.sim.state.seedProduct({ shop: SHOP, title: "Alliance sans photo" });
    const piece = await pieceOn("Alliance sans photo", productId);
    expect(await piecePage(piece.id)).toEqual({ ok: true, photos: [] });
    s.sim.state.deleteProduct(
      s.sim.state.shop(SHOP),
      s.sim.state.shop(SHOP).products.get(Number(productId.split("/").pop()))!,
    );
    expect(await piecePage(piece.id)).toEqual({ ok: true, photos: [] });
  });

  test("when Shopify cannot answer, the page says the photos are unavailable instead of failing", async () => {
    const { productId } = s.sim.state.seedProduct({ shop: SHOP, title: "Créoles" });
    s.sim.state.attachProductImage({ shop: SHOP, productId, url: "https://cdn.shopify.com/s/files/1/sim/creoles.jpg" });
    const piece = await pieceOn("Créoles", productId);
    s.sim.faults.inject({ kind: "status", status: 503, operationName: "LoupeProductMedia" });
    expect(await piecePage(piece.id)).toEqual({ ok: false });
    expect(await piecePage(piece.id)).toMatchObject({
      ok: true,
      photos: [{ url: "https://cdn.shopify.com/s/files/1/sim/creoles.jpg" }],
    });
  });
});
