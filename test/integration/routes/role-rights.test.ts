// What each page tells its reader they may do, both engines: the materials pages, *Kiosks and
// printing* and the tag editor return the role's rights from the shop's matrix (so the page hides the
// forms the role may not use and says why), an owner's change to the matrix changes them, and a
// hidden form's action is still refused on the server.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ENGINES } from "../../setup/databases";
import { makeMaterialClass, makeStaff } from "../../factories";
import { appOn, type App } from "../helpers/app";
import { adminRequest, installShop, knownAdmin, routeArgs, sessionToken, settle } from "../helpers/shopify";
import { simulatedShop, type SimShop } from "../helpers/simulator";
import { unwrap } from "../setup/answers";

const USER_OF: Record<string, string> = { owner: "9001", manager: "7001", staff: "7002", accountant: "7003" };
const MATERIALS_PAGES = [
  ["app.materials._index", "/app/materials"],
  ["app.materials.jobs._index", "/app/materials/jobs"],
  ["app.materials.prices", "/app/materials/prices"],
  ["app.materials.impairment", "/app/materials/impairment"],
  ["app.materials.reports", "/app/materials/reports"],
  ["app.materials.settings", "/app/materials/settings"],
] as const;

type Rights = Record<string, boolean>;
type Route = {
  loader: (args: unknown) => Promise<unknown>;
  action?: (args: unknown) => Promise<unknown>;
};

describe.each(ENGINES)("%s", (engine) => {
  const SHOP = `rights-${engine}.myshopify.com`;
  let s: SimShop;
  let db: App["db"];
  let shopId: string;

  const as = (role: string, path: string, init: { method?: string; body?: BodyInit } = {}) =>
    adminRequest(path, SHOP, {
      ...init,
      token: sessionToken(SHOP, { userId: USER_OF[role] }),
      search: { locale: "en" },
    });
  const route = (file: string) => import(`../../../app/routes/${file}.tsx`) as Promise<Route>;
  async function pageAs(file: string, path: string, role: string) {
    return (await route(file)).loader(routeArgs(as(role, path))) as Promise<
      { rights: Rights } & Record<string, unknown>
    >;
  }

  beforeAll(async () => {
    ({ db } = await appOn(engine));
    shopId = (await installShop(SHOP)).id;
    s = await simulatedShop(SHOP);
    for (const role of Object.keys(USER_OF)) await knownAdmin(SHOP, role, USER_OF[role]);
    await makeStaff(shopId, { name: "Léa", pin: "4821" });
  });

  afterAll(async () => {
    await s.close();
  });

  test("Kiosks and printing: staff follow the queue without the kiosk and PIN forms; a manager gets them", async () => {
    const staff = await pageAs("app.kiosks._index", "/app/kiosks", "staff");
    expect(staff.rights).toEqual({ manage: false });
    // The people and their PINs are not sent to a role that cannot manage them.
    expect(staff.staff).toEqual([]);
    expect(staff.progress).toBeDefined();
    const manager = await pageAs("app.kiosks._index", "/app/kiosks", "manager");
    expect(manager.rights).toEqual({ manage: true });
    expect((manager.staff as { name: string }[]).map((p) => p.name)).toContain("Léa");
    // The accountant prints nothing: the page is not theirs at all.
    const accountant = await settle(() => pageAs("app.kiosks._index", "/app/kiosks", "accountant"));
    expect(accountant.response?.status).toBe(403);
    // A hidden form is still refused on the server.
    const { action } = await route("app.kiosks._index");
    const refused = await settle(() =>
      action!(
        routeArgs(
          as("staff", "/app/kiosks", { method: "POST", body: new URLSearchParams({ intent: "addStaff", name: "X" }) }),
        ),
      ),
    );
    expect(refused.response?.status).toBe(403);
  });

  test("the tag editor: staff see the templates and previews, not the editing and RFID forms", async () => {
    const staff = await pageAs("app.tags", "/app/tags", "staff");
    expect(staff.rights).toEqual({ edit: false });
    expect((staff.templates as unknown[]).length).toBeGreaterThan(0);
    expect((await pageAs("app.tags", "/app/tags", "owner")).rights).toEqual({ edit: true });
    const { action } = await route("app.tags");
    const refused = await settle(() =>
      action!(
        routeArgs(
          as("staff", "/app/tags", {
            method: "POST",
            body: new URLSearchParams({ intent: "reset", templateId: "small-25x15" }),
          }),
        ),
      ),
    );
    expect(refused.response?.status).toBe(403);
  });

  test("the materials pages give each role its rights from the matrix, and an owner's change narrows them", async () => {
    const all = { post: true, close: true, methods: true, impairment: true, export: true };
    const classId = await makeMaterialClass(shopId);
    const classPage = (role: string) =>
      route("app.materials.classes.$id").then(
        (r) =>
          r.loader(routeArgs(as(role, `/app/materials/classes/${classId}`), { id: classId })) as Promise<{
            rights: Rights;
          }>,
      );
    expect((await classPage("accountant")).rights).toEqual(all);
    for (const [file, path] of MATERIALS_PAGES) {
      expect((await pageAs(file, path, "accountant")).rights, `${file} as accountant`).toEqual(all);
      expect((await pageAs(file, path, "manager")).rights, `${file} as manager`).toEqual(all);
    }
    // The owner lets the accountant read the ledger but no longer post, close or export.
    for (const permission of ["materials.post", "materials.close", "data.export"])
      await db.rolePermission.create({ data: { shopId, role: "accountant", permission, allowed: false } });
    try {
      const narrowed = { post: false, close: false, methods: true, impairment: true, export: false };
      for (const [file, path] of MATERIALS_PAGES)
        expect((await pageAs(file, path, "accountant")).rights, `${file} as accountant`).toEqual(narrowed);
      expect((await classPage("accountant")).rights).toEqual(narrowed);
      expect((await pageAs("app.materials._index", "/app/materials", "manager")).rights).toEqual(all);
      // The new-class form is hidden from the accountant now, and posting it anyway is refused.
      const { action } = await route("app.materials._index");
      const posted = await settle(() =>
        action!(
          routeArgs(
            as("accountant", "/app/materials", { method: "POST", body: new URLSearchParams({ kind: "metal" }) }),
          ),
        ),
      );
      expect(posted.response?.status ?? unwrap(posted.value).status).toBe(403);
    } finally {
      await db.rolePermission.deleteMany({ where: { shopId } });
    }
  });
});
