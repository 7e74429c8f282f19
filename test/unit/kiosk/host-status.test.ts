import { describe, expect, test } from "vitest";
import { parseHostStatus, statusFromHostStatus } from "../../../kiosk/printers";

const answer = (s1: string, s2 = "001,0,0,0,0,2,4,0,00000000,1,000", s3 = "1234,0") =>
  `\x02${s1}\x03\r\n\x02${s2}\x03\r\n\x02${s3}\x03\r\n`;

describe("Zebra ~HS host status", () => {
  test("reads paper out, pause, label length, formats waiting, head up and ribbon out from the three strings", () => {
    const r = parseHostStatus(answer("030,1,1,0104,002,0,0,0,000,0,0,0", "001,0,1,1,1,2,4,0,00000003,1,000"));
    expect(r).toEqual({
      ok: true,
      status: {
        paperOut: true,
        paused: true,
        labelLengthDots: 104,
        formatsInBuffer: 2,
        bufferFull: false,
        partialFormat: false,
        corruptRam: false,
        underTemperature: false,
        overTemperature: false,
        headUp: true,
        ribbonOut: true,
        thermalTransfer: true,
        labelsRemaining: 3,
      },
    });
  });

  test.each([
    ["ready", "030,0,0,0104,000,0,0,0,000,0,0,0", "001,0,0,0,0,2,4,0,00000000,1,000", "ready"],
    ["paper out", "030,1,0,0104,000,0,0,0,000,0,0,0", "001,0,0,0,0,2,4,0,00000000,1,000", "paper-out"],
    [
      "head open wins over paper out",
      "030,1,0,0104,000,0,0,0,000,0,0,0",
      "001,0,1,0,0,2,4,0,00000000,1,000",
      "head-open",
    ],
    ["paused", "030,0,1,0104,000,0,0,0,000,0,0,0", "001,0,0,0,0,2,4,0,00000000,1,000", "paused"],
    [
      "ribbon out in thermal transfer mode",
      "030,0,0,0104,000,0,0,0,000,0,0,0",
      "001,0,0,1,1,2,4,0,00000000,1,000",
      "ribbon-out",
    ],
    [
      "ribbon sensor ignored in direct thermal mode",
      "030,0,0,0104,000,0,0,0,000,0,0,0",
      "001,0,0,1,0,2,4,0,00000000,1,000",
      "ready",
    ],
  ])("%s", (_name, s1, s2, state) => {
    const r = parseHostStatus(answer(s1, s2));
    if (!r.ok) throw new Error(r.reason);
    const status = statusFromHostStatus(r.status);
    expect(status.state).toBe(state);
    if (state !== "ready") expect(status.message?.fr).toBeTruthy();
  });

  test("tolerates spaces after commas", () => {
    expect(parseHostStatus(answer("030, 0, 0, 0104, 000, 0, 0, 0, 000, 0, 0, 0")).ok).toBe(true);
  });

  test.each([
    ["nothing", ""],
    ["an HTTP answer", "HTTP/1.1 400 Bad Request\r\n\r\n"],
    ["only two strings", "\x02030,0,0,0104,000,0,0,0,000,0,0,0\x03\r\n\x02001,0,0,0,0,2,4,0,00000000,1,000\x03\r\n"],
    ["too few fields", answer("030,0,0,0104")],
    ["letters in a field", answer("030,0,X,0104,000,0,0,0,000,0,0,0")],
    ["a flag that is not 0 or 1", answer("030,7,0,0104,000,0,0,0,000,0,0,0")],
  ])("refuses %s", (_name, text) => {
    expect(parseHostStatus(text).ok).toBe(false);
  });
});
