// A piece received through the intake service (the same transaction, ledger and audit rows as the
// form); defaults to a bare piece in EUR with no metal, stone or certificate.
import type { Actor } from "../../app/models/actor";
import type { CreatePieceOptions, NewPiece } from "../../app/services/catalog/intake.server";
import { loadApp } from "../integration/helpers/app";
import { SEED_ACTOR } from "./actors";

export type PieceHow = {
  actor?: Actor;
  reason?: string;
  /** Its details still to enter, as a piece made from the shop's Shopify catalogue (Piece.detailsPendingAt). */
  detailsPending?: boolean;
} & CreatePieceOptions;

/** Returns the piece's id and tag code; a refusal throws with the intake's errors. */
export async function makePiece(
  shopId: string,
  overrides: Partial<NewPiece> = {},
  how: PieceHow = {},
): Promise<{ pieceId: string; tagCode: string }> {
  const { createPiece } = await loadApp();
  const { actor = SEED_ACTOR, reason = "received", detailsPending = false, ...options } = how;
  const made = await createPiece(
    shopId,
    { title: "Bague", currency: "EUR", metals: [], stones: [], certificates: [], ...overrides },
    actor,
    reason,
    options,
  );
  if (!made.ok) throw new Error(`makePiece refused: ${JSON.stringify(made.errors)}`);
  if (detailsPending) {
    const { markDetailsPending } = await import("../../app/models/details.server");
    if (!(await markDetailsPending(shopId, made.pieceId))) throw new Error("makePiece: could not mark details pending");
  }
  return { pieceId: made.pieceId, tagCode: made.tagCode };
}
