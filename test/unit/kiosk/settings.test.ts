import { describe, expect, test } from "vitest";
import { checkPrinterSettings, lpArguments } from "../../../kiosk/printers";

describe("printer settings", () => {
  test("a Zebra on TCP gets port 9100, 3 s timeouts, status checks and 203 dpi by default", () => {
    const r = checkPrinterSettings({ kind: "zebra-tcp", host: "192.168.1.40" });
    expect(r).toEqual({
      ok: true,
      settings: {
        kind: "zebra-tcp",
        host: "192.168.1.40",
        port: 9100,
        connectTimeoutMs: 3000,
        statusTimeoutMs: 3000,
        checkStatus: true,
        dpi: 203,
        calibration: {},
      },
    });
  });

  test.each([
    [{ kind: "zebra-tcp" }, "host"],
    [{ kind: "zebra-tcp", host: "printer; rm -rf /" }, "host"],
    [{ kind: "zebra-tcp", host: "10.0.0.2", port: 70000 }, "port"],
    [{ kind: "zebra-tcp", host: "10.0.0.2", dpi: 250 }, "dpi must be 203, 300 or 600"],
    [{ kind: "zebra-tcp", host: "10.0.0.2", connectTimeoutMs: 0 }, "connectTimeoutMs"],
    [{ kind: "cups", queue: "my printer" }, "queue is a CUPS printer name"],
    [{ kind: "file" }, "dir"],
    [{ kind: "escpos-tcp", host: "10.0.0.3", printerType: "citizen" }, "printerType"],
    [{ kind: "laser" }, "kind"],
    [{ kind: "zebra-tcp", host: "10.0.0.2", colour: "red" }, "colour"],
    [
      { kind: "zebra-tcp", host: "10.0.0.2", calibration: { darkness: 31 } },
      "darkness must be a whole number from 0 to 30",
    ],
    [{ kind: "zebra-tcp", host: "10.0.0.2", calibration: { offsetYmm: -6 } }, "offsetYmm must be between -5 and 10 mm"],
    [{ kind: "zebra-tcp", host: "10.0.0.2", calibration: { speedIps: 2.5 } }, "speedIps"],
  ])("refuses %j naming the problem", (input, problem) => {
    const r = checkPrinterSettings(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.join(" | ")).toContain(problem);
  });

  test("accepts a full calibration within range", () => {
    const r = checkPrinterSettings({
      kind: "file",
      dir: "/tmp/x",
      dpi: 300,
      calibration: { offsetXmm: -1.5, offsetYmm: 0.4, darkness: 22, speedIps: 3 },
    });
    expect(r.ok).toBe(true);
  });

  test("lp is asked for a raw job on the named queue", () => {
    expect(lpArguments("ZD421", "7K3QX9M-1a2b3c4d")).toEqual(["-d", "ZD421", "-o", "raw", "-t", "7K3QX9M-1a2b3c4d"]);
  });
});
