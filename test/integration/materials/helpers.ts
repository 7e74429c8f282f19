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
  // Writes that must be accepted, as Camille, in English; `now` is the service's clock (the real
  // one when left out). A refusal a test expects goes to S or J directly.
  const recordMove = async (shopId: string, input: MoveInput, now?: Date) =>
    ok(await S.recordMove(shopId, input, actor, now));
  const createJob = async (shopId: string, input: Parameters<typeof J.createJob>[1], now?: Date) =>
    ok(await J.createJob(shopId, input, actor, now));
  const addJobCost = async (shopId: string, input: Parameters<typeof J.addJobCost>[1], now?: Date) =>
    ok(await J.addJobCost(shopId, input, actor, "en", now));
  const finishJob = async (shopId: string, input: Parameters<typeof J.finishJob>[1], now?: Date) =>
    ok(await J.finishJob(shopId, input, actor, "en", now));
  return { db, S, J, R, V, M, recordMove, createJob, addJobCost, finishJob };
}

export type Materials = Awaited<ReturnType<typeof materialsOn>>;
