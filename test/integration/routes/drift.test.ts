// The Stock differences page: a person resolves a difference with a note; without one, nothing.
import { beforeAll, describe, expect, test } from "vitest";
import { ENGINES } from "../../setup/databases";
import { makePiece } from "../../factories";
import { appOn, type App } from "../helpers/app";
import { adminRequest, installShop, routeArgs, settle } from "../helpers/shopify";

const SHOP = "ecarts.myshopify.com";

describe.each(ENGINES)("%s", (engine) => {
  let route: typeof import("../../../app/routes/app.drift");
  let db: App["db"];
  let driftId: string;

  beforeAll(async () => {
    ({ db } = await appOn(engine));
    route = await import("../../../app/routes/app.drift");
    const shop = await installShop(SHOP);
    await makePiece(
      shop.id,
      {
        title: "Alliance",
        variantGid: "gid://shopify/ProductVariant/9",
        inventoryItemGid: "gid://shopify/InventoryItem/9",
      },
      { actor: { kind: "system", name: "t" } },
    );
    driftId = (
      await db.stockDrift.create({
        data: {
          shopId: shop.id,
          variantGid: "gid://shopify/ProductVariant/9",
          inventoryItemGid: "gid://shopify/InventoryItem/9",
          shopifyLocationGid: "gid://shopify/Location/1",
          shopifyAvailable: 3,
          loupeActive: 1,
        },
      })
    ).id;
  });

  const post = (body: Record<string, string>, search: Record<string, string> = {}) =>
    adminRequest("/app/drift", SHOP, { method: "POST", body: new URLSearchParams(body), search });

  test("the page lists open differences with the piece they concern", async () => {
    const data = await route.loader(routeArgs(adminRequest("/app/drift", SHOP)));
    expect(data.drifts).toHaveLength(1);
    expect(data.drifts[0]).toMatchObject({ shopifyAvailable: 3, loupeActive: 1, piece: { title: "Alliance" } });
  });

  test("resolving without a note is refused in the admin's language and changes nothing", async () => {
    const { value, response } = await settle(() =>
      route.action(
        routeArgs(post({ intent: "resolve", driftId, resolution: "checked_no_change", note: " " }, { locale: "fr" })),
      ),
    );
    const res = (response ?? value) as Response;
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ error: "Indiquez pourquoi : la note va dans le journal d'audit." });
    expect((await db.stockDrift.findUniqueOrThrow({ where: { id: driftId } })).resolvedAt).toBeNull();
  });

  test("a resolution with a note closes the difference and is audited", async () => {
    const result = await route.action(
      routeArgs(
        post(
          { intent: "resolve", driftId, resolution: "checked_no_change", note: "counted the tray" },
          { locale: "en" },
        ),
      ),
    );
    expect(result).toEqual({ message: "Resolved." });
    const drift = await db.stockDrift.findUniqueOrThrow({ where: { id: driftId } });
    expect(drift.resolution).toBe("checked_no_change: counted the tray");
    expect(await db.auditLog.count({ where: { action: "stock.drift_resolved", entityId: driftId } })).toBe(1);
    const again = await settle(() =>
      route.action(
        routeArgs(
          post({ intent: "resolve", driftId, resolution: "checked_no_change", note: "twice" }, { locale: "en" }),
        ),
      ),
    );
    expect(((again.response ?? again.value) as Response).status).toBe(404);
  });
});
