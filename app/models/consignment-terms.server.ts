// A consigned piece's terms and consignor changed after intake. Only while the consignment is open: the update
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

/**
 * A consigned piece's consignor changed after intake, only while the consignment is open (neither
 * settled nor returned): false otherwise, and nothing is written.
 */
export async function updateOpenConsignor(
  tx: Tx,
  shopId: string,
  pieceId: string,
  consignorId: string,
): Promise<boolean> {
  const updated = await tx.consignment.updateMany({
    where: { shopId, pieceId, settledAt: null, returnedAt: null },
    data: { consignorId },
  });
  return updated.count === 1;
}
