// The permission matrix, route by route: every file in app/routes declares who may call its loader
// and action (a route without a declaration fails here, so none slips through), every admin route
// answers each role as the matrix says (403 or not), the kiosk acts only within the signed-in
// person's role, and an owner's change to the matrix changes the answers.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ENGINES } from "../../setup/databases";
import { makePiece } from "../../factories";
import { appOn, loadApp, type App } from "../helpers/app";
import { adminRequest, APP_URL, installShop, knownAdmin, routeArgs, sessionToken, settle } from "../helpers/shopify";
import { simulatedShop, type SimShop } from "../helpers/simulator";
import { unwrap } from "../setup/answers";
import {
  buildMatrix,
  DEFAULT_MATRIX,
  gateAllows,
  isPermission,
  type Gate,
  type RoutePermission,
} from "../../../app/domain/staff/permissions";
import { ADMIN_ROLES } from "../../../app/domain/staff/roles";

const ROUTES_DIR = join(__dirname, "../../../app/routes");
const ROUTE_FILES = readdirSync(ROUTES_DIR).filter((f) => /\.tsx?$/.test(f));
const SPECIAL_GATES = ["signed-in", "device", "shopify", "public"];

type RouteModule = {
  loader?: (args: unknown) => Promise<unknown>;
  action?: (args: unknown) => Promise<unknown>;
  permission?: RoutePermission;
};

const loadRoute = (file: string) => import(join(ROUTES_DIR, file)) as Promise<RouteModule>;

function validGate(gate: unknown): gate is Gate {
  if (typeof gate === "string") return SPECIAL_GATES.includes(gate) || isPermission(gate);
  return Array.isArray(gate) && gate.length > 0 && gate.every((p) => typeof p === "string" && isPermission(p));
}

/** Admin routes are the embedded pages and the admin block's API: called with an admin session token. */
const isAdminRoute = (file: string) => file.startsWith("app.") || file.startsWith("api.admin.");

const USER_OF: Record<string, string> = { owner: "9001", manager: "7001", staff: "7002", accountant: "7003" };

/** Status of what a loader/action returned or threw (data() carries its status in init). */
function statusOf(outcome: { value?: unknown; response?: Response }): number {
  if (outcome.response) return outcome.response.status;
  return unwrap(outcome.value).status;
}

describe("every route declares who may call it", () => {
  test.each(ROUTE_FILES)("%s", async (file) => {
    const route = await loadRoute(file);
    for (const kind of ["loader", "action"] as const) {
      if (!route[kind]) continue;
      const gate = route.permission?.[kind];
      expect(
        validGate(gate),
        `app/routes/${file} exports a ${kind} but declares no valid permission for it: add ` +
          `\`export const permission = { ${kind}: "<permission>" } as const;\` (app/domain/staff/permissions.ts) ` +
          `and pass it to requireAdmin(request, permission.${kind})`,
      ).toBe(true);
      if (isAdminRoute(file))
        expect(["device", "shopify", "public"], `${file}: an admin route's ${kind} is for admin users`).not.toContain(
          gate,
        );
    }
  });
});

describe.each(ENGINES)("%s", (engine) => {
  const SHOP = `perms-${engine}.myshopify.com`;
  let s: SimShop;
  let db: App["db"];
  let shopId: string;
  let pieceId: string;
  const staffIds: Record<string, string> = {};

  const as = (role: string, path: string, init: { method?: string; body?: BodyInit } = {}) =>
    adminRequest(path, SHOP, {
      ...init,
      token: sessionToken(SHOP, { userId: USER_OF[role] }),
      search: { locale: "en" },
    });

  async function call(file: string, kind: "loader" | "action", role: string, body?: BodyInit) {
    const route = await loadRoute(file);
    const path = "/" + file.replace(/\.tsx?$/, "").replace(/\./g, "/");
    const request = as(role, path, kind === "action" ? { method: "POST", body: body ?? new URLSearchParams() } : {});
    const params = { id: "no-such-id", tagCode: "NOPE" };
    return settle(() => route[kind]!(routeArgs(request, params)));
  }

  beforeAll(async () => {
    ({ db } = await appOn(engine));
    shopId = (await installShop(SHOP)).id;
    s = await simulatedShop(SHOP);
    for (const role of ADMIN_ROLES) staffIds[role] = (await knownAdmin(SHOP, role, USER_OF[role])).id;
    pieceId = (
      await makePiece(
        shopId,
        { title: "Collier perles", priceMinor: 180000n, costMinor: 64213n, supplierName: "Maison Nacre" },
        { actor: { kind: "system", name: "test" } },
      )
    ).pieceId;
    const { pieces } = await loadApp();
    await pieces.markTagged(shopId, pieceId, { kind: "system", name: "test" });
    const activated = await pieces.transitionPiece(
      shopId,
      pieceId,
      "active",
      { kind: "system", name: "test" },
      {
        reason: "on display",
      },
    );
    expect(activated).toMatchObject({ ok: true });
  });

  afterAll(async () => {
    await s.close();
  });

  const adminCases = ROUTE_FILES.filter(isAdminRoute).flatMap((file) =>
    (["loader", "action"] as const).flatMap((kind) => ADMIN_ROLES.map((role) => ({ file, kind, role }))),
  );

  test.each(adminCases)("$file $kind as $role follows the default matrix", async ({ file, kind, role }) => {
    const route = await loadRoute(file);
    if (!route[kind]) return;
    const gate = route.permission![kind]!;
    const allowed = gateAllows(buildMatrix([]), role, gate);
    const outcome = await call(file, kind, role);
    const status = statusOf(outcome);
    if (allowed) expect(status, `${file} ${kind} refused ${role}`).not.toBe(403);
    else {
      expect(status, `${file} ${kind} let ${role} through`).toBe(403);
      // The refusal says what is missing, in the person's language.
      const text = outcome.response ? await outcome.response.text() : JSON.stringify(outcome.value);
      expect(text).toMatch(/Your role does not allow this/);
    }
  });

  test("the accountant sees cost and supplier; staff do not, on the piece page, the list and the CSV export", async () => {
    const page = await loadRoute("app.pieces.$id.tsx");
    const asAccountant = (await page.loader!(
      routeArgs(as("accountant", `/app/pieces/${pieceId}`), { id: pieceId }),
    )) as { cost: unknown; may: { edit: boolean; move: boolean; print: boolean }; transitions: string[] };
    expect(asAccountant.cost).toEqual({ costMinor: 64213n, supplierName: "Maison Nacre" });
    // Read-only on pieces: no edit, move, print or change of state offered.
    expect(asAccountant.may).toEqual({ edit: false, move: false, print: false });
    expect(asAccountant.transitions).toEqual([]);
    const asStaff = (await page.loader!(routeArgs(as("staff", `/app/pieces/${pieceId}`), { id: pieceId }))) as {
      cost: unknown;
      transitions: string[];
    };
    expect(asStaff.cost).toBeNull();
    expect(JSON.stringify(asStaff, (_k, v: unknown) => (typeof v === "bigint" ? `${v}` : v))).not.toMatch(
      /Maison Nacre|64213/,
    );
    // Staff are offered ordinary changes of state, not the manager-only ones.
    expect(asStaff.transitions).not.toContain("sold");
    expect(asStaff.transitions).not.toContain("lost");
    expect(asStaff.transitions).toContain("on_hold");

    const exportRoute = await loadRoute("app.pieces.export[.csv].tsx");
    const csv = (await exportRoute.loader!(routeArgs(as("accountant", "/app/pieces/export.csv")))) as Response;
    expect(await csv.text()).toMatch(/Maison Nacre/);
  });

  test("staff may not mark a piece lost; a manager may, only with a reason", async () => {
    const page = await loadRoute("app.pieces.$id.tsx");
    const post = async (role: string, body: Record<string, unknown>) => {
      const request = new Request(new URL(`/app/pieces/${pieceId}?locale=en`, APP_URL()), {
        method: "POST",
        body: JSON.stringify(body),
        headers: {
          Authorization: `Bearer ${sessionToken(SHOP, { userId: USER_OF[role] })}`,
          "Content-Type": "application/json",
          "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) LoupeTest",
        },
      });
      const response = (await page.action!(routeArgs(request, { id: pieceId }))) as Response;
      return { status: response.status, body: (await response.json()) as { code?: string; message: string } };
    };
    const staff = await post("staff", { intent: "transition", to: "lost", reason: "not found at the count" });
    expect(staff.status).toBe(403);
    expect(staff.body.message).toContain("Mark sold outside Shopify, lost");
    const noReason = await post("manager", { intent: "transition", to: "lost" });
    expect(noReason).toMatchObject({ status: 400, body: { code: "REASON_REQUIRED" } });
    expect((await db.piece.findFirstOrThrow({ where: { id: pieceId } })).state).toBe("active");
    const done = await post("manager", { intent: "transition", to: "lost", reason: "not found at the count" });
    expect(done.status).toBe(200);
    expect((await db.piece.findFirstOrThrow({ where: { id: pieceId } })).state).toBe("lost");
    // Staff may still put a piece on hold (an ordinary change): found again first, by the manager.
    expect((await post("manager", { intent: "transition", to: "active", reason: "found" })).status).toBe(200);
    expect((await post("staff", { intent: "transition", to: "on_hold" })).status).toBe(200);
  });

  test("the owner changes the matrix: staff gain the export and lose moving; the answers follow; each change is audited", async () => {
    const permissionsRoute = await loadRoute("app.permissions.tsx");
    const page = (await permissionsRoute.loader!(routeArgs(as("owner", "/app/permissions")))) as {
      rows: { permission: string; cells: { role: string; allowed: boolean; fixed: boolean }[] }[];
    };
    // The form as the page sends it: every editable cell that is checked.
    const form = new URLSearchParams({ intent: "matrix" });
    for (const row of page.rows)
      for (const cell of row.cells) if (!cell.fixed && cell.allowed) form.set(`${cell.role}:${row.permission}`, "on");
    form.set("staff:data.export", "on");
    form.delete("staff:pieces.move");

    const byManager = await call("app.permissions.tsx", "action", "manager", form);
    expect(statusOf(byManager)).toBe(403);
    const exportFile = "app.pieces.export[.csv].tsx";
    expect(statusOf(await call(exportFile, "loader", "staff"))).toBe(403);

    const byOwner = await call("app.permissions.tsx", "action", "owner", form);
    expect(unwrap(byOwner.value)).toMatchObject({ status: 200, body: { ok: true, changed: 2 } });
    expect(statusOf(await call(exportFile, "loader", "staff"))).toBe(200);
    const list = await loadRoute("app.pieces._index.tsx");
    const move = await list.action!(
      routeArgs(
        as("staff", "/app/pieces", {
          method: "POST",
          body: JSON.stringify({ intent: "move", ids: [pieceId], locationId: "anywhere" }),
        }),
      ),
    ).catch((e: unknown) => e);
    expect((move as Response).status).toBe(403);

    const audits = await db.auditLog.findMany({
      where: { shopId, action: "staff.permission" },
      orderBy: { seq: "asc" },
    });
    expect(audits.map((a) => JSON.parse(a.data as string))).toEqual([
      expect.objectContaining({
        role: "staff",
        permission: "pieces.move",
        before: { allowed: true },
        after: { allowed: false },
      }),
      expect.objectContaining({
        role: "staff",
        permission: "data.export",
        before: { allowed: false },
        after: { allowed: true },
      }),
    ]);
    expect(audits[0]!.actor).toMatch(/\(admin\)/);

    // Saving the same grid again changes nothing.
    const again = await call("app.permissions.tsx", "action", "owner", form);
    expect(unwrap(again.value).body).toMatchObject({ ok: true, changed: 0 });
    // The owner's row and the matrix's own row are fixed, even for a forged request.
    const { changeMatrix } = await import("../../../app/services/staff/permissions.server");
    const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId } });
    const forged = await changeMatrix(shop, { kind: "system", name: "t" }, [
      { role: "manager", permission: "permissions.edit", allowed: true },
    ]);
    expect(forged).toMatchObject({ ok: false, code: "PERMISSION_FIXED" });
    expect(DEFAULT_MATRIX.manager).not.toContain("permissions.edit");
  });

  describe("at the kiosk", () => {
    const TOKEN = `lk_perms_${engine}_token_0123456789`;
    const pins: Record<string, string> = { owner: "3141", manager: "2718", staff: "1618", accountant: "1414" };
    const kiosk = (path: string, body: unknown, staff?: string) =>
      new Request(new URL(path, APP_URL()), {
        method: "POST",
        body: JSON.stringify(body),
        headers: {
          "Content-Type": "application/json",
          Authorization: `Bearer ${TOKEN}`,
          ...(staff ? { "X-Loupe-Staff": staff } : {}),
        },
      });
    const answer = async (run: () => Promise<unknown>) => {
      const outcome = await settle(run);
      const response = outcome.response!;
      return {
        status: response.status,
        body: (await response.json()) as { error?: { code: string; message: string } },
      };
    };

    beforeAll(async () => {
      const { sha256, hashPin } = await import("../../../app/http/kiosk-auth.server");
      await db.device.create({
        data: {
          shopId,
          name: "Comptoir",
          shopifyLocationGid: "gid://shopify/Location/1",
          tokenHash: sha256(TOKEN),
          createdBy: "test",
        },
      });
      for (const role of ADMIN_ROLES)
        await db.staffMember.update({ where: { id: staffIds[role] }, data: { pinHash: await hashPin(pins[role]!) } });
    });

    test("each role signs in and prints only as the matrix allows; the accountant may not use a kiosk", async () => {
      const signIn = await loadRoute("api.kiosk.staff.sign-in.tsx");
      const tags = await loadRoute("api.kiosk.tags.tsx");
      const { signStaffSession } = await import("../../../app/http/kiosk-auth.server");
      const device = await db.device.findFirstOrThrow({ where: { shopId } });
      const matrix = buildMatrix([{ role: "staff", permission: "pieces.move", allowed: false }]);
      for (const role of ADMIN_ROLES) {
        const signedIn = await answer(() =>
          signIn.action!(routeArgs(kiosk("/api/kiosk/staff/sign-in", { pin: pins[role] }))),
        );
        expect(signedIn.status, role).toBe(gateAllows(matrix, role, "kiosk.use") ? 200 : 403);
        const person = await db.staffMember.findUniqueOrThrow({ where: { id: staffIds[role] } });
        // A session minted by hand (as if the role changed after sign-in) is checked all the same.
        const session = signStaffSession({
          staffId: person.id,
          deviceId: device.id,
          expiresAt: Date.now() + 60_000,
          pinHash: person.pinHash!,
        });
        const printed = await answer(() =>
          tags.action!(routeArgs(kiosk("/api/kiosk/tags", { pieceId: "no-such-piece", templateId: "x" }, session))),
        );
        const mayPrint = gateAllows(matrix, role, ["kiosk.use", "pieces.print"]);
        if (mayPrint) expect(printed.status, role).not.toBe(403);
        else {
          expect(printed.status, role).toBe(403);
          expect(printed.body.error?.code).toBe("STAFF_FORBIDDEN");
        }
      }
    });

    test("kiosk-only people from the Staff page: added with a PIN, deactivated and reactivated, all audited", async () => {
      const staffRoute = "app.staff.tsx";
      const signIn = await loadRoute("api.kiosk.staff.sign-in.tsx");
      const post = async (role: string, fields: Record<string, string>) =>
        unwrap((await call(staffRoute, "action", role, new URLSearchParams(fields))).value);

      const taken = await post("manager", { intent: "addKiosk", name: "Nina", pin: pins.staff! });
      expect(taken).toMatchObject({
        status: 422,
        body: { ok: false, errors: { pin: expect.stringMatching(/already uses/) } },
      });
      const simple = await post("manager", { intent: "addKiosk", name: "Nina", pin: "1234" });
      expect(simple.body.errors?.pin).toMatch(/too easy/);
      expect(await post("manager", { intent: "addKiosk", name: "Nina", pin: "5829" })).toMatchObject({
        status: 200,
        body: { ok: true, message: "Nina was added." },
      });
      const nina = await db.staffMember.findFirstOrThrow({ where: { shopId, name: "Nina" } });
      expect(nina).toMatchObject({ shopifyUserId: null, role: "staff", active: true });
      expect(nina.pinHash).toMatch(/^scrypt\$/);

      const page = (await (
        await loadRoute(staffRoute)
      ).loader!(routeArgs(as("owner", "/app/staff")))) as {
        people: { id: string }[];
        kioskOnly: { id: string; name: string; active: boolean; hasPin: boolean }[];
      };
      expect(page.kioskOnly).toEqual([expect.objectContaining({ name: "Nina", active: true, hasPin: true })]);
      expect(page.people.map((p) => p.id)).not.toContain(nina.id);

      const pinIn = () => answer(() => signIn.action!(routeArgs(kiosk("/api/kiosk/staff/sign-in", { pin: "5829" }))));
      expect((await pinIn()).status).toBe(200);
      expect(await post("owner", { intent: "kioskActive", staffId: nina.id, active: "false" })).toMatchObject({
        status: 200,
        body: { message: "Nina was deactivated." },
      });
      expect((await pinIn()).status).toBe(401);
      await post("owner", { intent: "kioskActive", staffId: nina.id, active: "true" });
      expect(await post("owner", { intent: "kioskPin", staffId: nina.id, pin: "6039" })).toMatchObject({ status: 200 });
      expect((await pinIn()).status).toBe(401);
      expect(
        (await answer(() => signIn.action!(routeArgs(kiosk("/api/kiosk/staff/sign-in", { pin: "6039" }))))).status,
      ).toBe(200);
      // An admin user is not a kiosk-only person: the Staff page's kiosk forms do not touch them.
      expect(await post("owner", { intent: "kioskActive", staffId: staffIds.staff!, active: "false" })).toMatchObject({
        status: 404,
      });
      // Staff may not use the Staff page at all.
      expect(
        statusOf(
          await call(
            staffRoute,
            "action",
            "staff",
            new URLSearchParams({ intent: "addKiosk", name: "X", pin: "5930" }),
          ),
        ),
      ).toBe(403);

      const audits = await db.auditLog.findMany({ where: { shopId, entityId: nina.id }, orderBy: { seq: "asc" } });
      // The first PIN, chosen at creation, is recorded as a PIN set (the person's "PIN changed by" line).
      expect(audits.map((a) => a.action)).toEqual([
        "staff.created",
        "staff.pin_set",
        "staff.deactivated",
        "staff.reactivated",
        "staff.pin_set",
      ]);
      expect(audits.map((a) => String(a.data)).join(" ")).not.toMatch(/scrypt/);
    });
  });
});
