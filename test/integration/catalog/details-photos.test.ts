// The "details to complete" page's photos mark, read from the simulator with the real Admin query
// (one `nodes` call for the page's products): a product with an image is marked, one without is
// not, and a piece on no product has none.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ENGINES } from "../../setup/databases";
import { makePiece } from "../../factories";
import { appOn } from "../helpers/app";
import { adminRequest, installShop, routeArgs } from "../helpers/shopify";
import { simulatedShop, type SimShop } from "../helpers/simulator";

describe.each(ENGINES)("%s", (engine) => {
  const SHOP = `details-photos-${engine}.myshopify.com`;
  let s: SimShop;
  let route: typeof import("../../../app/routes/app.pieces.to-complete");
  let shopId: string;
  const actor = { kind: "system", name: "test" } as const;

  beforeAll(async () => {
    await appOn(engine);
    shopId = (await installShop(SHOP)).id;
    s = await simulatedShop(SHOP);
    route = await import("../../../app/routes/app.pieces.to-complete");
  });

  afterAll(async () => {
    await s.close();
  });

  test("photos are marked from the Shopify product's media, in one call for the page", async () => {
    const pictured = s.sim.state.seedProduct({ shop: SHOP, title: "Bague photographiée" });
    s.sim.state.attachProductImage({
      shop: SHOP,
      productId: pictured.productId,
      url: "https://cdn.shopify.com/s/files/1/sim/bague.jpg",
      alt: null,
    });
    const bare = s.sim.state.seedProduct({ shop: SHOP, title: "Bague sans photo" });
    const a = await makePiece(shopId, { title: "A", productGid: pictured.productId }, { actor, detailsPending: true });
    const b = await makePiece(shopId, { title: "B", productGid: bare.productId }, { actor, detailsPending: true });
    const c = await makePiece(shopId, { title: "C" }, { actor, detailsPending: true });
    const before = s.sim.state.requestCounts({ shop: SHOP }).nodes ?? 0;
    const data = await route.loader(routeArgs(adminRequest("/app/pieces/to-complete", SHOP)));
    const photos = Object.fromEntries(data.pieces.map((p) => [p.id, p.completion.photos]));
    expect(photos).toEqual({ [a.pieceId]: true, [b.pieceId]: false, [c.pieceId]: false });
    expect(s.sim.state.requestCounts({ shop: SHOP }).nodes).toBe(before + 1);
  });
});
