import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { TEMPLATES } from "../../../app/domain/tags";
import { renderTag, sampleTagData, SAMPLE_TAG_CODE } from "../../../kiosk/tag";
import { DEVICE_TOKEN, FakeApp, PIN } from "./fakes";

const ROOT = path.resolve(__dirname, "../../..");
const run = promisify(execFile);

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function npmKiosk(args: string[], env: Record<string, string> = {}): Promise<Result> {
  try {
    const r = await run("npm", ["run", "-s", "kiosk", "--", ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: err.code ?? -1, stdout: err.stdout ?? "", stderr: err.stderr ?? "" };
  }
}

/** The same program without npm's start-up cost, for the many smaller cases. */
async function kiosk(args: string[], env: Record<string, string> = {}): Promise<Result> {
  try {
    const r = await run(process.execPath, ["--import", "tsx", "kiosk/cli.ts", ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: err.code ?? -1, stdout: err.stdout ?? "", stderr: err.stderr ?? "" };
  }
}

async function zbar(file: string): Promise<string> {
  const r = await run("zbarimg", ["-q", file], { encoding: "utf8" }).catch((e: { stdout?: string }) => ({
    stdout: e.stdout ?? "",
  }));
  return r.stdout;
}

let dir: string;
let app: FakeApp;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "kiosk-cli-"));
  app = await new FakeApp().start();
});
afterAll(async () => {
  await app.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("kiosk CLI", () => {
  test("npm run kiosk -- templates lists every template id, one per line, id first", async () => {
    const r = await npmKiosk(["templates", "--data-dir", path.join(dir, "t")]);
    expect(r.code).toBe(0);
    const ids = r.stdout
      .trim()
      .split("\n")
      .map((l) => l.split(/\s/)[0]);
    expect(ids).toEqual(TEMPLATES.map((t) => t.id));
  });

  test("npm run kiosk -- render --sample --out x.png makes a PNG whose barcode and QR scan", async () => {
    const out = path.join(dir, "sample.png");
    const r = await npmKiosk([
      "render",
      "--template",
      "barbell-56x13",
      "--dpi",
      "300",
      "--sample",
      "--out",
      out,
      "--data-dir",
      path.join(dir, "t"),
    ]);
    expect(r.code).toBe(0);
    const decoded = await zbar(out);
    expect(decoded).toContain(`CODE-128:${SAMPLE_TAG_CODE}`);
    expect(decoded).toContain("QR-Code:https://bijoux-demo.myshopify.com/apps/loupe/q3Zt0bX9-Lm_Pa7RkW2yEg");
  });

  test("render --out x.zpl writes exactly the ZPL the printer would get", async () => {
    const out = path.join(dir, "sample.zpl");
    const r = await kiosk([
      "render",
      "--template",
      "card-86x54",
      "--dpi",
      "600",
      "--sample",
      "--out",
      out,
      "--data-dir",
      path.join(dir, "t"),
    ]);
    expect(r.code).toBe(0);
    expect(fs.readFileSync(out, "utf8")).toBe(
      renderTag({ tag: sampleTagData(), templateId: "card-86x54", dpi: 600, language: "zpl" }).zpl,
    );
  });

  test("render refuses a bad dpi, an unknown template and a missing output, with exit code 64", async () => {
    const d = ["--data-dir", path.join(dir, "t")];
    expect(await kiosk(["render", "--sample", "--dpi", "250", "--out", "x.png", ...d])).toMatchObject({
      code: 64,
      stderr: expect.stringContaining("--dpi must be 203, 300 or 600"),
    });
    expect(
      await kiosk(["render", "--sample", "--template", "nope", "--out", path.join(dir, "n.zpl"), ...d]),
    ).toMatchObject({ code: 1, stderr: expect.stringContaining('no tag template "nope"') });
    expect(await kiosk(["render", "--sample", ...d])).toMatchObject({
      code: 64,
      stderr: expect.stringContaining("--out"),
    });
  });

  test("pair shows the code, waits for the manager, stores the token with 0600 permissions; render --piece then uses it", async () => {
    const dataDir = path.join(dir, "paired");
    const r = await kiosk(["pair", "--app-url", app.url, "--name", "Comptoir 1", "--data-dir", dataDir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("7K3Q-X9M2");
    expect(r.stdout).toContain("Paired with bijoux-demo.myshopify.com (Boutique)");
    const file = path.join(dataDir, "device.json");
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(fs.readFileSync(file, "utf8"))).toMatchObject({ appUrl: app.url, deviceToken: DEVICE_TOKEN });

    const piece = app.addPiece(40);
    const out = path.join(dir, "piece.png");
    const rendered = await kiosk([
      "render",
      "--piece",
      piece.tagCode,
      "--dpi",
      "203",
      "--out",
      out,
      "--data-dir",
      dataDir,
    ]);
    expect(rendered.code).toBe(0);
    expect(await zbar(out)).toContain(`CODE-128:${piece.tagCode}`);
    const mistyped = piece.tagCode.slice(0, 6) + (piece.tagCode.endsWith("0") ? "1" : "0");
    const typo = await kiosk(["render", "--piece", mistyped, "--out", out, "--data-dir", dataDir]);
    expect(typo).toMatchObject({
      code: 64,
      stderr: expect.stringContaining(`"${mistyped}" is not a valid tag code (CHECK)`),
    });
  });

  test("an expired pairing code ends with a clear message", async () => {
    const expiredApp = await new FakeApp().start();
    expiredApp.pairing.expired = true;
    const r = await kiosk(["pair", "--app-url", expiredApp.url, "--data-dir", path.join(dir, "expired")]);
    await expiredApp.stop();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("The pairing code expired");
    expect(r.stderr).toContain("Le code d'appairage a expiré");
    expect(fs.existsSync(path.join(dir, "expired", "device.json"))).toBe(false);
  });

  test("printer settings are validated; calibrate stores offsets and prints a calibration tag; status reports the printer", async () => {
    const dataDir = path.join(dir, "calib");
    const printed = path.join(dir, "calib-out");
    expect(await kiosk(["printer", "--kind", "zebra-tcp", "--host", "bad host", "--data-dir", dataDir])).toMatchObject({
      code: 64,
      stderr: expect.stringContaining("host must be an IP address or a host name"),
    });
    expect(
      (await kiosk(["printer", "--kind", "file", "--dir", printed, "--dpi", "300", "--data-dir", dataDir])).code,
    ).toBe(0);
    expect(await kiosk(["calibrate", "--darkness", "40", "--data-dir", dataDir])).toMatchObject({
      code: 64,
      stderr: expect.stringContaining("darkness must be a whole number from 0 to 30"),
    });
    const c = await kiosk([
      "calibrate",
      "--offset-x",
      "1",
      "--offset-y",
      "-0.5",
      "--darkness",
      "20",
      "--speed",
      "3",
      "--data-dir",
      dataDir,
    ]);
    expect(c.code).toBe(0);
    const zpl = fs.readdirSync(printed).filter((f) => f.endsWith(".zpl"));
    expect(zpl).toHaveLength(1);
    // 1 mm at 300 dpi = 12 dots right; -0.5 mm = 6 dots up (^LT), darkness and speed.
    expect(fs.readFileSync(path.join(printed, zpl[0]!), "utf8")).toMatch(
      /^~SD20\^XA\^CI28\^PW\d+\^LL\d+\^LH12,0\^LT-6\^PR3/,
    );
    expect(fs.readdirSync(printed).filter((f) => f.endsWith(".png"))).toHaveLength(1);
    const s = await kiosk(["status", "--data-dir", dataDir]);
    expect(s.stdout).toContain("printer:  file");
    expect(s.stdout).toContain("at 300 dpi: ready");
    expect(s.stdout).toContain("paired:   no");
  });

  test("print --piece prints through the configured printer and records the print with the staff member", async () => {
    const dataDir = path.join(dir, "print");
    const printed = path.join(dir, "print-out");
    await kiosk(["pair", "--app-url", app.url, "--data-dir", dataDir]);
    await kiosk(["printer", "--kind", "file", "--dir", printed, "--data-dir", dataDir]);
    const piece = app.addPiece(41);
    const r = await kiosk(["print", "--piece", piece.tagCode, "--data-dir", dataDir], { LOUPE_KIOSK_PIN: PIN });
    expect(r.stdout).toContain(`Tag ${piece.tagCode} printed.`);
    expect(r.code).toBe(0);
    expect(fs.readdirSync(printed).some((f) => f.startsWith(piece.tagCode) && f.endsWith(".zpl"))).toBe(true);
    expect(app.appliedFor("printed", piece.id)).toHaveLength(1);
    const wrongPin = await kiosk(["print", "--piece", piece.tagCode, "--data-dir", dataDir], {
      LOUPE_KIOSK_PIN: "9999",
    });
    expect(wrongPin.code).toBe(1);
    expect(wrongPin.stderr).toContain("Wrong PIN");
  });
});
