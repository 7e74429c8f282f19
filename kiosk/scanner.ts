/**
 * Keyboard-wedge scanners type a code as a burst of keystrokes a few milliseconds apart, ending
 * with Enter; people type much slower. The detector watches every keystroke on the page (a
 * global listener, so a scan works with no field focused) and reports a burst once Enter ends it.
 *
 * The code is kept as one plain-JavaScript source: the page embeds exactly this text, and the
 * unit tests evaluate the same text, so what is tested is what runs in the browser.
 */
export const SCANNER_SOURCE = String.raw`
function createScannerDetector(options) {
  var maxGapMs = (options && options.maxGapMs) || 50;
  var minLength = (options && options.minLength) || 4;
  var buffer = "";
  var startedAt = 0;
  var lastAt = -Infinity;
  return {
    /** key: KeyboardEvent.key; at: ms. Returns the scanned code when a burst ends, else null. */
    key: function (key, at) {
      if (at - lastAt > maxGapMs) {
        buffer = "";
        startedAt = at;
      }
      lastAt = at;
      if (key === "Enter") {
        var code = buffer;
        buffer = "";
        lastAt = -Infinity;
        return code.length >= minLength ? code : null;
      }
      if (key.length === 1) {
        if (buffer === "") startedAt = at;
        buffer += key;
      } else if (key !== "Shift") {
        // Arrows, Tab, Backspace…: a person at the keyboard, not a scanner.
        buffer = "";
      }
      return null;
    },
    /** True while keystrokes arrive at scanner speed (the page holds them back from fields). */
    inBurst: function (at) {
      return buffer.length >= 2 && at - lastAt <= maxGapMs;
    },
    pending: function () {
      return buffer;
    },
    startedAt: function () {
      return startedAt;
    },
  };
}
`;

export interface ScannerDetector {
  key(key: string, at: number): string | null;
  inBurst(at: number): boolean;
  pending(): string;
  startedAt(): number;
}

export function createScannerDetector(options: { maxGapMs?: number; minLength?: number } = {}): ScannerDetector {
  const factory = new Function(`${SCANNER_SOURCE}; return createScannerDetector;`)() as (
    o: typeof options,
  ) => ScannerDetector;
  return factory(options);
}
