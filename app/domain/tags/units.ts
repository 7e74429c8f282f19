export type Dpi = 203 | 300 | 600;

export const SUPPORTED_DPI: readonly Dpi[] = [203, 300, 600];

/** Zebra heads are 8, 12 and 24 dots per mm; "203/300/600 dpi" are the rounded names. */
export function dotsPerMm(dpi: Dpi): number {
  switch (dpi) {
    case 203:
      return 8;
    case 300:
      return 12;
    case 600:
      return 24;
  }
}

export function mmToDots(mm: number, dpi: Dpi): number {
  return Math.round(mm * dotsPerMm(dpi));
}

/** Rounds down so that a size derived from a zone never exceeds the zone. */
export function mmToDotsFloor(mm: number, dpi: Dpi): number {
  return Math.floor(mm * dotsPerMm(dpi) + 1e-9);
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function rectInside(inner: Rect, outer: Rect): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.width <= outer.x + outer.width &&
    inner.y + inner.height <= outer.y + outer.height
  );
}

export function rectsOverlap(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}
