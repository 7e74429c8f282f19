// A change of a class's valuation method, from a day on, with its justification: the issues after
// that day are re-costed, and the jobs they fed with them.
import { appendAudit } from "../../models/audit.server";
import { actorLabel, type Actor } from "../../models/actor";
import { getClass, lockClass, updateClassMethod } from "../../models/materials-classes.server";
import { insertMethodChange, listMethodChanges } from "../../models/materials-method-changes.server";
import { lockShopLedger } from "../../models/materials-ledger.server";
import { lastClosedThrough } from "../../models/materials-periods.server";
import { CHOOSABLE_METHODS } from "../../domain/materials/classes";
import { dayToInstant, fiscalYearOpeningDay, startOfDay } from "../../domain/materials/days";
import { toMinor } from "../../domain/materials/replay";
import * as V from "./valuation.server";
import { checkOpen } from "./settings.server";
import { jobsOf, recostJobs } from "./recost.server";
import { engineRefusal, inTx, refuse, Refused } from "./refusals.server";

/** The first month of the fiscal year (1 = January): a calendar year until the shop's own is a setting. */
const FISCAL_YEAR_FIRST_MONTH = 1;

/**
 * A change of method is retrospective from the opening of the fiscal year of its day (PCG art.
 * 122-2): the class's history is valued by the new method, the stock at the opening is the new
 * method's, and the difference from the old method's value is the change's effect, returned and
 * audited apart (`effectMinor`). The moves before the opening keep what they cost.
 */
export async function changeMethod(
  shopId: string,
  input: { classId: string; toMethod: string; justification: string; day: string },
  actor: Actor,
  now = new Date(),
) {
  const justification = input.justification.trim();
  if (justification.length < 20) return refuse("JUSTIFICATION_REQUIRED", "justification");
  if (!(CHOOSABLE_METHODS as readonly string[]).includes(input.toMethod)) return refuse("BAD_METHOD", "toMethod");
  if (!dayToInstant(input.day, now)) return refuse("BAD_DATE", "day");
  const openingDay = fiscalYearOpeningDay(input.day, FISCAL_YEAR_FIRST_MONTH)!;
  const from = startOfDay(openingDay)!;
  return inTx(async (tx) => {
    await lockShopLedger(tx, shopId);
    await lockClass(tx, shopId, input.classId);
    const cls = await getClass(shopId, input.classId, tx);
    if (!cls) throw new Refused(refuse("NOT_FOUND"));
    if (cls.kind === "stone_single") throw new Refused(refuse("SINGLE_STONE_METHOD", "toMethod"));
    if (cls.method === input.toMethod) throw new Refused(refuse("SAME_METHOD", "toMethod"));
    const closed = await checkOpen(shopId, from, "day", tx);
    if (closed) throw new Refused(refuse("RETROSPECTIVE_CLOSED", "day", { opening: openingDay, ...closed.vars }));
    const changes = await listMethodChanges(shopId, cls.id, tx);
    const latest = changes.at(-1);
    if (latest && from.getTime() <= latest.effectiveFrom.getTime())
      throw new Refused(refuse("BEFORE_LAST_CHANGE", "day"));
    const base = await V.valuedShop(shopId, { tx });
    const row = await insertMethodChange(tx, shopId, {
      classId: cls.id,
      fromMethod: cls.method,
      toMethod: input.toMethod,
      justification,
      effectiveFrom: from,
      retrospective: true,
      actorName: actorLabel(actor),
    });
    await updateClassMethod(tx, shopId, cls.id, input.toMethod);
    const after = await V.valuedShopFresh(shopId, tx);
    for (const [classId, result] of after.results) {
      if (!result.ok && base.results.get(classId)?.ok) throw new Refused(engineRefusal(result));
    }
    // The new method re-costs issues after its date, so the jobs they fed (and their pieces) follow.
    const linked = V.linkedTo(after.ledger.inputs, [cls.id]);
    const jobs = await recostJobs(tx, shopId, {
      base,
      results: after.results,
      jobIds: jobsOf(after, linked),
      closedThrough: await lastClosedThrough(shopId, tx),
      actor,
      why: `re-costed: ${cls.code} valued by ${input.toMethod} from ${input.day}`,
      refs: { methodChangeId: row.id },
    });
    const replayed = after.results.get(cls.id);
    const mark = replayed?.ok
      ? replayed.marks.find((m) => m.kind === "method" && m.retrospective && m.at.getTime() === from.getTime())
      : undefined;
    const decimals = after.ledger.decimals;
    const effectMinor = mark ? toMinor(mark.state.value, decimals) - toMinor(mark.before.value, decimals) : 0n;
    await appendAudit(tx, shopId, {
      actor,
      action: "materials.method_changed",
      entityType: "MaterialClass",
      entityId: cls.id,
      reason: justification,
      data: {
        changeId: row.id,
        from: cls.method,
        to: input.toMethod,
        effectiveFrom: from.toISOString(),
        retrospective: true,
        effectMinor,
        jobsRecosted: jobs.filter((j) => j.status === "finished").map((j) => j.jobId),
      },
    });
    return { ok: true as const, affectedJobs: jobs, effectiveFrom: from, effectMinor };
  });
}
