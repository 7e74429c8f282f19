// What the materials test files share: who acts and when, the app's materials services loaded on a
// fresh database, `ok`, which turns a refused result into a failed test that says what was refused,
// and the writes a test needs accepted (as Camille, in English, at the clock it gives; the real one
// when it gives none). A refusal a test expects is asked of the service itself.
import type { Provider } from "../../../app/db/providers";
import type * as Jobs from "../../../app/services/materials/jobs.server";
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

// Loaded late, for the reason given in ../helpers/app.ts.
const stock = () => import("../../../app/services/materials/stock.server");
const jobs = () => import("../../../app/services/materials/jobs.server");

/**
 * A fresh database of `engine` and the materials modules: stock (S), jobs (J), reports (R),
 * valuation (V), model (M), validated entries (E).
 */
export async function materialsOn(engine: Provider) {
  const { db } = await appOn(engine);
  const [S, J, R, V, M, E] = await Promise.all([
    stock(),
    jobs(),
    import("../../../app/services/materials/reports.server"),
    import("../../../app/services/materials/valuation.server"),
    import("../../../app/models/materials.server"),
    import("../../../app/services/materials/entries.server"),
  ]);
  return { db, S, J, R, V, M, E };
}

export type Materials = Awaited<ReturnType<typeof materialsOn>>;

export async function recordMove(shopId: string, input: MoveInput, now?: Date) {
  return ok(await (await stock()).recordMove(shopId, input, actor, now));
}

export async function createJob(shopId: string, input: Parameters<typeof Jobs.createJob>[1], now?: Date) {
  return ok(await (await jobs()).createJob(shopId, input, actor, now));
}

export async function addJobCost(shopId: string, input: Parameters<typeof Jobs.addJobCost>[1], now?: Date) {
  return ok(await (await jobs()).addJobCost(shopId, input, actor, "en", now));
}

export async function finishJob(shopId: string, input: Parameters<typeof Jobs.finishJob>[1], now?: Date) {
  return ok(await (await jobs()).finishJob(shopId, input, actor, "en", now));
}
