// One change applied to many pieces from the list: each piece on its own, so one refusal (a
// lifecycle rule, a concurrent change) never blocks the others. Composes the single-piece services.
import { tagCodesOf } from "../../models/pieces.server";
import type { Actor } from "../../models/actor";
import type { BulkAction } from "../../domain/schemas/piece-actions";
import { movePiece, transitionPiece } from "./piece-changes.server";
import { queuePrintJobs } from "../kiosk/print-queue.server";
import type { TagRefusal } from "../kiosk/tags.server";

/** `state`: the piece's state, when it is why the change is refused (OUT_OF_HAND). */
export type BulkRefusal = { pieceId: string; tagCode: string; code: string; refusal?: TagRefusal; state?: string };
export type BulkOutcome = { done: number; total: number; refusals: BulkRefusal[] };

/** `reason` goes on each movement a move or a state change writes. */
export async function changePieces(
  shopId: string,
  change: BulkAction,
  actor: Actor,
  reason: string,
  /** The person may release pieces returned by customers (pieces.stateSensitive). */
  mayRelease = false,
): Promise<BulkOutcome> {
  const unique = [...new Set(change.ids)];
  const tags = await tagCodesOf(shopId, unique);
  const refusals: BulkRefusal[] = [];
  let done = 0;
  for (const pieceId of unique) {
    const result = !tags.has(pieceId) ? ({ ok: false, code: "NOT_FOUND" } as const) : await changeOne(pieceId);
    if (result.ok) done++;
    else
      refusals.push({
        pieceId,
        tagCode: tags.get(pieceId) ?? pieceId,
        code: result.code,
        ...("refusal" in result && result.refusal ? { refusal: result.refusal } : {}),
        ...("state" in result && result.state ? { state: result.state } : {}),
      });
  }
  return { done, total: unique.length, refusals };

  function changeOne(
    pieceId: string,
  ): Promise<{ ok: true } | { ok: false; code: string; refusal?: TagRefusal; state?: string }> {
    switch (change.intent) {
      case "move":
        return movePiece(shopId, pieceId, change.locationId, actor, change.reason || reason);
      case "state":
        return transitionPiece(shopId, pieceId, change.to, actor, {
          reason: change.reason || reason,
          // The list asked pieces.stateSensitive of a release and a reason typed (pieces-list.server.ts).
          release: Boolean(change.reason?.trim()) && mayRelease,
        });
      case "print":
        return queuePrintJobs(shopId, [pieceId], actor, {
          reason: "printed from the pieces list",
          // No template chosen: the shop's default (queuePrintJobs).
          ...(change.templateId ? { templateId: change.templateId } : {}),
        });
    }
  }
}
