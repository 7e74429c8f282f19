// The movement ledger: one row per change of a piece's state, location or quantity, never updated
// (the database refuses it), each chained to the one before with a keyed hash (audit.server.ts).
// Every call takes the shop.
import type { Tx } from "../db.server";
import { actorLabel, type Actor } from "./actor";
import { insertChainedMovements } from "./audit.server";

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
  const [row] = await insertChainedMovements(tx, shopId, [
    { pieceId, ...movement, actorId: actor.id ?? null, actorName: actorLabel(actor) },
  ]);
  return row!;
}

/** Many pieces' movements in one statement (an import's chunk), by one actor. */
export async function insertMovements(
  tx: Tx,
  shopId: string,
  actor: Actor,
  movements: readonly (MovementFields & { pieceId: string; reason: string; source?: string | null; at?: Date })[],
): Promise<void> {
  await insertChainedMovements(
    tx,
    shopId,
    movements.map((m) => ({ ...m, actorId: actor.id ?? null, actorName: actorLabel(actor) })),
  );
}
