// What the materials test files share: who acts and when, the app's materials services loaded on a
// fresh database, and `ok`, which turns a refused result into a failed test that says what was refused.
import type { Provider } from "../../../app/db/providers";
import type { MoveInput } from "../../../app/services/materials/stock.server";
import { appOn } from "../helpers/app";

export const actor = { kind: "admin", name: "Camille" } as const;
/** The clock the services are given: every day in these files is before it. */
export const NOW = new Date("2026-11-20T10:00:00Z");

/** The accepted result; a refusal throws with its code and details (bigints as text). */
export function ok<T extends { ok: boolean }>(result: T | { ok: false; code: string }): Extract<T, { ok: true }> {
  if (!result.ok)
    throw new Error(`refused: ${JSON.stringify(result, (_k, v) => (typeof v === "bigint" ? v.toString() : v))}`);
  return result as Extract<T, { ok: true }>;
}

/** A fresh database of `engine` and the materials modules: stock (S), jobs (J), reports (R), valuation (V), model (M). */
export async function materialsOn(engine: Provider) {
  const { db } = await appOn(engine);
  const [S, J, R, V, M] = await Promise.all([
    import("../../../app/services/materials/stock.server"),
    import("../../../app/services/materials/jobs.server"),
    import("../../../app/services/materials/reports.server"),
    import("../../../app/services/materials/valuation.server"),
    import("../../../app/models/materials.server"),
  ]);
  /** Records a move that must be accepted, as Camille; `now` is the service's clock (the real one when left out). */
  const recordMove = async (shopId: string, input: MoveInput, now?: Date) =>
    ok(await S.recordMove(shopId, input, actor, now));
  return { db, S, J, R, V, M, recordMove };
}

export type Materials = Awaited<ReturnType<typeof materialsOn>>;
