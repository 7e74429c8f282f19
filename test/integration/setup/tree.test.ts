// The set-up page's tree editor from an EMPTY shop (sites imported from the simulator): add, rename,
// move within a site, archive; refusals beside their field in English and French (a name clash, a
// move under itself or into another site, an archive while pieces are there), nothing half-written,
// every change audited. Both engines.
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { ENGINES, useFreshDatabase } from "../../setup/databases";
import { simulatedShop, type SimShop } from "../helpers/simulator";
import { adminRequest, knownAdmin, routeArgs } from "../helpers/shopify";
import { postSetup } from "./answers";

describe.each(ENGINES)("%s", (engine) => {
  const SHOP = `setup-tree-${engine}.myshopify.com`;
  let s: SimShop;
  let shopId: string;
  let db: (typeof import("../../../app/db.server"))["db"];
  let setup: typeof import("../../../app/routes/app.setup");
  const ids: Record<string, string> = {};

  const paths = async () =>
    (await db.location.findMany({ where: { shopId }, orderBy: { path: "asc" }, select: { path: true } })).map(
      (r) => r.path,
    );
  const auditCount = () => db.auditLog.count({ where: { shopId } });
  const add = async (parent: string, kind: string, name: string) => {
    const answer = await postSetup(SHOP, { intent: "add", parentId: ids[parent]!, kind, name });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    ids[name] = (await db.location.findFirstOrThrow({ where: { shopId, name, archivedAt: null } })).id;
  };

  beforeAll(async () => {
    await useFreshDatabase(engine);
    s = await simulatedShop(SHOP, { locations: ["Paris", "Lyon"] });
    ({ db } = await import("../../../app/db.server"));
    setup = await import("../../../app/routes/app.setup");
    expect((await postSetup(SHOP, { intent: "import" })).status).toBe(200);
    shopId = (await db.shop.findFirstOrThrow({ where: { domain: SHOP } })).id;
    for (const site of await db.location.findMany({ where: { shopId } })) ids[site.name] = site.id;
  });

  afterAll(async () => {
    await s?.close();
  });

  test("places are added under a site with their kind, path and an audit entry", async () => {
    await add("Paris", "safe", "Coffre 1");
    await add("Coffre 1", "tray", "Plateau 1");
    await add("Paris", "showcase", "Vitrine 1");
    await add("Lyon", "tray", "Plateau 4");
    expect(await paths()).toEqual([
      "Lyon",
      "Lyon > Plateau 4",
      "Paris",
      "Paris > Coffre 1",
      "Paris > Coffre 1 > Plateau 1",
      "Paris > Vitrine 1",
    ]);
    const tray = await db.location.findFirstOrThrow({ where: { id: ids["Plateau 1"] } });
    expect(tray).toMatchObject({ kind: "tray", parentId: ids["Coffre 1"], shopifyLocationGid: s.locations.Paris });
    const audit = await db.auditLog.findFirstOrThrow({ where: { shopId, entityId: ids["Plateau 1"] } });
    expect(audit.action).toBe("location.created");
    expect(JSON.parse(audit.data)).toMatchObject({ path: "Paris > Coffre 1 > Plateau 1", kind: "tray" });
    const home = await import("../../../app/routes/app._index");
    const checklist = (await home.loader(routeArgs(adminRequest("/app", SHOP, { search: { locale: "en" } }))))
      .checklist;
    expect(checklist?.map((c) => c.done)).toEqual([true, true, false]);
  });

  test("the form's own checks answer 400 beside the field: no name, a '>' in it, an unknown kind", async () => {
    const before = await auditCount();
    const empty = await postSetup(SHOP, { intent: "add", parentId: ids.Paris!, kind: "safe", name: "  " });
    expect(empty.status).toBe(400);
    expect(empty.body.intent).toBe("add");
    expect(empty.body.errors).toEqual({ name: "Give the place a name." });
    const chevron = await postSetup(SHOP, { intent: "rename", id: ids["Coffre 1"]!, name: "A > B" });
    expect(chevron.body.errors?.name).toBe("A name cannot contain “>”: it separates the levels of a path.");
    const kind = await postSetup(SHOP, { intent: "add", parentId: ids.Paris!, kind: "site", name: "Autre site" });
    expect(kind.body.errors?.kind).toBe("Choose a kind: safe, showcase, tray, drawer, workshop or other.");
    expect(await auditCount()).toBe(before);
  });

  test("a rename rewrites the paths under the place, audited before and after", async () => {
    const answer = await postSetup(SHOP, { intent: "rename", id: ids["Coffre 1"]!, name: "Coffre A" });
    expect(answer.status).toBe(200);
    expect(answer.body.message).toBe("Renamed: now “Paris > Coffre A”.");
    ids["Coffre A"] = ids["Coffre 1"]!;
    expect(await paths()).toContain("Paris > Coffre A > Plateau 1");
    const renamed = await db.auditLog.findFirstOrThrow({ where: { shopId, action: "location.renamed" } });
    expect(JSON.parse(renamed.data)).toMatchObject({
      before: { name: "Coffre 1", path: "Paris > Coffre 1" },
      after: { name: "Coffre A", path: "Paris > Coffre A" },
    });
    const moved = await db.auditLog.findFirstOrThrow({ where: { shopId, action: "location.path_changed" } });
    expect(JSON.parse(moved.data)).toMatchObject({
      from: "Paris > Coffre 1 > Plateau 1",
      to: "Paris > Coffre A > Plateau 1",
    });
  });

  test("a name another place holds is refused beside the name, and nothing is written", async () => {
    const before = { paths: await paths(), audits: await auditCount() };
    const clash = await postSetup(SHOP, { intent: "rename", id: ids["Vitrine 1"]!, name: "Coffre A" });
    expect(clash.status).toBe(422);
    expect(clash.body.errors).toEqual({
      name: "Another location (perhaps an archived one) is already called “Paris > Coffre A”. Choose another name.",
    });
    const added = await postSetup(SHOP, { intent: "add", parentId: ids.Paris!, kind: "drawer", name: "Vitrine 1" });
    expect(added.status).toBe(422);
    expect(added.body.errors?.name).toMatch(/“Paris > Vitrine 1”/);
    expect(await paths()).toEqual(before.paths);
    expect(await auditCount()).toBe(before.audits);
  });

  test("a move takes the place and what is under it to another parent of the same site", async () => {
    await add("Plateau 1", "other", "Écrin");
    const answer = await postSetup(SHOP, { intent: "move", id: ids["Plateau 1"]!, parentId: ids["Vitrine 1"]! });
    expect(answer.status).toBe(200);
    expect(await paths()).toEqual(
      expect.arrayContaining(["Paris > Vitrine 1 > Plateau 1", "Paris > Vitrine 1 > Plateau 1 > Écrin"]),
    );
    expect(await paths()).not.toContain("Paris > Coffre A > Plateau 1");
    const moved = await db.auditLog.findFirstOrThrow({ where: { shopId, action: "location.moved" } });
    expect(JSON.parse(moved.data)).toMatchObject({
      before: { parentId: ids["Coffre A"] },
      after: { parentId: ids["Vitrine 1"], path: "Paris > Vitrine 1 > Plateau 1" },
    });
  });

  test("a move under itself, under its own place, into another site or onto a taken path is refused", async () => {
    const before = { paths: await paths(), audits: await auditCount() };
    const self = await postSetup(SHOP, { intent: "move", id: ids["Vitrine 1"]!, parentId: ids["Vitrine 1"]! });
    expect(self.status).toBe(422);
    expect(self.body.errors).toEqual({ parentId: "A place cannot go under itself or under one of its own places." });
    const child = await postSetup(SHOP, { intent: "move", id: ids["Vitrine 1"]!, parentId: ids["Écrin"]! });
    expect(child.body.errors?.parentId).toBe("A place cannot go under itself or under one of its own places.");
    const otherSite = await postSetup(SHOP, { intent: "move", id: ids["Plateau 1"]!, parentId: ids.Lyon! });
    expect(otherSite.body.errors?.parentId).toBe("A place stays in its site: choose a parent in the same site.");
    const site = await postSetup(SHOP, { intent: "move", id: ids.Paris!, parentId: ids["Vitrine 1"]! });
    expect(site.status).toBe(422);
    // A tray named like one already under the new parent: the whole move is refused.
    await add("Coffre A", "tray", "Plateau 1 bis");
    const rename = await postSetup(SHOP, { intent: "rename", id: ids["Plateau 1 bis"]!, name: "Plateau 1" });
    expect(rename.status).toBe(200);
    const clash = await postSetup(SHOP, { intent: "move", id: ids["Plateau 1 bis"]!, parentId: ids["Vitrine 1"]! });
    expect(clash.status).toBe(422);
    expect(clash.body.errors?.name).toMatch(/“Paris > Vitrine 1 > Plateau 1”/);
    expect((await paths()).filter((p) => !before.paths.includes(p))).toEqual(["Paris > Coffre A > Plateau 1"]);
    // Only the add and the rename of the new tray were written.
    expect(await auditCount()).toBe(before.audits + 2);
  });

  test("archiving is refused while pieces are kept there or under it, with their count; empty, it archives", async () => {
    const { createPiece } = await import("../../../app/services/catalog/intake.server");
    for (const title of ["Bague saphir", "Alliance or 750"]) {
      const made = await createPiece(
        shopId,
        {
          title,
          currency: "EUR",
          priceMinor: 90000n,
          metals: [],
          stones: [],
          certificates: [],
          locationId: ids["Écrin"],
        },
        { kind: "system", name: "test" },
      );
      expect(made.ok).toBe(true);
    }
    const before = await auditCount();
    const refused = await postSetup(SHOP, { intent: "archive", id: ids["Vitrine 1"]! });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual({
      id: "2 pieces are still kept in “Paris > Vitrine 1” or under it. Move them elsewhere, then archive it.",
    });
    const site = await postSetup(SHOP, { intent: "archive", id: ids.Paris! });
    expect(site.body.errors?.id).toBe("A site is archived when its location is deactivated in Shopify, not here.");
    expect(await auditCount()).toBe(before);
    expect(await db.location.count({ where: { shopId, archivedAt: { not: null } } })).toBe(0);

    const archived = await postSetup(SHOP, { intent: "archive", id: ids["Coffre A"]! });
    expect(archived.status).toBe(200);
    const rows = await db.location.findMany({ where: { shopId, archivedAt: { not: null } }, select: { path: true } });
    expect(rows.map((r) => r.path).sort()).toEqual(["Paris > Coffre A", "Paris > Coffre A > Plateau 1"]);
    expect(await db.auditLog.count({ where: { shopId, action: "location.archived" } })).toBe(2);
    // Hidden by default, shown on request.
    const page = await setup.loader(routeArgs(adminRequest("/app/setup", SHOP)));
    expect(page.rows.map((r) => r.path)).not.toContain("Paris > Coffre A");
    const all = await setup.loader(routeArgs(adminRequest("/app/setup", SHOP, { search: { archived: "1" } })));
    expect(all.rows.find((r) => r.path === "Paris > Coffre A")).toMatchObject({ archived: true });
    // An archived place takes no new children.
    const under = await postSetup(SHOP, { intent: "add", parentId: ids["Coffre A"]!, kind: "tray", name: "X" });
    expect(under.body.errors?.parentId).toBe("The chosen parent is archived. Choose another one.");
  });

  test("messages are in French for a French admin", async () => {
    const fr = { locale: "fr", userId: "7007" };
    // Locations are a setting: a manager's (a newcomer would start as staff).
    await knownAdmin(SHOP, "manager", "7007");
    const empty = await postSetup(SHOP, { intent: "add", parentId: ids.Paris!, kind: "safe", name: "" }, fr);
    expect(empty.body.errors).toEqual({ name: "Donnez un nom à cet endroit." });
    const clash = await postSetup(SHOP, { intent: "rename", id: ids["Vitrine 1"]!, name: "Coffre A" }, fr);
    expect(clash.body.errors?.name).toBe(
      "Un autre emplacement (peut-être archivé) s’appelle déjà «\u202fParis > Coffre A\u202f». Choisissez un autre nom.",
    );
    const pieces = await postSetup(SHOP, { intent: "archive", id: ids["Écrin"]! }, fr);
    expect(pieces.body.errors?.id).toMatch(
      /^2 pièces sont encore rangées dans «\u202fParis > Vitrine 1 > Plateau 1 > Écrin\u202f»/,
    );
  });

  test("with a kiosk paired as well, the home checklist is gone", async () => {
    await db.device.create({
      data: {
        shopId,
        name: "Comptoir",
        shopifyLocationGid: s.locations.Paris!,
        tokenHash: `h-${engine}`,
        createdBy: "test",
      },
    });
    const home = await import("../../../app/routes/app._index");
    const page = await home.loader(routeArgs(adminRequest("/app", SHOP, { search: { locale: "en" } })));
    expect(page.checklist).toBeNull();
  });

  test("a new place never gets the label code of another place of the shop (the id is drawn again)", async () => {
    const labels = await import("../../../app/services/locations/labels.server");
    // Two ids whose codes collide (30-bit codes: a birthday search finds a pair in ~40,000 tries).
    const seen = new Map<string, string>();
    let pair: [string, string] | undefined;
    for (let i = 0; !pair; i++) {
      const id = `ccollide${engine}${i}`;
      const code = labels.locationCodeOf(id);
      const earlier = seen.get(code);
      if (earlier) pair = [earlier, id];
      else seen.set(code, id);
    }
    const [first, clashing] = pair;
    const spare = `cspare${engine}`;
    const drawn = [first, clashing, spare];
    const spy = vi.spyOn(labels.locationIdSource, "next").mockImplementation(() => drawn.shift()!);
    try {
      await add("Lyon", "drawer", "Tiroir A");
      await add("Lyon", "drawer", "Tiroir B");
    } finally {
      spy.mockRestore();
    }
    expect(ids["Tiroir A"]).toBe(first);
    expect(ids["Tiroir B"]).toBe(spare);
    const codes = (await db.location.findMany({ where: { shopId }, select: { id: true } })).map((r) =>
      labels.locationCodeOf(r.id),
    );
    expect(new Set(codes).size).toBe(codes.length);
  });
});
