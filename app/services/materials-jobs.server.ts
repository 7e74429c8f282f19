// Manufacturing jobs: material issued to a job (and returned or recovered from it) are material
// moves with the job's id; labour and overhead are job costs; finishing records the finished
// piece (createPiece) at materials + labour + overhead, with the loss and yield of its metal.
import Decimal from "decimal.js";
import { appendAudit } from "../models/audit.server";
import { actorLabel, type Actor } from "../models/actor";
import * as M from "../models/materials.server";
import { currencyDecimals, parseMoney } from "../domain/money";
import { gramsToMg, normaliseQty } from "../domain/materials/classes";
import { jobCostMinor, summariseJobMetal, type JobMetalLine } from "../domain/materials/jobs";
import { toMinor } from "../domain/materials/replay";
import { createPieceInTx, type NewPieceMetal, type NewPieceStone } from "./intake.server";
import { dayToInstant, getMaterialSettings, inTx, refuse, Refused, replayOf, type ClassRecord } from "./materials.server";

export async function createJob(shopId: string, input: { number?: string | null; title: string; day: string }, actor: Actor, now = new Date()) {
  const title = input.title.trim();
  if (!title) return refuse("TITLE_REQUIRED", "title");
  const openedAt = dayToInstant(input.day, now);
  if (!openedAt) return refuse("BAD_DATE", "day");
  return inTx(async (tx) => {
    let number = input.number?.trim() ?? "";
    if (!number) {
      const count = await M.countJobs(tx, shopId);
      number = `J-${openedAt.getUTCFullYear()}-${String(count + 1).padStart(3, "0")}`;
    }
    if (await M.findJobByNumber(shopId, number, tx)) throw new Refused(refuse("DUPLICATE_JOB", "number", { number }));
    const job = await M.insertJob(tx, shopId, { number, title, openedAt, actorName: actorLabel(actor) });
    await appendAudit(tx, shopId, { actor, action: "materials.job_opened", entityType: "MaterialJob", entityId: job.id, data: { number, title } });
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
  const shop = { currency: await M.shopCurrency(shopId) };
  let amountMinor: bigint;
  try {
    amountMinor = parseMoney(input.amount, shop.currency, { locale, allowNegative: true });
  } catch {
    return refuse("BAD_AMOUNT", "amount");
  }
  if (amountMinor < 0n) return refuse("NEGATIVE_COST", "amount");
  if (amountMinor === 0n) return refuse("BAD_AMOUNT", "amount");
  return inTx(async (tx) => {
    const job = await M.getJob(shopId, input.jobId, tx);
    if (!job) throw new Refused(refuse("NOT_FOUND"));
    if (job.status !== "open") throw new Refused(refuse("JOB_FINISHED", "jobId"));
    const closed = await M.lastClosedThrough(shopId, tx);
    if (closed && at.getTime() <= closed.getTime()) throw new Refused(refuse("PERIOD_CLOSED", "day", { day: closed.toISOString().slice(0, 10) }));
    const row = await M.insertJobCost(tx, shopId, { jobId: job.id, kind: input.kind, amountMinor, note: input.note?.trim() || null, effectiveAt: at, actorName: actorLabel(actor) });
    await appendAudit(tx, shopId, { actor, action: `materials.job_${input.kind}`, entityType: "MaterialJob", entityId: job.id, data: { costId: row.id, amountMinor } });
    return { ok: true as const };
  });
}

export type JobClassLine = {
  classId: string;
  code: string;
  label: string;
  kind: string;
  unit: string;
  metal: string | null;
  finenessBp: number | null;
  issued: string;
  returned: string;
  recovered: string;
  /** What the job still holds: issued − returned − recovered. */
  held: string;
  costMinor: bigint;
};

export async function jobSummary(shopId: string, jobId: string) {
  const job = await M.getJob(shopId, jobId);
  if (!job) return null;
  const [settings, shop] = await Promise.all([
    getMaterialSettings(shopId),
    M.shopCurrency(shopId).then((currency) => ({ currency })),
  ]);
  const decimals = currencyDecimals(shop.currency);
  const classes = new Map<string, ClassRecord>();
  for (const move of job.moves) classes.set(move.classId, move.class);
  const lines: JobClassLine[] = [];
  const moveCost = new Map<string, bigint>();
  for (const cls of classes.values()) {
    const replay = await replayOf(shopId, cls);
    const mine = new Set(job.moves.filter((m) => m.classId === cls.id).map((m) => m.id));
    let cost = 0n;
    for (const row of replay.rows) {
      if (!mine.has(row.move.id)) continue;
      const delta = toMinor(row.state.value, decimals) - toMinor(row.before.value, decimals);
      const charged = -(delta + toMinor(row.state.variance, decimals));
      moveCost.set(row.move.id, charged);
      cost += charged;
    }
    const sum = (purpose: string) =>
      job.moves.filter((m) => m.classId === cls.id && m.purpose === purpose).reduce((s, m) => s.plus(m.qty ?? "0"), new Decimal(0));
    const issued = sum("issue_job");
    const returned = sum("return_job");
    const recovered = sum("recovery");
    lines.push({
      classId: cls.id,
      code: cls.code,
      label: cls.label,
      kind: cls.kind,
      unit: cls.unit,
      metal: cls.metal,
      finenessBp: cls.finenessBp,
      issued: issued.toFixed(),
      returned: returned.toFixed(),
      recovered: recovered.toFixed(),
      held: issued.minus(returned).minus(recovered).toFixed(),
      costMinor: cost,
    });
  }
  const labourMinor = job.costs.filter((c) => c.kind === "labour").reduce((s, c) => s + c.amountMinor, 0n);
  const overheadMinor = job.costs.filter((c) => c.kind === "overhead").reduce((s, c) => s + c.amountMinor, 0n);
  const materialsMinor = lines.reduce((s, l) => s + l.costMinor, 0n);
  const inPiece = parseContent(job.finishedContent);
  const metalLines: JobMetalLine[] = lines
    .filter((l) => l.kind === "metal" && l.finenessBp !== null)
    .map((l) => ({
      classId: l.classId,
      finenessBp: l.finenessBp!,
      issuedMg: gramsToMg(l.issued),
      returnedMg: gramsToMg(l.returned),
      recoveredMg: gramsToMg(l.recovered),
      inPieceMg: inPiece[l.classId] ? gramsToMg(inPiece[l.classId]!) : 0n,
    }));
  const metal = summariseJobMetal(metalLines, settings.normalLossBp);
  return {
    job,
    lines,
    moveCost,
    labourMinor,
    overheadMinor,
    materialsMinor,
    totalMinor: jobCostMinor({ materialsMinor, labourMinor, overheadMinor }),
    metal: job.status === "finished" ? metal : null,
    normalLossBp: settings.normalLossBp,
    inPiece,
    currency: shop.currency,
  };
}

function parseContent(raw: string | null): Record<string, string> {
  if (!raw) return {};
  try {
    return JSON.parse(raw) as Record<string, string>;
  } catch {
    return {};
  }
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
  const closed = await M.lastClosedThrough(shopId);
  if (closed && at.getTime() <= closed.getTime()) return refuse("PERIOD_CLOSED", "day", { day: closed.toISOString().slice(0, 10) });
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
      if (new Decimal(qty).gt(line.held)) return refuse("IN_PIECE_EXCEEDS", `inPiece.${line.classId}`, { held: line.held });
      content[line.classId] = qty;
      metals.push({ metal: line.metal ?? "other", finenessBp: line.finenessBp ?? 0, grossWeightMg: gramsToMg(qty), enteredWeight: qty, enteredUnit: "g" });
    } else if (new Decimal(line.held).gt(0)) {
      // Stones still held by the job are set in the piece.
      content[line.classId] = line.held;
      const cls = summary.job.moves.find((m) => m.classId === line.classId)!.class;
      const attributes = JSON.parse(cls.attributes || "{}") as Record<string, string>;
      const millicarats = line.unit === "ct" ? Number(new Decimal(line.held).mul(1000).toFixed(0)) : Number(new Decimal(attributes.carats ?? "0").mul(1000).toFixed(0));
      stones.push({ type: attributes.stoneType ?? "diamond", origin: "natural" as const, millicarats, count: 1, position: line.unit === "ct" ? ("accent" as const) : ("centre" as const), clarity: attributes.quality ?? null });
    }
  }
  if (summary.lines.length === 0) return refuse("JOB_EMPTY", "jobId");
  const costMinor = summary.totalMinor;
  const shopCurrency = summary.currency;
  // The piece, its Shopify product request (the catalog's outbox) and the job's closing commit together.
  return inTx(async (tx) => {
    const piece = await createPieceInTx(
      tx,
      shopId,
      { title: input.title.trim(), currency: shopCurrency, priceMinor, costMinor, acquiredAt: at, madeBy: `job ${summary.job.number}`, metals, stones, certificates: [] },
      actor,
      `made in job ${summary.job.number}`,
      { createShopifyProduct: true },
    );
    if (!piece.ok) throw new Refused(refuse("PIECE_REFUSED", undefined, { message: piece.errors.map((e) => e.code).join(", ") }));
    // Conditional on the job still being open: a second finish of the same job is refused.
    const finished = await M.finishJobRow(tx, shopId, summary.job.id, { finishedAt: at, pieceId: piece.pieceId, finishedContent: JSON.stringify(content), costMinor });
    if (!finished) throw new Refused(refuse("JOB_FINISHED", "jobId"));
    await appendAudit(tx, shopId, {
      actor,
      action: "materials.job_finished",
      entityType: "MaterialJob",
      entityId: summary.job.id,
      data: { pieceId: piece.pieceId, tagCode: piece.tagCode, costMinor, materialsMinor: summary.materialsMinor, labourMinor: summary.labourMinor, overheadMinor: summary.overheadMinor, content },
    });
    return { ok: true as const, pieceId: piece.pieceId, tagCode: piece.tagCode, costMinor };
  });
}
