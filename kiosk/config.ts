import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { findTemplate } from "../app/domain/tags";
import { checkPrinterSettings, type PrinterSettings } from "./printers";

/**
 * The kiosk's data directory holds everything it keeps:
 *   device.json   the device token from pairing (0600: it is the kiosk's password)
 *   config.json   printer settings and calibration, template, port, app URL
 *   journal.jsonl the durable queue (see journal.ts)
 *   cache.json    context and today's receiving pieces, for offline intake
 */
export function defaultDataDir(): string {
  return process.env.LOUPE_KIOSK_DATA_DIR ?? path.join(os.homedir(), ".loupe-kiosk");
}

export const deviceSchema = z.object({
  appUrl: z.string().url(),
  deviceToken: z.string().min(16),
  deviceId: z.string().optional(),
  shop: z.string().optional(),
  shopifyLocationGid: z.string().optional(),
  locationName: z.string().optional(),
});

export type DeviceFile = z.infer<typeof deviceSchema>;

export const configSchema = z.object({
  appUrl: z.string().url().optional(),
  port: z.number().int().min(1).max(65535).default(8787),
  templateId: z
    .string()
    .default("barbell-56x13")
    .refine((id) => findTemplate(id) !== undefined, { message: "unknown template" }),
  printer: z.unknown().optional(),
});

export interface KioskConfig {
  appUrl?: string;
  port: number;
  templateId: string;
  printer?: PrinterSettings;
}

export class ConfigError extends Error {}

export function readDevice(dataDir: string): DeviceFile | null {
  const file = path.join(dataDir, "device.json");
  if (!fs.existsSync(file)) return null;
  const parsed = deviceSchema.safeParse(JSON.parse(fs.readFileSync(file, "utf8")));
  if (!parsed.success) throw new ConfigError(`${file} is damaged: pair again (npm run kiosk -- pair).`);
  return parsed.data;
}

/** Written to a temporary file with mode 0600, fsync'd, then renamed: never half a token. */
export function writeDevice(dataDir: string, device: DeviceFile): string {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, "device.json");
  writePrivateFile(file, JSON.stringify(device, null, 2) + "\n");
  return file;
}

export function writePrivateFile(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, "w", 0o600);
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  // The mode given to open is reduced by the umask; set it outright.
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
}

export function readConfig(dataDir: string): KioskConfig {
  const file = path.join(dataDir, "config.json");
  const raw = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as unknown) : {};
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success)
    throw new ConfigError(`${file}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  let printer: PrinterSettings | undefined;
  if (parsed.data.printer !== undefined) {
    const checked = checkPrinterSettings(parsed.data.printer);
    if (!checked.ok) throw new ConfigError(`${file}: printer settings are wrong: ${checked.problems.join("; ")}`);
    printer = checked.settings;
  }
  return {
    port: parsed.data.port,
    templateId: parsed.data.templateId,
    ...(parsed.data.appUrl ? { appUrl: parsed.data.appUrl } : {}),
    ...(printer ? { printer } : {}),
  };
}

export function writeConfig(dataDir: string, config: KioskConfig): void {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  writePrivateFile(path.join(dataDir, "config.json"), JSON.stringify(config, null, 2) + "\n");
}
