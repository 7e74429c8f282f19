import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { AppClient } from "./api";
import { ConfigError, defaultDataDir, readConfig, readDevice, writeConfig } from "./config";
import { startKiosk } from "./demo";
import { Journal, JournalError } from "./journal";
import { Kiosk, type CrashPoint, type KioskHooks } from "./kiosk";
import { KioskError } from "./messages";
import { pair } from "./pairing";
import { checkPrinterSettings, createDriver, type PrinterSettings } from "./printers";
import { renderTag, sampleTagData, templateLines } from "./tag";

const USAGE = `Loupe kiosk — npm run kiosk -- <command> [options]

  run (default)   serve the counter page on http://localhost:<port> and process the print queue
                  --port <n> (8787)  --app-url <url>  --printer-dir <folder> (virtual printer)
  pair            show a pairing code, wait for a manager to confirm it in the admin (Kiosks),
                  store the device token   --app-url <url>  --name <device name>
  templates       list tag templates (first word: the id)
  render          --template <id> --dpi <203|300|600> (--piece <tag code> | --sample) --out <file.zpl|file.png>
  print           --piece <tag code> [--reprint] [--template <id>]   (PIN from LOUPE_KIOSK_PIN or asked)
  status          printer status, server reachability, queued work
  calibrate       [--offset-x <mm>] [--offset-y <mm>] [--darkness <0-30>] [--speed <ips>] [--dpi <n>]
                  [--no-print]   store the printer's calibration and print a calibration tag
  printer         --kind zebra-tcp --host <ip> [--port 9100] | --kind cups --queue <name> |
                  --kind file --dir <folder> | --kind escpos-tcp --host <ip> [--type epson|star]
                  [--dpi <n>]   set the printer

  Every command takes --data-dir <dir> (default ~/.loupe-kiosk, or LOUPE_KIOSK_DATA_DIR).`;

type Args = { _: string[]; flags: Map<string, string | true> };

function parseArgs(argv: string[]): Args {
  const args: Args = { _: [], flags: new Map() };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith("--")) {
      const [name, inline] = a.slice(2).split("=", 2) as [string, string | undefined];
      const next = argv[i + 1];
      if (inline !== undefined) args.flags.set(name, inline);
      else if (next !== undefined && !next.startsWith("--")) {
        args.flags.set(name, next);
        i++;
      } else args.flags.set(name, true);
    } else args._.push(a);
  }
  return args;
}

class UsageError extends Error {}

function str(args: Args, name: string): string | undefined {
  const v = args.flags.get(name);
  if (v === true) throw new UsageError(`--${name} needs a value`);
  return v;
}

function num(args: Args, name: string): number | undefined {
  const v = str(args, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new UsageError(`--${name} must be a number, got "${v}"`);
  return n;
}

function appUrlOf(args: Args, dataDir: string): string {
  const url =
    str(args, "app-url") ?? process.env.LOUPE_APP_URL ?? readDevice(dataDir)?.appUrl ?? readConfig(dataDir).appUrl;
  if (!url) throw new UsageError("Which Loupe server? Give --app-url https://… (or set LOUPE_APP_URL).");
  return url;
}

function printerOf(args: Args, dataDir: string): PrinterSettings {
  const dir = str(args, "printer-dir");
  if (dir) {
    const checked = checkPrinterSettings({ kind: "file", dir: path.resolve(dir) });
    if (!checked.ok) throw new UsageError(checked.problems.join("; "));
    return checked.settings;
  }
  const configured = readConfig(dataDir).printer;
  if (!configured) {
    throw new UsageError(
      "No printer is set. For example: npm run kiosk -- printer --kind zebra-tcp --host 192.168.1.40 (or --printer-dir <folder> for a virtual printer).",
    );
  }
  return configured;
}

/** The kill -9 tests stop the process at a named point (never set in production). */
function crashHooks(): KioskHooks | undefined {
  const point = process.env.LOUPE_KIOSK_PAUSE_AT as CrashPoint | undefined;
  if (!point) return undefined;
  return {
    at(reached) {
      if (reached !== point) return Promise.resolve();
      process.stdout.write(`PAUSED ${reached}\n`);
      return new Promise(() => undefined);
    },
  };
}

async function askPin(): Promise<string> {
  if (process.env.LOUPE_KIOSK_PIN) return process.env.LOUPE_KIOSK_PIN;
  if (!process.stdin.isTTY) throw new UsageError("Give your PIN in LOUPE_KIOSK_PIN, or run this in a terminal.");
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await new Promise((resolve) => rl.question("PIN: ", resolve));
  } finally {
    rl.close();
  }
}

async function commandRun(args: Args, dataDir: string): Promise<void> {
  const device = readDevice(dataDir);
  const config = readConfig(dataDir);
  const running = await startKiosk({
    appUrl: appUrlOf(args, dataDir),
    dataDir,
    port: num(args, "port") ?? config.port,
    printer: printerOf(args, dataDir),
    ...(device ? { deviceToken: device.deviceToken } : {}),
    ...(str(args, "template") ? { templateId: str(args, "template")! } : {}),
    ...(crashHooks() ? { hooks: crashHooks()! } : {}),
  });
  if (!device) console.log("This kiosk is not paired yet: run `npm run kiosk -- pair`.");
  console.log(
    `Loupe kiosk ready: ${running.url} (printer: ${running.kiosk.driver.kind} ${running.kiosk.driver.where})`,
  );
  const shutdown = () => {
    void running.stop().then(() => process.exit(0));
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

async function commandPair(args: Args, dataDir: string): Promise<void> {
  const appUrl = appUrlOf(args, dataDir);
  const name = str(args, "name") ?? os.hostname();
  const { device, file } = await pair({
    appUrl,
    dataDir,
    deviceName: name,
    onCode(code, expiresAt) {
      console.log(
        `\n  Pairing code:   ${code}\n\n  In the Loupe admin, open Kiosks, type this code and confirm (valid until ${new Date(expiresAt).toLocaleTimeString()}).\n  Dans l'admin Loupe, ouvrez Postes, saisissez ce code et confirmez.\n`,
      );
    },
  });
  const config = readConfig(dataDir);
  writeConfig(dataDir, { ...config, appUrl });
  console.log(
    `Paired with ${device.shop ?? appUrl}${device.locationName ? ` (${device.locationName})` : ""}. Token stored in ${file} (mode 0600).`,
  );
}

async function commandRender(args: Args, dataDir: string): Promise<void> {
  const templateId = str(args, "template") ?? readConfig(dataDir).templateId;
  const dpi = num(args, "dpi") ?? 203;
  if (dpi !== 203 && dpi !== 300 && dpi !== 600) throw new UsageError("--dpi must be 203, 300 or 600");
  const out = str(args, "out");
  if (!out || !/\.(zpl|png)$/i.test(out)) throw new UsageError("--out must name a .zpl or .png file");
  let tag: unknown;
  if (args.flags.has("sample")) tag = sampleTagData();
  else {
    const code = str(args, "piece");
    if (!code) throw new UsageError("give --piece <tag code> or --sample");
    const device = readDevice(dataDir);
    if (!device) throw new UsageError("This kiosk is not paired: run `npm run kiosk -- pair` first (or use --sample).");
    const { validateTagCode } = await import("../app/domain/tagcode");
    const checked = validateTagCode(code);
    if (!checked.ok) throw new UsageError(`"${code}" is not a valid tag code (${checked.reason}).`);
    const found = await new AppClient({ baseUrl: device.appUrl, deviceToken: device.deviceToken }).piece(
      checked.code,
      templateId,
    );
    if (found.tag === null && found.tagError)
      throw new KioskError(
        { code: found.tagError.code, en: found.tagError.message, fr: found.tagError.messageFr },
        { status: 422 },
      );
    tag = found.tag;
  }
  const calibration = readConfig(dataDir).printer?.calibration ?? {};
  // A file to look at: an RFID piece without a serial yet shows the one it would get (provisional).
  const rendered = renderTag({ tag, templateId, dpi, calibration, language: "zpl", preview: true });
  // The PNG is made from the very ZPL that would be printed.
  const bytes = /\.png$/i.test(out)
    ? await (await import("./render/png")).zplToPng(rendered.zpl!, rendered.widthMm, rendered.heightMm, dpi)
    : rendered.bytes;
  fs.writeFileSync(out, bytes);
  console.log(`${out}: ${rendered.tagCode} on ${templateId} at ${dpi} dpi (${bytes.length} bytes)`);
  if (rendered.layout.rfidEpcHex) {
    const provisional = (tag as { content?: { rfid?: { provisional?: boolean } } }).content?.rfid?.provisional === true;
    console.log(
      `EPC (SGTIN-96) written by ^RFW: ${rendered.layout.rfidEpcHex}${provisional ? " (provisional: the piece has no serial yet; it gets one when its tag is printed with `print`, so do not send this file to a printer)" : ""}`,
    );
  }
}

async function commandPrint(args: Args, dataDir: string): Promise<void> {
  const code = str(args, "piece");
  if (!code) throw new UsageError("give --piece <tag code>");
  const device = readDevice(dataDir);
  if (!device) throw new UsageError("This kiosk is not paired: run `npm run kiosk -- pair` first.");
  const config = readConfig(dataDir);
  const kiosk = new Kiosk({
    dataDir,
    appUrl: device.appUrl,
    deviceToken: device.deviceToken,
    printer: printerOf(args, dataDir),
    templateId: config.templateId,
  });
  try {
    const { session } = await kiosk.signIn(await askPin());
    const result = await kiosk.printPiece(session, code, {
      reprint: args.flags.has("reprint"),
      source: "cli",
      ...(str(args, "template") ? { templateId: str(args, "template")! } : {}),
    });
    await kiosk.deliverPending();
    console.log(result.message.en);
    if (!result.printed) process.exitCode = 2;
  } finally {
    await kiosk.stop();
  }
}

async function commandStatus(args: Args, dataDir: string): Promise<void> {
  const config = readConfig(dataDir);
  const device = readDevice(dataDir);
  console.log(`data dir: ${dataDir}`);
  console.log(
    `paired:   ${device ? `yes (${device.shop ?? device.appUrl}${device.locationName ? `, ${device.locationName}` : ""})` : "no — run `npm run kiosk -- pair`"}`,
  );
  if (device) {
    try {
      const ctx = await new AppClient({
        baseUrl: device.appUrl,
        deviceToken: device.deviceToken,
        timeoutMs: 4000,
      }).context();
      console.log(`server:   reachable (${ctx.shopName}, ${ctx.locationName})`);
    } catch (e) {
      console.log(`server:   ${e instanceof KioskError ? e.message : String(e)}`);
    }
  }
  const settings = config.printer ?? (str(args, "printer-dir") ? printerOf(args, dataDir) : undefined);
  if (!settings) console.log("printer:  none set — see `npm run kiosk -- printer`");
  else {
    const driver = createDriver(settings);
    const status = await driver.status();
    console.log(
      `printer:  ${driver.kind} ${driver.where} at ${settings.dpi} dpi: ${status.state}${status.message ? ` — ${status.message.en}` : ""}`,
    );
  }
  const counts = Journal.peek(dataDir);
  console.log(
    `queued:   ${counts.pendingOps} operation(s) to send, ${counts.jobsToPrint} tag(s) to print, ${counts.jobsToAck} print job(s) to report`,
  );
  console.log(`template: ${config.templateId}`);
}

async function commandCalibrate(args: Args, dataDir: string): Promise<void> {
  const config = readConfig(dataDir);
  const current = printerOf(args, dataDir);
  const calibration = { ...current.calibration };
  const set = (key: "offsetXmm" | "offsetYmm" | "darkness" | "speedIps", flag: string) => {
    const v = num(args, flag);
    if (v !== undefined) calibration[key] = v;
  };
  set("offsetXmm", "offset-x");
  set("offsetYmm", "offset-y");
  set("darkness", "darkness");
  set("speedIps", "speed");
  const checked = checkPrinterSettings({
    ...current,
    calibration,
    ...(num(args, "dpi") ? { dpi: num(args, "dpi") } : {}),
  });
  if (!checked.ok) throw new UsageError(`Calibration refused: ${checked.problems.join("; ")}`);
  if (!str(args, "printer-dir")) writeConfig(dataDir, { ...config, printer: checked.settings });
  console.log(
    `Calibration for ${checked.settings.kind} at ${checked.settings.dpi} dpi: ${JSON.stringify(checked.settings.calibration)}`,
  );
  if (args.flags.has("no-print")) return;
  // A calibration print is a sample tag with the stored offsets, darkness and speed: compare
  // where the print sits on the die-cut stock, adjust the offsets, print again.
  const driver = createDriver(checked.settings);
  const rendered = renderTag({
    tag: sampleTagData(),
    templateId: str(args, "template") ?? config.templateId,
    dpi: checked.settings.dpi,
    calibration: checked.settings.calibration,
    language: driver.language,
    ...(checked.settings.kind === "escpos-tcp" ? { escposType: checked.settings.printerType } : {}),
  });
  await driver.print({
    bytes: rendered.bytes,
    name: `calibration-${Date.now()}`,
    ...(rendered.zpl ? { zpl: rendered.zpl } : {}),
    widthMm: rendered.widthMm,
    heightMm: rendered.heightMm,
    dpi: rendered.dpi,
  });
  console.log(`Calibration tag sent to ${driver.where}.`);
}

function commandPrinter(args: Args, dataDir: string): void {
  const kind = str(args, "kind");
  const input: Record<string, unknown> = { kind };
  for (const [flag, key] of [
    ["host", "host"],
    ["queue", "queue"],
    ["dir", "dir"],
    ["type", "printerType"],
    ["lp", "lpCommand"],
  ] as const) {
    const v = str(args, flag);
    if (v !== undefined) input[key] = flag === "dir" ? path.resolve(v) : v;
  }
  for (const [flag, key] of [
    ["port", "port"],
    ["dpi", "dpi"],
  ] as const) {
    const v = num(args, flag);
    if (v !== undefined) input[key] = v;
  }
  const config = readConfig(dataDir);
  if (config.printer && config.printer.kind === kind) input.calibration = config.printer.calibration;
  const checked = checkPrinterSettings(input);
  if (!checked.ok) throw new UsageError(`Printer settings refused: ${checked.problems.join("; ")}`);
  writeConfig(dataDir, { ...config, printer: checked.settings });
  console.log(`Printer set: ${JSON.stringify(checked.settings)}`);
}

export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const command = args.flags.has("help") ? "help" : (args._[0] ?? "run");
  const dataDir = path.resolve(str(args, "data-dir") ?? defaultDataDir());
  try {
    switch (command) {
      case "run":
        await commandRun(args, dataDir);
        return -1;
      case "pair":
        await commandPair(args, dataDir);
        return 0;
      case "templates":
        for (const line of templateLines()) console.log(line);
        return 0;
      case "render":
        await commandRender(args, dataDir);
        return 0;
      case "print":
        await commandPrint(args, dataDir);
        return process.exitCode === 2 ? 2 : 0;
      case "status":
        await commandStatus(args, dataDir);
        return 0;
      case "calibrate":
        await commandCalibrate(args, dataDir);
        return 0;
      case "printer":
        commandPrinter(args, dataDir);
        return 0;
      case "help":
        console.log(USAGE);
        return 0;
      default:
        console.error(`Unknown command "${command}".\n\n${USAGE}`);
        return 64;
    }
  } catch (e) {
    if (e instanceof UsageError || e instanceof ConfigError || e instanceof JournalError) {
      console.error(e.message);
      return 64;
    }
    if (e instanceof KioskError) {
      console.error(`${e.message}\n${e.fr}`);
      return 1;
    }
    throw e;
  }
}

const invokedDirectly =
  process.argv[1] !== undefined && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (invokedDirectly) {
  void main(process.argv.slice(2)).then((code) => {
    // run keeps the process alive with its server; the others end here.
    if (code >= 0) process.exit(code);
  });
}
