// A location of a shop, through the locations model (its refusals throw: a factory either makes the
// record or stops the test's set-up).
import type { Actor } from "../../app/models/actor";
import type { NewLocation } from "../../app/models/locations.server";
import { loadApp } from "../integration/helpers/app";
import { SEED_ACTOR } from "./actors";

/** Returns the new location's id. */
export async function makeLocation(
  shopId: string,
  overrides: Partial<NewLocation> = {},
  actor: Actor = SEED_ACTOR,
): Promise<string> {
  const { createLocation } = await loadApp();
  const made = await createLocation(shopId, { name: "Vitrine", kind: "showcase", ...overrides }, actor);
  if (!made.ok) throw new Error(`makeLocation refused: ${made.code}`);
  return made.id;
}
