// RFID end to end on both engines: the admin sets the shop's GS1 prefix on the tag templates page,
// a piece's Shopify variant carries a GTIN barcode, and the real kiosk program (talking to the real
// kiosk routes over HTTP) prints its tag on RFID stock to a fake Zebra on TCP: the ZPL's ^RFW data,
// decoded, is that GTIN with the piece's stored serial. Refusals print nothing.
import http from "node:http";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ENGINES } from "../../setup/databases";
import { makeLocation, makePiece, makeShop, makeStaff } from "../../factories";
import { appOn, type App } from "../helpers/app";
import { simulatedShop, type SimShop } from "../helpers/simulator";
import { adminRequest, APP_URL, routeArgs } from "../helpers/shopify";
import { FakeZebra } from "../kiosk-program/fakes";
import { decodeSgtin96 } from "../../../app/domain/tags";
import { Kiosk } from "../../../kiosk/kiosk";
import { createKioskServer, listen } from "../../../kiosk/server";
import { KioskError } from "../../../kiosk/messages";
import { writeDevice } from "../../../kiosk/config";
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const RFID_TEMPLATE = "rfid-label-76x25";

/** The check digit GS1 computes, so test GTINs are valid by construction. */
function gtin(body: string): string {
  const padded = body.padStart(13, "0");
  let sum = 0;
  for (let i = 0; i < 13; i++) sum += Number(padded[i]) * (i % 2 === 0 ? 3 : 1);
  return body + String((10 - (sum % 10)) % 10);
}

type Route = {
  loader?: (args: ReturnType<typeof routeArgs>) => unknown;
  action?: (args: ReturnType<typeof routeArgs>) => unknown;
};

/** The kiosk API's routes behind a real HTTP server, so the kiosk program talks to them as in production. */
async function serveKioskApi(
  routes: { pattern: RegExp; route: Route; param?: string }[],
): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        const url = new URL(req.url ?? "/", APP_URL());
        const headers = new Headers();
        for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
        headers.set("x-forwarded-for", "10.0.0.7");
        const body = chunks.length ? Buffer.concat(chunks).toString("utf8") : undefined;
        const request = new Request(url, {
          method: req.method,
          headers,
          body: req.method === "GET" ? undefined : body,
        });
        const hit = routes.map((r) => ({ r, m: r.pattern.exec(url.pathname) })).find((x) => x.m);
        let response: Response;
        try {
          if (!hit) throw new Response("not found", { status: 404 });
          const args = routeArgs(request, hit.r.param ? { [hit.r.param]: decodeURIComponent(hit.m![1]!) } : {});
          const run = req.method === "GET" ? hit.r.route.loader : hit.r.route.action;
          response = (await run!(args)) as Response;
        } catch (thrown) {
          if (!(thrown instanceof Response)) throw thrown;
          response = thrown;
        }
        res.writeHead(response.status, { "content-type": response.headers.get("content-type") ?? "application/json" });
        res.end(Buffer.from(await response.arrayBuffer()));
      })().catch((e: unknown) => {
        res.writeHead(500);
        res.end(String(e));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

describe.each(ENGINES)("%s", (engine) => {
  const SHOP = `rfid-${engine}.myshopify.com`;
  const PREFIX = "3760123";
  let s: SimShop;
  let shopId: string;
  let vitrine: string;
  let zebra: FakeZebra;
  let api: { url: string; close(): Promise<void> };
  let kiosk: Kiosk;
  /** The browser session of the person signed in for these tests. */
  let session: string;
  let dataDir: string;
  let deviceToken: string;
  let m: App & {
    queue: typeof import("../../../app/services/kiosk/print-queue.server");
    tags: typeof import("../../../app/routes/app.tags");
    kiosks: typeof import("../../../app/routes/app.kiosks._index");
  };
  const actor = { kind: "admin", name: "Camille" } as const;

  const adminPost = async (
    routeModule: { action: (a: ReturnType<typeof routeArgs>) => Promise<unknown> },
    p: string,
    fields: Record<string, string>,
    locale = "en",
  ) => {
    const result = (await routeModule.action(
      routeArgs(adminRequest(p, SHOP, { method: "POST", body: new URLSearchParams(fields), search: { locale } })),
    )) as { data: Record<string, unknown>; init?: { status?: number } };
    return { status: result.init?.status ?? 200, body: result.data };
  };
  const setRfid = (fields: Record<string, string>, locale = "en") =>
    adminPost(
      m.tags,
      "/app/tags",
      { intent: "rfid", filter: "1", reason: "GS1 membership received", ...fields },
      locale,
    );

  async function newPiece(sku: string, barcode: string | null, assignedGtin: string | null = null) {
    const product = s.sim.state.seedProduct({
      shop: SHOP,
      title: sku,
      variants: [{ sku, price: "990", barcode, inventory: { Paris: 0 } }],
    });
    const v = product.variants[0]!;
    const made = await makePiece(
      shopId,
      {
        title: `Bague ${sku}`,
        sku,
        priceMinor: 99000n,
        productGid: product.productId,
        variantGid: v.variantId,
        inventoryItemGid: v.inventoryItemId,
        locationId: vitrine,
        gtin: assignedGtin,
        metals: [{ metal: "gold", finenessBp: 7500, grossWeightMg: 3420n, enteredWeight: "3.42", enteredUnit: "g" }],
      },
      { actor },
    );
    return { pieceId: made.pieceId, tagCode: made.tagCode };
  }

  /** Prints, then waits for the fake printer to have received the format (TCP is asynchronous). */
  async function printAndReceive(run: () => Promise<unknown>): Promise<string> {
    const before = zebra.formats.length;
    await run();
    const until = Date.now() + 5000;
    while (zebra.formats.length === before) {
      if (Date.now() > until) throw new Error("the printer received nothing");
      await new Promise((r) => setTimeout(r, 10));
    }
    return zebra.formats.at(-1)!;
  }
  const epcOf = (zpl: string) => /\^RFW,H,,,A\^FD([0-9A-F]{24})\^FS/.exec(zpl)?.[1];

  async function refusal(run: () => Promise<unknown>) {
    try {
      await run();
    } catch (e) {
      if (e instanceof KioskError) return { code: e.code, en: e.message, fr: e.fr };
      throw e;
    }
    throw new Error("not refused");
  }

  beforeAll(async () => {
    const app = await appOn(engine);
    s = await simulatedShop(SHOP, { locations: ["Paris"] });
    m = {
      ...app,
      queue: await import("../../../app/services/kiosk/print-queue.server"),
      tags: await import("../../../app/routes/app.tags"),
      kiosks: await import("../../../app/routes/app.kiosks._index"),
    };
    shopId = (await makeShop({ domain: SHOP })).id;
    const site = await makeLocation(
      shopId,
      { name: "Boutique Paris", kind: "site", shopifyLocationGid: s.locations.Paris! },
      actor,
    );
    vitrine = await makeLocation(shopId, { name: "Vitrine 1", kind: "showcase", parentId: site }, actor);

    api = await serveKioskApi([
      { pattern: /^\/api\/kiosk\/pair\/start$/, route: await import("../../../app/routes/api.kiosk.pair.start") },
      { pattern: /^\/api\/kiosk\/pair\/poll$/, route: await import("../../../app/routes/api.kiosk.pair.poll") },
      { pattern: /^\/api\/kiosk\/staff\/sign-in$/, route: await import("../../../app/routes/api.kiosk.staff.sign-in") },
      { pattern: /^\/api\/kiosk\/context$/, route: await import("../../../app/routes/api.kiosk.context") },
      { pattern: /^\/api\/kiosk\/receiving$/, route: await import("../../../app/routes/api.kiosk.receiving") },
      {
        pattern: /^\/api\/kiosk\/pieces\/([^/]+)$/,
        route: await import("../../../app/routes/api.kiosk.pieces.$tagCode"),
        param: "tagCode",
      },
      { pattern: /^\/api\/kiosk\/operations$/, route: await import("../../../app/routes/api.kiosk.operations") },
      { pattern: /^\/api\/kiosk\/tags$/, route: await import("../../../app/routes/api.kiosk.tags") },
      { pattern: /^\/api\/kiosk\/print-jobs$/, route: await import("../../../app/routes/api.kiosk.print-jobs._index") },
      {
        pattern: /^\/api\/kiosk\/print-jobs\/([^/]+)$/,
        route: await import("../../../app/routes/api.kiosk.print-jobs.$id"),
        param: "id",
      },
    ]);
    // Pair a kiosk the way a manager does, and give Léa a PIN.
    const start = (await fetch(`${api.url}/api/kiosk/pair/start`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ deviceName: "Comptoir" }),
    }).then((r) => r.json())) as { code: string; pollSecret: string };
    expect(
      (
        await adminPost(m.kiosks, "/app/kiosks", {
          intent: "pair",
          code: start.code,
          name: "Comptoir Paris",
          shopifyLocationGid: s.locations.Paris!,
        })
      ).body,
    ).toMatchObject({ ok: true });
    const polled = (await fetch(`${api.url}/api/kiosk/pair/poll`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(start),
    }).then((r) => r.json())) as { deviceToken: string };
    const lea = await makeStaff(shopId, { name: "Léa" }, actor);
    expect(
      (await adminPost(m.kiosks, "/app/kiosks", { intent: "setPin", staffId: lea, pin: "4821" })).body,
    ).toMatchObject({ ok: true });

    deviceToken = polled.deviceToken;
    zebra = await new FakeZebra().start();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kiosk-rfid-"));
    kiosk = new Kiosk({
      dataDir,
      appUrl: api.url,
      deviceToken: polled.deviceToken,
      printer: {
        kind: "zebra-tcp",
        host: "127.0.0.1",
        port: zebra.port,
        dpi: 203,
        statusTimeoutMs: 1000,
        connectTimeoutMs: 1000,
        checkStatus: true,
        calibration: {},
      },
      templateId: RFID_TEMPLATE,
    });
    session = (await kiosk.signIn("4821")).session;
  });

  afterAll(async () => {
    await kiosk?.stop();
    await zebra?.stop();
    await api?.close();
    await s?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test("the RFID setting refuses bad prefixes and a missing reason, in English and French, and records who and why", async () => {
    expect(await setRfid({ enabled: "on", companyPrefix: "12345" })).toMatchObject({
      status: 422,
      body: { ok: false, field: "companyPrefix", message: expect.stringMatching(/6 to 12 digits/) },
    });
    expect(await setRfid({ enabled: "on", companyPrefix: "376012A" }, "fr")).toMatchObject({
      status: 422,
      body: { message: expect.stringMatching(/6 à 12 chiffres/) },
    });
    expect(await setRfid({ enabled: "on", companyPrefix: "1234567890123" })).toMatchObject({
      status: 422,
      body: { field: "companyPrefix" },
    });
    expect(await setRfid({ enabled: "on", companyPrefix: "" })).toMatchObject({
      status: 422,
      body: { message: expect.stringMatching(/to turn RFID on/) },
    });
    expect(await setRfid({ enabled: "on", companyPrefix: PREFIX, filter: "8" })).toMatchObject({
      status: 422,
      body: { field: "filter" },
    });
    expect(await setRfid({ enabled: "on", companyPrefix: PREFIX, reason: "" })).toMatchObject({
      status: 422,
      body: { field: "reason" },
    });
    expect(await m.db.rfidSettings.count({ where: { shopId } })).toBe(0);

    expect(await setRfid({ enabled: "on", companyPrefix: "376 0123" })).toMatchObject({
      status: 200,
      body: { ok: true },
    });
    expect(await m.db.rfidSettings.findUniqueOrThrow({ where: { shopId } })).toMatchObject({
      enabled: true,
      companyPrefix: PREFIX,
      filter: 1,
      nextSerial: 1n,
    });
    const audit = await m.db.auditLog.findFirstOrThrow({ where: { shopId, action: "rfid.settings_saved" } });
    expect(audit.reason).toBe("GS1 membership received");
    expect(audit.data).toContain(PREFIX);
  });

  test("intake at the kiosk on RFID stock writes the EPC of the variant's GTIN and the piece's serial; a reprint writes the same EPC", async () => {
    const barcode = gtin("376012345001");
    const a = await newPiece("RF-A", barcode);
    const b = await newPiece("RF-B", gtin("376012345002"));

    const zpl = await printAndReceive(async () =>
      expect((await kiosk.printPiece(session, a.tagCode)).printed).toBe(true),
    );
    // Exactly one EPC write, after the RFID setup, inside the label format.
    expect(zpl.match(/\^RFW/g)).toHaveLength(1);
    expect(zpl).toMatch(/^\^XA.*\^RS8\^RFW,H,,,A\^FD[0-9A-F]{24}\^FS\^XZ$/);
    const epcA = epcOf(zpl)!;
    expect(epcA).toMatch(/^30/);
    const decoded = decodeSgtin96(epcA, PREFIX.length);
    const pieceA = await m.db.piece.findUniqueOrThrow({ where: { id: a.pieceId } });
    expect(decoded).toMatchObject({
      ok: true,
      gtin: barcode.padStart(14, "0"),
      serial: 1n,
      filter: 1,
      companyPrefix: PREFIX,
    });
    expect(pieceA).toMatchObject({ epcSerial: 1n, shopifyBarcode: barcode });
    expect(
      await m.db.auditLog.count({ where: { shopId, action: "piece.epc_serial_assigned", entityId: a.pieceId } }),
    ).toBe(1);

    expect(
      decodeSgtin96(epcOf(await printAndReceive(() => kiosk.printPiece(session, b.tagCode)))!, PREFIX.length),
    ).toMatchObject({ ok: true, serial: 2n, gtin: gtin("376012345002").padStart(14, "0") });

    expect(epcOf(await printAndReceive(() => kiosk.printPiece(session, a.tagCode, { reprint: true })))).toBe(epcA);
    expect((await m.db.piece.findUniqueOrThrow({ where: { id: a.pieceId } })).epcSerial).toBe(1n);
    expect((await m.db.rfidSettings.findUniqueOrThrow({ where: { shopId } })).nextSerial).toBe(3n);

    // The same piece on ordinary stock: no RFID command at all.
    expect(
      await printAndReceive(() => kiosk.printPiece(session, a.tagCode, { templateId: "shelf-50x25", reprint: true })),
    ).not.toMatch(/\^R[SF]/);
  });

  test("no GTIN, another company's GTIN, and RFID turned off are said clearly and print nothing", async () => {
    const none = await newPiece("RF-NONE", "BAG-0042");
    const foreign = await newPiece("RF-FOREIGN", "4006381333931");
    const before = zebra.formats.length;
    expect(await refusal(() => kiosk.printPiece(session, none.tagCode))).toMatchObject({
      code: "RFID_NO_GTIN",
      en: expect.stringMatching(/no GTIN/),
      fr: expect.stringMatching(/pas de GTIN/),
    });
    expect(await refusal(() => kiosk.printPiece(session, foreign.tagCode))).toMatchObject({
      code: "RFID_GTIN_NOT_SHOP_PREFIX",
      en: expect.stringContaining(`04006381333931 is not under the shop's GS1 company prefix ${PREFIX}`),
      fr: expect.stringContaining("n'est pas sous le préfixe"),
    });
    expect(await m.db.piece.findUniqueOrThrow({ where: { id: none.pieceId } })).toMatchObject({ epcSerial: null });

    expect(await setRfid({ enabled: "off", companyPrefix: PREFIX, reason: "tags ran out" })).toMatchObject({
      status: 200,
    });
    const a = await m.db.piece.findFirstOrThrow({ where: { shopId, sku: "RF-A" } });
    expect(await refusal(() => kiosk.printPiece(session, a.tagCode, { reprint: true }))).toMatchObject({
      code: "RFID_DISABLED",
      fr: expect.stringMatching(/RFID est désactivée/),
    });
    expect(await setRfid({ enabled: "on", companyPrefix: PREFIX, reason: "new roll" })).toMatchObject({ status: 200 });
    await new Promise((r) => setTimeout(r, 200));
    expect(zebra.formats.length).toBe(before);
  });

  test("a job queued in the admin on RFID stock reaches the kiosk with its EPC (a GTIN assigned in Loupe when the barcode is not a GTIN)", async () => {
    const assigned = gtin("376012345003").padStart(14, "0");
    const d = await newPiece("RF-D", null, assigned);
    const foreign = await m.db.piece.findFirstOrThrow({ where: { shopId, sku: "RF-FOREIGN" } });
    expect(
      await m.queue.queuePrintJobs(shopId, [d.pieceId, foreign.id], actor, { templateId: RFID_TEMPLATE }),
    ).toMatchObject({ ok: false, code: "RFID_GTIN_NOT_SHOP_PREFIX", pieceId: foreign.id });
    // A refused queue prints nothing, so it numbers nothing either.
    expect((await m.db.piece.findUniqueOrThrow({ where: { id: d.pieceId } })).epcSerial).toBeNull();
    const queued = await m.queue.queuePrintJobs(shopId, [d.pieceId], actor, { templateId: RFID_TEMPLATE });
    expect(queued.ok).toBe(true);
    const serial = (await m.db.piece.findUniqueOrThrow({ where: { id: d.pieceId } })).epcSerial;
    expect(serial).toBe(3n);
    const zpl = await printAndReceive(() => kiosk.pollPrintJobs());
    expect(decodeSgtin96(epcOf(zpl)!, PREFIX.length)).toMatchObject({ ok: true, gtin: assigned, serial });
    const job = await m.db.printJob.findFirstOrThrow({ where: { shopId, pieceId: d.pieceId } });
    expect(job.status).toBe("printed");
  });

  test("the counter page shows staff the EPC that will be written (hex, GTIN, serial) and offers the RFID template", async () => {
    const server = createKioskServer(kiosk);
    const port = await listen(server, 0);
    try {
      // The page's browser signs in first: lookups show prices, so they need a signed-in person.
      const signedIn = await fetch(`http://127.0.0.1:${port}/api/sign-in`, {
        method: "POST",
        headers: { "x-loupe-kiosk": "1", "content-type": "application/json" },
        body: JSON.stringify({ pin: "4821" }),
      });
      const cookie = signedIn.headers.get("set-cookie")!.split(";")[0]!;
      const get = (p: string) =>
        fetch(`http://127.0.0.1:${port}${p}`, { headers: { "x-loupe-kiosk": "1", cookie } }).then(async (r) => ({
          status: r.status,
          json: (await r.json()) as Record<string, unknown>,
        }));
      const state = await get("/api/state");
      expect(state.json.templates).toEqual(
        expect.arrayContaining([
          { id: RFID_TEMPLATE, name: expect.objectContaining({ fr: expect.stringContaining("RFID") }), rfid: true },
        ]),
      );
      const a = await m.db.piece.findFirstOrThrow({ where: { shopId, sku: "RF-A" } });
      const found = await get(`/api/piece?code=${a.tagCode}&template=${RFID_TEMPLATE}`);
      expect(found.json.rfid).toMatchObject({
        gtin: gtin("376012345001").padStart(14, "0"),
        serial: "1",
        epcHex: expect.stringMatching(/^30[0-9A-F]{22}$/),
      });
      // The card the page shows, from the app's facts: A's tag was printed above, so the page offers Reprint.
      expect(found.json.piece).toMatchObject({
        tagPrinted: true,
        card: { priceMinor: a.priceMinor?.toString() ?? null, currency: "EUR" },
        cardText: { fr: { state: expect.any(String) }, en: { state: expect.any(String) } },
      });
      const plain = await get(`/api/piece?code=${a.tagCode}&template=shelf-50x25`);
      expect(plain.json.rfid).toBeNull();
      const none = await m.db.piece.findFirstOrThrow({ where: { shopId, sku: "RF-NONE" } });
      const refused = await get(`/api/piece?code=${none.tagCode}&template=${RFID_TEMPLATE}`);
      expect(refused).toMatchObject({
        status: 422,
        json: { error: { code: "RFID_NO_GTIN", messageFr: expect.stringMatching(/pas de GTIN/) } },
      });
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  test("serials given at once never collide: one serial per piece, distinct across pieces, the counter only grows", async () => {
    const { ensureEpcSerial } = await import("../../../app/models/kiosk-tags.server");
    const e = await newPiece("RF-E", gtin("376012345004"));
    const f = await newPiece("RF-F", gtin("376012345005"));
    const [e1, e2, f1, e3] = await Promise.all([
      ensureEpcSerial(shopId, e.pieceId, actor),
      ensureEpcSerial(shopId, e.pieceId, actor),
      ensureEpcSerial(shopId, f.pieceId, actor),
      ensureEpcSerial(shopId, e.pieceId, actor),
    ]);
    const serialOf = (r: typeof e1) => (r.ok ? r.serial : null);
    expect(new Set([serialOf(e1), serialOf(e2), serialOf(e3)]).size).toBe(1);
    expect(serialOf(f1)).not.toBe(serialOf(e1));
    const stored = await m.db.piece.findMany({
      where: { shopId, epcSerial: { not: null } },
      select: { epcSerial: true },
    });
    expect(new Set(stored.map((p) => p.epcSerial)).size).toBe(stored.length);
    const next = (await m.db.rfidSettings.findUniqueOrThrow({ where: { shopId } })).nextSerial;
    expect(stored.every((p) => p.epcSerial! < next)).toBe(true);
    expect(
      await m.db.auditLog.count({ where: { shopId, action: "piece.epc_serial_assigned", entityId: e.pieceId } }),
    ).toBe(1);
  });

  test("a lookup (GET) changes nothing: its EPC is provisional; Print gives the serial once, audited; a reprint writes the same EPC", async () => {
    const g = await newPiece("RF-G", gtin("376012345006"));
    const counter = async () => (await m.db.rfidSettings.findUniqueOrThrow({ where: { shopId } })).nextSerial;
    const nextBefore = await counter();
    const auditBefore = await m.db.auditLog.count({ where: { shopId } });
    const lookup = () =>
      fetch(`${api.url}/api/kiosk/pieces/${g.tagCode}?templateId=${RFID_TEMPLATE}`, {
        headers: { authorization: `Bearer ${deviceToken}` },
      }).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as {
          tag: { content: { rfid: { serial: string; epcHex: string; provisional?: boolean } } };
        },
      }));
    const first = await lookup();
    expect(first.status).toBe(200);
    expect(first.body.tag.content.rfid).toMatchObject({ serial: nextBefore.toString(), provisional: true });
    expect(decodeSgtin96(first.body.tag.content.rfid.epcHex, PREFIX.length)).toMatchObject({
      ok: true,
      serial: nextBefore,
      gtin: gtin("376012345006").padStart(14, "0"),
    });
    expect((await lookup()).body.tag.content.rfid.epcHex).toBe(first.body.tag.content.rfid.epcHex);
    const viaProgram = await kiosk.lookup(g.tagCode, RFID_TEMPLATE);
    expect(await m.db.piece.findUniqueOrThrow({ where: { id: g.pieceId } })).toMatchObject({ epcSerial: null });
    expect(await counter()).toBe(nextBefore);
    expect(await m.db.auditLog.count({ where: { shopId } })).toBe(auditBefore);
    // The kiosk never writes a provisional EPC, even if handed one.
    expect(await refusal(async () => kiosk.render(viaProgram.tag, RFID_TEMPLATE))).toMatchObject({
      code: "RFID_SERIAL_PENDING",
      fr: expect.stringMatching(/pas encore de numéro de série/),
    });

    // Another piece is printed first and takes the serial the lookup showed: the preview said "provisional".
    const h = await newPiece("RF-H", gtin("376012345007"));
    let hPrinted: Awaited<ReturnType<Kiosk["printPiece"]>> | undefined;
    await printAndReceive(async () => (hPrinted = await kiosk.printPiece(session, h.tagCode)));
    expect(hPrinted?.rfid).toMatchObject({ serial: nextBefore.toString() });
    expect(hPrinted?.rfid).not.toHaveProperty("provisional");

    let printed: Awaited<ReturnType<Kiosk["printPiece"]>> | undefined;
    const zpl = await printAndReceive(async () => (printed = await kiosk.printPiece(session, g.tagCode)));
    const epc = epcOf(zpl)!;
    expect(decodeSgtin96(epc, PREFIX.length)).toMatchObject({ ok: true, serial: nextBefore + 1n });
    expect(printed?.rfid).toMatchObject({ epcHex: epc, serial: (nextBefore + 1n).toString() });
    expect(await m.db.piece.findUniqueOrThrow({ where: { id: g.pieceId } })).toMatchObject({
      epcSerial: nextBefore + 1n,
    });
    const given = await m.db.auditLog.findMany({
      where: { shopId, action: "piece.epc_serial_assigned", entityId: g.pieceId },
    });
    expect(given).toHaveLength(1);
    expect(given[0]!.actor).toContain("Léa");

    // Once given, the lookup shows the piece's own serial, no longer provisional; a reprint writes it again.
    expect((await lookup()).body.tag.content.rfid).toEqual(expect.not.objectContaining({ provisional: true }));
    expect((await lookup()).body.tag.content.rfid.epcHex).toBe(epc);
    expect(epcOf(await printAndReceive(() => kiosk.printPiece(session, g.tagCode, { reprint: true })))).toBe(epc);
    expect(await counter()).toBe(nextBefore + 2n);
    expect(
      await m.db.auditLog.count({ where: { shopId, action: "piece.epc_serial_assigned", entityId: g.pieceId } }),
    ).toBe(1);
  });

  test("asking for the tag to print twice at once (two kiosks, a retry) gives one serial and one audit entry", async () => {
    const j = await newPiece("RF-J", gtin("376012345008"));
    const ask = () =>
      fetch(`${api.url}/api/kiosk/tags`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${deviceToken}`,
          "x-loupe-staff": kiosk.staffOf(session)!.staffSession,
          "content-type": "application/json",
        },
        body: JSON.stringify({ pieceId: j.pieceId, templateId: RFID_TEMPLATE }),
      }).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as { tag: { content: { rfid: { epcHex: string; provisional?: boolean } } } },
      }));
    const answers = await Promise.all([ask(), ask(), ask()]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(new Set(answers.map((a) => a.body.tag.content.rfid.epcHex)).size).toBe(1);
    expect(answers[0]!.body.tag.content.rfid.provisional).toBeUndefined();
    expect(
      await m.db.auditLog.count({ where: { shopId, action: "piece.epc_serial_assigned", entityId: j.pieceId } }),
    ).toBe(1);
    // Without a signed-in person, nothing is given.
    const k = await newPiece("RF-K", gtin("376012345009"));
    const anonymous = await fetch(`${api.url}/api/kiosk/tags`, {
      method: "POST",
      headers: { authorization: `Bearer ${deviceToken}`, "content-type": "application/json" },
      body: JSON.stringify({ pieceId: k.pieceId, templateId: RFID_TEMPLATE }),
    });
    expect(anonymous.status).toBe(403);
    const refused = await fetch(`${api.url}/api/kiosk/tags`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${deviceToken}`,
        "x-loupe-staff": kiosk.staffOf(session)!.staffSession,
        "content-type": "application/json",
      },
      body: JSON.stringify({
        pieceId: (await m.db.piece.findFirstOrThrow({ where: { shopId, sku: "RF-NONE" } })).id,
        templateId: RFID_TEMPLATE,
      }),
    });
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({
      error: { code: "RFID_NO_GTIN", messageFr: expect.stringMatching(/pas de GTIN/) },
    });
    expect(await m.db.piece.findUniqueOrThrow({ where: { id: k.pieceId } })).toMatchObject({ epcSerial: null });
  });

  test("the CLI's render --template <RFID template> --piece writes the same EPC the printer got", async () => {
    const a = await m.db.piece.findFirstOrThrow({ where: { shopId, sku: "RF-A" } });
    const cliDir = fs.mkdtempSync(path.join(os.tmpdir(), "kiosk-rfid-cli-"));
    try {
      writeDevice(cliDir, { appUrl: api.url, deviceToken });
      const out = path.join(cliDir, "a.zpl");
      const root = path.resolve(__dirname, "../../..");
      const r = await promisify(execFile)(
        process.execPath,
        [
          "--import",
          "tsx",
          "kiosk/cli.ts",
          "render",
          "--template",
          RFID_TEMPLATE,
          "--piece",
          a.tagCode,
          "--out",
          out,
          "--data-dir",
          cliDir,
        ],
        { cwd: root, timeout: 60_000 },
      );
      const zpl = fs.readFileSync(out, "utf8");
      const epc = epcOf(zpl)!;
      expect(decodeSgtin96(epc, PREFIX.length)).toMatchObject({
        ok: true,
        serial: 1n,
        gtin: gtin("376012345001").padStart(14, "0"),
      });
      expect(r.stdout).toContain(`EPC (SGTIN-96) written by ^RFW: ${epc}`);
    } finally {
      fs.rmSync(cliDir, { recursive: true, force: true });
    }
  });

  test("the tag templates page shows the EPC the sample piece would get, decoded, without giving it a serial", async () => {
    // A piece with a GTIN assigned in Loupe and no serial yet, and a newer one that is not for RFID at all.
    const sample = await newPiece("RF-L", null, gtin("376012345010").padStart(14, "0"));
    await newPiece("RF-M", "BAG-0043");
    const loaded = (await m.tags.loader(
      routeArgs(adminRequest("/app/tags", SHOP, { search: { locale: "fr" } })),
    )) as Awaited<ReturnType<typeof m.tags.loader>>;
    expect(loaded.rfid).toMatchObject({ enabled: true, companyPrefix: PREFIX, filter: 1 });
    expect(loaded.templates.find((t) => t.id === RFID_TEMPLATE)?.rfid).toBe(true);
    // The sample for RFID stock: the newest priced piece with a GTIN candidate (barcode read from Shopify, or assigned).
    const newest = await m.db.piece.findFirstOrThrow({
      where: { shopId, priceMinor: { not: null }, OR: [{ gtin: { not: null } }, { shopifyBarcode: { not: null } }] },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    });
    const serialBefore = newest.epcSerial;
    const next = (await m.db.rfidSettings.findUniqueOrThrow({ where: { shopId } })).nextSerial;
    expect(loaded.rfidPreview).toMatchObject({
      ok: true,
      gtin: expect.stringMatching(/^0376012345/),
      serial: (serialBefore ?? next).toString(),
    });
    expect((await m.db.piece.findUniqueOrThrow({ where: { id: newest.id } })).epcSerial).toBe(serialBefore);
    expect(newest.id).toBe(sample.pieceId);
    expect(serialBefore).toBeNull();
    expect((await m.db.rfidSettings.findUniqueOrThrow({ where: { shopId } })).nextSerial).toBe(next);
  });
});
