// What the "details to complete" page sends to its action: mark pieces complete, or edit fields
// they share (metal and fineness, supplier, place). One schema, read by the action and typing the page.
import { z } from "zod";
import { ENTRY_WEIGHT_UNITS, PIECE_METALS, checkPieceForm, type CheckContext, type Issue } from "./piece";

/** Pieces in one submitted batch: one transaction, all written or none. */
export const MAX_DETAILS_BATCH = 100;

const id = z.string().min(1).max(64);
const reason = z.string().trim().max(200).optional();
const pieces = z
  .array(z.object({ id, version: z.number().int().min(1) }))
  .min(1)
  .max(MAX_DETAILS_BATCH, "details.error.tooMany");

export const detailsActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("complete"), pieces, reason }),
  z.object({
    intent: z.literal("bulkEdit"),
    pieces,
    reason,
    metal: z
      .object({
        metal: z.enum(PIECE_METALS, { errorMap: () => ({ message: "catalog.error.choice" }) }),
        fineness: z.string().max(20),
        weight: z.string().max(30).optional(),
        unit: z.enum(ENTRY_WEIGHT_UNITS).default("g"),
      })
      .optional(),
    supplierId: id.optional(),
    locationId: id.optional(),
  }),
]);
export type DetailsAction = z.infer<typeof detailsActionSchema>;
export type BulkDetailsEdit = Extract<DetailsAction, { intent: "bulkEdit" }>;

export type CheckedBulkMetal = {
  metal: (typeof PIECE_METALS)[number];
  finenessBp: number;
  /** null: keep each piece's weight (0 for a piece that had no metal yet). */
  grossWeightMg: bigint | null;
  enteredWeight: string;
  enteredUnit: string;
};

/**
 * The bulk edit's metal checked with the intake's rules and messages (issues on "metal.fineness",
 * "metal.weight"). The weight may be left out, which the intake form never allows: the check then
 * runs with a stand-in weight whose result is dropped.
 */
export function checkBulkMetal(
  input: NonNullable<BulkDetailsEdit["metal"]>,
  context: CheckContext,
): { ok: true; value: CheckedBulkMetal } | { ok: false; issues: Issue[] } {
  const weighed = Boolean(input.weight && input.weight.trim());
  const checked = checkPieceForm(
    {
      title: "-",
      link: "none",
      metals: [
        { metal: input.metal, fineness: input.fineness, weight: weighed ? input.weight! : "1", unit: input.unit },
      ],
      stones: [],
      certificates: [],
      consignment: null,
    },
    { ...context, canSeeCost: true },
  );
  if (!checked.ok)
    return { ok: false, issues: checked.issues.map((i) => ({ ...i, path: i.path.replace(/^metals\.0\./, "metal.") })) };
  const m = checked.value.metals[0]!;
  return {
    ok: true,
    value: {
      metal: input.metal,
      finenessBp: m.finenessBp,
      grossWeightMg: weighed ? m.grossWeightMg : null,
      enteredWeight: weighed ? m.enteredWeight : "",
      enteredUnit: weighed ? m.enteredUnit : "g",
    },
  };
}
