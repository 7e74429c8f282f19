import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import {
  checkPrinterSettings,
  createDriver,
  type PrinterDriver,
  type PrinterSettingsInput,
} from "../../../kiosk/printers";
import { KioskError } from "../../../kiosk/messages";
import { renderTag, sampleTagData, SAMPLE_TAG_CODE } from "../../../kiosk/tag";
import { FakeZebra } from "./fakes";
import { freePort } from "../../setup/free-port";

function driver(input: PrinterSettingsInput): PrinterDriver {
  const checked = checkPrinterSettings(input);
  if (!checked.ok) throw new Error(checked.problems.join("; "));
  return createDriver(checked.settings);
}

const sample = renderTag({ tag: sampleTagData(), templateId: "barbell-56x13", dpi: 203, language: "zpl" });
const payload = {
  bytes: sample.bytes,
  zpl: sample.zpl!,
  name: `${SAMPLE_TAG_CODE}-test`,
  widthMm: sample.widthMm,
  heightMm: sample.heightMm,
  dpi: sample.dpi,
};

async function printError(d: PrinterDriver): Promise<KioskError> {
  try {
    await d.print(payload);
  } catch (e) {
    if (e instanceof KioskError) return e;
    throw e;
  }
  throw new Error("expected the print to fail");
}

describe("Zebra over raw TCP", () => {
  let zebra: FakeZebra;
  beforeAll(async () => {
    zebra = await new FakeZebra().start();
  });
  afterAll(() => zebra.stop());
  afterEach(() => {
    zebra.mode = "ready";
    zebra.formats = [];
  });

  const settings = (extra: Record<string, unknown> = {}) => ({
    kind: "zebra-tcp" as const,
    host: "127.0.0.1",
    port: zebra.port,
    statusTimeoutMs: 800,
    connectTimeoutMs: 800,
    ...extra,
  });

  test("a ready printer reports ready and receives exactly the ZPL, after a ~HS check", async () => {
    const d = driver(settings());
    expect(await d.status()).toEqual({ state: "ready" });
    const before = zebra.statusQueries;
    await d.print(payload);
    await waitFor(() => zebra.formats.length === 1);
    expect(zebra.formats[0]).toBe(sample.zpl);
    expect(zebra.statusQueries).toBe(before + 1);
  });

  test.each([
    ["paper-out", "paper-out", "out of labels", "plus d'étiquettes"],
    ["head-open", "head-open", "head is open", "tête"],
    ["paused", "paused", "paused", "pause"],
  ] as const)("%s: status says so and nothing is printed", async (mode, state, en, fr) => {
    zebra.mode = mode;
    const d = driver(settings());
    const status = await d.status();
    expect(status.state).toBe(state);
    const e = await printError(d);
    expect(e.transient).toBe(true);
    expect(e.message).toContain(en);
    expect(e.fr).toContain(fr);
    expect(zebra.formats).toEqual([]);
  });

  test("a printer that accepts the connection but never answers ~HS gives a clear message within seconds", async () => {
    zebra.mode = "silent";
    const d = driver(settings());
    const started = Date.now();
    const e = await printError(d);
    expect(Date.now() - started).toBeLessThan(2500);
    expect(e.code).toBe("PRINTER_STATUS_TIMEOUT");
    expect(e.message).toContain("no status within 0.8 s");
    expect(e.fr).toContain("papier");
    expect(zebra.formats).toEqual([]);
  });

  test("a device that answers garbage to ~HS is not trusted", async () => {
    zebra.mode = "garbage";
    const d = driver(settings());
    const started = Date.now();
    expect((await d.status()).state).toBe("error");
    // Garbage is recognised as soon as it arrives, without waiting for the timeout.
    expect(Date.now() - started).toBeLessThan(500);
    const e = await printError(d);
    expect(e.code).toBe("PRINTER_STATUS_GARBLED");
    expect(zebra.formats).toEqual([]);
  });

  test("a printer that is off (nothing listening) is reported offline at once and the job is kept", async () => {
    const closed = await freePort();
    const d = driver({ ...settings(), port: closed });
    const e = await printError(d);
    expect(e.code).toBe("PRINTER_REFUSED");
    expect(e.transient).toBe(true);
    expect(e.fr).toContain("attend dans la file");
    expect((await d.status()).state).toBe("offline");
  });
});

describe("ESC/POS over raw TCP", () => {
  test("sends the ESC/POS bytes when the paper sensor says paper is present", async () => {
    const received: Buffer[] = [];
    const server = net.createServer((s) => {
      s.on("data", (d) => {
        if (d.length === 3 && d[0] === 0x10 && d[1] === 0x04) s.write(Buffer.from([0x12]));
        else received.push(d);
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as net.AddressInfo).port;
    const esc = renderTag({ tag: sampleTagData(), templateId: "shelf-50x25", dpi: 203, language: "escpos" });
    const d = driver({ kind: "escpos-tcp", host: "127.0.0.1", port, checkStatus: true });
    expect(await d.status()).toEqual({ state: "ready" });
    await d.print({ ...payload, bytes: esc.bytes });
    await waitFor(() => Buffer.concat(received).length >= esc.bytes.length);
    expect(Buffer.concat(received).equals(esc.bytes)).toBe(true);
    server.close();
  });
});

describe("CUPS raw queue", () => {
  // `lp` is not installed on this machine (Debian's cups-client), so a stand-in lp on PATH
  // records its arguments and input; the real command line is the one tested here.
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "kiosk-cups-"));
    fs.writeFileSync(
      path.join(dir, "lp"),
      `#!/bin/sh\nprintf '%s\\n' "$@" > "${dir}/args"\ncat > "${dir}/input"\nif [ "$2" = "broken" ]; then echo 'lp: The printer or class does not exist.' >&2; exit 1; fi\necho "request id is $2-1 (1 file(s))"\n`,
      { mode: 0o755 },
    );
    fs.writeFileSync(
      path.join(dir, "lpstat"),
      `#!/bin/sh\nif [ "$2" = "ZD421" ]; then echo "printer ZD421 is idle.  enabled since Thu 26 Nov 2026"; else echo "printer $2 disabled since Thu 26 Nov 2026 -" ; fi\n`,
      { mode: 0o755 },
    );
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("prints with lp -d <queue> -o raw, the ZPL on standard input", async () => {
    const d = driver({ kind: "cups", queue: "ZD421", lpCommand: path.join(dir, "lp") });
    await d.print(payload);
    expect(fs.readFileSync(path.join(dir, "args"), "utf8").trim().split("\n")).toEqual([
      "-d",
      "ZD421",
      "-o",
      "raw",
      "-t",
      payload.name,
    ]);
    expect(fs.readFileSync(path.join(dir, "input"), "utf8")).toBe(sample.zpl);
    expect(await d.status()).toEqual({ state: "ready" });
  });

  test("lp's refusal reaches the person; a disabled queue reports paused", async () => {
    const d = driver({ kind: "cups", queue: "broken", lpCommand: path.join(dir, "lp") });
    const e = await printError(d);
    expect(e.code).toBe("CUPS_FAILED");
    expect(e.message).toContain("does not exist");
    expect((await d.status()).state).toBe("paused");
  });

  test("a machine without lp says what to install", async () => {
    const e = await printError(driver({ kind: "cups", queue: "ZD421", lpCommand: path.join(dir, "no-such-lp") }));
    expect(e.message).toContain("cups-client");
  });
});

describe("virtual (file) printer", () => {
  test("writes the exact ZPL and a PNG rendered from it that scans", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kiosk-file-"));
    const d = driver({ kind: "file", dir });
    expect(await d.status()).toEqual({ state: "ready" });
    await d.print(payload);
    expect(fs.readFileSync(path.join(dir, `${payload.name}.zpl`), "utf8")).toBe(sample.zpl);
    const decoded = execFileSync("zbarimg", ["-q", path.join(dir, `${payload.name}.png`)], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    expect(decoded).toContain(`CODE-128:${SAMPLE_TAG_CODE}`);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

async function waitFor(check: () => boolean, ms = 3000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}
