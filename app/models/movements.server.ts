// The movement ledger: one row per change of a piece's state, location or quantity, never updated
// (the database refuses it). Every call takes the shop.
import type { Tx } from "../db.server";
import { actorLabel, type Actor } from "./actor";

/** What a movement says happened to the piece; who, why and when are given beside it. */
export type MovementFields = {
  kind: string;
  fromState?: string | null;
  toState?: string | null;
  fromLocationId?: string | null;
  toLocationId?: string | null;
  fromShopifyLocationGid?: string | null;
  toShopifyLocationGid?: string | null;
};

export async function insertMovement(
  tx: Tx,
  shopId: string,
  pieceId: string,
  actor: Actor,
  movement: MovementFields & { reason: string; source?: string | null; at?: Date },
) {
  return tx.movement.create({
    data: {
      shopId,
      pieceId,
      ...movement,
      actorId: actor.id ?? null,
      actorName: actorLabel(actor),
    },
  });
}

/** Many pieces' movements in one statement (an import's chunk), by one actor. */
export async function insertMovements(
  tx: Tx,
  shopId: string,
  actor: Actor,
  movements: readonly (MovementFields & { pieceId: string; reason: string; source?: string | null; at?: Date })[],
): Promise<void> {
  if (movements.length === 0) return;
  await tx.movement.createMany({
    data: movements.map((m) => ({ shopId, ...m, actorId: actor.id ?? null, actorName: actorLabel(actor) })),
  });
}
