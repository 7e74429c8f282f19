// The piece page shows everything entered and reads its history as a ledger, in the person's language.
import { beforeAll, describe, expect, test } from "vitest";
import { ENGINES } from "../../setup/databases";
import { makePiece } from "../../factories";
import { appOn, type App } from "../helpers/app";
import { adminRequest, installShop, knownAdmin, routeArgs } from "../helpers/shopify";

const SHOP = "registre-test.myshopify.com";
const NNBSP = "\u202f";

describe.each(ENGINES)("%s", (engine) => {
  let pieceLoader: (typeof import("../../../app/routes/app.pieces.$id"))["loader"];
  let homeLoader: (typeof import("../../../app/routes/app._index"))["loader"];
  let dueSoonId: string;
  let db: App["db"];
  let pieceId: string;

  beforeAll(async () => {
    ({ db } = await appOn(engine));
    ({ loader: pieceLoader } = await import("../../../app/routes/app.pieces.$id"));
    ({ loader: homeLoader } = await import("../../../app/routes/app._index"));
    const { markTagged, transitionPiece } = await import("../../../app/services/catalog/piece-changes.server");
    const shop = await installShop(SHOP);
    const staff = await knownAdmin(SHOP, "manager");
    // The person's name came from Shopify after their first actions were recorded.
    const before = { kind: "admin", id: staff.id, name: staff.name } as const;
    ({ pieceId } = await makePiece(
      shop.id,
      {
        title: "Solitaire",
        priceMinor: 190000n,
        certificates: [
          {
            lab: "GIA",
            number: "2211",
            issuedAt: new Date("2025-03-04T12:00:00Z"),
            grades: { colour: "G", clarity: "SI1" },
          },
        ],
        stones: [
          {
            type: "diamond",
            origin: "natural",
            millicarats: 1140,
            treatment: "none",
            measurements: "6,6 × 6,6 × 4,0",
            certificateIndex: 0,
          },
        ],
        consignment: {
          consignorName: "Maison Dupont",
          receivedAt: new Date("2026-09-01T10:00:00Z"),
          dueAt: new Date("2026-11-30T10:00:00Z"),
          returnConditions: "Retour sous 48 h sur simple demande",
        },
      },
      { actor: before },
    ));
    await markTagged(shop.id, pieceId, before);
    expect(
      (await transitionPiece(shop.id, pieceId, "active", before, { reason: "changed on the piece page" })).ok,
    ).toBe(true);
    const webhook = { kind: "webhook", name: "Shopify webhook orders/paid" } as const;
    await transitionPiece(shop.id, pieceId, "sold", webhook, { reason: "sold in order #1001", syncStock: false });
    await transitionPiece(shop.id, pieceId, "archived", webhook, { reason: "sold in order #1001", syncStock: false });
    await db.pieceSale.create({
      data: {
        shopId: shop.id,
        pieceId,
        orderGid: "gid://shopify/Order/1",
        orderName: "#1001",
        priceMinor: 190000n,
        currency: "EUR",
        soldAt: new Date(),
      },
    });
    // Another consigned piece, still in receiving, due back in three days.
    ({ pieceId: dueSoonId } = await makePiece(
      shop.id,
      {
        title: "Broche camée",
        consignment: {
          consignorName: "Maison Dupont",
          receivedAt: new Date(),
          dueAt: new Date(Date.now() + 3 * 86_400_000),
        },
      },
      { actor: before },
    ));
    await db.staffMember.update({ where: { id: staff.id }, data: { name: "Camille Martin" } });
  });

  test("the history reads as a French ledger: names, one sale line with order and price, no action codes", async () => {
    const data = await pieceLoader(
      routeArgs(adminRequest(`/app/pieces/${pieceId}`, SHOP, { search: { locale: "fr" } }), { id: pieceId }),
    );
    const whats = data.ledger.map((l) => l.what);
    expect(whats[0]).toBe("Réceptionnée, En réception");
    expect(whats).toContain("Étiquette posée");
    expect(whats).toContain("Mise en vente");
    expect(whats.filter((w) => w.startsWith("Vendue le "))).toHaveLength(1);
    expect(whats.find((w) => w.startsWith("Vendue le "))).toMatch(
      new RegExp(`, commande #1001, 1${NNBSP}900,00\u00a0€$`),
    );
    expect(whats.join("\n")).not.toMatch(/piece\.|Archivée/);
    expect(new Set(data.ledger.map((l) => l.who))).toEqual(new Set(["Camille Martin", "Shopify"]));
  });

  test("the same history in English", async () => {
    const data = await pieceLoader(
      routeArgs(adminRequest(`/app/pieces/${pieceId}`, SHOP, { search: { locale: "en" } }), { id: pieceId }),
    );
    expect(data.ledger.map((l) => l.what)).toEqual(
      expect.arrayContaining([
        "Received, Receiving",
        "Tag attached",
        "Put on sale",
        expect.stringMatching(/^Sold on .+, order #1001, €1,900\.00$/),
      ]),
    );
  });

  test("the record carries the certificate's date and grades, the stone's treatment and dimensions, the consignment's dates and conditions, and flags the past due date", async () => {
    const data = await pieceLoader(routeArgs(adminRequest(`/app/pieces/${pieceId}`, SHOP), { id: pieceId }));
    const [certificate] = data.piece.certificates;
    expect(certificate).toMatchObject({ lab: "GIA", number: "2211" });
    expect(new Date(certificate!.issuedAt!).toISOString()).toBe("2025-03-04T12:00:00.000Z");
    expect(JSON.parse(certificate!.grades)).toEqual({ colour: "G", clarity: "SI1" });
    expect(data.piece.stones[0]).toMatchObject({ treatment: "none", measurements: "6,6 × 6,6 × 4,0" });
    expect(data.piece.consignment).toMatchObject({ returnConditions: "Retour sous 48 h sur simple demande" });
    // The piece was sold: its consignment is not settled yet, so the date it was due back is past.
    expect(data.consignmentDue).toBe("overdue");
  });

  test("the home page says what to receive, what is due back and what happened lately, in French", async () => {
    const data = await homeLoader(routeArgs(adminRequest("/app", SHOP, { search: { locale: "fr" } })));
    expect(data.receiving).toBe(1);
    // The sold piece's consignment is past due but the piece is gone: only the one in the shop is due back.
    expect(data.day.dueBack.map((d) => [d.pieceId, d.consignor, d.status])).toEqual([
      [dueSoonId, "Maison Dupont", "soon"],
    ]);
    const lines = data.day.activity.map((l) => `${l.title} — ${l.what} — ${l.who}`);
    expect(lines[0]).toBe("Broche camée — Réceptionnée, En réception — Camille Martin");
    expect(lines).toContainEqual(
      expect.stringMatching(/^Solitaire — Vendue le .+, commande #1001, 1\u202f900,00\u00a0€ — Shopify$/),
    );
    expect(lines.join("\n")).not.toMatch(/piece\.|Shopify user/);
  });
});
