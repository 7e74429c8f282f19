import type { z } from "zod";
import { bilingual, KioskError } from "../messages";
import { parseHostStatus, hostStatusFrames, type HostStatus } from "./host-status";
import type { zebraTcpSettings } from "./settings";
import { ask, connect, seconds, sendAll } from "./tcp";
import type { PrintPayload, PrinterDriver, PrinterStatus } from "./types";

type Settings = z.infer<typeof zebraTcpSettings>;

export function statusFromHostStatus(hs: HostStatus): PrinterStatus {
  // Order: what the person must fix first.
  if (hs.headUp) return { state: "head-open", message: bilingual("PRINTER_HEAD_OPEN") };
  if (hs.paperOut) return { state: "paper-out", message: bilingual("PRINTER_PAPER_OUT") };
  if (hs.ribbonOut && hs.thermalTransfer) return { state: "ribbon-out", message: bilingual("PRINTER_RIBBON_OUT") };
  if (hs.paused) return { state: "paused", message: bilingual("PRINTER_PAUSED") };
  return { state: "ready" };
}

/**
 * ZPL over raw TCP (port 9100). The socket opening says nothing about paper or the head, so each
 * job first asks `~HS` on the same connection and prints only when the answer says ready.
 */
export class ZebraTcpDriver implements PrinterDriver {
  readonly kind = "zebra-tcp";
  readonly language = "zpl" as const;
  readonly where: string;

  constructor(private readonly settings: Settings) {
    this.where = `${settings.host}:${settings.port}`;
  }

  async status(): Promise<PrinterStatus> {
    let socket;
    try {
      socket = await connect(this.settings.host, this.settings.port, this.settings.connectTimeoutMs);
    } catch (e) {
      return offline(e);
    }
    try {
      return await this.hostStatus(socket);
    } finally {
      socket.destroy();
    }
  }

  async print(job: PrintPayload): Promise<void> {
    const socket = await connect(this.settings.host, this.settings.port, this.settings.connectTimeoutMs);
    try {
      if (this.settings.checkStatus) {
        const status = await this.hostStatus(socket);
        if (status.state !== "ready") throw new KioskError(status.message ?? bilingual("PRINTER_PAUSED"), { status: 503, transient: true });
      }
      await sendAll(socket, job.bytes, this.where, Math.max(5000, this.settings.statusTimeoutMs));
    } finally {
      socket.destroy();
    }
  }

  private async hostStatus(socket: import("node:net").Socket): Promise<PrinterStatus> {
    const { answer, complete, closed } = await ask(
      socket,
      "~HS",
      // Anything not starting with <STX> cannot become a status: stop waiting at once.
      (a) => hostStatusFrames(a.toString("latin1")).length >= 3 || (a.length > 0 && a[0] !== 0x02) || a.length > 4096,
      this.settings.statusTimeoutMs,
    );
    if (!complete && answer.length === 0) {
      const msg = bilingual("PRINTER_STATUS_TIMEOUT", { where: this.where, seconds: seconds(this.settings.statusTimeoutMs) });
      return { state: closed ? "error" : "offline", message: msg };
    }
    const parsed = parseHostStatus(answer.toString("latin1"));
    if (!parsed.ok) return { state: "error", message: bilingual("PRINTER_STATUS_GARBLED", { where: this.where }) };
    return statusFromHostStatus(parsed.status);
  }
}

export function offline(e: unknown): PrinterStatus {
  if (e instanceof KioskError) return { state: "offline", message: { code: e.code, en: e.message, fr: e.fr } };
  throw e;
}
