// The public provenance page behind the app proxy: signed requests only, nothing private shown.
import { beforeAll, describe, expect, test } from "vitest";
import { ENGINES } from "../../setup/databases";
import { makePiece } from "../../factories";
import { appOn } from "../helpers/app";
import { installShop, proxyRequest, routeArgs, settle } from "../helpers/shopify";

const SHOP = "provenance.myshopify.com";

describe.each(ENGINES)("%s", (engine) => {
  let loader: (typeof import("../../../app/routes/proxy.$token"))["loader"];
  let token: string;
  let otherToken: string;

  beforeAll(async () => {
    const { db } = await appOn(engine);
    ({ loader } = await import("../../../app/routes/proxy.$token"));
    const shop = await installShop(SHOP);
    const other = await installShop("other-shop.myshopify.com");
    const t = { actor: { kind: "system", name: "t" } } as const;
    const r = await makePiece(
      shop.id,
      {
        title: "Solitaire diamant",
        costMinor: 424242n,
        priceMinor: 990000n,
        supplierName: "Fournisseur Confidentiel",
        notes: "Client VIP: Mme Secret",
        metals: [
          {
            metal: "gold",
            colour: "white",
            finenessBp: 7500,
            grossWeightMg: 3200n,
            enteredWeight: "3.20",
            enteredUnit: "g",
          },
        ],
        stones: [
          { type: "diamond", origin: "natural", millicarats: 1010, colour: "F", clarity: "VS1", certificateIndex: 0 },
        ],
        certificates: [{ lab: "GIA", number: "2141234567" }],
        consignment: { consignorName: "Déposante Discrète", commissionBp: 2500, receivedAt: new Date() },
      },
      t,
    );
    const o = await makePiece(other.id, { title: "Other shop's ring" }, t);
    token = (await db.piece.findUniqueOrThrow({ where: { id: r.pieceId } })).publicToken;
    otherToken = (await db.piece.findUniqueOrThrow({ where: { id: o.pieceId } })).publicToken;
  });

  test("a signed request shows the piece's public record as Liquid", async () => {
    const res = await loader(routeArgs(proxyRequest(`/proxy/${token}`, SHOP), { token }));
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/liquid");
    const body = await res.text();
    expect(body).toContain("Solitaire diamant");
    expect(body).toContain("GIA 2141234567");
    expect(body).toContain("https://www.gia.edu/report-check?reportno=2141234567");
    for (const secret of [
      "424242",
      "4242,42",
      "Fournisseur Confidentiel",
      "Mme Secret",
      "Déposante Discrète",
      "990000",
    ]) {
      expect(body).not.toContain(secret);
    }
  });

  test("an unsigned request is refused with 400", async () => {
    const { response } = await settle(() =>
      loader(routeArgs(proxyRequest(`/proxy/${token}`, SHOP, { sign: false }), { token })),
    );
    expect(response?.status).toBe(400);
  });

  test("a request signed with another secret is refused with 400", async () => {
    const { response } = await settle(() =>
      loader(routeArgs(proxyRequest(`/proxy/${token}`, SHOP, { secret: "forged" }), { token })),
    );
    expect(response?.status).toBe(400);
  });

  test("an unknown token, or another shop's token, is a 404", async () => {
    for (const t of ["AAAAAAAAAAAAAAAAAAAAAA", otherToken, "not a token"]) {
      const res = await loader(routeArgs(proxyRequest(`/proxy/${encodeURIComponent(t)}`, SHOP), { token: t }));
      expect(res.status).toBe(404);
    }
  });
});
