import fs from "node:fs";
import path from "node:path";
import type { z } from "zod";
import { kioskError } from "../messages";
import type { fileSettings } from "./settings";
import type { PrintPayload, PrinterDriver, PrinterStatus } from "./types";

type Settings = z.infer<typeof fileSettings>;

/**
 * A virtual printer: each tag becomes `<name>.zpl` (the exact bytes a Zebra would get) and
 * `<name>.png` (rendered from those bytes) in a folder. For demos, tests and trying templates.
 */
export class FilePrinterDriver implements PrinterDriver {
  readonly kind = "file";
  readonly language = "zpl" as const;
  readonly where: string;

  constructor(private readonly settings: Settings) {
    this.where = settings.dir;
  }

  async status(): Promise<PrinterStatus> {
    try {
      fs.mkdirSync(this.settings.dir, { recursive: true });
      fs.accessSync(this.settings.dir, fs.constants.W_OK);
      return { state: "ready" };
    } catch (e) {
      return {
        state: "offline",
        message: kioskError("PRINTER_WRITE_FAILED", {
          detail: `${this.settings.dir}: ${(e as NodeJS.ErrnoException).code}`,
        }).toBilingual(),
      };
    }
  }

  async print(job: PrintPayload): Promise<void> {
    try {
      fs.mkdirSync(this.settings.dir, { recursive: true });
      const base = path.join(this.settings.dir, job.name);
      // The PNG is rendered first: a file appearing means the whole tag is there.
      // Loaded on first use: the renderer's WebAssembly costs memory a real printer never needs.
      const png =
        this.settings.png && job.zpl
          ? await (await import("../render/png")).zplToPng(job.zpl, job.widthMm, job.heightMm, job.dpi)
          : null;
      if (png) fs.writeFileSync(base + ".png", png);
      fs.writeFileSync(base + (job.zpl ? ".zpl" : ".bin"), job.bytes);
    } catch (e) {
      throw kioskError(
        "PRINTER_WRITE_FAILED",
        { detail: `${this.settings.dir}: ${(e as NodeJS.ErrnoException).code ?? String(e)}` },
        { status: 503, transient: true },
      );
    }
  }
}
