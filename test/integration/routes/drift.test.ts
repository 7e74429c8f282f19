// The Stock differences page: a person resolves a difference with a note; without one, nothing.
import { beforeAll, describe, expect, test, vi } from "vitest";
import { ENGINES } from "../../setup/databases";
import { makePiece } from "../../factories";
import { appOn, type App } from "../helpers/app";
import { adminRequest, installShop, knownAdmin, routeArgs, settle } from "../helpers/shopify";

const SHOP = "ecarts.myshopify.com";

describe.each(ENGINES)("%s", (engine) => {
  let route: typeof import("../../../app/routes/app.drift");
  let db: App["db"];
  let driftId: string;

  beforeAll(async () => {
    ({ db } = await appOn(engine));
    route = await import("../../../app/routes/app.drift");
    const shop = await installShop(SHOP);
    // Resolving a difference is a manager's (stock.resolve).
    await knownAdmin(SHOP, "manager");
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
    expect(await res.json()).toEqual({ error: "Indiquez pourquoi\u202f: la note va dans le journal d'audit." });
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

  const openDrift = async (shopId: string) =>
    (
      await db.stockDrift.create({
        data: {
          shopId,
          variantGid: "gid://shopify/ProductVariant/9",
          inventoryItemGid: "gid://shopify/InventoryItem/9",
          shopifyLocationGid: "gid://shopify/Location/2",
          shopifyAvailable: 4,
          loupeActive: 1,
        },
      })
    ).id;

  test("a difference already resolved is never resolved a second time, even by a request that read it open", async () => {
    const models = await import("../../../app/models/stock-differences.server");
    const { inTransaction } = await import("../../../app/models/transaction.server");
    const shop = await db.shop.findUniqueOrThrow({ where: { domain: SHOP } });
    const id = await openDrift(shop.id);
    const mark = (who: string) =>
      inTransaction((tx) =>
        models.markDriftResolved(tx, shop.id, id, { resolvedBy: who, resolution: `checked_no_change: ${who}` }),
      );
    // The second request read the difference open before the first committed; its update must
    // find it resolved and change nothing.
    expect(await mark("Camille")).toBe(true);
    expect(await mark("Léa")).toBe(false);
    const drift = await db.stockDrift.findUniqueOrThrow({ where: { id } });
    expect(drift).toMatchObject({ resolvedBy: "Camille", resolution: "checked_no_change: Camille" });
    // Nor does the reconciler close it again as "matched again" over the person's decision.
    expect(await models.closeDriftMatchedAgain(shop.id, id)).toBe(false);
    expect((await db.stockDrift.findUniqueOrThrow({ where: { id } })).resolvedBy).toBe("Camille");
  });

  test("two people resolving the same difference at once: one correction is sent and audited, the other is told", async () => {
    const reconcile = await import("../../../app/services/sync/reconcile.server");
    const shop = await db.shop.findUniqueOrThrow({ where: { domain: SHOP } });
    const id = await openDrift(shop.id);
    const outboxBefore = await db.outboxEntry.count({ where: { shopId: shop.id } });
    const results = await Promise.all(
      ["Camille", "Léa"].map((name) =>
        reconcile
          .resolveDrift(shop.id, id, "set_shopify_to_loupe", { kind: "admin", id: null, name }, "recount")
          .catch((error: unknown) => ({ ok: false as const, code: String(error) })),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const refused = results.find((r) => !r.ok)!;
    expect(["ALREADY_RESOLVED", "NOT_FOUND"]).toContain(refused.ok ? null : refused.code);
    expect(await db.outboxEntry.count({ where: { shopId: shop.id } })).toBe(outboxBefore + 1);
    expect(await db.auditLog.count({ where: { action: "stock.drift_resolved", entityId: id } })).toBe(1);
  });

  test("the page tells the second person the difference was resolved meanwhile (409, their language)", async () => {
    const shop = await db.shop.findUniqueOrThrow({ where: { domain: SHOP } });
    const id = await openDrift(shop.id);
    const models = await import("../../../app/models/stock-differences.server");
    // As if the other person's update landed between this request's read and its own update (SQLite
    // runs one transaction at a time, so the other's write is made through this one's handle).
    const real = models.findOpenDriftById;
    const spy = vi.spyOn(models, "findOpenDriftById").mockImplementationOnce(async (tx, shopId, driftId) => {
      const row = await real(tx, shopId, driftId);
      await models.markDriftResolved(tx, shopId, driftId, { resolvedBy: "Léa", resolution: "checked_no_change: Léa" });
      return row;
    });
    try {
      const { value, response } = await settle(() =>
        route.action(
          routeArgs(
            post(
              { intent: "resolve", driftId: id, resolution: "checked_no_change", note: "moi aussi" },
              { locale: "fr" },
            ),
          ),
        ),
      );
      const res = (response ?? value) as Response;
      expect(res.status).toBe(409);
      expect(await res.json()).toEqual({
        error:
          "Quelqu'un d'autre vient de régler cet écart\u202f: votre décision n'a pas été appliquée. Rechargez la page pour voir ce qui reste.",
      });
    } finally {
      spy.mockRestore();
    }
    expect((await db.stockDrift.findUniqueOrThrow({ where: { id } })).resolvedBy).toBe("Léa");
    expect(await db.auditLog.count({ where: { action: "stock.drift_resolved", entityId: id } })).toBe(0);
  });
});
