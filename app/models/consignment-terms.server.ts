// A consigned piece's terms changed after intake. Only while the consignment is open: the update
// matches a row neither settled nor returned, so a settlement written meanwhile wins.
import type { Tx } from "../db.server";

export type ConsignmentTermsRow = {
  commissionBp: number | null;
  agreedNetMinor: bigint | null;
  dueAt: Date | null;
  returnConditions: string | null;
};

/** False when the piece has no open consignment (none, settled or returned). */
export async function updateOpenConsignmentTerms(
  tx: Tx,
  shopId: string,
  pieceId: string,
  terms: ConsignmentTermsRow,
): Promise<boolean> {
  const updated = await tx.consignment.updateMany({
    where: { shopId, pieceId, settledAt: null, returnedAt: null },
    data: terms,
  });
  return updated.count === 1;
}
