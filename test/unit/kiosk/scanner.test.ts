import { describe, expect, test } from "vitest";
import { createScannerDetector, SCANNER_SOURCE } from "../../../kiosk/scanner";
import { pageHtml } from "../../../kiosk/page";

function type(
  detector: ReturnType<typeof createScannerDetector>,
  keys: string[],
  start: number,
  gapMs: number,
): (string | null)[] {
  return keys.map((k, i) => detector.key(k, start + i * gapMs));
}

describe("scanner burst detector", () => {
  test("a burst of fast keystrokes ending with Enter is a scan", () => {
    const d = createScannerDetector();
    const out = type(d, [..."7K3QX9M", "Enter"], 1000, 8);
    expect(out.at(-1)).toBe("7K3QX9M");
    expect(out.slice(0, -1).every((x) => x === null)).toBe(true);
  });

  test("a person typing the same code slowly is not a scan", () => {
    const d = createScannerDetector();
    expect(type(d, [..."7K3QX9M", "Enter"], 1000, 180).at(-1)).toBeNull();
  });

  test("a pause inside the burst starts over: only the fast tail counts", () => {
    const d = createScannerDetector();
    type(d, [..."AB"], 0, 10);
    expect(type(d, [..."7K3QX9M", "Enter"], 500, 10).at(-1)).toBe("7K3QX9M");
  });

  test("Enter after too few characters is an ordinary Enter", () => {
    const d = createScannerDetector({ minLength: 4 });
    expect(type(d, [..."12", "Enter"], 0, 5).at(-1)).toBeNull();
  });

  test("Shift inside a burst (scanners send it for capitals) is ignored; other control keys break it", () => {
    const d = createScannerDetector();
    expect(type(d, ["Shift", "A", "Shift", "B", "C", "D", "Enter"], 0, 5).at(-1)).toBe("ABCD");
    expect(type(d, ["A", "B", "Backspace", "C", "D", "Enter"], 100, 5).at(-1)).toBeNull();
  });

  test("the page embeds exactly the tested source with a global keydown listener", () => {
    const html = pageHtml();
    expect(html).toContain(SCANNER_SOURCE);
    expect(html).toMatch(/document\.addEventListener\("keydown"/);
  });
});
