// A material class through the materials stock service; defaults to 750 gold valued FIFO.
import type { Actor } from "../../app/models/actor";
import type { NewClassInput } from "../../app/services/materials/stock.server";
import { SEED_ACTOR } from "./actors";

type MetalClass = Extract<NewClassInput, { kind: "metal" }>;

/** Returns the class id. Overrides change the metal class; pass a whole input for a stone class. */
export async function makeMaterialClass(
  shopId: string,
  overrides: Partial<MetalClass> | Exclude<NewClassInput, MetalClass> = {},
  actor: Actor = SEED_ACTOR,
): Promise<string> {
  // Loaded late for the same reason as test/integration/helpers/app.ts.
  const { createMaterialClass } = await import("../../app/services/materials/stock.server");
  const input: NewClassInput =
    overrides.kind === "stone_lot" || overrides.kind === "stone_single"
      ? overrides
      : { kind: "metal", metal: "gold", finenessBp: 7500, investment: false, method: "fifo", ...overrides };
  const made = await createMaterialClass(shopId, input, actor);
  if (!made.ok) throw new Error(`makeMaterialClass refused: ${JSON.stringify(made)}`);
  return made.classId;
}
