// Records that must not contradict themselves: a stone's grades against its report
// (app/domain/stone-grades.ts), pieces back from a customer to inspect, and pieces no longer in the
// shop's hands (app/domain/lifecycle.ts).
export const recordsEn = {
  "state.to_inspect": "Returned, to inspect",
  "catalog.error.colourMismatch":
    "The stone's colour is {stone} but its report {lab} {number} says {report}. A stone linked to a report takes the report's grades: leave the colour empty or type {report}.",
  "catalog.error.clarityMismatch":
    "The stone's clarity is {stone} but its report {lab} {number} says {report}. A stone linked to a report takes the report's grades: leave the clarity empty or type {report}.",
  "catalog.error.cutMismatch":
    "The stone's cut grade is {stone} but its report {lab} {number} says {report}. A stone linked to a report takes the report's grades: leave the cut grade empty or type {report}.",
  "records.stone.fromReport": "From report {lab} {number}",
  "records.refusal.OUT_OF_HAND":
    "the piece is “{state}”: a piece in this state is no longer moved and no tag is printed for it",
  "catalog.refusal.OUT_OF_HAND":
    "the piece is no longer in the shop's hands: it is not moved and no tag is printed for it",
  "catalog.refusal.RELEASE_ONLY":
    "a piece returned by a customer is released after inspection by a person allowed sensitive changes of state, with a reason",
  "kiosk.error.OUT_OF_HAND": "This piece is “{state}”: no tag is printed for it.",
  "kiosk.error.RELEASE_ONLY": "A returned piece is released after inspection, from its page in the admin.",
  "records.inspect.banner":
    "This piece came back from a customer. Check it (stones, hallmarks, damage) before it goes back on sale: release it below with what you found.",
} as const;
