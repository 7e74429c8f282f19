// What a person does next to bring a piece towards the shop window, from where it stands: the piece
// page says it after intake, and a refused change of state says it with the piece's current state.
import type { TransitionContext } from "./lifecycle";

export type NextStep = "complete_details" | "tag" | "activate" | "bring_back" | "found" | "settle_consignment";

export type NextStepFacts = TransitionContext & {
  /** Made from the Shopify catalogue with its details still to enter. */
  detailsPending?: boolean;
  /** A consignment still open (neither settled nor returned). */
  consignmentOpen?: boolean;
};

/** Null when nothing is waiting on a person: on sale, or gone for good. */
export function nextStep(state: string, facts: NextStepFacts): NextStep | null {
  if (facts.detailsPending) return "complete_details";
  switch (state) {
    case "receiving":
      // Only the first step into stock needs a tag (app/domain/lifecycle.ts).
      return facts.tagged ? "activate" : "tag";
    case "on_hold":
    case "shown":
    case "memo_out":
    case "at_repair":
      return "bring_back";
    case "lost":
      return "found";
    case "sold":
    case "archived":
      // The consignor is owed their share once a consigned piece is sold.
      return facts.consigned && facts.consignmentOpen ? "settle_consignment" : null;
    default:
      return null;
  }
}
