// Kiosk hardening (issue 16, items 1, 7 and 9) through the real routes on both engines:
// - PIN guessing: wrong PINs count per kiosk whatever sign-ins happen in between, 30 at once are
//   not all checked, the shop has an hourly cap, and a lock is told to the owner and managers;
// - who may set a PIN (the person, or above them), from both pages that set PINs, told and audited;
// - a kiosk works only on pieces at its own Shopify location, at times it could have acted.
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { randomUUID } from "node:crypto";
import { ENGINES } from "../../setup/databases";
import { makeLocation, makePiece, makeStaff } from "../../factories";
import { appOn, loadApp, type App } from "../helpers/app";
import { adminRequest, APP_URL, installShop, knownAdmin, routeArgs, sessionToken, settle } from "../helpers/shopify";
import { simulatedShop, type SimShop } from "../helpers/simulator";
import { unwrap } from "../setup/answers";

type KioskError = { code: string; message: string; messageFr: string; [k: string]: unknown };
type Json = Record<string, unknown> & { error?: KioskError };

/** A kiosk route's answer, returned or thrown. */
async function answer(run: () => Promise<unknown>): Promise<{ status: number; body: Json }> {
  const outcome = await settle(run);
  if (!outcome.response) throw new Error(`not a Response: ${JSON.stringify(outcome.value)}`);
  return { status: outcome.response.status, body: (await outcome.response.json()) as Json };
}

function kioskRequest(path: string, token: string, body?: unknown, staff?: string): Request {
  return new Request(new URL(path, APP_URL()), {
    method: body === undefined ? "GET" : "POST",
    headers: {
      "Content-Type": "application/json",
      Authorization: `Bearer ${token}`,
      ...(staff ? { "X-Loupe-Staff": staff } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

const USERS = { owner: "9001", manager: "7001", manager2: "7004", staff: "7002", accountant: "7003" } as const;
const MINUTE = 60_000;

describe.each(ENGINES)("%s", (engine) => {
  let db: App["db"];
  let r: {
    signIn: typeof import("../../../app/routes/api.kiosk.staff.sign-in");
    operations: typeof import("../../../app/routes/api.kiosk.operations");
    tags: typeof import("../../../app/routes/api.kiosk.tags");
    jobs: typeof import("../../../app/routes/api.kiosk.print-jobs._index");
    home: typeof import("../../../app/routes/app._index");
    kiosks: typeof import("../../../app/routes/app.kiosks._index");
    staff: typeof import("../../../app/routes/app.staff");
  };
  let sha256: (value: string) => string;
  let shops = 0;

  beforeAll(async () => {
    ({ db } = await appOn(engine));
    r = {
      signIn: await import("../../../app/routes/api.kiosk.staff.sign-in"),
      operations: await import("../../../app/routes/api.kiosk.operations"),
      tags: await import("../../../app/routes/api.kiosk.tags"),
      jobs: await import("../../../app/routes/api.kiosk.print-jobs._index"),
      home: await import("../../../app/routes/app._index"),
      kiosks: await import("../../../app/routes/app.kiosks._index"),
      staff: await import("../../../app/routes/app.staff"),
    };
    ({ sha256 } = await import("../../../app/http/kiosk-auth.server"));
  });

  afterAll(() => {
    vi.useRealTimers();
  });

  /** A paired kiosk (as the pairing routes leave it: a row with the token's sha256). */
  async function makeDevice(shopId: string, name: string, gid: string, createdAt = new Date()) {
    const token = `lk_${randomUUID()}`;
    const row = await db.device.create({
      data: { shopId, name, shopifyLocationGid: gid, tokenHash: sha256(token), createdBy: "test", createdAt },
    });
    return { token, id: row.id };
  }

  /** An installed shop with its owner known, Léa (PIN 4821) and Marc (PIN 7305) at the kiosk. */
  async function pinShop() {
    const domain = `pins-${++shops}-${engine}.myshopify.com`;
    const shop = await installShop(domain);
    await knownAdmin(domain, "owner", USERS.owner);
    await knownAdmin(domain, "staff", USERS.staff);
    const lea = await makeStaff(shop.id, { name: "Léa", pin: "4821" });
    const marc = await makeStaff(shop.id, { name: "Marc", pin: "7305" });
    return { domain, shopId: shop.id, lea, marc };
  }

  const signIn = (token: string, pin: string) =>
    answer(() => r.signIn.action(routeArgs(kioskRequest("/api/kiosk/staff/sign-in", token, { pin }))));

  const homeAs = (domain: string, userId: string) =>
    r.home.loader(
      routeArgs(adminRequest("/app", domain, { token: sessionToken(domain, { userId }), search: { locale: "en" } })),
    );

  const audits = (shopId: string, action: string, entityId?: string) =>
    db.auditLog.findMany({ where: { shopId, action, ...(entityId ? { entityId } : {}) }, orderBy: { seq: "asc" } });

  describe("PIN guessing (item 1)", () => {
    test("signing in with one's own PIN between wrong guesses does not clear them: the fifth wrong PIN in 15 minutes locks the kiosk", async () => {
      const { domain, shopId } = await pinShop();
      const kiosk = await makeDevice(shopId, "Comptoir A", "gid://shopify/Location/1");
      const other = await makeDevice(shopId, "Comptoir B", "gid://shopify/Location/1");
      // The attack: four guesses, sign in as oneself (Marc), four more… Today a success reset the count.
      for (const left of [4, 3, 2, 1])
        expect(await signIn(kiosk.token, `90${left}7`)).toMatchObject({
          status: 401,
          body: { error: { code: "PIN_WRONG", attemptsLeft: left } },
        });
      expect(await signIn(kiosk.token, "7305")).toMatchObject({ status: 200, body: { name: "Marc" } });
      const fifth = await signIn(kiosk.token, "9107");
      expect(fifth).toMatchObject({
        status: 403,
        body: {
          error: {
            code: "PIN_LOCKED",
            message: expect.stringMatching(/locked until/),
            messageFr: expect.stringMatching(/verrouillée/),
          },
        },
      });
      // Locked for everyone at that kiosk, the attacker's own PIN included; another kiosk is not affected.
      expect(await signIn(kiosk.token, "7305")).toMatchObject({ status: 403, body: { error: { code: "PIN_LOCKED" } } });
      expect(await signIn(other.token, "4821")).toMatchObject({ status: 200, body: { name: "Léa" } });
      expect(await audits(shopId, "kiosk.pin_failed", kiosk.id)).toHaveLength(5);

      // The lock is recorded once, and the owner and managers are told on the home page (staff are not).
      const locks = await audits(shopId, "kiosk.pin_locked");
      expect(locks).toHaveLength(1);
      expect(locks[0]).toMatchObject({ entityType: "Device", entityId: kiosk.id });
      expect(JSON.parse(locks[0]!.data)).toMatchObject({ scope: "device", device: "Comptoir A", failures: 5 });
      const ownerHome = await homeAs(domain, USERS.owner);
      expect(ownerHome.notices.pinLocks).toEqual([
        expect.objectContaining({ scope: "device", device: "Comptoir A", until: expect.any(String) }),
      ]);
      expect((await homeAs(domain, USERS.staff)).notices.pinLocks).toEqual([]);

      vi.useFakeTimers({ toFake: ["Date"] });
      try {
        vi.setSystemTime(new Date(Date.now() + 14 * MINUTE));
        expect(await signIn(kiosk.token, "4821")).toMatchObject({ status: 403 });
        vi.setSystemTime(new Date(Date.now() + 2 * MINUTE));
        expect(await signIn(kiosk.token, "4821")).toMatchObject({ status: 200, body: { name: "Léa" } });
        // A new run of five starts after the lock.
        expect(await signIn(kiosk.token, "9999")).toMatchObject({ status: 401, body: { error: { attemptsLeft: 4 } } });
      } finally {
        vi.useRealTimers();
      }
    });

    test("100 guesses alternating with one's own sign-in: at most five are ever checked before the lock", async () => {
      const { shopId } = await pinShop();
      const kiosk = await makeDevice(shopId, "Comptoir", "gid://shopify/Location/1");
      const statuses: number[] = [];
      for (let i = 0; i < 25; i++) {
        for (let j = 0; j < 4; j++) statuses.push((await signIn(kiosk.token, String(1000 + i * 4 + j + 3000))).status);
        statuses.push((await signIn(kiosk.token, "7305")).status);
      }
      expect(statuses.filter((s) => s === 401)).toHaveLength(4);
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(await audits(shopId, "kiosk.pin_failed", kiosk.id)).toHaveLength(5);
    });

    test("30 wrong PINs sent at once: the kiosk locks after five and no more than five are checked", async () => {
      const { shopId } = await pinShop();
      const kiosk = await makeDevice(shopId, "Comptoir", "gid://shopify/Location/1");
      const guesses = Array.from({ length: 30 }, (_, i) => String(5000 + i * 7));
      const answers = await Promise.all(guesses.map((pin) => signIn(kiosk.token, pin)));
      const statuses = answers.map((a) => a.status);
      expect(statuses.every((s) => s === 401 || s === 403)).toBe(true);
      expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(4);
      expect(answers.filter((a) => a.body.error?.code === "PIN_LOCKED").length).toBeGreaterThanOrEqual(26);
      // Each PIN checked is recorded as a failure: five, not thirty.
      expect(await audits(shopId, "kiosk.pin_failed", kiosk.id)).toHaveLength(5);
      expect(await audits(shopId, "kiosk.pin_locked", kiosk.id)).toHaveLength(1);
      expect(await signIn(kiosk.token, "4821")).toMatchObject({ status: 403, body: { error: { code: "PIN_LOCKED" } } });
    });

    test("the shop's hourly cap: 20 wrong PINs across its kiosks lock sign-in on every kiosk until the hour is out", async () => {
      const { domain, shopId } = await pinShop();
      const kiosks = [];
      for (let i = 0; i < 6; i++) kiosks.push(await makeDevice(shopId, `Comptoir ${i}`, "gid://shopify/Location/1"));
      // Four wrong PINs on each of five kiosks: no kiosk locks, the shop reaches its cap.
      let n = 0;
      for (const kiosk of kiosks.slice(0, 5))
        for (let j = 0; j < 4; j++)
          expect((await signIn(kiosk.token, String(2000 + 13 * n++))).status).toBe(
            j === 3 && kiosk === kiosks[4] ? 403 : 401,
          );
      const capped = await signIn(kiosks[5]!.token, "4821");
      expect(capped).toMatchObject({
        status: 403,
        body: {
          error: {
            code: "PIN_SHOP_LOCKED",
            message: expect.stringMatching(/every kiosk/),
            messageFr: expect.stringMatching(/toutes les bornes/),
            lockedUntil: expect.any(String),
          },
        },
      });
      expect(await audits(shopId, "kiosk.pin_failed")).toHaveLength(20);
      const locks = await audits(shopId, "kiosk.pin_locked");
      expect(locks.map((l) => [l.entityType, JSON.parse(l.data).scope])).toEqual([["Shop", "shop"]]);
      expect((await homeAs(domain, USERS.owner)).notices.pinLocks).toEqual([
        expect.objectContaining({ scope: "shop", failures: 20 }),
      ]);

      vi.useFakeTimers({ toFake: ["Date"] });
      try {
        vi.setSystemTime(new Date(Date.now() + 50 * MINUTE));
        expect(await signIn(kiosks[5]!.token, "4821")).toMatchObject({ status: 403 });
        vi.setSystemTime(new Date(Date.now() + 11 * MINUTE));
        expect(await signIn(kiosks[5]!.token, "4821")).toMatchObject({ status: 200, body: { name: "Léa" } });
      } finally {
        vi.useRealTimers();
      }
    });
  });

  describe("with a Shopify shop", () => {
    const SHOP = `harden-${engine}.myshopify.com`;
    let s: SimShop;
    let shopId: string;
    const loc: Record<string, string> = {};
    const people: Record<string, string> = {};
    const actor = { kind: "admin", name: "Camille" } as const;

    beforeAll(async () => {
      shopId = (await installShop(SHOP)).id;
      s = await simulatedShop(SHOP, { locations: ["Paris", "Lyon"] });
      for (const [role, userId] of Object.entries(USERS))
        people[role] = (await knownAdmin(SHOP, role.replace(/2$/, ""), userId)).id;
      people.nina = await makeStaff(shopId, { name: "Nina", pin: "6039" });
      for (const [name, gid] of [
        ["Boutique Paris", s.locations.Paris!],
        ["Boutique Lyon", s.locations.Lyon!],
      ] as const)
        loc[name] = await makeLocation(shopId, { name, kind: "site", shopifyLocationGid: gid, parentId: null }, actor);
      loc.vitrine = await makeLocation(
        shopId,
        { name: "Vitrine 1", kind: "showcase", parentId: loc["Boutique Paris"] },
        actor,
      );
    });

    afterAll(async () => {
      await s.close();
    });

    const post = async (
      route: "kiosks" | "staff",
      userId: string,
      fields: Record<string, string>,
    ): Promise<{ status: number; body: Record<string, unknown> & { errors?: Record<string, string> } }> => {
      const path = route === "kiosks" ? "/app/kiosks" : "/app/staff";
      const request = adminRequest(path, SHOP, {
        method: "POST",
        body: new URLSearchParams(fields),
        token: sessionToken(SHOP, { userId }),
        search: { locale: "en" },
      });
      const action = r[route].action as (args: ReturnType<typeof routeArgs>) => Promise<unknown>;
      const outcome = await settle(() => action(routeArgs(request)));
      if (outcome.response) return { status: outcome.response.status, body: { text: await outcome.response.text() } };
      const u = unwrap(outcome.value);
      return { status: u.status, body: u.body as Record<string, unknown> };
    };
    const pinHash = async (id: string) => (await db.staffMember.findUniqueOrThrow({ where: { id } })).pinHash;

    describe("who may set a PIN (item 7)", () => {
      test("a manager may not set the owner's PIN, nor another manager's, on either page; nothing changes, nothing is audited", async () => {
        const ownerBefore = await pinHash(people.owner!);
        const count = await db.auditLog.count({ where: { shopId } });
        const onKiosks = await post("kiosks", USERS.manager, { intent: "setPin", staffId: people.owner!, pin: "5927" });
        expect(onKiosks).toMatchObject({
          status: 403,
          body: { ok: false, field: "staffId", message: "An owner's kiosk PIN is set by that owner only." },
        });
        expect(await post("kiosks", USERS.manager, { intent: "removePin", staffId: people.owner! })).toMatchObject({
          status: 403,
        });
        expect(
          await post("kiosks", USERS.manager, { intent: "setPin", staffId: people.manager2!, pin: "5927" }),
        ).toMatchObject({
          status: 403,
          body: { message: "A manager's kiosk PIN is set by that manager or the owner." },
        });
        // The Staff page's PIN form is for kiosk-only people; an admin user's id is refused there too.
        expect(
          await post("staff", USERS.manager, { intent: "kioskPin", staffId: people.owner!, pin: "5927" }),
        ).toMatchObject({ status: 403 });
        expect(await pinHash(people.owner!)).toBe(ownerBefore);
        expect(await pinHash(people.manager2!)).toBeNull();
        expect(await db.auditLog.count({ where: { shopId } })).toBe(count);
        // The page offers the form only where it would be accepted.
        const page = await r.kiosks.loader(
          routeArgs(adminRequest("/app/kiosks", SHOP, { token: sessionToken(SHOP, { userId: USERS.manager }) })),
        );
        const may = Object.fromEntries(page.staff.map((p) => [p.id, p.maySetPin]));
        expect(may).toMatchObject({
          [people.owner!]: false,
          [people.manager2!]: false,
          [people.manager!]: true,
          [people.staff!]: true,
          [people.nina!]: true,
        });
      });

      test("lifting a person's lock follows the same rule: a manager may not unlock the owner", async () => {
        const until = new Date(Date.now() + 15 * 60_000);
        await db.staffMember.update({ where: { id: people.owner! }, data: { failedPins: 5, lockedUntil: until } });
        const refused = await post("kiosks", USERS.manager, { intent: "unlock", staffId: people.owner! });
        expect(refused).toMatchObject({
          status: 403,
          body: { ok: false, message: "An owner's kiosk PIN is set by that owner only." },
        });
        expect((await db.staffMember.findUniqueOrThrow({ where: { id: people.owner! } })).lockedUntil).toEqual(until);
        expect(await post("kiosks", USERS.owner, { intent: "unlock", staffId: people.owner! })).toMatchObject({
          status: 200,
        });
        expect((await db.staffMember.findUniqueOrThrow({ where: { id: people.owner! } })).lockedUntil).toBeNull();
      });

      test("JSON sent to the Kiosks page's form action is a 400 that says so, not a 500", async () => {
        const request = adminRequest("/app/kiosks", SHOP, {
          method: "POST",
          body: JSON.stringify({ intent: "unlock", staffId: people.owner! }),
          token: sessionToken(SHOP, { userId: USERS.owner }),
          search: { locale: "fr" },
        });
        request.headers.set("Content-Type", "application/json");
        const outcome = await settle(() => (r.kiosks.action as (a: unknown) => Promise<unknown>)(routeArgs(request)));
        expect(outcome.response?.status).toBe(400);
        expect(await outcome.response?.json()).toMatchObject({
          ok: false,
          message: "Cette page attend un formulaire\u202f; ce qui a été envoyé ne peut pas être lu comme tel.",
        });
      });

      test("someone given the Kiosks page without being a manager sets only their own PIN", async () => {
        await db.rolePermission.create({ data: { shopId, role: "staff", permission: "kiosks.manage", allowed: true } });
        await db.rolePermission.create({ data: { shopId, role: "staff", permission: "staff.manage", allowed: true } });
        try {
          expect(
            await post("kiosks", USERS.staff, { intent: "setPin", staffId: people.nina!, pin: "5927" }),
          ).toMatchObject({ status: 403, body: { message: "Your role may set only your own kiosk PIN." } });
          expect(
            await post("staff", USERS.staff, { intent: "kioskPin", staffId: people.nina!, pin: "5927" }),
          ).toMatchObject({ status: 403, body: { errors: { _form: "Your role may set only your own kiosk PIN." } } });
          expect(
            await post("kiosks", USERS.staff, { intent: "setPin", staffId: people.staff!, pin: "3962" }),
          ).toMatchObject({ status: 200, body: { ok: true } });
        } finally {
          await db.rolePermission.deleteMany({ where: { shopId } });
        }
        const [set] = await audits(shopId, "staff.pin_set", people.staff!);
        expect(set!.actor).toBe(`Shopify user ${USERS.staff} (admin)`);
        expect(JSON.parse(set!.data)).toMatchObject({ self: true, before: { pin: false }, after: { pin: true } });
        // Set by themself: nothing to tell them.
        expect((await homeAs(SHOP, USERS.staff)).notices.pinChanged).toBeNull();
      });

      test("the owner sets their own PIN and a manager's; a manager sets staff's and a kiosk-only person's; each is audited and the person is told", async () => {
        expect(
          await post("kiosks", USERS.owner, { intent: "setPin", staffId: people.owner!, pin: "8316" }),
        ).toMatchObject({ status: 200 });
        expect(
          await post("kiosks", USERS.owner, { intent: "setPin", staffId: people.manager2!, pin: "8417" }),
        ).toMatchObject({ status: 200 });
        expect(
          await post("kiosks", USERS.manager, { intent: "setPin", staffId: people.staff!, pin: "2958" }),
        ).toMatchObject({ status: 200 });
        expect(
          await post("staff", USERS.manager, { intent: "kioskPin", staffId: people.nina!, pin: "6174" }),
        ).toMatchObject({ status: 200 });
        // The PIN works at once, and the old one no more.
        const kiosk = await makeDevice(shopId, "Comptoir hardening", s.locations.Paris!);
        expect(await signIn(kiosk.token, "2958")).toMatchObject({ status: 200, body: { staffId: people.staff } });
        expect(await signIn(kiosk.token, "3962")).toMatchObject({ status: 401 });

        const bySomeoneElse = await audits(shopId, "staff.pin_set", people.staff!);
        expect(bySomeoneElse.at(-1)!.actor).toBe(`Shopify user ${USERS.manager} (admin)`);
        expect(JSON.parse(bySomeoneElse.at(-1)!.data)).toMatchObject({ self: false, before: { pin: true } });
        expect(JSON.stringify(await db.auditLog.findMany({ where: { shopId } }))).not.toMatch(/scrypt|2958|6174/);

        // The person is told on their home page (they may not open the Staff page) …
        const home = await homeAs(SHOP, USERS.staff);
        expect(home.notices.pinChanged).toEqual({ by: `Shopify user ${USERS.manager}`, at: expect.any(String) });
        // … and the Staff page shows who changed each PIN and when.
        const page = await r.staff.loader(
          routeArgs(adminRequest("/app/staff", SHOP, { token: sessionToken(SHOP, { userId: USERS.owner }) })),
        );
        const row = page.people.find((p) => p.id === people.staff);
        expect(row?.pinChange).toEqual({ by: `Shopify user ${USERS.manager}`, at: expect.any(String), self: false });
        expect(page.kioskOnly.find((p) => p.id === people.nina)?.pinChange).toMatchObject({
          by: `Shopify user ${USERS.manager}`,
          self: false,
        });
        expect(page.people.find((p) => p.id === people.owner)?.pinChange).toMatchObject({ self: true });
      });
    });

    describe("a kiosk works at its own location only, at times it could have acted (item 9)", () => {
      let paris: { token: string; id: string };
      let staffSession: string;

      beforeAll(async () => {
        paris = await makeDevice(shopId, "Comptoir Paris", s.locations.Paris!, new Date(Date.now() - 60 * MINUTE));
        await db.staffMember.update({
          where: { id: people.nina! },
          data: { pinHash: await (await import("../../../app/http/kiosk-auth.server")).hashPin("6813") },
        });
        const signed = await signIn(paris.token, "6813");
        expect(signed.status).toBe(200);
        staffSession = String(signed.body.staffSession);
        const { saveRfidSettings } = await import("../../../app/models/kiosk-tags.server");
        await saveRfidSettings(shopId, { enabled: true, companyPrefix: "0614141", filter: 1 }, actor, "test");
      });

      const piece = (title: string, locationId: string | null) =>
        makePiece(
          shopId,
          { title, priceMinor: 120000n, gtin: "00614141000012", ...(locationId ? { locationId } : {}) },
          { actor },
        );
      const op = (body: Record<string, unknown>) =>
        answer(() =>
          r.operations.action(
            routeArgs(
              kioskRequest(
                "/api/kiosk/operations",
                paris.token,
                { key: randomUUID(), at: new Date().toISOString(), ...body },
                staffSession,
              ),
            ),
          ),
        );
      const otherLocation = {
        status: 409,
        body: {
          error: {
            code: "PIECE_AT_OTHER_LOCATION",
            message: expect.stringMatching(/another shop location \(Boutique Lyon/),
            messageFr: expect.stringMatching(/autre emplacement de la boutique \(Boutique Lyon/),
          },
        },
      };

      test("tagged, printed, receive and the RFID serial are refused for a piece at another Shopify location", async () => {
        const lyon = await piece("Bague Lyon", loc["Boutique Lyon"]!);
        const before = await db.auditLog.count({ where: { shopId, entityId: lyon.pieceId } });
        expect(await op({ kind: "tagged", pieceId: lyon.pieceId })).toMatchObject(otherLocation);
        expect(await op({ kind: "printed", pieceId: lyon.pieceId, templateId: "barbell-56x13" })).toMatchObject(
          otherLocation,
        );
        expect(await op({ kind: "receive", pieceId: lyon.pieceId, locationId: loc.vitrine })).toMatchObject(
          otherLocation,
        );
        const tag = await answer(() =>
          r.tags.action(
            routeArgs(
              kioskRequest(
                "/api/kiosk/tags",
                paris.token,
                { pieceId: lyon.pieceId, templateId: "rfid-label-76x25" },
                staffSession,
              ),
            ),
          ),
        );
        expect(tag).toMatchObject(otherLocation);
        const row = await db.piece.findUniqueOrThrow({ where: { id: lyon.pieceId } });
        expect(row).toMatchObject({
          taggedAt: null,
          epcSerial: null,
          state: "receiving",
          locationId: loc["Boutique Lyon"],
        });
        expect(await db.auditLog.count({ where: { shopId, entityId: lyon.pieceId } })).toBe(before);
        expect(await db.kioskOperation.count({ where: { deviceId: paris.id } })).toBe(0);

        // A job queued for Paris whose piece has since gone to Lyon fails instead of printing there.
        const vitrinePiece = await piece("Bague déplacée", loc.vitrine!);
        const { queuePrintJobs } = await import("../../../app/services/kiosk/print-queue.server");
        const queued = await queuePrintJobs(shopId, [vitrinePiece.pieceId], actor, { templateId: "barbell-56x13" });
        expect(queued.ok).toBe(true);
        const { pieces } = await loadApp();
        expect(
          await pieces.movePiece(shopId, vitrinePiece.pieceId, loc["Boutique Lyon"]!, actor, "sent to Lyon"),
        ).toMatchObject({ ok: true });
        const claimed = await answer(() =>
          r.jobs.loader(routeArgs(kioskRequest("/api/kiosk/print-jobs", paris.token))),
        );
        expect(claimed.body.jobs).toEqual([]);
        expect(await db.printJob.findFirstOrThrow({ where: { shopId, pieceId: vitrinePiece.pieceId } })).toMatchObject({
          status: "failed",
          error: "PIECE_AT_OTHER_LOCATION",
        });
      });

      test("the kiosk's own pieces, and pieces not yet at any location, go through", async () => {
        const here = await piece("Bague Paris", loc.vitrine!);
        expect(await op({ kind: "tagged", pieceId: here.pieceId })).toMatchObject({ status: 200 });
        expect(await op({ kind: "printed", pieceId: here.pieceId, templateId: "barbell-56x13" })).toMatchObject({
          status: 200,
        });
        const nowhere = await piece("Bague arrivée", null);
        expect(await op({ kind: "receive", pieceId: nowhere.pieceId, locationId: loc.vitrine })).toMatchObject({
          status: 200,
          body: { result: { state: "active" } },
        });
        const rfid = await answer(() =>
          r.tags.action(
            routeArgs(
              kioskRequest(
                "/api/kiosk/tags",
                paris.token,
                { pieceId: here.pieceId, templateId: "rfid-label-76x25" },
                staffSession,
              ),
            ),
          ),
        );
        expect(rfid.status).toBe(200);
        expect((await db.piece.findUniqueOrThrow({ where: { id: here.pieceId } })).epcSerial).not.toBeNull();
      });

      test("times before the kiosk was paired, or ahead of the server's clock, are refused in English and French", async () => {
        const here = await piece("Bague horaire", loc.vitrine!);
        const paired = (await db.device.findUniqueOrThrow({ where: { id: paris.id } })).createdAt;
        const before = await op({
          kind: "tagged",
          pieceId: here.pieceId,
          at: new Date(paired.getTime() - 10 * MINUTE).toISOString(),
        });
        expect(before).toMatchObject({
          status: 422,
          body: {
            error: {
              code: "TIME_BEFORE_PAIRING",
              message: expect.stringMatching(/before this kiosk was paired/),
              messageFr: expect.stringMatching(/antérieure à l'appairage/),
            },
          },
        });
        const ahead = await op({
          kind: "printed",
          pieceId: here.pieceId,
          templateId: "barbell-56x13",
          at: new Date(Date.now() + 10 * MINUTE).toISOString(),
        });
        expect(ahead).toMatchObject({
          status: 422,
          body: {
            error: {
              code: "TIME_AHEAD",
              message: expect.stringMatching(/ahead of the server/),
              messageFr: expect.stringMatching(/en avance/),
            },
          },
        });
        expect((await db.piece.findUniqueOrThrow({ where: { id: here.pieceId } })).taggedAt).toBeNull();
        // Late delivery (the kiosk was offline) and a clock a minute fast are fine.
        expect(
          await op({ kind: "tagged", pieceId: here.pieceId, at: new Date(Date.now() - 40 * MINUTE).toISOString() }),
        ).toMatchObject({ status: 200 });
        expect(
          await op({
            kind: "printed",
            pieceId: here.pieceId,
            templateId: "barbell-56x13",
            at: new Date(Date.now() + MINUTE).toISOString(),
          }),
        ).toMatchObject({ status: 200 });
      });
    });
  });
});
