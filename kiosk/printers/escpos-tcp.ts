import type { z } from "zod";
import { bilingual } from "../messages";
import type { escposTcpSettings } from "./settings";
import { ask, RawTcpPrinter } from "./tcp";
import type { PrinterDriver, PrinterStatus } from "./types";

type Settings = z.infer<typeof escposTcpSettings>;

/** DLE EOT 4: roll paper sensor status; bits 5 and 6 set = paper end. */
const PAPER_SENSOR_QUERY = Buffer.from([0x10, 0x04, 0x04]);

/** Receipt-style printers (Epson / Star) over raw TCP; bytes from kiosk/render's toEscPos. */
export class EscPosTcpDriver extends RawTcpPrinter implements PrinterDriver {
  readonly kind = "escpos-tcp";
  readonly language = "escpos" as const;
  protected readonly sendTimeoutMs = 10_000;

  constructor(private readonly settings: Settings) {
    super(settings);
  }

  protected statusOn(socket: import("node:net").Socket): Promise<PrinterStatus> {
    return this.paperStatus(socket);
  }

  private async paperStatus(socket: import("node:net").Socket): Promise<PrinterStatus> {
    // Without the status option the open connection is all we know.
    if (!this.settings.checkStatus) return { state: "ready" };
    const { answer } = await ask(socket, PAPER_SENSOR_QUERY, (a) => a.length >= 1, this.settings.statusTimeoutMs);
    const byte = answer[0];
    // A status byte always has bit 4 set and bits 0, 1 and 7 clear.
    if (byte === undefined || (byte & 0x93) !== 0x12) {
      return { state: "error", message: bilingual("PRINTER_STATUS_GARBLED", { where: this.where }) };
    }
    if ((byte & 0x60) === 0x60) return { state: "paper-out", message: bilingual("PRINTER_PAPER_OUT") };
    return { state: "ready" };
  }
}
