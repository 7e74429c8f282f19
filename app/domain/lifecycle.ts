/**
 * The piece lifecycle (DESIGN.md):
 *   receiving -> active <-> (on_hold | memo_out | at_repair | shown) -> sold -> archived
 * plus returned_to_consignor, lost and written_off, and to_inspect (a sold piece that came back from
 * its customer). Every transition not listed is refused.
 */

export const PIECE_STATES = [
  "receiving",
  "active",
  "on_hold",
  "memo_out",
  "at_repair",
  "shown",
  "sold",
  "archived",
  "returned_to_consignor",
  "lost",
  "written_off",
  "to_inspect",
] as const;
export type PieceState = (typeof PIECE_STATES)[number];

export function isPieceState(value: string): value is PieceState {
  return (PIECE_STATES as readonly string[]).includes(value);
}

export interface TransitionContext {
  /** The piece is held on consignment (memo-in): it belongs to a consignor. */
  consigned: boolean;
  /** A tag has been printed and attached; required before a piece goes on sale. */
  tagged?: boolean;
  /**
   * The change comes from Shopify undoing the sale (a refund with restock, a cancelled order): the
   * only way back from sold or archived, and only into to_inspect.
   */
  refund?: boolean;
  /**
   * A person allowed to release a returned piece (pieces.stateSensitive) makes this change with a
   * reason: the only way out of to_inspect.
   */
  release?: boolean;
}

export type TransitionErrorCode =
  | "ILLEGAL_TRANSITION"
  | "SAME_STATE"
  | "UNKNOWN_STATE"
  | "NOT_CONSIGNED"
  | "NOT_TAGGED"
  | "REFUND_ONLY"
  | "RELEASE_ONLY";

export type TransitionCheck = { ok: true } | { ok: false; code: TransitionErrorCode };

/**
 * Decisions beyond the diagram:
 * - sold from active, on_hold, shown and memo_out (the memo partner sold it); not from
 *   at_repair: the piece must come back first.
 * - a sale archives the piece at once (sold -> archived); sold or archived -> to_inspect only
 *   when Shopify undoes the sale (ctx.refund: a refund with restock or a cancelled order), never
 *   by hand. A piece that was in a customer's hands may come back with a stone swapped or damaged,
 *   so it is not on sale again until a person has looked at it.
 * - to_inspect is left by a person (pieces.stateSensitive, with a reason, see permissions.ts):
 *   back to active, to at_repair, written_off, lost, or returned_to_consignor for a consigned piece.
 *   Not sold from there: it must be released first.
 * - returned_to_consignor from receiving (refused at intake), active and on_hold, only for
 *   consigned pieces; a piece out on memo or at repair must come back first.
 * - lost from any state where the piece physically exists and is ours to keep track of:
 *   active, on_hold, shown, memo_out, at_repair; lost -> active when found again.
 * - written_off from lost (given up) and at_repair (damaged beyond repair).
 */
const TRANSITIONS: Readonly<Record<PieceState, readonly PieceState[]>> = {
  receiving: ["active", "returned_to_consignor"],
  active: ["on_hold", "memo_out", "at_repair", "shown", "sold", "returned_to_consignor", "lost"],
  on_hold: ["active", "sold", "returned_to_consignor", "lost"],
  memo_out: ["active", "sold", "lost"],
  at_repair: ["active", "lost", "written_off"],
  shown: ["active", "sold", "lost"],
  sold: ["archived", "to_inspect"],
  archived: ["to_inspect"],
  returned_to_consignor: [],
  lost: ["active", "written_off"],
  written_off: [],
  to_inspect: ["active", "at_repair", "written_off", "lost", "returned_to_consignor"],
};

export function checkTransition(from: PieceState, to: PieceState, ctx: TransitionContext): TransitionCheck {
  if (!isPieceState(from) || !isPieceState(to)) return { ok: false, code: "UNKNOWN_STATE" };
  if (from === to) return { ok: false, code: "SAME_STATE" };
  if (!TRANSITIONS[from].includes(to)) return { ok: false, code: "ILLEGAL_TRANSITION" };
  if (to === "returned_to_consignor" && !ctx.consigned) return { ok: false, code: "NOT_CONSIGNED" };
  if ((from === "sold" || from === "archived") && to === "to_inspect" && ctx.refund !== true)
    return { ok: false, code: "REFUND_ONLY" };
  if (from === "to_inspect" && ctx.release !== true) return { ok: false, code: "RELEASE_ONLY" };
  // Only the first step into stock needs a tag: afterwards the piece already carries one.
  if (from === "receiving" && to === "active" && ctx.tagged !== true) return { ok: false, code: "NOT_TAGGED" };
  return { ok: true };
}

/**
 * States in which the piece is no longer in the shop's hands: it is not moved between places and
 * no tag is printed for it (the page and the kiosk do not offer it; the server refuses it).
 */
export const OUT_OF_HAND_STATES: readonly PieceState[] = ["sold", "archived", "returned_to_consignor", "written_off"];

export function isOutOfHand(state: string): boolean {
  return (OUT_OF_HAND_STATES as readonly string[]).includes(state);
}

/** States reachable from `from` now, given the piece's context. */
export function allowedTransitions(from: PieceState, ctx: TransitionContext): PieceState[] {
  return PIECE_STATES.filter((to) => checkTransition(from, to, ctx).ok);
}

/** Every transition the lifecycle knows, ignoring context (for docs and exhaustive tests). */
export function allTransitions(): [PieceState, PieceState][] {
  return PIECE_STATES.flatMap((from) => TRANSITIONS[from].map((to): [PieceState, PieceState] => [from, to]));
}

export type StockBucket = "available" | "reserved" | "quality_control";

/**
 * The Shopify quantity name a piece counts in at its Shopify location (DESIGN.md stock rule:
 * available = pieces in `active` there).
 */
export function stockBucket(state: PieceState): StockBucket | null {
  switch (state) {
    case "active":
      return "available"; // on the shelf, for sale
    case "on_hold":
      return "reserved"; // on the premises, promised to a customer
    case "shown":
      return "reserved"; // in a customer's hands in the shop, not sellable to another
    case "at_repair":
      return "quality_control"; // ours, not sellable until it comes back
    case "receiving":
      return null; // not yet counted: untagged, not in stock until intake finishes
    case "memo_out":
      return null; // physically with another dealer: not on hand at our location
    case "sold":
      return null; // Shopify's order already moved it (committed, then out on fulfilment)
    case "archived":
      return null; // sold and closed
    case "returned_to_consignor":
      return null; // back with its owner
    case "lost":
      return null; // not on hand; counts as shrinkage
    case "written_off":
      return null; // gone from stock
    case "to_inspect":
      return "quality_control"; // back on our premises from a customer, not sellable until checked
  }
}

/**
 * Shopify quantities a piece may be held in instead of its state's bucket, with the one state it
 * is held there in. Only pieces made from the shop's Shopify catalogue get one: a unit Shopify
 * counts as `damaged` becomes a piece at repair (to inspect or repair), one in `safety_stock` a
 * piece on hold; counting them there keeps Shopify's quantities as they are (no stock is sent).
 * The piece's next change of state clears it, and Shopify follows from that quantity.
 */
export const HELD_QUANTITIES = { damaged: "at_repair", safety_stock: "on_hold" } as const satisfies Record<
  string,
  PieceState
>;
export type HeldQuantity = keyof typeof HELD_QUANTITIES;
export type PieceQuantity = StockBucket | HeldQuantity;

export function isHeldQuantity(value: string | null | undefined): value is HeldQuantity {
  return value === "damaged" || value === "safety_stock";
}

/**
 * The Shopify quantity name a piece counts in: the one it is held in (while it is still in the
 * state it was held in), else its state's bucket.
 */
export function pieceQuantity(state: PieceState, heldIn: string | null | undefined): PieceQuantity | null {
  if (isHeldQuantity(heldIn) && HELD_QUANTITIES[heldIn] === state) return heldIn;
  return stockBucket(state);
}
