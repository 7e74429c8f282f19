import { CupsDriver } from "./cups";
import { EscPosTcpDriver } from "./escpos-tcp";
import { FilePrinterDriver } from "./file";
import type { PrinterSettings } from "./settings";
import type { PrinterDriver } from "./types";
import { ZebraTcpDriver } from "./zebra-tcp";

export * from "./types";
export * from "./settings";
export * from "./host-status";
export { lpArguments } from "./cups";
export { statusFromHostStatus } from "./zebra-tcp";

export function createDriver(settings: PrinterSettings): PrinterDriver {
  switch (settings.kind) {
    case "zebra-tcp":
      return new ZebraTcpDriver(settings);
    case "cups":
      return new CupsDriver(settings);
    case "file":
      return new FilePrinterDriver(settings);
    case "escpos-tcp":
      return new EscPosTcpDriver(settings);
  }
}
