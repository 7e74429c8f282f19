import type { z } from "zod";
import { bilingual } from "../messages";
import { parseHostStatus, hostStatusFrames, type HostStatus } from "./host-status";
import type { zebraTcpSettings } from "./settings";
import { ask, RawTcpPrinter, seconds } from "./tcp";
import type { PrinterDriver, PrinterStatus } from "./types";

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
export class ZebraTcpDriver extends RawTcpPrinter implements PrinterDriver {
  readonly kind = "zebra-tcp";
  readonly language = "zpl" as const;
  protected readonly sendTimeoutMs: number;

  constructor(private readonly settings: Settings) {
    super(settings);
    this.sendTimeoutMs = Math.max(5000, settings.statusTimeoutMs);
  }

  protected async statusOn(socket: import("node:net").Socket, purpose: "status" | "print"): Promise<PrinterStatus> {
    // The status command always asks; a job asks only when the settings say so.
    if (purpose === "print" && !this.settings.checkStatus) return { state: "ready" };
    return this.hostStatus(socket);
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
      const msg = bilingual("PRINTER_STATUS_TIMEOUT", {
        where: this.where,
        seconds: seconds(this.settings.statusTimeoutMs),
      });
      return { state: closed ? "error" : "offline", message: msg };
    }
    const parsed = parseHostStatus(answer.toString("latin1"));
    if (!parsed.ok) return { state: "error", message: bilingual("PRINTER_STATUS_GARBLED", { where: this.where }) };
    return statusFromHostStatus(parsed.status);
  }
}
