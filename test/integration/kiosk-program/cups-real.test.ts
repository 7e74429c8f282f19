import fs from "node:fs";
import net from "node:net";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  checkPrinterSettings,
  createDriver,
  type PrinterDriver,
  type PrinterSettingsInput,
} from "../../../kiosk/printers";
import { KioskError } from "../../../kiosk/messages";
import { renderTag, sampleTagData, SAMPLE_TAG_CODE } from "../../../kiosk/tag";
import { freePort } from "../../setup/free-port";

// The kiosk's CUPS driver against a real cupsd (Debian's `cups`), a real raw queue and a fake
// printer on a TCP socket: what the person's `lp` hands to CUPS must reach the printer untouched.
// printers.test.ts covers the driver's command line with a stand-in lp; this file proves the
// command line actually works. CUPS missing or not startable fails the file (never skips it):
// `npm test` installs the package when run as root.

const CUPS_FILES = [
  "/usr/sbin/cupsd",
  "/usr/sbin/lpadmin",
  "/usr/sbin/cupsenable",
  "/usr/sbin/cupsreject",
  "/usr/bin/lp",
  "/usr/bin/lpstat",
  "/usr/lib/cups/backend/socket",
];
const RUN = `loupe-${process.pid}`;

function cmd(command: string, args: string[]): { code: number | null; out: string } {
  const r = spawnSync(command, args, { encoding: "utf8", timeout: 10_000 });
  if (r.error) throw new Error(`${command} could not run: ${r.error.message}`);
  return { code: r.status, out: `${r.stdout}${r.stderr}`.trim() };
}

function mustRun(command: string, args: string[]): string {
  const r = cmd(command, args);
  if (r.code !== 0) throw new Error(`${command} ${args.join(" ")} failed (exit ${r.code}): ${r.out}`);
  return r.out;
}

function schedulerRunning(): boolean {
  return /^scheduler is running/m.test(cmd("lpstat", ["-r"]).out);
}

/** A printer on a TCP port: one received job per connection, kept in arrival order. */
class FakePrinter {
  readonly jobs: Buffer[] = [];
  private readonly server = net.createServer((socket) => {
    const chunks: Buffer[] = [];
    socket.on("data", (d: Buffer) => chunks.push(d));
    socket.on("end", () => {
      this.jobs.push(Buffer.concat(chunks));
      socket.end();
    });
    socket.on("error", () => undefined);
  });

  async listen(port = 0): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, "127.0.0.1", resolve);
    });
    return (this.server.address() as net.AddressInfo).port;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

let cupsd: ChildProcess | null = null;
const queues: string[] = [];
const printers: FakePrinter[] = [];

beforeAll(async () => {
  const missing = CUPS_FILES.filter((f) => !fs.existsSync(f));
  if (missing.length > 0) {
    throw new Error(
      `CUPS is not installed (missing ${missing.join(", ")}). Install it with: sudo apt-get install -y cups (npm test does this when run as root).`,
    );
  }
  if (schedulerRunning()) return;
  if (process.getuid?.() !== 0) {
    throw new Error("cupsd is not running and only root can start it. Start it (sudo cupsd) or run the tests as root.");
  }
  // -f keeps cupsd in the foreground as our child, so the test stops exactly the one it started.
  const child = spawn("/usr/sbin/cupsd", ["-f"], { stdio: ["ignore", "ignore", "pipe"] });
  cupsd = child;
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const until = Date.now() + 15_000;
  while (!schedulerRunning()) {
    if (child.exitCode !== null || Date.now() > until) {
      throw new Error(
        `cupsd did not start (exit ${child.exitCode ?? "none, still not answering after 15 s"}): ${stderr.trim() || "see /var/log/cups/error_log"}`,
      );
    }
    await new Promise((r) => setTimeout(r, 50));
  }
});

afterAll(async () => {
  for (const q of queues) cmd("lpadmin", ["-x", q]);
  await Promise.all(printers.map((p) => p.close()));
  const child = cupsd;
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await exited;
  }
});

/** A raw queue (the setup FACTS.md and the kiosk README describe) pointing at `uri`. */
function addRawQueue(name: string, uri: string, options: string[] = []): string {
  const queue = `${RUN}-${name}`;
  queues.push(queue);
  // lpadmin warns on stderr that raw queues are deprecated; the exit code is what matters.
  mustRun("lpadmin", ["-p", queue, "-E", "-v", uri, "-m", "raw", ...options]);
  return queue;
}

async function fakePrinter(port = 0): Promise<{ printer: FakePrinter; port: number }> {
  const printer = new FakePrinter();
  printers.push(printer);
  return { printer, port: await printer.listen(port) };
}

function driver(input: PrinterSettingsInput): PrinterDriver {
  const checked = checkPrinterSettings(input);
  if (!checked.ok) throw new Error(checked.problems.join("; "));
  return createDriver(checked.settings);
}

function payloadFor(locale: "fr-FR" | "en-US") {
  const tag = renderTag({ tag: sampleTagData(locale), templateId: "barbell-56x13", dpi: 203, language: "zpl" });
  return {
    bytes: tag.bytes,
    zpl: tag.zpl!,
    name: `${SAMPLE_TAG_CODE}-${locale}`,
    widthMm: tag.widthMm,
    heightMm: tag.heightMm,
    dpi: tag.dpi,
  };
}

async function printError(d: PrinterDriver, job: ReturnType<typeof payloadFor>): Promise<KioskError> {
  try {
    await d.print(job);
  } catch (e) {
    if (e instanceof KioskError) return e;
    throw e;
  }
  throw new Error("expected the print to fail");
}

async function waitFor(check: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) throw new Error(`${what}: not within ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("CUPS raw queue with a real cupsd", () => {
  test("tags printed with the kiosk's lp command reach the printer byte for byte, one job per tag", async () => {
    const { printer, port } = await fakePrinter();
    const queue = addRawQueue("ready", `socket://127.0.0.1:${port}`);
    const d = driver({ kind: "cups", queue });
    expect(await d.status()).toEqual({ state: "ready" });

    const fr = payloadFor("fr-FR");
    const en = payloadFor("en-US");
    expect(fr.bytes.equals(en.bytes)).toBe(false);
    await d.print(fr);
    await waitFor(() => printer.jobs.length === 1, 10_000, "the first tag reaching the printer");
    await d.print(en);
    await waitFor(() => printer.jobs.length === 2, 10_000, "the second tag reaching the printer");

    expect(printer.jobs[0]!.equals(fr.bytes)).toBe(true);
    expect(printer.jobs[1]!.equals(en.bytes)).toBe(true);
    expect(printer.jobs[0]!.toString("utf8")).toBe(fr.zpl);
    expect(await d.status()).toEqual({ state: "ready" });
  });

  test("a printer that refuses connections: the tag stays queued, the stopped queue says why in both languages, and prints once re-enabled", async () => {
    // CUPS's defaults retry a dead socket printer for a week with the queue still "enabled",
    // which lpstat (and so the driver) cannot tell from a working one. A kiosk queue therefore
    // gives up connecting after contimeout seconds and stops itself (stop-printer): that is
    // the state the driver reports.
    const port = await freePort();
    const queue = addRawQueue("refused", `socket://127.0.0.1:${port}/?contimeout=1`, [
      "-o",
      "printer-error-policy=stop-printer",
    ]);
    const d = driver({ kind: "cups", queue });
    const job = payloadFor("fr-FR");

    // lp's promise is that CUPS has spooled the job, not that it printed.
    await d.print(job);
    let status = await d.status();
    await waitFor(
      async () => (status = await d.status()).state !== "ready",
      20_000,
      "the queue stopping after the printer refused",
    );
    // "offline" while CUPS's backend still retries (its "not responding" reason), "paused" once the
    // stop-printer policy has stopped the queue: either way the kiosk must not say ready.
    expect(["offline", "paused"]).toContain(status.state);
    expect(status.message?.code).toBe("CUPS_FAILED");
    expect(status.message?.en).toContain(queue);
    // CUPS's own reason, whichever of the two it gives at that moment.
    expect(status.message?.en).toMatch(/not responding|may not exist or is unavailable/);
    expect(status.message?.fr).toContain("attend dans la file");
    expect(cmd("lpstat", ["-o", queue]).out).toContain(`${queue}-`);

    const { printer } = await fakePrinter(port);
    mustRun("cupsenable", [queue]);
    await waitFor(() => printer.jobs.length === 1, 15_000, "the queued tag printing after the queue was re-enabled");
    expect(printer.jobs[0]!.equals(job.bytes)).toBe(true);
    expect(await d.status()).toEqual({ state: "ready" });
  });

  test("a queue that rejects jobs refuses the tag at once with CUPS's reason", async () => {
    const { printer, port } = await fakePrinter();
    const queue = addRawQueue("rejecting", `socket://127.0.0.1:${port}`);
    mustRun("cupsreject", ["-r", "out of labels", queue]);
    // lpstat -p still says "idle, enabled": the driver must ask whether the queue accepts jobs.
    const status = await driver({ kind: "cups", queue }).status();
    expect(status.state).toBe("error");
    expect(status.message?.en).toContain("not accepting");
    const e = await printError(driver({ kind: "cups", queue }), payloadFor("fr-FR"));
    expect(e.code).toBe("CUPS_FAILED");
    expect(e.status).toBe(503);
    expect(e.message).toContain(`"${queue}" is not accepting jobs`);
    expect(e.fr).toContain(queue);
    expect(printer.jobs).toEqual([]);
  });

  test("a queue that does not exist is offline and its print says so", async () => {
    const d = driver({ kind: "cups", queue: `${RUN}-missing` });
    const status = await d.status();
    expect(status.state).toBe("offline");
    expect(status.message?.en).toContain("Invalid destination");
    const e = await printError(d, payloadFor("fr-FR"));
    expect(e.code).toBe("CUPS_FAILED");
    expect(e.message).toContain("does not exist");
  });
});
