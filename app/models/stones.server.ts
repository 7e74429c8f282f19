// The stones set in a piece, in the order the piece lists them. Every call takes the shop.
import type { Tx } from "../db.server";
import { insertRows, newRowId } from "./bulk-insert.server";

export type NewStoneRow = {
  type: string;
  origin: string;
  shape?: string | null;
  millicarats: number;
  count?: number;
  colour?: string | null;
  clarity?: string | null;
  cutGrade?: string | null;
  measurements?: string | null;
  treatment?: string | null;
  position?: string;
  /** The piece's certificate that grades this stone. */
  certificateId?: string | null;
};

const stoneRow = (shopId: string, pieceId: string, s: NewStoneRow, sortOrder: number) => ({
  shopId,
  pieceId,
  type: s.type,
  origin: s.origin,
  shape: s.shape ?? null,
  millicarats: s.millicarats,
  count: s.count ?? 1,
  colour: s.colour ?? null,
  clarity: s.clarity ?? null,
  cutGrade: s.cutGrade ?? null,
  measurements: s.measurements ?? null,
  treatment: s.treatment ?? null,
  position: s.position ?? "centre",
  certificateId: s.certificateId ?? null,
  sortOrder,
});

/** Writes the stones one by one; each one's place in the list is its sort order. */
export async function insertStones(tx: Tx, shopId: string, pieceId: string, stones: readonly NewStoneRow[]) {
  for (const [i, s] of stones.entries()) await tx.stone.create({ data: stoneRow(shopId, pieceId, s, i) });
}

/** The stones of many pieces in one statement; each one's place in its piece's list is its sort order. */
export async function insertStonesOfPieces(
  tx: Tx,
  shopId: string,
  pieces: readonly { pieceId: string; stones: readonly NewStoneRow[] }[],
): Promise<void> {
  await insertRows(
    tx,
    "Stone",
    pieces.flatMap((p) => p.stones.map((s, i) => ({ id: newRowId(), ...stoneRow(shopId, p.pieceId, s, i) }))),
  );
}

/** Removes a piece's stones (an edit writes the new list after). */
export async function deleteStones(tx: Tx, shopId: string, pieceId: string): Promise<void> {
  await tx.stone.deleteMany({ where: { shopId, pieceId } });
}
