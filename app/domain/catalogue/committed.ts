// Units Shopify holds as `committed` (sold on an order not yet fulfilled) and the open order lines
// they belong to. When Loupe makes pieces from the catalogue it makes one for each such unit and
// records it sold to its line, as if the order had arrived after the piece: the order's fulfilment,
// cancellation or refund then finds its piece like any sale Loupe saw. Pure: no IO.

/** An open order's line, as read from Shopify when pieces are made. */
export type OpenOrderLine = {
  orderGid: string;
  orderName: string;
  createdAt: string;
  updatedAt: string;
  currency: string;
  sourceName: string | null;
  customerGid: string | null;
  lineGid: string;
  variantGid: string;
  /** The till's location for a point-of-sale order; null for an online order (location unknown without fulfilment-order access). */
  locationGid: string | null;
  /** Ordered less removed or refunded. */
  currentQuantity: number;
  /** Still to fulfil: these units are the ones Shopify counts as committed. */
  unfulfilledQuantity: number;
  /** Unit price as Shopify sold it, a decimal string in `currency`. */
  price: string;
};

/** A variant's committed units at one Shopify location, with the level's key. */
export type CommittedLevel = { key: string; variantGid: string; shopifyLocationGid: string; committed: number };

export type CommittedAssignment = { levelKey: string; line: OpenOrderLine; units: number };

/**
 * How many of a line's unfulfilled units have no piece yet. Loupe's sales of a line (unrefunded)
 * cover its fulfilled units first (those left the shop with a piece), then its unfulfilled ones.
 */
export function unitsWithoutPiece(line: Pick<OpenOrderLine, "currentQuantity" | "unfulfilledQuantity">, sold: number) {
  const fulfilled = Math.max(0, line.currentQuantity - line.unfulfilledQuantity);
  const coveringUnfulfilled = Math.max(0, sold - fulfilled);
  return Math.max(0, line.unfulfilledQuantity - coveringUnfulfilled);
}

/**
 * Which levels' committed units go to which open lines, oldest order first. A line counts against
 * the level at its own location first; a line with no known location (an online order) against any
 * level of its variant with committed units left. A unit already sold to its line by Loupe uses up
 * the level's committed units without a new piece; `unmatched` is what is committed at a level with
 * no open line Loupe could read for it (an order older than Shopify lets an app read, or a read that
 * failed): no piece is made for those.
 */
export function assignCommitted(
  levels: readonly CommittedLevel[],
  lines: readonly OpenOrderLine[],
  soldByLine: ReadonlyMap<string, number>,
): { assignments: CommittedAssignment[]; unmatched: Map<string, number> } {
  const left = new Map(levels.filter((l) => l.committed > 0).map((l) => [l.key, l.committed]));
  const levelsOf = new Map<string, CommittedLevel[]>();
  for (const l of levels) if (l.committed > 0) levelsOf.set(l.variantGid, [...(levelsOf.get(l.variantGid) ?? []), l]);
  const ordered = [...lines].sort(
    (a, b) => a.createdAt.localeCompare(b.createdAt) || a.lineGid.localeCompare(b.lineGid),
  );
  const assignments: CommittedAssignment[] = [];
  const place = (line: OpenOrderLine, candidates: CommittedLevel[]) => {
    const sold = soldByLine.get(line.lineGid) ?? 0;
    let covered = line.unfulfilledQuantity - unitsWithoutPiece(line, sold);
    let needed = unitsWithoutPiece(line, sold);
    for (const level of candidates) {
      let room = left.get(level.key) ?? 0;
      const usedByCovered = Math.min(room, covered);
      covered -= usedByCovered;
      room -= usedByCovered;
      const units = Math.min(room, needed);
      needed -= units;
      room -= units;
      left.set(level.key, room);
      if (units > 0) assignments.push({ levelKey: level.key, line, units });
      if (covered === 0 && needed === 0) break;
    }
  };
  // Lines at a known location first, so an online order does not take a till's committed units.
  for (const line of ordered) {
    if (!line.locationGid) continue;
    const own = (levelsOf.get(line.variantGid) ?? []).filter((l) => l.shopifyLocationGid === line.locationGid);
    place(line, own);
  }
  for (const line of ordered) {
    if (line.locationGid) continue;
    place(line, levelsOf.get(line.variantGid) ?? []);
  }
  const unmatched = new Map([...left].filter(([, n]) => n > 0));
  return { assignments, unmatched };
}
