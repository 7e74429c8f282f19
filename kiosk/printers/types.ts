import type { Dpi } from "../../app/domain/tags";
import type { Bilingual } from "../messages";

export type PrinterState = "ready" | "paper-out" | "head-open" | "paused" | "ribbon-out" | "offline" | "error";

export interface PrinterStatus {
  state: PrinterState;
  /** What to tell the person at the counter when the state is not "ready". */
  message?: Bilingual;
}

/** What a driver receives: the bytes in its language, plus what a virtual printer keeps. */
export interface PrintPayload {
  bytes: Buffer;
  /** File-safe name for the job: `<tag code>-<job id>`. */
  name: string;
  /** The ZPL the bytes were made from (ZPL printers), for the virtual printer's .zpl and .png. */
  zpl?: string;
  widthMm: number;
  heightMm: number;
  dpi: Dpi;
}

export interface PrinterDriver {
  readonly kind: string;
  readonly language: "zpl" | "escpos";
  /** Human description for messages: "192.168.1.40:9100", "CUPS queue ZD421"… */
  readonly where: string;
  status(): Promise<PrinterStatus>;
  /** Resolves once the printer (or the OS spooler) has taken every byte; throws KioskError. */
  print(job: PrintPayload): Promise<void>;
}
