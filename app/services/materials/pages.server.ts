// What the materials pages with most to show (a class, a job, the reports) load, assembled from the
// services and models so their routes stay glue.
import Decimal from "decimal.js";
import { getClass, listClasses } from "../../models/materials-classes.server";
import { listJobs } from "../../models/materials-jobs.server";
import { getPieceTitle } from "../../models/materials-impairments.server";
import { listMethodChanges } from "../../models/materials-method-changes.server";
import { listMoves } from "../../models/materials-moves.server";
import { parseIsoDay } from "../../domain/days";
import { currencyDecimals } from "../../domain/money";
import { fineMgOf } from "../../domain/materials/classes";
import { endOfDay, todayDay } from "../../domain/materials/days";
import { toMinor, unitCostOf } from "../../domain/materials/replay";
import { replayOf } from "./classes.server";
import { jobSummary } from "./jobs.server";
import { getMaterialSettings } from "./settings.server";
import { finishedJobs, finishedSales, journal, valuationAt } from "./stock-reports.server";
import { accountingEntries } from "./accounting-export.server";

/** The shop as the pages show it: its money and its clock. */
export type PageShop = { id: string; currency: string; ianaTimezone: string };

/** A class's page: its valuation, its moves valued, its method history, what its forms offer; null when not in the shop. */
export async function classPage(shop: PageShop, id: string) {
  const cls = await getClass(shop.id, id);
  if (!cls) return null;
  const decimals = currencyDecimals(shop.currency);
  const [replay, moves, changes, classes, jobs] = await Promise.all([
    replayOf(shop.id, cls),
    listMoves(shop.id, cls.id),
    listMethodChanges(shop.id, cls.id),
    listClasses(shop.id),
    listJobs(shop.id),
  ]);
  const valued = new Map(replay.rows.map((r) => [r.move.id, r]));
  return {
    cls: {
      id: cls.id,
      code: cls.code,
      label: cls.label,
      kind: cls.kind,
      unit: cls.unit,
      method: cls.method,
      metal: cls.metal,
      finenessBp: cls.finenessBp,
      investment: cls.investment,
      nrvUnitValue: cls.nrvUnitValue,
    },
    currency: shop.currency,
    timeZone: shop.ianaTimezone,
    today: todayDay(),
    error: replay.ok ? null : replay.message,
    state: replay.ok
      ? {
          qty: replay.final.qty,
          valueMinor: toMinor(replay.final.value, decimals),
          unitCost: replay.final.unitCost,
          layers: replay.final.layers ?? null,
          method: replay.method,
        }
      : null,
    fineMg: replay.ok && cls.finenessBp !== null ? fineMgOf(replay.final.qty, cls.finenessBp) : null,
    moves: moves.map((m) => {
      const row = valued.get(m.id);
      return {
        id: m.id,
        purpose: m.purpose,
        qty: m.qty,
        // A transfer's receiving half is valued at what the sending half costs now (re-costed by
        // back-dated moves there), not at the cost stored when it was recorded.
        unitCost:
          m.purpose === "transfer_in" && row && m.qty
            ? unitCostOf(new Decimal(row.state.value).minus(row.before.value).toFixed(), m.qty)
            : m.unitCost,
        supplier: m.supplier,
        lot: m.lot,
        ref: m.jobRef,
        reason: m.reason,
        effectiveAt: m.effectiveAt,
        actorName: m.actorName,
        costMinor: row?.state.cost !== undefined ? toMinor(row.state.cost, decimals) : null,
        qtyAfter: row?.state.qty ?? null,
        valueAfterMinor: row ? toMinor(row.state.value, decimals) : null,
      };
    }),
    changes: changes.map((c) => {
      // A retrospective change's effect: the opening stock by the new method less by the old one.
      const mark = replay.ok
        ? replay.marks.find(
            (m) => m.kind === "method" && m.retrospective && m.at.getTime() === c.effectiveFrom.getTime(),
          )
        : undefined;
      return {
        id: c.id,
        fromMethod: c.fromMethod,
        toMethod: c.toMethod,
        justification: c.justification,
        effectiveFrom: c.effectiveFrom,
        actorName: c.actorName,
        effectMinor: mark ? toMinor(mark.state.value, decimals) - toMinor(mark.before.value, decimals) : null,
      };
    }),
    targets: classes
      .filter(
        (c) =>
          c.id !== cls.id &&
          c.kind === cls.kind &&
          c.unit === cls.unit &&
          c.metal === cls.metal &&
          c.finenessBp === cls.finenessBp &&
          c.investment === cls.investment,
      )
      .map((c) => ({ id: c.id, label: c.label })),
    openJobs: jobs.filter((j) => j.status === "open").map((j) => ({ id: j.id, label: `${j.number} — ${j.title}` })),
    returnable: moves
      .filter((m) => m.purpose === "receipt" || m.purpose === "issue_sale")
      .map((m) => ({
        id: m.id,
        purpose: m.purpose,
        qty: m.qty,
        day: m.effectiveAt,
        who: m.supplier ?? m.jobRef ?? "",
      })),
  };
}

/** A job's page: its moves and costs, its cost so far or its piece's, its metal's loss; null when not in the shop. */
export async function jobPage(shop: PageShop, id: string) {
  const summary = await jobSummary(shop.id, id);
  if (!summary) return null;
  const classes = await listClasses(shop.id);
  const piece = summary.job.pieceId ? await getPieceTitle(shop.id, summary.job.pieceId) : null;
  const { job } = summary;
  return {
    job: {
      id: job.id,
      number: job.number,
      title: job.title,
      status: job.status,
      openedAt: job.openedAt,
      finishedAt: job.finishedAt,
      costMinor: job.costMinor,
      abnormalLossMinor: job.abnormalLossMinor,
    },
    lines: summary.lines,
    moves: job.moves.map((m) => ({
      id: m.id,
      purpose: m.purpose,
      qty: m.qty,
      unit: m.class.unit,
      classLabel: m.class.label,
      effectiveAt: m.effectiveAt,
      costMinor: summary.moveCost.get(m.id) ?? null,
      actorName: m.actorName,
    })),
    costs: job.costs.map((c) => ({
      id: c.id,
      kind: c.kind,
      amountMinor: c.amountMinor,
      note: c.note,
      effectiveAt: c.effectiveAt,
    })),
    materialsMinor: summary.materialsMinor,
    labourMinor: summary.labourMinor,
    overheadMinor: summary.overheadMinor,
    totalMinor: summary.totalMinor,
    abnormalLossMinor: summary.abnormalLossMinor,
    pieceCostMinor: summary.pieceCostMinor,
    metal: summary.metal,
    normalLossBp: summary.normalLossBp,
    piece,
    classes: classes.map((c) => ({ id: c.id, label: c.label, unit: c.unit, kind: c.kind })),
    currency: shop.currency,
    timeZone: shop.ianaTimezone,
    today: todayDay(),
  };
}

/** The reports page: valuation at a day, and the journal, entries, finished jobs and sales of a range (default: this year). */
export async function reportsPage(shop: PageShop, q: { at?: string; from?: string; to?: string }) {
  const today = todayDay();
  const at = q.at ?? today;
  const to = q.to ?? today;
  const from = q.from ?? `${to.slice(0, 4)}-01-01`;
  const fromInstant = parseIsoDay(from)!;
  const toInstant = endOfDay(to)!;
  const [valuation, moves, entries, settings, jobs, sales] = await Promise.all([
    valuationAt(shop.id, endOfDay(at)!),
    journal(shop.id, fromInstant, toInstant),
    accountingEntries(shop.id, fromInstant, toInstant),
    getMaterialSettings(shop.id),
    finishedJobs(shop.id, fromInstant, toInstant),
    finishedSales(shop.id, fromInstant, toInstant),
  ]);
  return {
    at,
    from,
    to,
    currency: shop.currency,
    timeZone: shop.ianaTimezone,
    lines: valuation.lines,
    comparison: valuation.comparison,
    methods: valuation.methods,
    finished: valuation.finished,
    sales: sales.slice(-500),
    journal: moves.rows.slice(-500).map((m) => ({
      id: m.id,
      effectiveAt: m.effectiveAt,
      purpose: m.purpose,
      classLabel: m.class.label,
      unit: m.class.unit,
      qty: m.qty,
      job: m.job?.number ?? null,
      costMinor: m.valued?.costMinor ?? null,
      who: m.supplier ?? m.jobRef ?? "",
    })),
    entries: entries.entries.slice(-200).map((e) => ({
      at: e.at,
      journal: settings.journals[e.journal],
      label: e.label,
      lines: e.lines.map((l) => ({
        account: settings.accounts[l.role],
        role: l.role,
        debitMinor: l.debitMinor,
        creditMinor: l.creditMinor,
      })),
    })),
    hasSiren: Boolean(settings.siren),
    jobs,
  };
}
