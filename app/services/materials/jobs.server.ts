// Manufacturing jobs: material issued to a job (and returned or recovered from it) are material
// moves with the job's id; labour and overhead are job costs; finishing records the finished
// piece (createPiece) at materials + labour + overhead, with the loss and yield of its metal.
import Decimal from "decimal.js";
import {
  countJobs,
  findJobByNumber,
  finishJobRow,
  getJob,
  insertJob,
  insertJobCost,
} from "../../models/materials-jobs.server";
import { lockShopLedger, shopCurrency } from "../../models/materials-ledger.server";
import { lastClosedThrough } from "../../models/materials-periods.server";
import { appendAudit } from "../../models/audit.server";
import { actorLabel, type Actor } from "../../models/actor";
import { isoDay } from "../../domain/days";
import { parseMoney } from "../../domain/money";
import { gramsToMg, normaliseQty } from "../../domain/materials/classes";
import { costJob, parseContent } from "../../domain/materials/costing";
import { valuedShop } from "./valuation.server";
import { createPieceInTx, type NewPieceMetal, type NewPieceStone } from "../catalog/intake.server";
import { dayToInstant } from "../../domain/materials/days";
import { getMaterialSettings } from "./settings.server";
import { inTx, refuse, Refused } from "./refusals.server";

export async function createJob(
  shopId: string,
  input: { number?: string | null; title: string; day: string },
  actor: Actor,
  now = new Date(),
) {
  const title = input.title.trim();
  if (!title) return refuse("TITLE_REQUIRED", "title");
  const openedAt = dayToInstant(input.day, now);
  if (!openedAt) return refuse("BAD_DATE", "day");
  return inTx(async (tx) => {
    let number = input.number?.trim() ?? "";
    if (!number) {
      const count = await countJobs(tx, shopId);
      number = `J-${openedAt.getUTCFullYear()}-${String(count + 1).padStart(3, "0")}`;
    }
    if (await findJobByNumber(shopId, number, tx)) throw new Refused(refuse("DUPLICATE_JOB", "number", { number }));
    const job = await insertJob(tx, shopId, { number, title, openedAt, actorName: actorLabel(actor) });
    await appendAudit(tx, shopId, {
      actor,
      action: "materials.job_opened",
      entityType: "MaterialJob",
      entityId: job.id,
      data: { number, title },
    });
    return { ok: true as const, jobId: job.id, number };
  });
}

export async function addJobCost(
  shopId: string,
  input: { jobId: string; kind: "labour" | "overhead"; amount: string; note?: string | null; day: string },
  actor: Actor,
  locale = "en",
  now = new Date(),
) {
  const at = dayToInstant(input.day, now);
  if (!at) return refuse("BAD_DATE", "day");
  const shop = { currency: await shopCurrency(shopId) };
  let amountMinor: bigint;
  try {
    amountMinor = parseMoney(input.amount, shop.currency, { locale, allowNegative: true });
  } catch {
    return refuse("BAD_AMOUNT", "amount");
  }
  if (amountMinor < 0n) return refuse("NEGATIVE_COST", "amount");
  if (amountMinor === 0n) return refuse("BAD_AMOUNT", "amount");
  return inTx(async (tx) => {
    // Under the ledger lock finishJob and closePeriod take: a cost is never added to a job finished
    // (or on a day closed) while it waited, so every cost charged to the job reaches its piece.
    await lockShopLedger(tx, shopId);
    const job = await getJob(shopId, input.jobId, tx);
    if (!job) throw new Refused(refuse("NOT_FOUND"));
    if (job.status !== "open") throw new Refused(refuse("JOB_FINISHED", "jobId"));
    const closed = await lastClosedThrough(shopId, tx);
    if (closed && at.getTime() <= closed.getTime())
      throw new Refused(refuse("PERIOD_CLOSED", "day", { day: isoDay(closed) }));
    const row = await insertJobCost(tx, shopId, {
      jobId: job.id,
      kind: input.kind,
      amountMinor,
      note: input.note?.trim() || null,
      effectiveAt: at,
      actorName: actorLabel(actor),
    });
    await appendAudit(tx, shopId, {
      actor,
      action: `materials.job_${input.kind}`,
      entityType: "MaterialJob",
      entityId: job.id,
      data: { costId: row.id, amountMinor },
    });
    return { ok: true as const };
  });
}

export type { JobClassLine } from "../../domain/materials/costing";

/** A job with what it cost so far (materials at their replayed cost, labour, overhead) and, finished, its loss split. */
export async function jobSummary(shopId: string, jobId: string) {
  const job = await getJob(shopId, jobId);
  if (!job) return null;
  const [settings, valued] = await Promise.all([getMaterialSettings(shopId), valuedShop(shopId)]);
  const currency = await shopCurrency(shopId);
  const classes = new Map(valued.ledger.classes.map((c) => [c.id, c]));
  const costing = costJob(job, classes, valued.results, valued.ledger.decimals, settings.normalLossBp);
  return {
    job,
    ...costing,
    inPiece: parseContent(job.finishedContent),
    currency,
  };
}

export type FinishInput = {
  jobId: string;
  title: string;
  price?: string | null;
  /** Grams of each metal class's alloy in the finished piece. */
  inPiece: Record<string, string>;
  day: string;
};

export async function finishJob(shopId: string, input: FinishInput, actor: Actor, locale = "en", now = new Date()) {
  const at = dayToInstant(input.day, now);
  if (!at) return refuse("BAD_DATE", "day");
  if (!input.title.trim()) return refuse("TITLE_REQUIRED", "title");
  const summary = await jobSummary(shopId, input.jobId);
  if (!summary) return refuse("NOT_FOUND");
  if (summary.job.status !== "open") return refuse("JOB_FINISHED", "jobId");
  // Early answer for the form; checked again under the lock below, where it counts.
  const closed = await lastClosedThrough(shopId);
  if (closed && at.getTime() <= closed.getTime()) return refuse("PERIOD_CLOSED", "day", { day: isoDay(closed) });
  let priceMinor: bigint | null = null;
  if (input.price?.trim()) {
    try {
      priceMinor = parseMoney(input.price, summary.currency, { locale });
    } catch {
      return refuse("BAD_AMOUNT", "price");
    }
  }
  const content: Record<string, string> = {};
  const metals: NewPieceMetal[] = [];
  const stones: NewPieceStone[] = [];
  for (const line of summary.lines) {
    if (line.kind === "metal") {
      const raw = input.inPiece[line.classId]?.trim() ?? "";
      const qty = raw === "" ? null : normaliseQty(raw, "g");
      if (qty === null) return refuse("BAD_QTY", `inPiece.${line.classId}`, { unit: "g" });
      if (new Decimal(qty).gt(line.held))
        return refuse("IN_PIECE_EXCEEDS", `inPiece.${line.classId}`, { held: line.held });
      content[line.classId] = qty;
      metals.push({
        metal: line.metal ?? "other",
        finenessBp: line.finenessBp ?? 0,
        grossWeightMg: gramsToMg(qty),
        enteredWeight: qty,
        enteredUnit: "g",
      });
    } else if (new Decimal(line.held).gt(0)) {
      // Stones still held by the job are set in the piece.
      content[line.classId] = line.held;
      const cls = summary.job.moves.find((m) => m.classId === line.classId)!.class;
      const attributes = JSON.parse(cls.attributes || "{}") as Record<string, string>;
      const millicarats =
        line.unit === "ct"
          ? Number(new Decimal(line.held).mul(1000).toFixed(0))
          : Number(new Decimal(attributes.carats ?? "0").mul(1000).toFixed(0));
      stones.push({
        type: attributes.stoneType ?? "diamond",
        origin: "natural" as const,
        millicarats,
        count: 1,
        position: line.unit === "ct" ? ("accent" as const) : ("centre" as const),
        clarity: attributes.quality ?? null,
      });
    }
  }
  if (summary.lines.length === 0) return refuse("JOB_EMPTY", "jobId");
  // A job is finished after what it consumed: the piece's cost is dated no earlier than its parts.
  const latest = Math.max(
    summary.job.openedAt.getTime(),
    ...summary.job.moves.map((m) => m.effectiveAt.getTime()),
    ...summary.job.costs.map((c) => c.effectiveAt.getTime()),
  );
  if (at.getTime() < latest) return refuse("FINISH_BEFORE_MOVES", "day", { day: isoDay(latest) });
  const shopCurrency = summary.currency;
  // The piece, its Shopify product request (the catalog's outbox) and the job's closing commit together.
  return inTx(async (tx) => {
    // Costed inside the transaction (before it writes), so a move recorded meanwhile is counted.
    await lockShopLedger(tx, shopId);
    const [valued, settings, jobNow] = await Promise.all([
      valuedShop(shopId, { tx }),
      getMaterialSettings(shopId, tx),
      getJob(shopId, summary.job.id, tx),
    ]);
    if (!jobNow || jobNow.status !== "open") throw new Refused(refuse("JOB_FINISHED", "jobId"));
    // A period closed, or a move or cost dated later recorded, while this finish waited for the lock.
    const closedNow = await lastClosedThrough(shopId, tx);
    if (closedNow && at.getTime() <= closedNow.getTime())
      throw new Refused(refuse("PERIOD_CLOSED", "day", { day: isoDay(closedNow) }));
    const latestNow = Math.max(
      jobNow.openedAt.getTime(),
      ...jobNow.moves.map((m) => m.effectiveAt.getTime()),
      ...jobNow.costs.map((c) => c.effectiveAt.getTime()),
    );
    if (at.getTime() < latestNow) throw new Refused(refuse("FINISH_BEFORE_MOVES", "day", { day: isoDay(latestNow) }));
    const costing = costJob(
      jobNow,
      new Map(valued.ledger.classes.map((c) => [c.id, c])),
      valued.results,
      valued.ledger.decimals,
      settings.normalLossBp,
      content,
    );
    for (const line of costing.lines) {
      if (line.kind === "metal" && new Decimal(content[line.classId] ?? "0").gt(line.held))
        throw new Refused(refuse("IN_PIECE_EXCEEDS", `inPiece.${line.classId}`, { held: line.held }));
    }
    const costMinor = costing.pieceCostMinor;
    const piece = await createPieceInTx(
      tx,
      shopId,
      {
        title: input.title.trim(),
        currency: shopCurrency,
        priceMinor,
        costMinor,
        acquiredAt: at,
        madeBy: `job ${summary.job.number}`,
        metals,
        stones,
        certificates: [],
      },
      actor,
      `made in job ${summary.job.number}`,
      { createShopifyProduct: true },
    );
    if (!piece.ok)
      throw new Refused(refuse("PIECE_REFUSED", undefined, { message: piece.errors.map((e) => e.code).join(", ") }));
    // Conditional on the job still being open: a second finish of the same job is refused.
    const finished = await finishJobRow(tx, shopId, summary.job.id, {
      finishedAt: at,
      pieceId: piece.pieceId,
      finishedContent: JSON.stringify(content),
      costMinor,
      normalLossBp: costing.normalLossBp,
      abnormalLossMinor: costing.abnormalLossMinor,
    });
    if (!finished) throw new Refused(refuse("JOB_FINISHED", "jobId"));
    await appendAudit(tx, shopId, {
      actor,
      action: "materials.job_finished",
      entityType: "MaterialJob",
      entityId: summary.job.id,
      data: {
        pieceId: piece.pieceId,
        tagCode: piece.tagCode,
        costMinor,
        materialsMinor: costing.materialsMinor,
        labourMinor: costing.labourMinor,
        overheadMinor: costing.overheadMinor,
        normalLossBp: costing.normalLossBp,
        lossBp: costing.metal?.lossBp ?? null,
        abnormalLossMinor: costing.abnormalLossMinor,
        content,
      },
    });
    return {
      ok: true as const,
      pieceId: piece.pieceId,
      tagCode: piece.tagCode,
      costMinor,
      abnormalLossMinor: costing.abnormalLossMinor,
    };
  });
}
