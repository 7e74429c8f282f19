// The kiosk API end to end through its routes, on both engines, with real device tokens, real PINs,
// real admin session tokens, and Shopify's stock checked on the simulator.
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { randomUUID } from "node:crypto";
import { ENGINES } from "../../setup/databases";
import { makeLocation, makePiece, makeShop } from "../../factories";
import { appOn, type App } from "../helpers/app";
import { simulatedShop, type SimShop } from "../helpers/simulator";
import { adminRequest, APP_URL, installShop, routeArgs, settle, webhookRequest } from "../helpers/shopify";
import { luhnCheckSymbol } from "../../../app/domain/tagcode";

type Json = Record<string, unknown> & {
  error?: { code: string; message: string; messageFr: string; [k: string]: unknown };
};

/** A route's answer, returned or thrown (auth failures are thrown Responses). */
async function answer(run: () => Promise<unknown>): Promise<{ status: number; body: Json }> {
  let value: unknown;
  try {
    value = await run();
  } catch (thrown) {
    value = thrown;
  }
  if (!(value instanceof Response)) throw value;
  return { status: value.status, body: (await value.json()) as Json };
}

function kioskRequest(
  path: string,
  options: { method?: string; body?: unknown; token?: string; staff?: string; ip?: string } = {},
): Request {
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "X-Forwarded-For": options.ip ?? "10.0.0.1",
  };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.staff) headers["X-Loupe-Staff"] = options.staff;
  return new Request(new URL(path, APP_URL()), {
    method: options.method ?? "GET",
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
}

/** A typo the check character must catch: one symbol replaced. */
function typo(code: string): string {
  const swapped = code.charAt(2) === "7" ? "8" : "7";
  const mistyped = code.slice(0, 2) + swapped + code.slice(3);
  expect(luhnCheckSymbol(mistyped.slice(0, 6))).not.toBe(mistyped.charAt(6));
  return mistyped;
}

describe.each(ENGINES)("%s", (engine) => {
  const SHOP = `kiosk-${engine}.myshopify.com`;
  const OTHER = `autre-${engine}.myshopify.com`;
  let s: SimShop;
  let r: {
    start: typeof import("../../../app/routes/api.kiosk.pair.start");
    poll: typeof import("../../../app/routes/api.kiosk.pair.poll");
    signIn: typeof import("../../../app/routes/api.kiosk.staff.sign-in");
    context: typeof import("../../../app/routes/api.kiosk.context");
    receiving: typeof import("../../../app/routes/api.kiosk.receiving");
    piece: typeof import("../../../app/routes/api.kiosk.pieces.$tagCode");
    operations: typeof import("../../../app/routes/api.kiosk.operations");
    jobs: typeof import("../../../app/routes/api.kiosk.print-jobs._index");
    job: typeof import("../../../app/routes/api.kiosk.print-jobs.$id");
    admin: typeof import("../../../app/routes/app.kiosks._index");
    tags: typeof import("../../../app/routes/app.tags");
    tagToPrint: typeof import("../../../app/routes/api.kiosk.tags");
  };
  let m: App & {
    queue: typeof import("../../../app/services/kiosk/print-queue.server");
  };
  let shopId: string;
  let otherShopId: string;
  const loc: Record<string, string> = {};
  const actor = { kind: "admin", name: "Camille" } as const;

  beforeAll(async () => {
    const app = await appOn(engine);
    s = await simulatedShop(SHOP, { locations: ["Paris", "Lyon"] });
    r = {
      start: await import("../../../app/routes/api.kiosk.pair.start"),
      poll: await import("../../../app/routes/api.kiosk.pair.poll"),
      signIn: await import("../../../app/routes/api.kiosk.staff.sign-in"),
      context: await import("../../../app/routes/api.kiosk.context"),
      receiving: await import("../../../app/routes/api.kiosk.receiving"),
      piece: await import("../../../app/routes/api.kiosk.pieces.$tagCode"),
      operations: await import("../../../app/routes/api.kiosk.operations"),
      jobs: await import("../../../app/routes/api.kiosk.print-jobs._index"),
      job: await import("../../../app/routes/api.kiosk.print-jobs.$id"),
      admin: await import("../../../app/routes/app.kiosks._index"),
      tags: await import("../../../app/routes/app.tags"),
      tagToPrint: await import("../../../app/routes/api.kiosk.tags"),
    };
    m = {
      ...app,
      queue: await import("../../../app/services/kiosk/print-queue.server"),
    };
    shopId = (await makeShop({ domain: SHOP })).id;
    otherShopId = (await installShop(OTHER)).id;
    for (const [name, gid, parent] of [
      ["Boutique Paris", s.locations.Paris!, null],
      ["Boutique Lyon", s.locations.Lyon!, null],
    ] as const) {
      loc[name] = await makeLocation(shopId, { name, kind: "site", shopifyLocationGid: gid, parentId: parent }, actor);
    }
    loc.vitrine = await makeLocation(
      shopId,
      { name: "Vitrine 1", kind: "showcase", parentId: loc["Boutique Paris"] },
      actor,
    );
  });

  afterAll(async () => {
    vi.useRealTimers();
    await s.close();
  });

  const adminPost = (fields: Record<string, string>) =>
    answer(async () => {
      const result = await r.admin.action(
        routeArgs(
          adminRequest("/app/kiosks", SHOP, {
            method: "POST",
            body: new URLSearchParams(fields),
            search: { locale: "en" },
          }),
        ),
      );
      // Remix's data() wraps the answer; unwrap it into a Response for one way of reading.
      const d = result as unknown as { data: unknown; init?: { status?: number } };
      return new Response(JSON.stringify(d.data), { status: d.init?.status ?? 200 });
    });

  async function pair(name: string, locationGid: string): Promise<{ token: string; deviceId: string }> {
    const started = await answer(() =>
      r.start.action(
        routeArgs(
          kioskRequest("/api/kiosk/pair/start", {
            method: "POST",
            body: { deviceName: name },
            ip: `10.1.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
          }),
        ),
      ),
    );
    expect(started.status).toBe(200);
    const confirmed = await adminPost({
      intent: "pair",
      code: String(started.body.code),
      name,
      shopifyLocationGid: locationGid,
    });
    expect(confirmed.body).toMatchObject({ ok: true });
    const polled = await answer(() =>
      r.poll.action(
        routeArgs(
          kioskRequest("/api/kiosk/pair/poll", {
            method: "POST",
            body: { code: started.body.code, pollSecret: started.body.pollSecret },
          }),
        ),
      ),
    );
    expect(polled.status).toBe(200);
    return { token: String(polled.body.deviceToken), deviceId: String(polled.body.deviceId) };
  }

  async function newPiece(
    sku: string,
    options: { title?: string; priceMinor?: bigint; shopId?: string; locationId?: string | null } = {},
  ) {
    const product = s.sim.state.seedProduct({
      shop: SHOP,
      title: sku,
      variants: [{ sku, price: "990", inventory: { Paris: 0 } }],
    });
    const v = product.variants[0]!;
    const made = await makePiece(
      options.shopId ?? shopId,
      {
        title: options.title ?? `Bague ${sku}`,
        sku,
        priceMinor: options.priceMinor ?? 99000n,
        productGid: product.productId,
        variantGid: v.variantId,
        inventoryItemGid: v.inventoryItemId,
        locationId: options.locationId === undefined ? loc.vitrine : options.locationId,
        metals: [{ metal: "gold", finenessBp: 7500, grossWeightMg: 3420n, enteredWeight: "3.42", enteredUnit: "g" }],
      },
      { actor },
    );
    return { pieceId: made.pieceId, tagCode: made.tagCode, item: v.inventoryItemId };
  }

  let paris: { token: string; deviceId: string };
  let lyon: { token: string; deviceId: string };
  let lea: string;

  test("pairing end to end: start, admin confirms, the token is handed over once, works, and stops working when removed", async () => {
    const started = await answer(() =>
      r.start.action(
        routeArgs(kioskRequest("/api/kiosk/pair/start", { method: "POST", body: { deviceName: "Comptoir" } })),
      ),
    );
    expect(started.status).toBe(200);
    expect(started.body.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    const pollBody = { code: started.body.code, pollSecret: started.body.pollSecret };
    const poll = () =>
      answer(() => r.poll.action(routeArgs(kioskRequest("/api/kiosk/pair/poll", { method: "POST", body: pollBody }))));
    expect(await poll()).toEqual({ status: 202, body: { status: "waiting" } });
    const wrongSecret = await answer(() =>
      r.poll.action(
        routeArgs(
          kioskRequest("/api/kiosk/pair/poll", { method: "POST", body: { ...pollBody, pollSecret: "x".repeat(43) } }),
        ),
      ),
    );
    expect(wrongSecret.status).toBe(404);

    const badLocation = await adminPost({
      intent: "pair",
      code: String(started.body.code),
      name: "Comptoir Paris",
      shopifyLocationGid: "gid://shopify/Location/999",
    });
    expect(badLocation).toMatchObject({ status: 422, body: { ok: false, field: "shopifyLocationGid" } });
    const mistyped = await adminPost({
      intent: "pair",
      code: "ZZZZ-ZZZZ",
      name: "Comptoir Paris",
      shopifyLocationGid: s.locations.Paris!,
    });
    expect(mistyped).toMatchObject({
      status: 404,
      body: { ok: false, field: "code", message: expect.stringMatching(/does not exist/) },
    });
    // Typed the way a person reads it: lower case, no hyphen.
    const confirmed = await adminPost({
      intent: "pair",
      code: String(started.body.code).replace("-", "").toLowerCase(),
      name: "Comptoir Paris",
      shopifyLocationGid: s.locations.Paris!,
    });
    expect(confirmed).toMatchObject({ status: 200, body: { ok: true } });
    expect(
      await adminPost({
        intent: "pair",
        code: String(started.body.code),
        name: "Again",
        shopifyLocationGid: s.locations.Paris!,
      }),
    ).toMatchObject({ status: 409 });

    const paired = await poll();
    expect(paired.status).toBe(200);
    expect(paired.body).toMatchObject({
      status: "paired",
      shop: SHOP,
      shopifyLocationGid: s.locations.Paris,
      locationName: "Boutique Paris",
    });
    const token = String(paired.body.deviceToken);
    expect(await poll()).toMatchObject({ status: 410, body: { error: { code: "PAIRING_COLLECTED" } } });

    const device = await m.db.device.findUniqueOrThrow({ where: { id: String(paired.body.deviceId) } });
    expect(device.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(device.tokenHash).not.toContain(token);
    expect(JSON.stringify(await m.db.pairingCode.findMany())).not.toContain(token);

    const context = await answer(() => r.context.loader(routeArgs(kioskRequest("/api/kiosk/context", { token }))));
    expect(context.status).toBe(200);
    expect(context.body).toMatchObject({
      shop: SHOP,
      shopifyLocationGid: s.locations.Paris,
      locationName: "Boutique Paris",
    });
    expect((context.body.locations as { path: string }[]).map((l) => l.path)).toEqual([
      "Boutique Paris",
      "Boutique Paris > Vitrine 1",
    ]);

    expect(
      await answer(() => r.context.loader(routeArgs(kioskRequest("/api/kiosk/context", { token: "lk_forged" })))),
    ).toMatchObject({ status: 401, body: { error: { code: "DEVICE_UNKNOWN" } } });
    const revoked = await adminPost({ intent: "revoke", deviceId: device.id });
    expect(revoked.body).toMatchObject({ ok: true });
    const after = await answer(() => r.context.loader(routeArgs(kioskRequest("/api/kiosk/context", { token }))));
    expect(after).toMatchObject({
      status: 401,
      body: { error: { code: "DEVICE_REVOKED", messageFr: expect.stringMatching(/retirée/) } },
    });
  });

  test("an unconfirmed code expires after 10 minutes", async () => {
    const started = await answer(() =>
      r.start.action(
        routeArgs(
          kioskRequest("/api/kiosk/pair/start", { method: "POST", body: { deviceName: "Old" }, ip: "10.9.9.9" }),
        ),
      ),
    );
    await m.db.pairingCode.updateMany({
      where: { code: String(started.body.code).replace("-", "") },
      data: { expiresAt: new Date(Date.now() - 1) },
    });
    const polled = await answer(() =>
      r.poll.action(
        routeArgs(
          kioskRequest("/api/kiosk/pair/poll", {
            method: "POST",
            body: { code: started.body.code, pollSecret: started.body.pollSecret },
          }),
        ),
      ),
    );
    expect(polled).toMatchObject({ status: 410, body: { error: { code: "PAIRING_EXPIRED" } } });
  });

  test("pair/start is rate-limited per address", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++)
      statuses.push(
        (
          await answer(() =>
            r.start.action(
              routeArgs(
                kioskRequest("/api/kiosk/pair/start", {
                  method: "POST",
                  body: { deviceName: "Spam" },
                  ip: `10.66.0.${engine.length}`,
                }),
              ),
            ),
          )
        ).status,
      );
    expect(statuses.slice(0, 10).every((st) => st === 200)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

  test("staff PINs: rules, no two people with one PIN, wrong PINs lock the kiosk for 15 minutes, then it opens again", async () => {
    paris = await pair("Comptoir Paris", s.locations.Paris!);
    lyon = await pair("Comptoir Lyon", s.locations.Lyon!);
    await adminPost({ intent: "addStaff", name: "Léa" });
    await adminPost({ intent: "addStaff", name: "Marc" });
    const people = await m.db.staffMember.findMany({ where: { shopId, role: "staff" } });
    lea = people.find((p) => p.name === "Léa")!.id;
    const marc = people.find((p) => p.name === "Marc")!.id;
    expect(await adminPost({ intent: "setPin", staffId: lea, pin: "1234" })).toMatchObject({
      status: 422,
      body: { field: "pin", message: expect.stringMatching(/too easy/) },
    });
    expect(await adminPost({ intent: "setPin", staffId: lea, pin: "48a1" })).toMatchObject({ status: 422 });
    expect(await adminPost({ intent: "setPin", staffId: lea, pin: "4821" })).toMatchObject({
      status: 200,
      body: { ok: true },
    });
    expect(await adminPost({ intent: "setPin", staffId: marc, pin: "4821" })).toMatchObject({
      status: 409,
      body: { message: expect.stringMatching(/already uses/) },
    });
    expect(await adminPost({ intent: "setPin", staffId: marc, pin: "7305" })).toMatchObject({ status: 200 });
    const stored = await m.db.staffMember.findUniqueOrThrow({ where: { id: lea } });
    expect(stored.pinHash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(stored.pinHash).not.toContain("4821");

    const signIn = (pin: string, token = paris.token) =>
      answer(() =>
        r.signIn.action(routeArgs(kioskRequest("/api/kiosk/staff/sign-in", { method: "POST", token, body: { pin } }))),
      );
    for (const left of [4, 3, 2, 1]) {
      expect(await signIn("9999")).toMatchObject({
        status: 401,
        body: { error: { code: "PIN_WRONG", attemptsLeft: left } },
      });
    }
    const locked = await signIn("9998");
    expect(locked).toMatchObject({
      status: 403,
      body: {
        error: {
          code: "PIN_LOCKED",
          message: expect.stringMatching(/locked until/),
          messageFr: expect.stringMatching(/verrouillée/),
        },
      },
    });
    // Even the right PIN waits out the lock on this kiosk; another kiosk is not affected.
    expect(await signIn("4821")).toMatchObject({ status: 403, body: { error: { code: "PIN_LOCKED" } } });
    await m.db.shop.update({ where: { id: shopId }, data: { kioskIdleMinutes: 3 } });
    expect(await signIn("7305", lyon.token)).toMatchObject({
      status: 200,
      body: { name: "Marc", idleSignOutMinutes: 3 },
    });
    await m.db.shop.update({ where: { id: shopId }, data: { kioskIdleMinutes: 10 } });

    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(new Date(Date.now() + 14 * 60_000));
      expect(await signIn("4821")).toMatchObject({ status: 403 });
      vi.setSystemTime(new Date(Date.now() + 2 * 60_000));
      const ok = await signIn("4821");
      // The shop's idle time goes with the session: 10 minutes unless the shop set another.
      expect(ok).toMatchObject({ status: 200, body: { name: "Léa", staffId: lea, idleSignOutMinutes: 10 } });
      // The count starts again after a success.
      expect(await signIn("9999")).toMatchObject({ status: 401, body: { error: { attemptsLeft: 4 } } });
    } finally {
      vi.useRealTimers();
    }
  });

  const staffSession = async (token = paris.token, pin = "4821") => {
    const signed = await answer(() =>
      r.signIn.action(routeArgs(kioskRequest("/api/kiosk/staff/sign-in", { method: "POST", token, body: { pin } }))),
    );
    expect(signed.status).toBe(200);
    return String(signed.body.staffSession);
  };

  test("lookup by tag code: typos are caught by the check character, another shop's tag is not found", async () => {
    const mine = await newPiece("LK-1", { title: "Solitaire Élise" });
    const theirs = await makePiece(otherShopId, { title: "Their ring", priceMinor: 1000n }, { actor });
    const lookup = (code: string, query = "") =>
      answer(() =>
        r.piece.loader(
          routeArgs(kioskRequest(`/api/kiosk/pieces/${code}${query}`, { token: paris.token }), { tagCode: code }),
        ),
      );

    const found = await lookup(mine.tagCode.toLowerCase().slice(0, 4) + "-" + mine.tagCode.slice(4));
    expect(found.status).toBe(200);
    expect(found.body.piece).toMatchObject({
      id: mine.pieceId,
      tagCode: mine.tagCode,
      title: "Solitaire Élise",
      state: "receiving",
      locationPath: "Boutique Paris > Vitrine 1",
      taggedAt: null,
    });
    expect(found.body.tag).toMatchObject({
      priceMinor: "99000",
      currency: "EUR",
      locale: "fr-FR",
      tagCode: mine.tagCode,
      metal: "Or 750\u00A0‰ · 18\u00A0ct",
      weight: "3,42\u00A0g",
    });
    expect(String((found.body.tag as { provenanceUrl: string }).provenanceUrl)).toMatch(
      new RegExp(`^https://${SHOP}/apps/loupe/[A-Za-z0-9_-]{22}$`),
    );

    expect(await lookup(typo(mine.tagCode))).toMatchObject({
      status: 422,
      body: {
        error: {
          code: "TAG_CODE_INVALID",
          reason: "CHECK",
          message: expect.stringMatching(/typo/),
          messageFr: expect.stringMatching(/faute de frappe/),
        },
      },
    });
    expect(await lookup(mine.tagCode.slice(0, 5))).toMatchObject({
      status: 422,
      body: { error: { reason: "LENGTH" } },
    });
    expect(await lookup("7K3Q-X9U")).toMatchObject({ status: 422, body: { error: { reason: "CHARACTER" } } });
    const other = await lookup(theirs.tagCode);
    expect(other).toMatchObject({ status: 404, body: { error: { code: "PIECE_NOT_FOUND" } } });
    expect(JSON.stringify(other.body)).not.toContain("Their ring");
  });

  test("a price that does not fit the template, and text the printer lacks, are said clearly and never queued", async () => {
    const rich = await newPiece("LK-2", { priceMinor: 123456789012n });
    const lookup = await answer(() =>
      r.piece.loader(
        routeArgs(kioskRequest(`/api/kiosk/pieces/${rich.tagCode}?templateId=small-25x15`, { token: paris.token }), {
          tagCode: rich.tagCode,
        }),
      ),
    );
    expect(lookup.status).toBe(200);
    expect(lookup.body.tag).toBeNull();
    expect(lookup.body.tagError).toMatchObject({
      code: "PRICE_DOES_NOT_FIT",
      message: expect.stringMatching(/too wide/),
      messageFr: expect.stringMatching(/trop large/),
    });
    expect(await m.queue.queuePrintJobs(shopId, [rich.pieceId], actor, { templateId: "small-25x15" })).toMatchObject({
      ok: false,
      code: "PRICE_DOES_NOT_FIT",
      pieceId: rich.pieceId,
    });

    const emoji = await newPiece("LK-3", { title: "Bague 💍 cœur" });
    const lookup2 = await answer(() =>
      r.piece.loader(
        routeArgs(kioskRequest(`/api/kiosk/pieces/${emoji.tagCode}`, { token: paris.token }), {
          tagCode: emoji.tagCode,
        }),
      ),
    );
    expect(lookup2.body.tagError).toMatchObject({
      code: "TEXT_UNPRINTABLE",
      characters: ["💍"],
      message: expect.stringMatching(/title contains characters/),
      messageFr: expect.stringMatching(/champ désignation/),
    });
    const before = await m.db.printJob.count();
    expect(await m.queue.queuePrintJobs(shopId, [emoji.pieceId, rich.pieceId], actor)).toMatchObject({
      ok: false,
      code: "TEXT_UNPRINTABLE",
      pieceId: emoji.pieceId,
    });
    expect(await m.db.printJob.count()).toBe(before);
  });

  test("receive twice with the same key: one ledger row, one outbox row, Shopify available +1 exactly once", async () => {
    const { pieceId, item } = await newPiece("RCV-1", { locationId: null });
    const staff = await staffSession();
    const receive = (
      key: string,
      body: Record<string, unknown> = {},
      headers: { staff?: string; token?: string } = { staff },
    ) =>
      answer(() =>
        r.operations.action(
          routeArgs(
            kioskRequest("/api/kiosk/operations", {
              method: "POST",
              token: headers.token ?? paris.token,
              staff: headers.staff,
              body: { key, kind: "receive", pieceId, locationId: loc.vitrine, at: new Date().toISOString(), ...body },
            }),
          ),
        ),
      );

    const key = randomUUID();
    expect(await receive(key, {}, {})).toMatchObject({ status: 403, body: { error: { code: "STAFF_REQUIRED" } } });
    expect(await receive(key, { locationId: loc["Boutique Lyon"] })).toMatchObject({
      status: 422,
      body: { error: { code: "UNKNOWN_LOCATION" } },
    });
    const list = await answer(() =>
      r.receiving.loader(routeArgs(kioskRequest("/api/kiosk/receiving", { token: paris.token }))),
    );
    expect((list.body.pieces as { id: string }[]).map((p) => p.id)).toContain(pieceId);

    const first = await receive(key);
    expect(first).toMatchObject({
      status: 200,
      body: { key, result: { pieceId, kind: "receive", state: "active", locationId: loc.vitrine } },
    });
    // The answer was lost in a network cut; the kiosk sends the same operation again, twice at once.
    const [again, concurrent] = await Promise.all([receive(key), receive(key)]);
    expect(again).toEqual(first);
    expect(concurrent).toEqual(first);
    expect(await receive(key, { kind: "printed" })).toMatchObject({
      status: 409,
      body: { error: { code: "KEY_REUSED" } },
    });
    expect(await receive(randomUUID())).toMatchObject({
      status: 409,
      body: { error: { code: "ILLEGAL_TRANSITION", messageFr: expect.stringMatching(/état\u202f: active/) } },
    });

    const piece = await m.db.piece.findUniqueOrThrow({
      where: { id: pieceId },
      include: { movements: { orderBy: { at: "asc" } } },
    });
    expect(piece.state).toBe("active");
    expect(piece.taggedAt).not.toBeNull();
    expect(piece.shopifyLocationGid).toBe(s.locations.Paris);
    const states = piece.movements.filter((mv) => mv.kind === "state");
    expect(states).toHaveLength(1);
    expect(states[0]).toMatchObject({
      fromState: "receiving",
      toState: "active",
      actorName: "Léa @ Comptoir Paris (kiosk)",
      source: `kiosk:${key}`,
    });
    expect(await m.db.outboxEntry.count({ where: { shopId, payload: { contains: item } } })).toBe(1);
    expect(await m.db.kioskOperation.count({ where: { key } })).toBe(1);

    await m.worker.drainOutbox({ shopId });
    await receive(key);
    await m.worker.drainOutbox({ shopId });
    const level = s.sim.state
      .inventoryLevels({ shop: SHOP })
      .find((l) => l.inventoryItemId === item && l.locationId === s.locations.Paris)?.quantities as Record<
      string,
      number
    >;
    expect(level.available).toBe(1);
    const history = s.sim.state.inventoryHistory({ shop: SHOP }).filter((h) => h.inventoryItemId === item);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ reason: "received", referenceDocumentUri: `gid://loupe/Piece/${pieceId}` });
  });

  test("printed and reprinted tags are recorded with the person and the kiosk, once per key", async () => {
    const { pieceId } = await newPiece("PRT-1");
    const staff = await staffSession();
    const op = (key: string, body: Record<string, unknown>) =>
      answer(() =>
        r.operations.action(
          routeArgs(
            kioskRequest("/api/kiosk/operations", {
              method: "POST",
              token: paris.token,
              staff,
              body: { key, pieceId, at: new Date().toISOString(), ...body },
            }),
          ),
        ),
      );
    const printed = randomUUID();
    expect(await op(printed, { kind: "printed", templateId: "barbell-56x13" })).toMatchObject({
      status: 200,
      body: { result: { reprint: false } },
    });
    expect(await op(printed, { kind: "printed", templateId: "barbell-56x13" })).toMatchObject({ status: 200 });
    expect(await op(randomUUID(), { kind: "printed", reprint: true, templateId: "barbell-56x13" })).toMatchObject({
      status: 200,
      body: { result: { reprint: true } },
    });
    expect(await op(randomUUID(), { kind: "printed", templateId: "nope" })).toMatchObject({
      status: 422,
      body: { error: { code: "TEMPLATE_UNKNOWN" } },
    });
    expect(await op(randomUUID(), { kind: "tagged" })).toMatchObject({ status: 200 });
    const audit = await m.db.auditLog.findMany({
      where: { shopId, entityType: "Piece", entityId: pieceId },
      orderBy: { seq: "asc" },
    });
    expect(audit.map((a) => a.action)).toEqual([
      "piece.created",
      "piece.tag_printed",
      "piece.tag_reprinted",
      "piece.tagged",
    ]);
    expect(audit[1]!.actor).toBe("Léa @ Comptoir Paris (kiosk)");
    expect(await op(randomUUID(), { pieceId: "not-a-piece", kind: "tagged" })).toMatchObject({ status: 404 });
  });

  test("a sold piece gets no tag at the kiosk, its state named; a job queued before the sale fails instead of printing", async () => {
    const { pieceId } = await newPiece("SOLD-1");
    const queued = await m.queue.queuePrintJobs(shopId, [pieceId], actor);
    if (!queued.ok) throw new Error(queued.code);
    const { transitionPiece } = await import("../../../app/services/catalog/piece-changes.server");
    await m.db.piece.update({ where: { id: pieceId }, data: { taggedAt: new Date() } });
    for (const to of ["active", "sold"] as const)
      expect(await transitionPiece(shopId, pieceId, to, actor, { reason: "sold at the counter" })).toMatchObject({
        ok: true,
      });
    const staff = await staffSession();
    const tag = await answer(() =>
      r.tagToPrint.action(
        routeArgs(
          kioskRequest("/api/kiosk/tags", {
            method: "POST",
            token: paris.token,
            staff,
            body: { pieceId, templateId: "barbell-56x13" },
          }),
        ),
      ),
    );
    expect(tag).toMatchObject({
      status: 409,
      body: {
        error: {
          code: "OUT_OF_HAND",
          message: "This piece is “Sold”: no tag is printed for it.",
          messageFr: "Cette pièce est «\u202fVendue\u202f»\u202f: aucune étiquette n'est imprimée pour elle.",
        },
      },
    });
    const claimed = await answer(() =>
      r.jobs.loader(routeArgs(kioskRequest("/api/kiosk/print-jobs", { token: paris.token }))),
    );
    expect((claimed.body.jobs as { pieceId: string }[]).map((j) => j.pieceId)).not.toContain(pieceId);
    expect(await m.db.printJob.findFirstOrThrow({ where: { id: queued.jobIds[0]! } })).toMatchObject({
      status: "failed",
    });
    expect(await m.queue.queuePrintJobs(shopId, [pieceId], actor)).toMatchObject({
      ok: false,
      code: "OUT_OF_HAND",
      state: "sold",
    });
  });

  test("print queue: queued from the admin, claimed only by the kiosk of that location, progress counts", async () => {
    const p1 = await newPiece("Q-1");
    const p2 = await newPiece("Q-2", { locationId: loc["Boutique Lyon"] });
    const queued = await m.queue.queuePrintJobs(shopId, [p1.pieceId, p2.pieceId], actor);
    if (!queued.ok) throw new Error(queued.code);
    expect(queued.jobIds).toHaveLength(2);
    expect(await m.queue.printJobProgress(shopId, queued.jobIds)).toMatchObject({
      queued: 2,
      claimed: 0,
      printed: 0,
      failed: 0,
      total: 2,
    });

    const claim = (token: string) =>
      answer(() => r.jobs.loader(routeArgs(kioskRequest("/api/kiosk/print-jobs", { token }))));
    const lyonJobs = await claim(lyon.token);
    expect((lyonJobs.body.jobs as { pieceId: string }[]).map((j) => j.pieceId)).toEqual([p2.pieceId]);
    const parisJobs = await claim(paris.token);
    const jobs = parisJobs.body.jobs as {
      id: string;
      pieceId: string;
      templateId: string;
      copies: number;
      reprint: boolean;
      tag: { tagCode: string; content: { priceMinor: string } };
    }[];
    expect(jobs.map((j) => j.pieceId)).toEqual([p1.pieceId]);
    expect(jobs[0]).toMatchObject({
      templateId: "barbell-56x13",
      copies: 1,
      reprint: false,
      tag: { tagCode: p1.tagCode, content: { priceMinor: "99000" } },
    });
    expect((await claim(paris.token)).body.jobs).toEqual([]);
    expect(await m.queue.printJobProgress(shopId, queued.jobIds)).toMatchObject({ queued: 0, claimed: 2 });

    const report = (id: string, token: string, body: Record<string, unknown>) =>
      answer(() =>
        r.job.action(routeArgs(kioskRequest(`/api/kiosk/print-jobs/${id}`, { method: "POST", token, body }), { id })),
      );
    expect(await report(jobs[0]!.id, lyon.token, { status: "printed" })).toMatchObject({
      status: 404,
      body: { error: { code: "JOB_NOT_FOUND" } },
    });
    expect(await report(jobs[0]!.id, paris.token, { status: "printed" })).toMatchObject({
      status: 200,
      body: { status: "printed" },
    });
    expect(await report(jobs[0]!.id, paris.token, { status: "printed" })).toMatchObject({ status: 200 });
    expect(await report(jobs[0]!.id, paris.token, { status: "failed" })).toMatchObject({
      status: 409,
      body: { error: { code: "JOB_NOT_CLAIMED" } },
    });
    const lyonJob = (lyonJobs.body.jobs as { id: string }[])[0]!;
    expect(await report(lyonJob.id, lyon.token, { status: "failed", error: "paper out" })).toMatchObject({
      status: 200,
    });
    expect(await m.queue.printJobProgress(shopId, queued.jobIds)).toMatchObject({
      queued: 0,
      claimed: 0,
      printed: 1,
      failed: 1,
      total: 2,
    });

    const page = await r.admin.loader(
      routeArgs(adminRequest("/app/kiosks", SHOP, { search: { jobs: queued.jobIds.join(",") } })),
    );
    expect(page.progress).toMatchObject({ printed: 1, failed: 1, total: 2 });
    expect(page.jobs.find((j) => j.id === lyonJob.id)).toMatchObject({
      status: "failed",
      error: "paper out",
      device: "Comptoir Lyon",
    });

    const audit = await m.db.auditLog.findMany({
      where: { shopId, entityType: "Piece", entityId: p1.pieceId },
      orderBy: { seq: "asc" },
    });
    expect(audit.map((a) => a.action)).toEqual(["piece.created", "piece.print_queued", "piece.tag_printed"]);
    expect(audit[2]!.actor).toBe("Comptoir Paris (kiosk)");
  });

  test("a job queued for a location whose kiosk is removed goes back to the queue", async () => {
    const p = await newPiece("Q-3");
    const queued = await m.queue.queuePrintJobs(shopId, [p.pieceId], actor, { reprint: true, reason: "tag damaged" });
    if (!queued.ok) throw new Error(queued.code);
    const spare = await pair("Comptoir Paris 2", s.locations.Paris!);
    const claimed = await answer(() =>
      r.jobs.loader(routeArgs(kioskRequest("/api/kiosk/print-jobs", { token: spare.token }))),
    );
    expect(claimed.body.jobs).toMatchObject([{ pieceId: p.pieceId, reprint: true }]);
    await adminPost({ intent: "revoke", deviceId: spare.deviceId });
    expect(await m.queue.printJobProgress(shopId, queued.jobIds)).toMatchObject({ queued: 1 });
  });

  test("tag templates: a shop's adjustment is checked, saved, and travels with its print jobs", async () => {
    const post = (fields: Record<string, string>) =>
      answer(async () => {
        const d = (await r.tags.action(
          routeArgs(
            adminRequest("/app/tags", SHOP, {
              method: "POST",
              body: new URLSearchParams(fields),
              search: { locale: "fr" },
            }),
          ),
        )) as unknown as { data: unknown; init?: { status?: number } };
        return new Response(JSON.stringify(d.data), { status: d.init?.status ?? 200 });
      });
    const page = await r.tags.loader(routeArgs(adminRequest("/app/tags", SHOP)));
    expect(page.templates.map((x) => x.id)).toContain("barbell-56x13");
    expect(page.content.priceMinor).toMatch(/^[0-9]+$/);
    const tooWide = await post({
      intent: "save",
      templateId: "barbell-56x13",
      overrides: JSON.stringify({ price: { fontMm: 6 } }),
    });
    expect(tooWide).toMatchObject({
      status: 422,
      body: { ok: false, message: expect.stringMatching(/ne donnent pas une étiquette imprimable/) },
    });
    expect(
      await post({ intent: "save", templateId: "barbell-56x13", overrides: JSON.stringify({ nope: { x: 1 } }) }),
    ).toMatchObject({ status: 422 });
    expect(await m.db.tagTemplate.count({ where: { shopId } })).toBe(0);
    expect(
      await post({
        intent: "save",
        templateId: "barbell-56x13",
        overrides: JSON.stringify({ title: { hidden: true }, price: { fontMm: 2.6 } }),
      }),
    ).toMatchObject({ status: 200, body: { ok: true } });
    const p = await newPiece("TPL-1");
    const queued = await m.queue.queuePrintJobs(shopId, [p.pieceId], actor);
    if (!queued.ok) throw new Error(queued.code);
    const claimed = await answer(() =>
      r.jobs.loader(routeArgs(kioskRequest("/api/kiosk/print-jobs", { token: paris.token }))),
    );
    // The reprint handed back by the removed kiosk (previous test) comes along; this piece's job carries the overrides.
    expect((claimed.body.jobs as { pieceId: string }[]).find((j) => j.pieceId === p.pieceId)).toMatchObject({
      overrides: { title: { hidden: true }, price: { fontMm: 2.6 } },
    });
    expect(await post({ intent: "reset", templateId: "barbell-56x13" })).toMatchObject({ status: 200 });
    expect(await m.db.tagTemplate.count({ where: { shopId } })).toBe(0);
  });

  test("Shopify's own location names are read when the kiosks page opens, shown as Site (Shopify location), and read again once stale", async () => {
    const page = await r.admin.loader(routeArgs(adminRequest("/app/kiosks", SHOP)));
    expect(page.locations).toEqual(
      expect.arrayContaining([
        { gid: s.locations.Paris, site: "Boutique Paris", shopifyName: "Paris", name: "Boutique Paris (Paris)" },
        { gid: s.locations.Lyon, site: "Boutique Lyon", shopifyName: "Lyon", name: "Boutique Lyon (Lyon)" },
      ]),
    );
    expect(page.devices.find((d) => d.name === "Comptoir Lyon")).toMatchObject({ location: "Boutique Lyon (Lyon)" });
    const context = await answer(() =>
      r.context.loader(routeArgs(kioskRequest("/api/kiosk/context", { token: paris.token }))),
    );
    expect(context.body).toMatchObject({ locationName: "Boutique Paris (Paris)" });

    // Renamed in Shopify: fresh names are kept for a while, then read again.
    const id = Number(s.locations.Paris!.split("/").pop());
    s.sim.state.shop(SHOP).locations.get(id)!.name = "Paris Rivoli";
    await r.admin.loader(routeArgs(adminRequest("/app/kiosks", SHOP)));
    expect(
      (await m.db.shopifyLocationName.findUniqueOrThrow({ where: { shopId_gid: { shopId, gid: s.locations.Paris! } } }))
        .name,
    ).toBe("Paris");
    await m.db.shopifyLocationName.updateMany({
      where: { shopId },
      data: { updatedAt: new Date(Date.now() - 11 * 60_000) },
    });
    const again = await r.admin.loader(routeArgs(adminRequest("/app/kiosks", SHOP)));
    expect(again.locations.find((l) => l.gid === s.locations.Paris)?.name).toBe("Boutique Paris (Paris Rivoli)");
    // A locations/update webhook reads the names at once (from the API, not the payload).
    s.sim.state.shop(SHOP).locations.get(id)!.name = "Paris Saint-Honoré";
    const hook = await import("../../../app/routes/webhooks.locations.update");
    const malformed = await settle(() => hook.action(routeArgs(webhookRequest("locations/update", SHOP, { id }))));
    expect(malformed.response?.status).toBe(400);
    const delivered = await hook.action(
      routeArgs(
        webhookRequest("locations/update", SHOP, {
          id,
          name: "stale name from the payload",
          admin_graphql_api_id: s.locations.Paris,
        }),
      ),
    );
    expect(delivered.status).toBe(200);
    const after = await r.admin.loader(routeArgs(adminRequest("/app/kiosks", SHOP)));
    expect(after.locations.find((l) => l.gid === s.locations.Paris)?.name).toBe("Boutique Paris (Paris Saint-Honoré)");
    // Another shop never sees these names.
    expect(await m.db.shopifyLocationName.count({ where: { shopId: otherShopId } })).toBe(0);
  });
});
