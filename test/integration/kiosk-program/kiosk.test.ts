import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { startKiosk, type RunningKiosk } from "../../../kiosk/demo";
import { cookieJar, DEVICE_TOKEN, FakeApp, FakeZebra, PIN, tagCodeFor } from "./fakes";

let app: FakeApp;
let zebra: FakeZebra;
let kiosk: RunningKiosk;
let dataDir: string;
/** The browser the `page` calls come from. */
let browser = cookieJar();

async function start(extra: { templateId?: string; now?: () => number } = {}): Promise<void> {
  kiosk = await startKiosk({
    appUrl: app.url,
    dataDir,
    port: 0,
    deviceToken: DEVICE_TOKEN,
    printer: { kind: "zebra-tcp", host: "127.0.0.1", port: zebra.port, statusTimeoutMs: 600, connectTimeoutMs: 600 },
    pollIntervalMs: 150,
    ...extra,
  });
}

beforeEach(async () => {
  browser = cookieJar();
  app = await new FakeApp().start();
  zebra = await new FakeZebra().start();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kiosk-it-"));
});

afterEach(async () => {
  await kiosk?.stop();
  await app.stop();
  await zebra.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** What the page API answers, typed loosely: each test asserts the parts it relies on. */
type Answer = {
  error: { code: string; message: string; messageFr: string };
  message: { en: string; fr: string };
  piece: { id: string; tagCode: string };
  pieces: { tagCode: string }[];
  [field: string]: unknown;
};

async function page(
  method: "GET" | "POST",
  p: string,
  body?: unknown,
  headers: Record<string, string> = {},
  from = browser,
): Promise<{ status: number; json: Answer }> {
  const res = await fetch(new URL(p, kiosk.url), {
    method,
    headers: {
      "x-loupe-kiosk": "1",
      ...(body ? { "content-type": "application/json" } : {}),
      ...from.headers(),
      ...headers,
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  from.keep(res);
  return { status: res.status, json: (await res.json()) as Answer };
}

async function waitFor(check: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("intake at the counter", () => {
  test("sign in, find, print, confirm tagged, choose a location: the piece becomes active, each step recorded once", async () => {
    const piece = app.addPiece(1);
    await start();
    const wrong = await page("POST", "/api/sign-in", { pin: "1111" });
    expect(wrong.status).toBe(401);
    expect(wrong.json.error.message).toContain("4 attempts left");
    expect(wrong.json.error.messageFr).toContain("4 essais restants");
    expect((await page("POST", "/api/sign-in", { pin: PIN })).json.message.en).toBe("Hello Camille.");

    const receiving = await page("GET", "/api/receiving");
    expect(receiving.json.pieces.map((p: { tagCode: string }) => p.tagCode)).toEqual([piece.tagCode]);
    // Typed by a person: lower case, hyphen, O for 0 — read the Crockford way.
    const typed = piece.tagCode.toLowerCase().slice(0, 4) + "-" + piece.tagCode.toLowerCase().slice(4);
    const found = await page("GET", `/api/piece?code=${encodeURIComponent(typed)}`);
    expect(found.json.piece.id).toBe(piece.id);

    const printed = await page("POST", "/api/print", { code: piece.tagCode });
    expect(printed.json).toMatchObject({ ok: true, printed: true, message: { en: `Tag ${piece.tagCode} printed.` } });
    expect(zebra.printedCount(piece.tagCode)).toBe(1);
    await waitFor(() => app.appliedFor("printed", piece.id).length === 1);
    expect(app.appliedFor("printed", piece.id)[0]).toMatchObject({ reprint: false, staff: "staff-session-1" });

    expect((await page("POST", "/api/tagged", { code: piece.tagCode })).json).toMatchObject({ delivered: true });
    const received = await page("POST", "/api/receive", { code: piece.tagCode, locationId: "loc-show" });
    expect(received.json).toMatchObject({
      delivered: true,
      message: { en: `${piece.tagCode} is received and now active in Boutique > Vitrine 3.` },
    });
    expect(piece).toMatchObject({ state: "active", locationId: "loc-show", tagged: true });
    expect(app.applied.map((o) => o.kind)).toEqual(["printed", "tagged", "receive"]);
    expect(new Set(app.applied.map((o) => o.key)).size).toBe(3);

    // Receiving the same piece again is the app's refusal, shown as such, and changes nothing.
    const again = await page("POST", "/api/receive", { code: piece.tagCode, locationId: "loc-safe" });
    expect(again.status).toBe(409);
    expect(again.json.error.messageFr).toBe("La pièce n'est pas en réception.");
    expect(piece.locationId).toBe("loc-show");
  });

  test("an explicit reprint is printed and recorded with reprint: true", async () => {
    const piece = app.addPiece(2);
    await start();
    await page("POST", "/api/sign-in", { pin: PIN });
    await page("POST", "/api/print", { code: piece.tagCode });
    await page("POST", "/api/print", { code: piece.tagCode, reprint: true });
    expect(zebra.printedCount(piece.tagCode)).toBe(2);
    await waitFor(() => app.appliedFor("printed", piece.id).length === 2);
    expect(app.appliedFor("printed", piece.id).map((o) => o.reprint)).toEqual([false, true]);
  });

  test("nothing can be done before signing in", async () => {
    const piece = app.addPiece(3);
    await start();
    const r = await page("POST", "/api/print", { code: piece.tagCode });
    expect(r.status).toBe(403);
    expect(r.json.error.messageFr).toContain("code PIN");
    expect(zebra.formats).toEqual([]);
  });
});

describe("bad input at the counter: a clear message, nothing printed, no stock moved", () => {
  beforeEach(async () => {
    app.addPiece(10);
  });

  test.each([
    [
      "a mistyped code (check character)",
      tagCodeFor(10).slice(0, 6) + (tagCodeFor(10).endsWith("A") ? "B" : "A"),
      422,
      "TAG_CODE_CHECK",
      "mal saisi",
    ],
    ["a code of the wrong length", "7K3Q", 422, "TAG_CODE_LENGTH", "7 caractères"],
    ["a code with a character no tag uses", "7K3Q*X9", 422, "TAG_CODE_CHARACTER", "caractère"],
  ])("%s is caught at the kiosk without asking the app", async (_n, code, status, errorCode, fr) => {
    await start();
    await page("POST", "/api/sign-in", { pin: PIN });
    const r = await page("POST", "/api/print", { code });
    expect(r.status).toBe(status);
    expect(r.json.error.code).toBe(errorCode);
    expect(r.json.error.messageFr).toContain(fr);
    const asked = encodeURIComponent(code.replace(/-/g, "").toUpperCase());
    expect(app.requests.filter((x) => x.endsWith(`/pieces/${asked}`))).toEqual([]);
    expect(zebra.formats).toEqual([]);
    expect(app.applied).toEqual([]);
  });

  test("a tag from another shop (the app says 404) is refused without saying whose it is", async () => {
    await start();
    await page("POST", "/api/sign-in", { pin: PIN });
    const other = tagCodeFor(999);
    const r = await page("POST", "/api/receive", { code: other, locationId: "loc-safe" });
    expect(r.status).toBe(404);
    expect(r.json.error.message).toBe(
      `No piece of this shop has the tag ${other}. A tag from another shop cannot be received here.`,
    );
    expect(app.applied).toEqual([]);
  });

  test("a price that does not fit the template is refused before anything is queued", async () => {
    const rich = app.addPiece(11, { priceMinor: 99999999999999n });
    await start({ templateId: "small-25x15" });
    await page("POST", "/api/sign-in", { pin: PIN });
    const r = await page("POST", "/api/print", { code: rich.tagCode });
    expect(r.status).toBe(422);
    expect(r.json.error.code).toBe("PRICE_DOES_NOT_FIT");
    expect(r.json.error.messageFr).toContain("Le prix ne tient pas");
    expect(zebra.formats).toEqual([]);
    expect(kiosk.kiosk.journal.jobs.size).toBe(0);
  });

  test("a title with characters the printer font lacks is refused", async () => {
    const emoji = app.addPiece(12, { title: "Bague 💍" });
    await start();
    await page("POST", "/api/sign-in", { pin: PIN });
    const r = await page("POST", "/api/print", { code: emoji.tagCode });
    expect(r.status).toBe(422);
    expect(r.json.error.code).toBe("FONT_LACKS_CHARACTERS");
    expect(zebra.formats).toEqual([]);
  });

  test("a printer answering garbage to ~HS: the tag waits in the queue and prints once the printer is right", async () => {
    const piece = app.addPiece(13);
    zebra.mode = "garbage";
    await start();
    await page("POST", "/api/sign-in", { pin: PIN });
    const r = await page("POST", "/api/print", { code: piece.tagCode });
    expect(r.json).toMatchObject({ printed: false });
    expect(r.json.message.en).toContain("not a Zebra status");
    expect(r.json.message.fr).toContain("autre chose qu'un état Zebra");
    expect(zebra.formats).toEqual([]);
    const state = await page("GET", "/api/state");
    expect(state.json.pendingPrints).toBe(1);
    expect(app.appliedFor("printed", piece.id)).toEqual([]);
    zebra.mode = "ready";
    await waitFor(() => zebra.printedCount(piece.tagCode) === 1);
    await waitFor(() => app.appliedFor("printed", piece.id).length === 1);
    await new Promise((r2) => setTimeout(r2, 1200));
    expect(zebra.printedCount(piece.tagCode)).toBe(1);
  });

  test("the local page refuses foreign hosts and changes without its header", async () => {
    await start();
    expect((await page("POST", "/api/sign-in", { pin: PIN }, { "x-loupe-kiosk": "0" })).status).toBe(403);
    // DNS rebinding: a foreign name resolving to 127.0.0.1 arrives with its own Host header.
    const status = await new Promise<number>((resolve, reject) => {
      http
        .get({ host: "127.0.0.1", port: kiosk.port, path: "/api/state", headers: { host: "evil.example" } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
        .on("error", reject);
    });
    expect(status).toBe(421);
  });
});

describe("a sign-in belongs to one browser", () => {
  test("another browser on the same kiosk starts signed out: it sees no one, and cannot look up, print or receive", async () => {
    const piece = app.addPiece(30);
    await start();
    const other = cookieJar();
    expect((await page("POST", "/api/sign-in", { pin: PIN })).status).toBe(200);
    expect((await page("GET", "/api/state")).json.staff).toMatchObject({ name: "Camille" });

    expect((await page("GET", "/api/state", undefined, {}, other)).json.staff).toBeNull();
    for (const [method, p, body] of [
      ["GET", `/api/piece?code=${piece.tagCode}`, undefined],
      ["GET", "/api/receiving", undefined],
      ["POST", "/api/print", { code: piece.tagCode }],
      ["POST", "/api/receive", { code: piece.tagCode, locationId: "loc-safe" }],
    ] as const) {
      const refused = await page(method, p, body, {}, other);
      expect({ p, status: refused.status, code: refused.json.error?.code }).toEqual({
        p,
        status: 403,
        code: "SIGN_IN_REQUIRED",
      });
    }
    expect(app.applied).toEqual([]);
    // A forged cookie is no session either.
    const forged = await page("GET", "/api/state", undefined, { cookie: "loupe_kiosk_session=guess" }, cookieJar());
    expect(forged.json.staff).toBeNull();

    // The first browser still works; signing out there ends its session only.
    expect((await page("GET", `/api/piece?code=${piece.tagCode}`)).status).toBe(200);
    expect((await page("POST", "/api/sign-in", { pin: PIN }, {}, other)).status).toBe(200);
    await page("POST", "/api/sign-out");
    expect((await page("GET", "/api/state")).json.staff).toBeNull();
    expect((await page("GET", "/api/state", undefined, {}, other)).json.staff).toMatchObject({ name: "Camille" });
  });

  test("an idle session signs out after the shop's time (10 minutes unless set); the page's polling does not keep it alive, a tap does", async () => {
    let now = Date.parse("2026-12-08T10:00:00Z");
    const piece = app.addPiece(31);
    await start({ now: () => now });
    await page("POST", "/api/sign-in", { pin: PIN });
    now += 9 * 60_000;
    expect((await page("GET", `/api/piece?code=${piece.tagCode}`)).status).toBe(200);
    // Nine minutes after that lookup, with the page polling its state all along: still signed in.
    now += 9 * 60_000;
    expect((await page("GET", "/api/state")).json.staff).toMatchObject({ name: "Camille" });
    // A tap on the page counts as the person being there.
    expect((await page("POST", "/api/activity")).json).toEqual({ signedIn: true });
    now += 9 * 60_000 + 59_000;
    expect((await page("GET", "/api/state")).json.staff).toMatchObject({ name: "Camille" });
    now += 1_000;
    expect((await page("GET", "/api/state")).json.staff).toBeNull();
    expect((await page("POST", "/api/print", { code: piece.tagCode })).json.error.code).toBe("SIGN_IN_REQUIRED");
    expect((await page("POST", "/api/activity")).json).toEqual({ signedIn: false });

    // The shop set 3 minutes: the next sign-in carries it.
    app.staffIdleMinutes = 3;
    await page("POST", "/api/sign-in", { pin: PIN });
    now += 3 * 60_000 - 1_000;
    expect((await page("GET", "/api/state")).json.staff).toMatchObject({ name: "Camille" });
    now += 1_000;
    expect((await page("GET", "/api/state")).json.staff).toBeNull();
    expect(app.applied).toEqual([]);
  });
});

describe("offline", () => {
  test("with the app down, intake goes on from the kept receiving list and is delivered once when it is back", async () => {
    const piece = app.addPiece(20);
    await start();
    await page("POST", "/api/sign-in", { pin: PIN });
    await waitFor(() => kiosk.kiosk.context() !== undefined);
    await kiosk.kiosk.refreshContext();
    app.down = true;
    const found = await page("GET", `/api/piece?code=${piece.tagCode}`);
    expect(found.json.fromCache).toBe(true);
    expect((await page("POST", "/api/print", { code: piece.tagCode })).json.printed).toBe(true);
    const r = await page("POST", "/api/receive", { code: piece.tagCode, locationId: "loc-safe" });
    expect(r.json).toMatchObject({
      delivered: false,
      message: {
        en: `${piece.tagCode} is recorded as received in Boutique > Coffre 1; it will be sent when the connection is back.`,
      },
    });
    const state = await page("GET", "/api/state");
    expect(state.json.online).toBe(false);
    expect(state.json.pendingOperations).toBe(2);
    expect((await page("GET", "/api/receiving")).json).toMatchObject({ fromCache: true, pieces: [] });
    app.down = false;
    await waitFor(() => app.applied.length === 2, 40_000);
    expect(app.applied.map((o) => o.kind)).toEqual(["printed", "receive"]);
    expect(piece.state).toBe("active");
    expect([...app.posts.values()].every((n) => n === 1)).toBe(true);
  }, 60_000);

  test("a code that is neither reachable nor kept says so", async () => {
    await start();
    await page("POST", "/api/sign-in", { pin: PIN });
    app.down = true;
    const r = await page("GET", `/api/piece?code=${tagCodeFor(77)}`);
    expect(r.status).toBe(503);
    expect(r.json.error.code).toBe("PIECE_NOT_CACHED");
  });
});

describe("the app's print queue", () => {
  test("queued jobs are claimed, printed once each (copies honoured) and reported", async () => {
    const a = app.addPiece(30);
    const b = app.addPiece(31);
    const jobA = app.queuePrintJob(a);
    const jobB = app.queuePrintJob(b, { copies: 2, reprint: true });
    await start();
    await waitFor(() => app.printJobs.every((j) => j.status === "printed"));
    expect(zebra.printedCount(a.tagCode)).toBe(1);
    expect(zebra.printedCount(b.tagCode)).toBe(2);
    expect(app.printJobs.map((j) => [j.id, j.reports])).toEqual([
      [jobA, 1],
      [jobB, 1],
    ]);
    await new Promise((r) => setTimeout(r, 500));
    expect(zebra.formats.length).toBe(3);
  });

  test("a job whose tag cannot be printed is reported failed with the reason", async () => {
    const rich = app.addPiece(32, { priceMinor: 99999999999999n });
    app.queuePrintJob(rich);
    await start({ templateId: "small-25x15" });
    await waitFor(() => app.printJobs[0]!.status === "failed");
    expect(app.printJobs[0]!.error).toContain("does not fit");
    expect(zebra.formats).toEqual([]);
  });
});
