// The movement ledger: one row per change of a piece's state, location or quantity, never updated
// (the database refuses it). Every call takes the shop.
import type { Tx } from "../db.server";
import { actorLabel, type Actor } from "./actor";
import { insertRows, newRowId } from "./bulk-insert.server";

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
  const at = new Date();
  const actorName = actorLabel(actor);
  await insertRows(
    tx,
    "Movement",
    movements.map((m) => ({
      id: newRowId(),
      shopId,
      pieceId: m.pieceId,
      kind: m.kind,
      fromState: m.fromState ?? null,
      toState: m.toState ?? null,
      fromLocationId: m.fromLocationId ?? null,
      toLocationId: m.toLocationId ?? null,
      fromShopifyLocationGid: m.fromShopifyLocationGid ?? null,
      toShopifyLocationGid: m.toShopifyLocationGid ?? null,
      quantity: 1,
      actorId: actor.id ?? null,
      actorName,
      reason: m.reason,
      source: m.source ?? null,
      at: m.at ?? at,
    })),
  );
}
