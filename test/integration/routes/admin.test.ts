// Embedded admin routes called through their loaders with real session tokens.
import { beforeAll, describe, expect, test } from "vitest";
import { ENGINES } from "../../setup/databases";
import { makePiece } from "../../factories";
import { appOn, type App } from "../helpers/app";
import { adminRequest, installShop, knownAdmin, routeArgs, sessionToken, settle } from "../helpers/shopify";

const SHOP = "maison-test.myshopify.com";
const OTHER = "autre-boutique.myshopify.com";

describe.each(ENGINES)("%s", (engine) => {
  let piecesLoader: (typeof import("../../../app/routes/app.pieces._index"))["loader"];
  let pieceLoader: (typeof import("../../../app/routes/app.pieces.$id"))["loader"];
  let homeLoader: (typeof import("../../../app/routes/app._index"))["loader"];
  let db: App["db"];
  let ids: { mine: string; theirs: string };

  beforeAll(async () => {
    ({ db } = await appOn(engine));
    ({ loader: piecesLoader } = await import("../../../app/routes/app.pieces._index"));
    ({ loader: pieceLoader } = await import("../../../app/routes/app.pieces.$id"));
    ({ loader: homeLoader } = await import("../../../app/routes/app._index"));
    const actor = { kind: "system", name: "test" } as const;
    const mine = await installShop(SHOP);
    const theirs = await installShop(OTHER);
    // The default user has been made a manager on the Staff page (no simulator answers who owns the shop).
    await knownAdmin(SHOP, "manager");
    const make = async (shopId: string, title: string, cert: string) => {
      const r = await makePiece(
        shopId,
        {
          title,
          priceMinor: 125000n,
          costMinor: 60000n,
          supplierName: "Secret Supplier",
          certificates: [{ lab: "GIA", number: cert }],
        },
        { actor },
      );
      return r.pieceId;
    };
    ids = {
      mine: await make(mine.id, "Bague émeraude", "2200000001"),
      theirs: await make(theirs.id, "Their secret ring", "2200000002"),
    };
  });

  test("the pieces list answers a valid session token with this shop's pieces only", async () => {
    const data = await piecesLoader(routeArgs(adminRequest("/app/pieces", SHOP)));
    expect(data.total).toBe(1);
    expect(data.pieces.map((p) => p.title)).toEqual(["Bague émeraude"]);
  });

  test("search finds a piece by certificate number", async () => {
    const found = await piecesLoader(routeArgs(adminRequest("/app/pieces", SHOP, { search: { q: "2200000001" } })));
    expect(found.pieces.map((p) => p.id)).toEqual([ids.mine]);
    const none = await piecesLoader(routeArgs(adminRequest("/app/pieces", SHOP, { search: { q: "2200000002" } })));
    expect(none.total).toBe(0);
  });

  test("a session token signed with another secret is refused with 401 and writes nothing", async () => {
    const stranger = "intrus.myshopify.com";
    const before = await db.shop.count();
    const { response } = await settle(() =>
      piecesLoader(
        routeArgs(
          adminRequest("/app/pieces", stranger, { token: sessionToken(stranger, { secret: "not-the-secret" }) }),
        ),
      ),
    );
    expect(response?.status).toBe(401);
    expect(await db.shop.count()).toBe(before);
    expect(await db.staffMember.count({ where: { shop: { domain: stranger } } })).toBe(0);
  });

  test("an expired or garbled token is refused with 401", async () => {
    const { response } = await settle(() =>
      piecesLoader(routeArgs(adminRequest("/app/pieces", SHOP, { token: "abc.def.ghi" }))),
    );
    expect(response?.status).toBe(401);
  });

  test("a piece of another shop is a 404 with a message, in the admin's language (shop default: French)", async () => {
    const en = await settle(() =>
      pieceLoader(
        routeArgs(adminRequest(`/app/pieces/${ids.theirs}`, SHOP, { search: { locale: "en" } }), { id: ids.theirs }),
      ),
    );
    expect(en.response?.status).toBe(404);
    expect(await en.response?.text()).toBe("This piece does not exist in this shop.");
    // A person whose page loads never named a language gets the shop's.
    const newcomer = sessionToken(SHOP, { userId: "31337" });
    const fr = await settle(() =>
      pieceLoader(routeArgs(adminRequest(`/app/pieces/nope`, SHOP, { token: newcomer }), { id: "nope" })),
    );
    expect(fr.response?.status).toBe(404);
    expect(await fr.response?.text()).toBe("Cette pièce n'existe pas dans cette boutique.");
  });

  test("the admin's language from a page load carries over to later in-app data requests", async () => {
    const userId = "4242";
    const token = () => sessionToken(SHOP, { userId });
    await settle(() =>
      pieceLoader(
        routeArgs(adminRequest(`/app/pieces/x`, SHOP, { token: token(), search: { locale: "en-GB" } }), { id: "x" }),
      ),
    );
    const later = await settle(() =>
      pieceLoader(routeArgs(adminRequest(`/app/pieces/x`, SHOP, { token: token() }), { id: "x" })),
    );
    expect(await later.response?.text()).toBe("This piece does not exist in this shop.");
  });

  test("the piece page shows the record, and cost only to roles allowed to see it", async () => {
    const data = await pieceLoader(routeArgs(adminRequest(`/app/pieces/${ids.mine}`, SHOP), { id: ids.mine }));
    expect(data.piece.title).toBe("Bague émeraude");
    expect(data.piece).not.toHaveProperty("costMinor");
    // A manager, whom the shop's default lets see cost.
    expect(data.cost).toEqual({ costMinor: 60000n, supplierName: "Secret Supplier" });
    await db.staffMember.updateMany({ where: { shop: { domain: SHOP } }, data: { role: "staff" } });
    const asStaff = await pieceLoader(routeArgs(adminRequest(`/app/pieces/${ids.mine}`, SHOP), { id: ids.mine }));
    expect(asStaff.cost).toBeNull();
    expect(JSON.stringify(asStaff, (_k, v) => (typeof v === "bigint" ? v.toString() : v))).not.toContain(
      "Secret Supplier",
    );
    await db.staffMember.updateMany({ where: { shop: { domain: SHOP } }, data: { role: "manager" } });
  });

  test("the home page shows the background check of the shop's audit chain, never verifying it itself", async () => {
    const data = await homeLoader(routeArgs(adminRequest("/app", SHOP)));
    expect(data.total).toBe(1);
    // The piece's supplier, typed by name, added to the partners register; then the piece itself.
    const actions = await db.auditLog.findMany({
      where: { shop: { domain: SHOP } },
      orderBy: { seq: "asc" },
      select: { action: true },
    });
    expect(actions.map((a) => a.action)).toEqual(["partner.created", "piece.created"]);
    // Not yet checked in the background: the page says so rather than reading the chain.
    expect(data.audit).toBeNull();
    const shop = await db.shop.findUniqueOrThrow({ where: { domain: SHOP } });
    const { runAuditCheck } = await import("../../../app/models/audit-check.server");
    expect(await runAuditCheck(shop.id, { pace: "full" })).toEqual({ ok: true, count: 2 });
    const after = await homeLoader(routeArgs(adminRequest("/app", SHOP)));
    expect(after.audit).toMatchObject({ ok: true, seq: 2, newer: 0 });
  });
});
