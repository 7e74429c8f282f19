// Pieces that came back from a customer and pieces the shop no longer holds, through the admin's
// own routes: a returned piece waits to be inspected and only a person allowed sensitive changes
// releases it, with a reason; a sold piece is neither moved nor printed, and the refusal names its
// state in the person's language.
import { beforeAll, afterAll, describe, expect, test } from "vitest";
import { join } from "node:path";
import { ENGINES } from "../../setup/databases";
import { makeLocation, makePiece } from "../../factories";
import { appOn, loadApp, type App } from "../helpers/app";
import { APP_URL, installShop, knownAdmin, routeArgs, sessionToken } from "../helpers/shopify";
import { simulatedShop, type SimShop } from "../helpers/simulator";

const ROUTES = join(__dirname, "../../../app/routes");
const USER_OF: Record<string, string> = { owner: "9001", manager: "7001", staff: "7002" };
const SYSTEM = { kind: "system", name: "test" } as const;

type Answer = {
  status: number;
  body: { ok?: boolean; code?: string; message: string; refusals?: { reason: string }[] };
};

describe.each(ENGINES)("%s", (engine) => {
  const SHOP = `retours-${engine}.myshopify.com`;
  let s: SimShop;
  let db: App["db"];
  let shopId: string;
  let vitrine: string;
  let coffre: string;

  beforeAll(async () => {
    ({ db } = await appOn(engine));
    shopId = (await installShop(SHOP)).id;
    s = await simulatedShop(SHOP, { locations: ["Paris"] });
    for (const role of ["owner", "manager", "staff"]) await knownAdmin(SHOP, role, USER_OF[role]);
    const paris = s.locations.Paris!;
    vitrine = await makeLocation(shopId, { name: "Vitrine 1", shopifyLocationGid: paris });
    coffre = await makeLocation(shopId, { name: "Coffre", kind: "safe", shopifyLocationGid: paris });
  });

  afterAll(async () => {
    await s.close();
  });

  const request = (role: string, path: string, locale: string, body?: unknown) =>
    new Request(new URL(`${path}?locale=${locale}`, APP_URL()), {
      method: body === undefined ? "GET" : "POST",
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      headers: {
        Authorization: `Bearer ${sessionToken(SHOP, { userId: USER_OF[role] })}`,
        "Content-Type": "application/json",
        "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) LoupeTest",
      },
    });

  async function post(role: string, pieceId: string, body: unknown, locale = "en"): Promise<Answer> {
    const page = (await import(join(ROUTES, "app.pieces.$id.tsx"))) as {
      action: (args: unknown) => Promise<Response>;
    };
    const response = await page.action(
      routeArgs(request(role, `/app/pieces/${pieceId}`, locale, body), { id: pieceId }),
    );
    return { status: response.status, body: (await response.json()) as Answer["body"] };
  }

  async function pageOf(role: string, pieceId: string) {
    const page = (await import(join(ROUTES, "app.pieces.$id.tsx"))) as {
      loader: (args: unknown) => Promise<unknown>;
    };
    return (await page.loader(routeArgs(request(role, `/app/pieces/${pieceId}`, "en"), { id: pieceId }))) as {
      transitions: string[];
      may: { edit: boolean; move: boolean; print: boolean };
      reasonRequired: string[];
    };
  }

  /** A piece sold in Shopify (archived at once), optionally handed back by its customer. */
  async function soldPiece(title: string, { returned = false } = {}) {
    const { pieces } = await loadApp();
    const { pieceId } = await makePiece(shopId, { title, state: "active", locationId: vitrine }, { actor: SYSTEM });
    expect(await pieces.transitionPiece(shopId, pieceId, "sold", SYSTEM, { reason: "sold" })).toMatchObject({
      ok: true,
    });
    expect(await pieces.transitionPiece(shopId, pieceId, "archived", SYSTEM, { reason: "sold" })).toMatchObject({
      ok: true,
    });
    if (returned)
      expect(
        await pieces.transitionPiece(shopId, pieceId, "to_inspect", SYSTEM, { reason: "refund", refund: true }),
      ).toMatchObject({ ok: true });
    return pieceId;
  }

  const stateOf = async (id: string) => (await db.piece.findUniqueOrThrow({ where: { id } })).state;

  test("a returned piece is released only by a manager, with a reason, and the release is audited", async () => {
    const pieceId = await soldPiece("Solitaire retourné", { returned: true });
    // Staff see it waiting, and are offered no release.
    expect((await pageOf("staff", pieceId)).transitions).toEqual([]);
    const manager = await pageOf("manager", pieceId);
    expect(manager.transitions).toEqual(["active", "at_repair", "lost", "written_off"]);
    expect(manager.reasonRequired).toEqual(manager.transitions);

    const byStaff = await post("staff", pieceId, { intent: "transition", to: "active", reason: "all good" });
    expect(byStaff.status).toBe(403);
    const noReason = await post("manager", pieceId, { intent: "transition", to: "active" });
    expect(noReason).toMatchObject({ status: 400, body: { code: "REASON_REQUIRED" } });
    expect(await stateOf(pieceId)).toBe("to_inspect");

    const released = await post("manager", pieceId, {
      intent: "transition",
      to: "active",
      reason: "stone checked against its report, claws tight",
    });
    expect(released.status).toBe(200);
    expect(await stateOf(pieceId)).toBe("active");
    const entry = await db.auditLog.findFirstOrThrow({
      where: { shopId, entityId: pieceId, action: "piece.state_changed" },
      orderBy: { seq: "desc" },
    });
    expect(entry.reason).toBe("stone checked against its report, claws tight");
    expect(entry.actor).toContain("7001");
    expect(JSON.parse(entry.data)).toMatchObject({ from: "to_inspect", to: "active" });
  });

  test("a returned piece found damaged goes to repair instead of back on sale", async () => {
    const pieceId = await soldPiece("Alliance rayée", { returned: true });
    const repair = await post("manager", pieceId, { intent: "transition", to: "at_repair", reason: "deep scratch" });
    expect(repair.status).toBe(200);
    expect(await stateOf(pieceId)).toBe("at_repair");
  });

  test("the piece list's state filter finds pieces to inspect", async () => {
    const pieceId = await soldPiece("Bague à contrôler", { returned: true });
    const list = (await import(join(ROUTES, "app.pieces._index.tsx"))) as { loader: (a: unknown) => Promise<unknown> };
    const url = new URL(`/app/pieces?locale=en&state=to_inspect`, APP_URL());
    const page = (await list.loader(
      routeArgs(
        new Request(url, {
          headers: {
            Authorization: `Bearer ${sessionToken(SHOP, { userId: USER_OF.manager })}`,
            "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) LoupeTest",
          },
        }),
      ),
    )) as { pieces: { id: string; state: string }[] };
    expect(page.pieces.map((p) => p.id)).toContain(pieceId);
    expect(page.pieces.every((p) => p.state === "to_inspect")).toBe(true);
  });

  test("a sold piece offers no move or print, and the server refuses both naming its state", async () => {
    const pieceId = await soldPiece("Bague vendue");
    const page = await pageOf("manager", pieceId);
    expect(page.may).toMatchObject({ move: false, print: false });

    const move = await post("manager", pieceId, { intent: "move", locationId: coffre });
    expect(move.status).toBe(409);
    expect(move.body.message).toContain("“Archived”");
    const print = await post("manager", pieceId, { intent: "print" }, "fr");
    expect(print.status).toBe(409);
    expect(print.body.message).toContain("«\u202fArchivée\u202f»");
    expect((await db.piece.findUniqueOrThrow({ where: { id: pieceId } })).locationId).toBe(vitrine);
    expect(await db.printJob.count({ where: { shopId, pieceId } })).toBe(0);

    // The list's bulk actions refuse it the same way, beside its tag code.
    const list = (await import(join(ROUTES, "app.pieces._index.tsx"))) as {
      action: (a: unknown) => Promise<Response>;
    };
    const bulk = await list.action(
      routeArgs(request("manager", "/app/pieces", "en", { intent: "move", ids: [pieceId], locationId: coffre })),
    );
    expect(bulk.status).toBe(409);
    const answer = (await bulk.json()) as Answer["body"];
    expect(answer.refusals?.[0]?.reason).toContain("“Archived”");
  });

  test("a returned piece (still ours, waiting) can be moved to the workshop's tray", async () => {
    const pieceId = await soldPiece("Broche retournée", { returned: true });
    const move = await post("staff", pieceId, { intent: "move", locationId: coffre });
    expect(move.status).toBe(200);
  });
});
