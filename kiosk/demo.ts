import type http from "node:http";
import { writeConfig, writeDevice, readConfig } from "./config";
import { Kiosk, type KioskHooks } from "./kiosk";
import { checkPrinterSettings, type PrinterSettingsInput } from "./printers";
import { createKioskServer, listen } from "./server";

export interface StartKioskOptions {
  appUrl: string;
  dataDir: string;
  /** 0 picks a free port. */
  port: number;
  printer: PrinterSettingsInput;
  /** Pre-paired device token (the demo creates the device on the app side). */
  deviceToken?: string;
  templateId?: string;
  pollIntervalMs?: number;
  hooks?: KioskHooks;
  /** The clock idle sign-out reads (tests move it). */
  now?: () => number;
}

export interface RunningKiosk {
  url: string;
  port: number;
  kiosk: Kiosk;
  server: http.Server;
  stop(): Promise<void>;
}

/**
 * Starts a kiosk in this process: the engine's loops plus the counter page on 127.0.0.1.
 * Used by `npm run kiosk` (run), the demo launcher and the tests.
 */
export async function startKiosk(options: StartKioskOptions): Promise<RunningKiosk> {
  const checked = checkPrinterSettings(options.printer);
  if (!checked.ok) throw new Error(`Printer settings are wrong: ${checked.problems.join("; ")}`);
  if (options.deviceToken) writeDevice(options.dataDir, { appUrl: options.appUrl, deviceToken: options.deviceToken });
  const previous = readConfig(options.dataDir);
  const templateId = options.templateId ?? previous.templateId;
  writeConfig(options.dataDir, {
    ...previous,
    appUrl: options.appUrl,
    port: options.port || previous.port,
    templateId,
    printer: checked.settings,
  });
  const kiosk = new Kiosk({
    dataDir: options.dataDir,
    appUrl: options.appUrl,
    ...(options.deviceToken ? { deviceToken: options.deviceToken } : {}),
    printer: checked.settings,
    templateId,
    ...(options.pollIntervalMs ? { pollIntervalMs: options.pollIntervalMs } : {}),
    ...(options.hooks ? { hooks: options.hooks } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const server = createKioskServer(kiosk);
  let port: number;
  try {
    port = await listen(server, options.port);
  } catch (e) {
    await kiosk.stop();
    throw e;
  }
  kiosk.start();
  return {
    url: `http://localhost:${port}/`,
    port,
    kiosk,
    server,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await kiosk.stop();
    },
  };
}
