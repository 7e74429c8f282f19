// A consigned piece's agreed net price is what the shop pays the consignor: its cost. Like cost, it
// leaves the server only for roles with cost.see — never in the piece page's data, its edit form,
// the lists or the CSV export of a role without it — checked per role through the real routes.
import { beforeAll, describe, expect, test } from "vitest";
import { ENGINES } from "../../setup/databases";
import { makePiece } from "../../factories";
import { appOn, type App } from "../helpers/app";
import { adminRequest, installShop, knownAdmin, routeArgs, sessionToken, settle } from "../helpers/shopify";

const USER_OF: Record<string, string> = { owner: "81", manager: "82", staff: "83", accountant: "84" };
// 123 456,78 € agreed net: any of these spellings in an answer is a leak.
const NET_MINOR = 12345678n;
const MARKS = ["12345678", "123456.78", "123456,78", "123 456,78", "123,456.78", "123 456,78"];

const leaks = (text: string) => MARKS.filter((m) => text.includes(m));

describe.each(ENGINES)("%s", (engine) => {
  const SHOP = `net-price-${engine}.myshopify.com`;
  let db: App["db"];
  let shopId: string;
  let pieceId: string;
  let piece: typeof import("../../../app/routes/app.pieces.$id");
  let list: typeof import("../../../app/routes/app.pieces._index");
  let exportCsv: typeof import("../../../app/routes/app.pieces.export[.csv]");
  let details: typeof import("../../../app/routes/app.pieces.to-complete");

  const as = (role: string, path: string, init: { method?: string; body?: string } = {}) => {
    const request = adminRequest(path, SHOP, {
      ...init,
      token: sessionToken(SHOP, { userId: USER_OF[role] }),
      search: { locale: "fr" },
    });
    if (init.body) request.headers.set("Content-Type", "application/json");
    return request;
  };
  const text = async (run: () => Promise<unknown>) => {
    const { value, response } = await settle(run);
    return response
      ? { status: response.status, body: await response.text() }
      : { status: 200, body: JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v)) };
  };

  beforeAll(async () => {
    ({ db } = await appOn(engine));
    piece = await import("../../../app/routes/app.pieces.$id");
    list = await import("../../../app/routes/app.pieces._index");
    exportCsv = await import("../../../app/routes/app.pieces.export[.csv]");
    details = await import("../../../app/routes/app.pieces.to-complete");
    shopId = (await installShop(SHOP)).id;
    for (const role of Object.keys(USER_OF)) await knownAdmin(SHOP, role, USER_OF[role]);
    // Staff may export here (an owner's choice), so the export itself is what hides the price.
    await db.rolePermission.create({ data: { shopId, role: "staff", permission: "data.export", allowed: true } });
    ({ pieceId } = await makePiece(
      shopId,
      {
        title: "Broche en dépôt",
        priceMinor: 20000000n,
        consignment: {
          consignorName: "Mme Martin",
          agreedNetMinor: NET_MINOR,
          receivedAt: new Date("2026-10-01T10:00:00Z"),
        },
      },
      { detailsPending: true },
    ));
  });

  test("the piece page's data carries the agreed net price for the manager and the accountant, not for staff", async () => {
    for (const role of ["owner", "manager", "accountant"]) {
      const page = await text(() => piece.loader(routeArgs(as(role, `/app/pieces/${pieceId}`), { id: pieceId })));
      expect(page.status, role).toBe(200);
      expect(leaks(page.body).length, role).toBeGreaterThan(0);
    }
    const staff = await text(() => piece.loader(routeArgs(as("staff", `/app/pieces/${pieceId}`), { id: pieceId })));
    expect(staff.status).toBe(200);
    expect(staff.body).toContain("Mme Martin");
    expect(leaks(staff.body)).toEqual([]);
  });

  test("staff cannot send consignment terms in an edit (403, nothing changed); their other edits still save", async () => {
    const data = await piece.loader(routeArgs(as("staff", `/app/pieces/${pieceId}`), { id: pieceId }));
    const form = data.edit.form as Record<string, unknown>;
    expect(form.consignment).toBeUndefined();
    const post = (body: unknown) =>
      text(() =>
        piece.action(
          routeArgs(as("staff", `/app/pieces/${pieceId}`, { method: "POST", body: JSON.stringify(body) }), {
            id: pieceId,
          }),
        ),
      );
    const forced = await post({
      intent: "edit",
      version: data.edit.version,
      form: {
        ...form,
        consignment: { commission: "", agreedNet: "1", receivedAt: "2026-10-01", dueAt: "", returnConditions: "" },
      },
    });
    expect(forced.status).toBe(403);
    expect(leaks(forced.body)).toEqual([]);
    const terms = await db.consignment.findFirstOrThrow({ where: { shopId, pieceId } });
    expect(terms.agreedNetMinor).toBe(NET_MINOR);
    const saved = await post({
      intent: "edit",
      version: data.edit.version,
      form: { ...form, notes: "fermoir à revoir" },
    });
    expect(saved.status).toBe(200);
    expect((await db.consignment.findFirstOrThrow({ where: { shopId, pieceId } })).agreedNetMinor).toBe(NET_MINOR);
  });

  test("the CSV export has no agreed net price column for a role without cost.see", async () => {
    const csv = async (role: string) => {
      const { response } = await settle(() => exportCsv.loader(routeArgs(as(role, "/app/pieces/export.csv"))));
      expect(response!.status, role).toBe(200);
      return response!.text();
    };
    // A new shop's language is French, so its CSV is for French Excel (French headers).
    const manager = await csv("manager");
    expect(manager).toContain("Prix net convenu");
    expect(leaks(manager).length).toBeGreaterThan(0);
    const staff = await csv("staff");
    expect(staff).toContain("Broche en dépôt");
    expect(staff).not.toContain("Prix net convenu");
    expect(leaks(staff)).toEqual([]);
  });

  test("the pieces list and the details to complete carry no agreed net price for staff", async () => {
    const listed = await text(() => list.loader(routeArgs(as("staff", "/app/pieces"))));
    expect(listed.body).toContain("Broche en dépôt");
    expect(leaks(listed.body)).toEqual([]);
    const toComplete = await text(() => details.loader(routeArgs(as("staff", "/app/pieces/to-complete"))));
    expect(toComplete.body).toContain("Broche en dépôt");
    expect(leaks(toComplete.body)).toEqual([]);
  });
});
