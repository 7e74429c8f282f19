// Roles from an empty shop: the Shopify account owner becomes owner, anyone else starts as staff
// and sees no cost; the Staff page is the owner's and managers' and audits every change.
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ENGINES } from "../../setup/databases";
import { makePiece } from "../../factories";
import { appOn, type App } from "../helpers/app";
import { adminRequest, installShop, routeArgs, sessionToken, settle } from "../helpers/shopify";
import { simulatedShop, type SimShop } from "../helpers/simulator";
import { unwrap } from "../setup/answers";

const OWNER = "9001"; // the simulator's account owner (and the tests' default user)
const CLERK = "4242";
const THIRD = "5151";

describe.each(ENGINES)("%s", (engine) => {
  const SHOP = `roles-${engine}.myshopify.com`;
  let s: SimShop;
  let db: App["db"];
  let shopId: string;
  let pieceId: string;
  let list: typeof import("../../../app/routes/app.pieces._index");
  let page: typeof import("../../../app/routes/app.pieces.$id");
  let exportCsv: (typeof import("../../../app/routes/app.pieces.export[.csv]"))["loader"];
  let staffRoute: typeof import("../../../app/routes/app.staff");

  const as = (userId: string, path: string, init: { method?: string; body?: BodyInit } = {}) =>
    adminRequest(path, SHOP, { ...init, token: sessionToken(SHOP, { userId }), search: { locale: "en" } });
  const person = (userId: string) => db.staffMember.findFirstOrThrow({ where: { shopId, shopifyUserId: userId } });
  const changeRole = async (userId: string, staffId: string, role: string) => {
    const { value, response } = await settle(() =>
      staffRoute.action(
        routeArgs(as(userId, "/app/staff", { method: "POST", body: new URLSearchParams({ staffId, role }) })),
      ),
    );
    return response
      ? { status: response.status, body: undefined, text: await response.text() }
      : { ...unwrap(value), text: "" };
  };
  const csv = async (userId: string) => {
    const response = await exportCsv(routeArgs(as(userId, "/app/pieces/export.csv")));
    // A new shop speaks French, so its export is in the French-Excel dialect: ";" and French headers.
    return parse(new TextDecoder().decode(new Uint8Array(await response.arrayBuffer())), {
      columns: true,
      bom: true,
      delimiter: ";",
    }) as Record<string, string>[];
  };
  const json = (value: unknown) => JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? `${v}` : v));

  beforeAll(async () => {
    ({ db } = await appOn(engine));
    shopId = (await installShop(SHOP)).id;
    s = await simulatedShop(SHOP);
    list = await import("../../../app/routes/app.pieces._index");
    page = await import("../../../app/routes/app.pieces.$id");
    exportCsv = (await import("../../../app/routes/app.pieces.export[.csv]")).loader;
    staffRoute = await import("../../../app/routes/app.staff");
    const made = await makePiece(
      shopId,
      { title: "Bague rubis", priceMinor: 250000n, costMinor: 97531n, supplierName: "Atelier Secret" },
      { actor: { kind: "system", name: "test" } },
    );
    pieceId = made.pieceId;
  });

  afterAll(async () => {
    await s.close();
  });

  test("the Shopify account owner becomes owner; another Shopify user starts as staff, never manager", async () => {
    expect(await db.staffMember.count({ where: { shopId } })).toBe(0);
    await list.loader(routeArgs(as(OWNER, "/app/pieces")));
    await list.loader(routeArgs(as(CLERK, "/app/pieces")));
    expect(await person(OWNER)).toMatchObject({ role: "owner", accountOwner: true, name: "Sim Staff" });
    expect(await person(CLERK)).toMatchObject({ role: "staff", accountOwner: false });
  });

  test("staff see no cost on the pieces list, the piece page or the CSV export; the owner does", async () => {
    const clerkList = await list.loader(routeArgs(as(CLERK, "/app/pieces")));
    expect(clerkList.pieces.map((p) => p.title)).toEqual(["Bague rubis"]);
    expect(json(clerkList)).not.toMatch(/Atelier Secret|97531|975\.31|costMinor/);

    const clerkPage = await page.loader(routeArgs(as(CLERK, `/app/pieces/${pieceId}`), { id: pieceId }));
    expect(clerkPage.cost).toBeNull();
    expect(json(clerkPage)).not.toMatch(/Atelier Secret|97531|975\.31/);
    const ownerPage = await page.loader(routeArgs(as(OWNER, `/app/pieces/${pieceId}`), { id: pieceId }));
    expect(ownerPage.cost).toEqual({ costMinor: 97531n, supplierName: "Atelier Secret" });

    // Staff do not export by default; given the export by the owner, they still get no cost column.
    const refused = await settle(() => exportCsv(routeArgs(as(CLERK, "/app/pieces/export.csv"))));
    expect(refused.response?.status).toBe(403);
    await db.rolePermission.create({ data: { shopId, role: "staff", permission: "data.export", allowed: true } });
    const [clerkRow] = await csv(CLERK);
    expect(Object.keys(clerkRow!)).toContain("Désignation");
    expect(Object.keys(clerkRow!)).not.toContain("Coût");
    expect(Object.keys(clerkRow!)).not.toContain("Fournisseur");
    expect(Object.values(clerkRow!).join("|")).not.toMatch(/Atelier Secret|975[.,]31/);
    const [ownerRow] = await csv(OWNER);
    expect(ownerRow).toMatchObject({ Coût: expect.stringMatching(/975[.,]31/), Fournisseur: "Atelier Secret" });
  });

  test("the Staff page refuses staff with a translated 403, for reading and for changing", async () => {
    const read = await settle(() => staffRoute.loader(routeArgs(as(CLERK, "/app/staff"))));
    expect(read.response?.status).toBe(403);
    expect(await read.response?.text()).toBe(
      "Your role does not allow this: Staff page. Ask the shop's owner or a manager.",
    );
    const french = await settle(() =>
      staffRoute.loader(
        routeArgs(
          adminRequest("/app/staff", SHOP, { token: sessionToken(SHOP, { userId: CLERK }), search: { locale: "fr" } }),
        ),
      ),
    );
    expect(await french.response?.text()).toBe(
      "Votre rôle ne permet pas ceci\u202f: Page Équipe. Demandez au propriétaire de la boutique ou à un responsable.",
    );
    const clerk = await person(CLERK);
    const audits = await db.auditLog.count({ where: { shopId } });
    const write = await changeRole(CLERK, clerk.id, "manager");
    expect(write.status).toBe(403);
    expect((await person(CLERK)).role).toBe("staff");
    expect(await db.auditLog.count({ where: { shopId } })).toBe(audits);
  });

  test("the owner sees everyone and makes the clerk a manager; the change is audited with before, after and who", async () => {
    const data = await staffRoute.loader(routeArgs(as(OWNER, "/app/staff")));
    expect(data.people.map((p) => [p.role, p.accountOwner])).toEqual([
      ["owner", true],
      ["staff", false],
    ]);
    const clerk = await person(CLERK);
    const answer = await changeRole(OWNER, clerk.id, "manager");
    expect(answer).toMatchObject({ status: 200, body: { ok: true, changed: true } });
    expect((await person(CLERK)).role).toBe("manager");
    const audit = await db.auditLog.findFirstOrThrow({
      where: { shopId, action: "staff.role", entityId: clerk.id },
      orderBy: { seq: "desc" },
    });
    expect(audit.actor).toBe("Sim Staff (admin)");
    expect(JSON.parse(audit.data as string)).toMatchObject({ before: { role: "staff" }, after: { role: "manager" } });
    // A manager now sees cost (the shop's default cost roles).
    const managerPage = await page.loader(routeArgs(as(CLERK, `/app/pieces/${pieceId}`), { id: pieceId }));
    expect(managerPage.cost).not.toBeNull();
    // A bad role is answered field by field and changes nothing.
    const bad = await changeRole(OWNER, clerk.id, "emperor");
    expect(bad.status).toBe(400);
    expect(bad.body?.errors?.role).toBeTruthy();
  });

  test("a manager cannot make an owner, nor change the owner, nor their own role; they may make an accountant", async () => {
    await list.loader(routeArgs(as(THIRD, "/app/pieces")));
    const third = await person(THIRD);
    const owner = await person(OWNER);
    const manager = await person(CLERK);
    expect(manager.role).toBe("manager");
    const audits = await db.auditLog.count({ where: { shopId } });

    const makeOwner = await changeRole(CLERK, third.id, "owner");
    expect(makeOwner.status).toBe(403);
    expect(makeOwner.body?.errors?._form).toBe("A manager may only move people between staff and accountant.");
    const demoteOwner = await changeRole(CLERK, owner.id, "staff");
    expect(demoteOwner.status).toBe(403);
    expect(demoteOwner.body?.errors?._form).toBe("The Shopify account owner stays owner.");
    const self = await changeRole(CLERK, manager.id, "accountant");
    expect(self.status).toBe(403);
    expect((await person(THIRD)).role).toBe("staff");
    expect((await person(OWNER)).role).toBe("owner");
    expect(await db.auditLog.count({ where: { shopId } })).toBe(audits);

    const accountant = await changeRole(CLERK, third.id, "accountant");
    expect(accountant).toMatchObject({ status: 200, body: { ok: true, changed: true } });
    expect((await person(THIRD)).role).toBe("accountant");
    expect(await db.auditLog.count({ where: { shopId, action: "staff.role", entityId: third.id } })).toBe(1);
  });
});
