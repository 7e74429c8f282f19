// "Print label" on the kiosk's own screen, both engines, from an EMPTY shop: a kiosk program (its
// loops and counter page, talking to the app's kiosk routes over HTTP) prints to a Zebra on a TCP
// socket. A label printed from the kiosk's screen reaches the socket with exactly the bytes of the
// same place's label queued from the tree; the job is the kiosk's own (no other kiosk takes it),
// named after the person and audited. The app refuses a place of another site or another shop, an
// archived place, and a person whose role may not print; the sign-in answer names what the role may do.
import fs from "node:fs";
import type http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ENGINES, useFreshDatabase } from "../../setup/databases";
import { makeLocation, makeShop } from "../../factories";
import { until } from "../../e2e/waits";
import { simulatedShop, type SimShop } from "../helpers/simulator";
import { kioskRoutesServer } from "../helpers/kiosk-routes";
import { postSetup } from "../setup/answers";
import { cookieJar, FakeZebra } from "../kiosk-program/fakes";
import { startKiosk, type RunningKiosk } from "../../../kiosk/demo";

const TOKEN = "lk_" + "kiosklb".repeat(7);
const OTHER_TOKEN = "lk_" + "kioskot".repeat(7);
const PIN = "4821";

describe.each(ENGINES)("%s", (engine) => {
  const SHOP = `kiosk-labels-${engine}.myshopify.com`;
  let s: SimShop;
  let shopId: string;
  let db: (typeof import("../../../app/db.server"))["db"];
  let locationCodeOf: (id: string) => string;
  let appServer: http.Server;
  let appUrl: string;
  let kiosk: RunningKiosk;
  let zebra: FakeZebra;
  let dataDir: string;
  let deviceId: string;
  let staffId: string;
  const ids: Record<string, string> = {};

  const add = async (parent: string, kind: string, name: string) => {
    const answer = await postSetup(SHOP, { intent: "add", parentId: ids[parent]!, kind, name });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    ids[name] = (await db.location.findFirstOrThrow({ where: { shopId, name, archivedAt: null } })).id;
  };

  /** One browser at the counter: its session cookie says who is signed in there. */
  const browser = cookieJar();

  /** The kiosk's counter page API, as its screen calls it from that browser. */
  async function counter(method: "GET" | "POST", p: string, body?: unknown) {
    const res = await fetch(new URL(p, kiosk.url), {
      method,
      headers: {
        "x-loupe-kiosk": "1",
        ...(body ? { "content-type": "application/json" } : {}),
        ...browser.headers(),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    browser.keep(res);
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }

  /** The app's kiosk API called directly, as a kiosk would (device token, staff session). */
  async function app(p: string, body: unknown, staffSession?: string, token = TOKEN) {
    const res = await fetch(new URL(p, appUrl), {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
        ...(staffSession ? { "x-loupe-staff": staffSession } : {}),
      },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }

  beforeAll(async () => {
    await useFreshDatabase(engine);
    s = await simulatedShop(SHOP, { locations: ["Paris", "Lyon"] });
    ({ db } = await import("../../../app/db.server"));
    ({ locationCodeOf } = await import("../../../app/services/locations/labels.server"));
    const { sha256, hashPin } = await import("../../../app/http/kiosk-auth.server");
    expect((await postSetup(SHOP, { intent: "import" })).status).toBe(200);
    shopId = (await db.shop.findFirstOrThrow({ where: { domain: SHOP } })).id;
    ids.Paris = (await db.location.findFirstOrThrow({ where: { shopId, name: "Paris" } })).id;
    ids.Lyon = (await db.location.findFirstOrThrow({ where: { shopId, name: "Lyon" } })).id;
    await add("Paris", "safe", "Coffre 1");
    await add("Coffre 1", "tray", "Plateau 5");
    await add("Coffre 1", "tray", "Plateau 6");
    await add("Lyon", "showcase", "Vitrine 2");
    expect((await postSetup(SHOP, { intent: "archive", id: ids["Plateau 6"]! })).status).toBe(200);
    const device = await db.device.create({
      data: {
        shopId,
        name: "Comptoir",
        shopifyLocationGid: s.locations.Paris!,
        tokenHash: sha256(TOKEN),
        createdBy: "test",
      },
    });
    deviceId = device.id;
    // A second kiosk at Paris, polling too: a label asked for at the first never goes to it.
    await db.device.create({
      data: {
        shopId,
        name: "Atelier",
        shopifyLocationGid: s.locations.Paris!,
        tokenHash: sha256(OTHER_TOKEN),
        createdBy: "test",
      },
    });
    staffId = (await db.staffMember.create({ data: { shopId, name: "Léa", pinHash: await hashPin(PIN) } })).id;
    appServer = await kioskRoutesServer();
    appUrl = `http://127.0.0.1:${(appServer.address() as AddressInfo).port}`;
    zebra = await new FakeZebra().start();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kiosk-labels-it-"));
    kiosk = await startKiosk({
      appUrl,
      dataDir,
      port: 0,
      deviceToken: TOKEN,
      printer: {
        kind: "zebra-tcp",
        host: "127.0.0.1",
        port: zebra.port,
        statusTimeoutMs: 2000,
        connectTimeoutMs: 2000,
      },
      pollIntervalMs: 150,
    });
  });

  afterAll(async () => {
    await kiosk?.stop();
    await zebra?.stop();
    await new Promise((resolve) => appServer?.close(resolve));
    await s?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test("a label printed from the kiosk's screen reaches the printer with the tree's bytes, as this kiosk's audited job", async () => {
    const code = locationCodeOf(ids["Plateau 5"]!);
    // The admin path first: queued from the tree, taken and printed by the kiosk's poll.
    expect((await postSetup(SHOP, { intent: "label", id: ids["Plateau 5"]! })).status).toBe(200);
    const fromTree = await until("the tree's label at the printer", () => zebra.formats.find((f) => f.includes(code)));
    await until("the tree's job reported printed", async () =>
      (await db.printJob.count({ where: { shopId, status: "printed" } })) === 1 ? true : undefined,
    );

    const signIn = await counter("POST", "/api/sign-in", { pin: PIN });
    expect(signIn.status, JSON.stringify(signIn.json)).toBe(200);
    // The screen learns what the person's role may do (staff by default: print and receive).
    const state = await counter("GET", "/api/state");
    expect((state.json.staff as { permissions: string[] }).permissions).toEqual(
      expect.arrayContaining(["kiosk.use", "pieces.print", "pieces.receive"]),
    );
    expect((state.json.staff as { permissions: string[] }).permissions).not.toContain("kiosks.manage");

    const printed = await counter("POST", "/api/location-label", { locationId: ids["Plateau 5"] });
    expect(printed.status, JSON.stringify(printed.json)).toBe(200);
    expect(printed.json).toMatchObject({
      printed: true,
      code,
      path: "Paris > Coffre 1 > Plateau 5",
      message: {
        en: `Label of Paris > Coffre 1 > Plateau 5 (${code}) printed.`,
        fr: `Étiquette de Paris > Coffre 1 > Plateau 5 (${code}) imprimée.`,
      },
    });
    const labels = zebra.formats.filter((f) => f.includes(code));
    expect(labels).toHaveLength(2);
    expect(labels[1]).toBe(fromTree);
    expect(labels[1]).toContain(`^FD${code}^FS`);

    const job = await until("the kiosk's job reported printed", async () => {
      const row = await db.printJob.findFirst({
        where: { shopId, locationId: ids["Plateau 5"], requestedBy: "Léa @ Comptoir" },
      });
      return row?.status === "printed" ? row : undefined;
    });
    expect(job).toMatchObject({ deviceId, templateId: "location-50x25", pieceId: null });
    const audits = await db.auditLog.findMany({
      where: { shopId, entityId: ids["Plateau 5"] },
      orderBy: { seq: "asc" },
    });
    expect(audits.filter((a) => a.actor.includes("Léa @ Comptoir")).map((a) => a.action)).toEqual([
      "location.label_print_queued",
      "location.label_printed",
    ]);

    // The other kiosk at Paris polls and gets nothing: the job was this kiosk's from the start.
    const other = await fetch(new URL("/api/kiosk/print-jobs", appUrl), {
      headers: { authorization: `Bearer ${OTHER_TOKEN}` },
    });
    expect(((await other.json()) as { jobs: unknown[] }).jobs).toEqual([]);
  });

  test("a place of another site or another shop, an archived place and a role without print are refused; nothing is queued", async () => {
    const signIn = await app("/api/kiosk/staff/sign-in", { pin: PIN });
    expect(signIn.status).toBe(200);
    expect(signIn.json.permissions).toEqual(expect.arrayContaining(["pieces.print"]));
    const session = String(signIn.json.staffSession);
    const before = await db.printJob.count();

    // Lyon's showcase is in this shop, but not at this kiosk's Shopify location.
    const lyon = await app("/api/kiosk/location-labels", { locationId: ids["Vitrine 2"] }, session);
    expect(lyon).toMatchObject({
      status: 404,
      json: {
        error: {
          code: "UNKNOWN_LOCATION",
          message: "This location does not exist at this kiosk's shop location.",
          messageFr: expect.any(String),
        },
      },
    });
    // Another shop's place, at a Shopify location of the same id.
    const other = await makeShop({ domain: `other-${engine}.myshopify.com` });
    const foreign = await makeLocation(other.id, {
      name: "Coffre X",
      kind: "safe",
      shopifyLocationGid: s.locations.Paris!,
    });
    expect((await app("/api/kiosk/location-labels", { locationId: foreign }, session)).status).toBe(404);
    expect((await app("/api/kiosk/location-labels", { locationId: ids["Plateau 6"] }, session)).json).toMatchObject({
      error: { code: "LOCATION_ARCHIVED", message: "This location is archived." },
    });
    // No person signed in: refused before anything.
    expect(await app("/api/kiosk/location-labels", { locationId: ids["Plateau 5"] })).toMatchObject({
      status: 403,
      json: { error: { code: "STAFF_REQUIRED" } },
    });

    // The owner takes printing away from staff: refused by name, and the next sign-in says so.
    await db.rolePermission.create({ data: { shopId, role: "staff", permission: "pieces.print", allowed: false } });
    try {
      const refused = await app("/api/kiosk/location-labels", { locationId: ids["Plateau 5"] }, session);
      expect(refused).toMatchObject({
        status: 403,
        json: { error: { code: "STAFF_FORBIDDEN", permission: "pieces.print" } },
      });
      const again = await app("/api/kiosk/staff/sign-in", { pin: PIN });
      expect(again.json.permissions).not.toContain("pieces.print");
      expect(again.json.permissions).toContain("pieces.receive");
    } finally {
      await db.rolePermission.deleteMany({ where: { shopId } });
    }
    expect(await db.printJob.count()).toBe(before);
    expect(staffId).toBeTruthy();
  });
});
