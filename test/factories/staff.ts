// A member of the shop's staff through the kiosk staff model, with a PIN hashed as the kiosks
// admin page hashes it (the PIN rules are the page's, tested there: a factory takes any PIN).
import type { Actor } from "../../app/models/actor";
import { SEED_ACTOR } from "./actors";

/** Returns the staff member's id. */
export async function makeStaff(
  shopId: string,
  overrides: { name?: string; pin?: string | null } = {},
  actor: Actor = SEED_ACTOR,
): Promise<string> {
  const [{ addStaff, setPinHash }, { hashPin }] = await Promise.all([
    import("../../app/models/kiosk-staff.server"),
    import("../../app/http/kiosk-auth.server"),
  ]);
  const person = await addStaff(shopId, overrides.name ?? "Léa", actor);
  if (overrides.pin) await setPinHash(shopId, person.id, await hashPin(overrides.pin), actor);
  return person.id;
}
