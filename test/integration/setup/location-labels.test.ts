// Location labels from an EMPTY shop, both engines: a site imported from the simulator and a tray
// added through the set-up page; "Print label" queues a job that a real kiosk program (its own
// loops and counter page, talking to the app's kiosk routes over HTTP) prints to a file printer,
// the Code128 in its PNG scanning back to the place's code; scanning that code at the counter sets
// where the next piece received goes, and the piece lands there. Unknown and archived codes are
// refused by name in English and French.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import type http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ENGINES, useFreshDatabase } from "../../setup/databases";
import { makePiece } from "../../factories";
import { until } from "../../e2e/waits";
import { simulatedShop, type SimShop } from "../helpers/simulator";
import { adminRequest, routeArgs } from "../helpers/shopify";
import { postSetup } from "./answers";
import { kioskRoutesServer } from "../helpers/kiosk-routes";
import { startKiosk, type RunningKiosk } from "../../../kiosk/demo";
import { luhnCheckSymbol } from "../../../app/domain/tagcode";

const TOKEN = "lk_" + "labels".repeat(8);
const PIN = "4821";

function decodeCode128(file: string): string[] {
  try {
    return execFileSync("zbarimg", ["-Sdisable", "-Scode128.enable", "--raw", "-q", file], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    })
      .split("\n")
      .filter(Boolean);
  } catch {
    return [];
  }
}

describe.each(ENGINES)("%s", (engine) => {
  const SHOP = `labels-${engine}.myshopify.com`;
  let s: SimShop;
  let shopId: string;
  let db: (typeof import("../../../app/db.server"))["db"];
  let locationCodeOf: (id: string) => string;
  let appServer: http.Server;
  let kiosk: RunningKiosk;
  let dataDir: string;
  const ids: Record<string, string> = {};

  const add = async (parent: string, kind: string, name: string) => {
    const answer = await postSetup(SHOP, { intent: "add", parentId: ids[parent]!, kind, name });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    ids[name] = (await db.location.findFirstOrThrow({ where: { shopId, name, archivedAt: null } })).id;
  };

  // The counter page's session cookie, as the browser keeps it.
  let cookie = "";
  async function counter(method: "GET" | "POST", p: string, body?: unknown) {
    const res = await fetch(new URL(p, kiosk.url), {
      method,
      headers: {
        "x-loupe-kiosk": "1",
        ...(body ? { "content-type": "application/json" } : {}),
        ...(cookie ? { cookie } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    cookie = res.headers.get("set-cookie")?.split(";")[0] ?? cookie;
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }

  beforeAll(async () => {
    await useFreshDatabase(engine);
    s = await simulatedShop(SHOP, { locations: ["Paris"] });
    ({ db } = await import("../../../app/db.server"));
    ({ locationCodeOf } = await import("../../../app/services/locations/labels.server"));
    const { sha256, hashPin } = await import("../../../app/http/kiosk-auth.server");
    expect((await postSetup(SHOP, { intent: "import" })).status).toBe(200);
    shopId = (await db.shop.findFirstOrThrow({ where: { domain: SHOP } })).id;
    ids.Paris = (await db.location.findFirstOrThrow({ where: { shopId, name: "Paris" } })).id;
    await add("Paris", "safe", "Coffre 1");
    await add("Coffre 1", "tray", "Plateau 5");
    await add("Coffre 1", "tray", "Plateau 6");
    expect((await postSetup(SHOP, { intent: "archive", id: ids["Plateau 6"]! })).status).toBe(200);
    // A paired kiosk and a person with a PIN, as *Kiosks and printing* would leave them.
    await db.device.create({
      data: {
        shopId,
        name: "Comptoir",
        shopifyLocationGid: s.locations.Paris!,
        tokenHash: sha256(TOKEN),
        createdBy: "test",
      },
    });
    await db.staffMember.create({ data: { shopId, name: "Léa", pinHash: await hashPin(PIN) } });
    appServer = await kioskRoutesServer();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "labels-it-"));
  });

  afterAll(async () => {
    await kiosk?.stop();
    await new Promise((resolve) => appServer?.close(resolve));
    await s?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test("Print label on the tree queues an audited job; the kiosk prints the label and its barcode scans", async () => {
    const code = locationCodeOf(ids["Plateau 5"]!);
    expect(code).toMatch(/^L-[0-9A-Z]{7}$/);
    const fr = await postSetup(SHOP, { intent: "label", id: ids["Plateau 5"]! }, { locale: "fr" });
    expect(fr.status, JSON.stringify(fr.body)).toBe(200);
    expect(fr.body.message).toBe(
      `Étiquette de «\u202fParis > Coffre 1 > Plateau 5\u202f» (${code}) envoyée aux postes de son site.`,
    );
    const job = await db.printJob.findFirstOrThrow({ where: { shopId, locationId: ids["Plateau 5"] } });
    expect(job).toMatchObject({ pieceId: null, templateId: "location-50x25", status: "queued" });
    const queuedAudit = await db.auditLog.findFirstOrThrow({
      where: { shopId, action: "location.label_print_queued" },
    });
    expect(queuedAudit).toMatchObject({ entityType: "Location", entityId: ids["Plateau 5"] });

    // The queue on *Kiosks and printing* names the label by its code and the place's path.
    const { loader: kiosksPage } = await import("../../../app/routes/app.kiosks._index");
    const page = await kiosksPage(routeArgs(adminRequest("/app/kiosks", SHOP)));
    expect(page.jobs.find((j) => j.id === job.id)).toMatchObject({
      tagCode: code,
      title: "Paris > Coffre 1 > Plateau 5",
      status: "queued",
    });

    const archived = await postSetup(SHOP, { intent: "label", id: ids["Plateau 6"]! });
    expect(archived.status).toBe(422);
    expect(await db.printJob.count({ where: { shopId } })).toBe(1);

    const printed = path.join(dataDir, "printed");
    kiosk = await startKiosk({
      appUrl: `http://127.0.0.1:${(appServer.address() as AddressInfo).port}`,
      dataDir: path.join(dataDir, "kiosk"),
      port: 0,
      deviceToken: TOKEN,
      printer: { kind: "file", dir: printed },
      pollIntervalMs: 150,
    });
    const zplFile = await until("the label printed to a file", () =>
      fs.existsSync(printed) ? fs.readdirSync(printed).find((f) => f.endsWith(".zpl")) : undefined,
    );
    const zpl = fs.readFileSync(path.join(printed, zplFile), "utf8");
    expect(zpl).toContain(code);
    expect(zpl).toContain("Plateau 5");
    const png = path.join(printed, zplFile.replace(/\.zpl$/, ".png"));
    await until("its PNG preview", () => fs.existsSync(png));
    expect(decodeCode128(png)).toEqual([code]);
    await until("the job reported printed", async () =>
      (await db.printJob.findUniqueOrThrow({ where: { id: job.id } })).status === "printed" ? true : undefined,
    );
    const printedAudit = await db.auditLog.findFirstOrThrow({ where: { shopId, action: "location.label_printed" } });
    expect(printedAudit).toMatchObject({ entityType: "Location", entityId: ids["Plateau 5"] });
  });

  test("scanning the label at the counter sets where the next piece received goes", async () => {
    const code = locationCodeOf(ids["Plateau 5"]!);
    const piece = await makePiece(shopId, { title: "Bague Iris", priceMinor: 120000n });
    expect((await db.piece.findUniqueOrThrow({ where: { id: piece.pieceId } })).state).toBe("receiving");
    expect((await counter("POST", "/api/sign-in", { pin: PIN })).status).toBe(200);
    await until(
      "the kiosk's context",
      async () =>
        ((await counter("GET", "/api/state")).json.context as { locations?: unknown[] } | null)?.locations?.length,
    );

    // Nothing scanned yet and nothing chosen: refused, nothing sent.
    const none = await counter("POST", "/api/receive", { code: piece.tagCode });
    expect(none).toMatchObject({ status: 400, json: { error: { code: "LOCATION_REQUIRED" } } });

    const scanned = await counter("GET", `/api/piece?code=${encodeURIComponent(code.toLowerCase())}`);
    expect(scanned.status, JSON.stringify(scanned.json)).toBe(200);
    expect(scanned.json).toMatchObject({
      location: { id: ids["Plateau 5"], path: "Paris > Coffre 1 > Plateau 5", code },
      message: {
        en: "Next pieces received go to Paris > Coffre 1 > Plateau 5.",
        fr: "Les prochaines pièces reçues iront dans Paris > Coffre 1 > Plateau 5.",
      },
    });
    expect((await counter("GET", "/api/state")).json.currentLocation).toMatchObject({ id: ids["Plateau 5"], code });

    // A piece's own tag code is still a piece lookup.
    const looked = await counter("GET", `/api/piece?code=${piece.tagCode}`);
    expect(looked.json).toMatchObject({ piece: { id: piece.pieceId } });

    const received = await counter("POST", "/api/receive", { code: piece.tagCode });
    expect(received.status, JSON.stringify(received.json)).toBe(200);
    await until("the piece received in the tray", async () => {
      const row = await db.piece.findUniqueOrThrow({ where: { id: piece.pieceId } });
      return row.state === "active" && row.locationId === ids["Plateau 5"] ? row : undefined;
    });
  });

  test("unknown, archived and mistyped location codes are refused by name in English and French", async () => {
    const payload = "ZZZZZZ";
    const unknown = `L-${payload}${luhnCheckSymbol(payload)}`;
    const u = await counter("GET", `/api/piece?code=${unknown}`);
    expect(u).toMatchObject({
      status: 404,
      json: {
        error: {
          code: "LOCATION_CODE_UNKNOWN",
          message: `No location of this shop here has the code ${unknown}.`,
          messageFr: `Aucun emplacement de cette boutique ici n'a le code ${unknown}.`,
        },
      },
    });
    const archivedCode = locationCodeOf(ids["Plateau 6"]!);
    const a = await counter("GET", `/api/piece?code=${archivedCode}`);
    expect(a).toMatchObject({
      status: 409,
      json: {
        error: {
          code: "LOCATION_ARCHIVED",
          message: `The location with the code ${archivedCode} is archived: pieces can no longer go there.`,
          messageFr: `L'emplacement de code ${archivedCode} est archivé\u202f: on ne peut plus y mettre de pièces.`,
        },
      },
    });
    const good = locationCodeOf(ids["Plateau 5"]!);
    const typo = good.slice(0, -1) + (good.endsWith("0") ? "1" : "0");
    expect((await counter("GET", `/api/piece?code=${typo}`)).json).toMatchObject({
      error: { code: "LOCATION_CODE_INVALID" },
    });
    // The location scanned before stays the current one.
    expect((await counter("GET", "/api/state")).json.currentLocation).toMatchObject({ id: ids["Plateau 5"] });
  });
});
