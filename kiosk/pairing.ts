import { formatPairingCode } from "../app/domain/kiosk/pairing";
import { AppClient, ApiRefusal, AppUnreachable } from "./api";
import { writeDevice, type DeviceFile } from "./config";
import { kioskError } from "./messages";

export interface PairOptions {
  appUrl: string;
  dataDir: string;
  deviceName: string;
  /** Shows the code to the person (the CLI prints it large). */
  onCode: (shownCode: string, expiresAt: string) => void;
  pollIntervalMs?: number;
  signal?: AbortSignal;
}

/**
 * `kiosk pair`: asks the app for a one-time code, shows it, waits until a manager confirms it in
 * the admin (/app/kiosks), then stores the device token in the data directory (0600).
 * A lost connection while waiting is retried; an expired code ends with a clear message.
 */
export async function pair(options: PairOptions): Promise<{ device: DeviceFile; file: string }> {
  const client = new AppClient({ baseUrl: options.appUrl });
  const started = await client.pairStart(options.deviceName);
  options.onCode(formatPairingCode(started.code.replace(/-/g, "")), started.expiresAt);
  const interval = options.pollIntervalMs ?? 2000;
  for (;;) {
    if (options.signal?.aborted) throw new Error("pairing cancelled");
    if (Date.now() > Date.parse(started.expiresAt) + 30_000) throw kioskError("PAIRING_EXPIRED");
    try {
      const answer = await client.pairPoll(started.code, started.pollSecret);
      if (answer.status === "paired") {
        const device: DeviceFile = {
          appUrl: options.appUrl,
          deviceToken: answer.deviceToken,
          deviceId: answer.deviceId,
          shop: answer.shop,
          shopifyLocationGid: answer.shopifyLocationGid,
          locationName: answer.locationName,
        };
        const file = writeDevice(options.dataDir, device);
        return { device, file };
      }
    } catch (e) {
      if (e instanceof ApiRefusal && e.httpStatus === 410) throw kioskError("PAIRING_EXPIRED");
      if (!(e instanceof AppUnreachable)) throw e;
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}
