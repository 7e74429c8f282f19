// Set-up from an EMPTY shop (no demo seed): Shopify's locations become sites through the set-up
// page, idempotently, paged; renames, deactivations, re-activations, creations and deletions in
// Shopify reach the sites through signed locations/* webhooks, whatever their order; every change
// is audited. Both engines, against the Shopify simulator.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ENGINES, useFreshDatabase } from "../../setup/databases";
import { simulatedShop, type SimShop } from "../helpers/simulator";
import { adminRequest, routeArgs, settle, webhookRequest } from "../helpers/shopify";
import { postSetup } from "./answers";

const TOPICS = ["create", "update", "delete", "activate", "deactivate"] as const;
type Topic = (typeof TOPICS)[number];

describe.each(ENGINES)("%s", (engine) => {
  const SHOP = `setup-sites-${engine}.myshopify.com`;
  let s: SimShop;
  let shopId: string;
  let db: (typeof import("../../../app/db.server"))["db"];
  let hooks: Record<Topic, (typeof import("../../../app/routes/webhooks.locations.update"))["action"]>;

  const sites = async () =>
    db.location.findMany({
      where: { shopId, parentId: null },
      orderBy: { path: "asc" },
      select: { id: true, name: true, path: true, kind: true, shopifyLocationGid: true, archivedAt: true },
    });
  const audits = (action?: string) =>
    db.auditLog.findMany({ where: { shopId, entityType: "Location", ...(action ? { action } : {}) } });
  /** The simulator's last webhook of a topic, delivered to Loupe's route with a real HMAC. */
  const deliverLast = async (topic: Topic, webhookId?: string) => {
    const delivery = s.sim.webhooks.byTopic(`locations/${topic}`).at(-1)!;
    return hooks[topic](
      routeArgs(webhookRequest(`locations/${topic}`, SHOP, delivery.payload, webhookId ? { webhookId } : {})),
    );
  };

  beforeAll(async () => {
    await useFreshDatabase(engine);
    s = await simulatedShop(SHOP, { locations: ["Paris", "Lyon", { name: "Entrepôt", active: false }] });
    ({ db } = await import("../../../app/db.server"));
    hooks = Object.fromEntries(
      await Promise.all(
        TOPICS.map(async (t) => [t, (await import(`../../../app/routes/webhooks.locations.${t}.tsx`)).action]),
      ),
    ) as typeof hooks;
    // The first admin page load creates the shop's row, as after installing: nothing else exists.
    const home = await import("../../../app/routes/app._index");
    const first = await home.loader(routeArgs(adminRequest("/app", SHOP)));
    expect(first.checklist?.map((c) => c.done)).toEqual([false, false, false]);
    shopId = (await db.shop.findFirstOrThrow({ where: { domain: SHOP } })).id;
    expect(await db.location.count({ where: { shopId } })).toBe(0);
  });

  afterAll(async () => {
    await s?.close();
  });

  test("import makes each active Shopify location a site named as in Shopify, audited with who and why", async () => {
    const answer = await postSetup(SHOP, { intent: "import" });
    expect(answer.status).toBe(200);
    expect(answer.body.message).toBe("Shopify locations read: 2 sites created, 0 renamed, 0 archived, 0 restored.");
    expect(await sites()).toEqual([
      expect.objectContaining({
        name: "Lyon",
        path: "Lyon",
        kind: "site",
        shopifyLocationGid: s.locations.Lyon,
        archivedAt: null,
      }),
      expect.objectContaining({
        name: "Paris",
        path: "Paris",
        kind: "site",
        shopifyLocationGid: s.locations.Paris,
        archivedAt: null,
      }),
    ]);
    // The deactivated location is no site.
    expect((await sites()).some((r) => r.shopifyLocationGid === s.locations["Entrepôt"])).toBe(false);
    const created = await audits("location.created");
    expect(created).toHaveLength(2);
    for (const row of created) {
      expect(row.actor).toBe("Sim Staff (admin)"); // the name Shopify gives the user
      expect(row.reason).toBe("Shopify location imported as a site");
      expect(row.at).toBeInstanceOf(Date);
    }
    const home = await import("../../../app/routes/app._index");
    const after = await home.loader(routeArgs(adminRequest("/app", SHOP)));
    expect(after.checklist?.map((c) => [c.key, c.done])).toEqual([
      ["setup.checklist.sites", true],
      ["setup.checklist.storage", false],
      ["setup.checklist.kiosk", false],
    ]);
  });

  test("importing again creates nothing and writes no audit row", async () => {
    const before = { sites: await sites(), audits: (await audits()).length };
    const answer = await postSetup(SHOP, { intent: "import" });
    expect(answer.body.message).toBe("Shopify locations read: 0 sites created, 0 renamed, 0 archived, 0 restored.");
    expect(await sites()).toEqual(before.sites);
    expect(await audits()).toHaveLength(before.audits);
  });

  test("a rename in Shopify renames the site and the paths under it (locations/update, read from the API)", async () => {
    const paris = (await sites()).find((r) => r.name === "Paris")!;
    const safe = await postSetup(SHOP, { intent: "add", parentId: paris.id, kind: "safe", name: "Coffre 1" });
    const tray = await db.location.findFirstOrThrow({ where: { shopId, path: "Paris > Coffre 1" } });
    await postSetup(SHOP, { intent: "add", parentId: tray.id, kind: "tray", name: "Plateau 5" });
    expect(safe.status).toBe(200);

    s.sim.state.renameLocation({ shop: SHOP, location: "Paris", name: "Paris Rivoli" });
    expect((await deliverLast("update")).status).toBe(200);
    const rows = await db.location.findMany({ where: { shopId }, orderBy: { path: "asc" }, select: { path: true } });
    expect(rows.map((r) => r.path)).toEqual([
      "Lyon",
      "Paris Rivoli",
      "Paris Rivoli > Coffre 1",
      "Paris Rivoli > Coffre 1 > Plateau 5",
    ]);
    const renamed = await audits("location.renamed");
    expect(renamed).toHaveLength(1);
    expect(renamed[0]!.actor).toBe("Shopify webhook locations/update (webhook)");
    expect(renamed[0]!.reason).toBe("Location renamed in Shopify");
    expect(JSON.parse(renamed[0]!.data)).toMatchObject({ before: { name: "Paris" }, after: { name: "Paris Rivoli" } });
    expect((await audits("location.path_changed")).map((a) => JSON.parse(a.data).to).sort()).toEqual([
      "Paris Rivoli > Coffre 1",
      "Paris Rivoli > Coffre 1 > Plateau 5",
    ]);
  });

  test("a stale or repeated delivery still ends in Shopify's current names", async () => {
    const first = s.sim.webhooks.byTopic("locations/update")[0]!;
    s.sim.state.renameLocation({ shop: SHOP, location: "Paris Rivoli", name: "Paris Saint-Honoré" });
    // The newer event first, then the older one (its payload still says "Paris Rivoli").
    expect((await deliverLast("update")).status).toBe(200);
    const late = await hooks.update(routeArgs(webhookRequest("locations/update", SHOP, first.payload)));
    expect(late.status).toBe(200);
    expect((await sites()).map((r) => r.name)).toEqual(["Lyon", "Paris Saint-Honoré"]);
    // The same webhook id twice runs once.
    const auditsBefore = (await audits()).length;
    await deliverLast("update", "same-id");
    await deliverLast("update", "same-id");
    expect(await audits()).toHaveLength(auditsBefore);
  });

  test("a deactivated location archives its site and what is under it; re-activated, they come back", async () => {
    const lyon = (await sites()).find((r) => r.name === "Lyon")!;
    await postSetup(SHOP, { intent: "add", parentId: lyon.id, kind: "showcase", name: "Vitrine 3" });
    s.sim.state.deactivateLocation({ shop: SHOP, location: "Lyon" });
    expect((await deliverLast("deactivate")).status).toBe(200);
    expect((await deliverLast("update")).status).toBe(200);
    const archived = await db.location.findMany({ where: { shopId, path: { startsWith: "Lyon" } } });
    expect(archived.map((r) => [r.path, r.archivedAt !== null])).toEqual(
      expect.arrayContaining([
        ["Lyon", true],
        ["Lyon > Vitrine 3", true],
      ]),
    );
    const archiveAudits = await audits("location.archived");
    expect(archiveAudits).toHaveLength(2);
    expect(archiveAudits.every((a) => a.reason === "Location deactivated in Shopify")).toBe(true);

    s.sim.state.activateLocation({ shop: SHOP, location: "Lyon" });
    expect((await deliverLast("activate")).status).toBe(200);
    const back = await db.location.findMany({ where: { shopId, path: { startsWith: "Lyon" } } });
    expect(back.every((r) => r.archivedAt === null)).toBe(true);
    expect(await audits("location.restored")).toHaveLength(2);
  });

  test("a location created in Shopify becomes a site; deleted, its site is archived, not deleted", async () => {
    s.sim.state.createLocation({ shop: SHOP, name: "Bordeaux" });
    expect((await deliverLast("create")).status).toBe(200);
    const bordeaux = (await sites()).find((r) => r.name === "Bordeaux")!;
    expect(bordeaux.archivedAt).toBeNull();
    s.sim.state.deactivateLocation({ shop: SHOP, location: "Bordeaux" });
    s.sim.state.deleteLocation({ shop: SHOP, location: "Bordeaux" });
    expect(s.sim.webhooks.byTopic("locations/delete").at(-1)!.payload).toEqual({ id: expect.any(Number) });
    expect((await deliverLast("delete")).status).toBe(200);
    const gone = await db.location.findFirstOrThrow({ where: { shopId, id: bordeaux.id } });
    expect(gone.archivedAt).not.toBeNull();
    // Its locations/deactivate was never delivered: Shopify's list no longer has it at all.
    const reasons = (await audits("location.archived")).filter((a) => a.entityId === bordeaux.id).map((a) => a.reason);
    expect(reasons).toEqual(["Location deleted in Shopify"]);
  });

  test("a malformed payload is refused with 400 and a shop without a session is acknowledged", async () => {
    const bad = await settle(() => hooks.delete(routeArgs(webhookRequest("locations/delete", SHOP, { name: "x" }))));
    expect(bad.response?.status).toBe(400);
    const badUpdate = await settle(() => hooks.update(routeArgs(webhookRequest("locations/update", SHOP, { id: 1 }))));
    expect(badUpdate.response?.status).toBe(400);
    const stranger = await hooks.create(
      routeArgs(
        webhookRequest("locations/create", "inconnue.myshopify.com", {
          admin_graphql_api_id: "gid://shopify/Location/9",
        }),
      ),
    );
    expect(stranger.status).toBe(200);
  });

  test("more than one page of locations (over 250) is read to the end", async () => {
    for (let i = 1; i <= 250; i++)
      s.sim.state.createLocation({ shop: SHOP, name: `Dépôt ${String(i).padStart(3, "0")}` });
    const answer = await postSetup(SHOP, { intent: "import" });
    expect(answer.status).toBe(200);
    expect(answer.body.message).toMatch(/^Shopify locations read: 250 sites created/);
    const live = (await sites()).filter((r) => r.archivedAt === null);
    // Lyon, Paris Saint-Honoré and the 250 new ones (Bordeaux is gone, Entrepôt inactive).
    expect(live).toHaveLength(252);
    expect(live.some((r) => r.name === "Dépôt 250")).toBe(true);
    expect(s.sim.state.requestCounts({ shop: SHOP }).locations).toBeGreaterThanOrEqual(2);
  });

  test("the kiosks page's own refresh of Shopify's location names reads every page and renames the site", async () => {
    const { refreshShopifyLocationNames } = await import("../../../app/services/kiosk/pairing.server");
    const { shopifyLocationNames } = await import("../../../app/models/locations.server");
    const { unauthenticated } = await import("../../../app/shopify.server");
    const { admin } = await unauthenticated.admin(SHOP);
    // Renamed in Shopify with no webhook delivered: only the refresh can learn it. The location
    // is the last one created, so it is on the second page of 250.
    s.sim.state.renameLocation({ shop: SHOP, location: "Dépôt 250", name: "Dépôt 250 (annexe)" });
    expect(await refreshShopifyLocationNames(shopId, admin, { force: true })).toBe("read");
    const names = [...(await shopifyLocationNames(shopId)).values()].map((n) => n.name);
    expect(names).toContain("Dépôt 250 (annexe)");
    expect(names).not.toContain("Dépôt 250");
    // The site follows, as the missed webhook would have made it: the names and the sites move together.
    expect((await sites()).map((r) => r.name)).toContain("Dépôt 250 (annexe)");
  });

  test("a smaller page size reads the same list (the page size is injectable)", async () => {
    const { syncSitesFromShopify } = await import("../../../app/services/locations/sites.server");
    const { unauthenticated } = await import("../../../app/shopify.server");
    const { admin } = await unauthenticated.admin(SHOP);
    const result = await syncSitesFromShopify(shopId, admin, { kind: "system", name: "test" }, { pageSize: 7 });
    expect(result).toEqual({ ok: true, created: 0, renamed: 0, archived: 0, restored: 0, conflicts: [] });
  });
});
