// Material stock services against real SQLite and PostgreSQL: moves replayed through the
// valuation engine, refusals that write nothing, back-dated moves, method changes, closed
// periods, jobs, prices, impairment and the accounting export.
import { beforeAll, describe, expect, test } from "vitest";
import { ENGINES } from "../../setup/databases";
import { makeMaterialClass } from "../../factories";
import { loadApp } from "../helpers/app";
import { installShop } from "../helpers/shopify";
import { actor, addJobCost, createJob, materialsOn, NOW, ok, recordMove, type Materials } from "./helpers";

describe.each(ENGINES)("%s", (engine) => {
  let S: Materials["S"];
  let J: Materials["J"];
  let R: Materials["R"];
  let E: Materials["E"];
  let db: Materials["db"];
  let shopId: string;
  let otherShopId: string;
  let gold: string;

  beforeAll(async () => {
    ({ S, J, R, E, db } = await materialsOn(engine));
    shopId = (await installShop("atelier-test.myshopify.com")).id;
    otherShopId = (await installShop("autre.myshopify.com")).id;
    gold = await makeMaterialClass(
      shopId,
      { kind: "metal", metal: "gold", finenessBp: 7500, investment: false, method: "fifo" },
      actor,
    );
  });

  test("receipts and issues are valued by the class's method (FIFO) and written with an audit row each", async () => {
    await recordMove(
      shopId,
      { kind: "receive", classId: gold, qty: "100", unitCost: "50", supplier: "Affinerie Dupont", day: "2026-10-01" },
      NOW,
    );
    await recordMove(
      shopId,
      { kind: "receive", classId: gold, qty: "50", unitCost: "55", supplier: "Affinerie Dupont", day: "2026-10-05" },
      NOW,
    );
    await recordMove(
      shopId,
      { kind: "issue", classId: gold, qty: "120", to: "sale", ref: "#1001", day: "2026-10-10" },
      NOW,
    );
    const cls = await db.materialClass.findFirstOrThrow({ where: { id: gold } });
    const replay = await S.replayOf(shopId, cls);
    expect(replay.ok && replay.final).toMatchObject({ qty: "30", value: "1650.00" });
    // 100 × 50 + 20 × 55 = 6100
    expect(replay.ok && replay.rows[2]!.state.cost).toBe("6100.00");
    expect(await db.auditLog.count({ where: { shopId, action: { startsWith: "materials.move." } } })).toBe(3);
  });

  test("an issue larger than stock is refused and writes nothing", async () => {
    const before = await db.materialMove.count({ where: { shopId } });
    const result = await S.recordMove(
      shopId,
      { kind: "issue", classId: gold, qty: "31", to: "sale", day: "2026-10-11" },
      actor,
      NOW,
    );
    expect(result).toMatchObject({ ok: false, code: "INSUFFICIENT_STOCK", field: "qty" });
    expect(await db.materialMove.count({ where: { shopId } })).toBe(before);
  });

  test("negative costs, bad quantities and future dates are refused", async () => {
    expect(
      await S.recordMove(
        shopId,
        { kind: "receive", classId: gold, qty: "1", unitCost: "-5", supplier: "X", day: "2026-10-11" },
        actor,
        NOW,
      ),
    ).toMatchObject({ code: "NEGATIVE_COST", field: "unitCost" });
    expect(
      await S.recordMove(
        shopId,
        { kind: "receive", classId: gold, qty: "1.0001", unitCost: "5", supplier: "X", day: "2026-10-11" },
        actor,
        NOW,
      ),
    ).toMatchObject({ code: "BAD_QTY" });
    expect(
      await S.recordMove(
        shopId,
        { kind: "receive", classId: gold, qty: "1", unitCost: "5", supplier: "X", day: "2026-12-01" },
        actor,
        NOW,
      ),
    ).toMatchObject({ code: "FUTURE_DATE" });
  });

  test("a return of more than was received is refused; a return within it is accepted", async () => {
    const receipt = await db.materialMove.findFirstOrThrow({
      where: { shopId, classId: gold, purpose: "receipt", qty: "50" },
    });
    // FIFO: the 50 g lot has 30 g left after the issue of 120 g.
    expect(
      await S.recordMove(
        shopId,
        { kind: "return", classId: gold, ofMoveId: receipt.id, qty: "31", day: "2026-10-12" },
        actor,
        NOW,
      ),
    ).toMatchObject({ ok: false, code: "RETURN_EXCEEDS" });
    await recordMove(
      shopId,
      { kind: "return", classId: gold, ofMoveId: receipt.id, qty: "10", day: "2026-10-12" },
      NOW,
    );
  });

  test("a back-dated receipt recomputes later issues and says what changed", async () => {
    const result = await recordMove(
      shopId,
      { kind: "receive", classId: gold, qty: "10", unitCost: "40", supplier: "Comptoir", day: "2026-09-20" },
      NOW,
    );
    expect(result.backDated).toBe(true);
    const issue = await db.materialMove.findFirstOrThrow({ where: { shopId, classId: gold, purpose: "issue_sale" } });
    // The issue of 120 g now takes 10 g at 40 first: 400 + 100 × 50 + 10 × 55 = 5950 (was 6100).
    expect(result.changes).toContainEqual({ moveId: issue.id, field: "cost", before: "6100.00", after: "5950.00" });
  });

  test("a method change needs a written justification, is logged, and is retrospective from the fiscal year's opening", async () => {
    expect(
      await S.changeMethod(
        shopId,
        { classId: gold, toMethod: "moving_average", justification: "  ", day: "2026-11-01" },
        actor,
        NOW,
      ),
    ).toMatchObject({ code: "JUSTIFICATION_REQUIRED" });
    const cls = await db.materialClass.findFirstOrThrow({ where: { id: gold } });
    const before = await S.replayOf(shopId, cls, { until: new Date("2026-10-31T23:59:59Z") });
    const done = ok(
      await S.changeMethod(
        shopId,
        {
          classId: gold,
          toMethod: "moving_average",
          justification: "Le CUMP reflète mieux nos achats fréquents de petites quantités",
          day: "2026-11-01",
        },
        actor,
        NOW,
      ),
    );
    // From the opening of the fiscal year (a calendar year): 1 January 2026, before every move here,
    // so the whole year is valued by moving average; no stock at the opening, no effect.
    expect(done).toMatchObject({ effectiveFrom: new Date("2026-01-01T00:00:00Z"), effectMinor: 0n });
    const changed = await db.materialClass.findFirstOrThrow({ where: { id: gold } });
    expect(changed.method).toBe("moving_average");
    const after = await S.replayOf(shopId, changed, { until: new Date("2026-10-31T23:59:59Z") });
    // FIFO kept 30 @ 55 = 1650 on 31 October; restated, the stock is the moving average's.
    const figures = (r: typeof before) => (r.ok ? { ...r.final, layers: undefined } : null);
    expect(figures(before)).toMatchObject({ qty: "30", value: "1650.00" });
    const compared = await R.valuationAt(shopId, new Date("2026-10-31T23:59:59Z"));
    expect(after.ok && BigInt(after.final.value.replace(".", ""))).toBe(compared.comparison[gold]!.moving_average);
    expect(await db.materialMethodChange.count({ where: { shopId, classId: gold } })).toBe(1);
    expect(await db.auditLog.count({ where: { shopId, action: "materials.method_changed" } })).toBe(1);
  });

  test("a move into a closed period is refused, in both languages' codes", async () => {
    ok(await S.closePeriod(shopId, "2026-09-30", actor, NOW));
    const result = await S.recordMove(
      shopId,
      { kind: "receive", classId: gold, qty: "1", unitCost: "50", supplier: "X", day: "2026-09-25" },
      actor,
      NOW,
    );
    expect(result).toMatchObject({ ok: false, code: "PERIOD_CLOSED", vars: { day: "2026-09-30" } });
    expect(await S.closePeriod(shopId, "2026-09-15", actor, NOW)).toMatchObject({ code: "ALREADY_CLOSED" });
  });

  test("a count adjustment posts the difference with its reason", async () => {
    expect(
      await S.recordMove(
        shopId,
        { kind: "count", classId: gold, countedQty: "25", day: "2026-11-02", reason: "" },
        actor,
        NOW,
      ),
    ).toMatchObject({ code: "REASON_REQUIRED" });
    await recordMove(
      shopId,
      { kind: "count", classId: gold, countedQty: "29.5", day: "2026-11-02", reason: "inventaire annuel" },
      NOW,
    );
    const cls = await db.materialClass.findFirstOrThrow({ where: { id: gold } });
    const replay = await S.replayOf(shopId, cls);
    expect(replay.ok && replay.final.qty).toBe("29.5");
  });

  test("a job: issue, return, recovery, labour, finish with a piece at cost and the loss rate", async () => {
    const job = await createJob(shopId, { title: "Bague solitaire", day: "2026-11-03" }, NOW);
    await recordMove(
      shopId,
      { kind: "issue", classId: gold, qty: "10", to: "job", jobId: job.jobId, day: "2026-11-03" },
      NOW,
    );
    await recordMove(
      shopId,
      { kind: "job_return", classId: gold, jobId: job.jobId, qty: "2", recovery: false, day: "2026-11-04" },
      NOW,
    );
    await recordMove(
      shopId,
      { kind: "job_return", classId: gold, jobId: job.jobId, qty: "0.5", recovery: true, day: "2026-11-04" },
      NOW,
    );
    expect(
      await S.recordMove(
        shopId,
        { kind: "job_return", classId: gold, jobId: job.jobId, qty: "8", recovery: false, day: "2026-11-04" },
        actor,
        NOW,
      ),
    ).toMatchObject({ code: "RETURN_EXCEEDS" });
    expect(
      await J.addJobCost(
        shopId,
        { jobId: job.jobId, kind: "labour", amount: "-10", day: "2026-11-05" },
        actor,
        "en",
        NOW,
      ),
    ).toMatchObject({ code: "NEGATIVE_COST" });
    await addJobCost(shopId, { jobId: job.jobId, kind: "labour", amount: "120", day: "2026-11-05" }, NOW);
    await addJobCost(shopId, { jobId: job.jobId, kind: "overhead", amount: "30", day: "2026-11-05" }, NOW);
    const open = (await J.jobSummary(shopId, job.jobId))!;
    expect(open.lines[0]).toMatchObject({ issued: "10", returned: "2", recovered: "0.5", held: "7.5" });
    expect(
      await J.finishJob(
        shopId,
        { jobId: job.jobId, title: "Bague", inPiece: { [gold]: "7.6" }, day: "2026-11-06" },
        actor,
        "en",
        NOW,
      ),
    ).toMatchObject({ code: "IN_PIECE_EXCEEDS" });
    const done = ok(
      await J.finishJob(
        shopId,
        {
          jobId: job.jobId,
          title: "Bague solitaire or jaune",
          price: "1900",
          inPiece: { [gold]: "7.2" },
          day: "2026-11-06",
        },
        actor,
        "en",
        NOW,
      ),
    );
    const summary = (await J.jobSummary(shopId, job.jobId))!;
    expect(done.costMinor).toBe(summary.materialsMinor + 12000n + 3000n - summary.abnormalLossMinor);
    const piece = await db.piece.findFirstOrThrow({ where: { id: done.pieceId }, include: { metals: true } });
    expect(piece.costMinor).toBe(done.costMinor);
    expect(piece.metals[0]).toMatchObject({ metal: "gold", finenessBp: 7500, grossWeightMg: 7200n });
    // Its Shopify product is requested through the catalog's outbox, in the same transaction.
    expect(
      await db.outboxEntry.count({
        where: { shopId, kind: "product.create", idempotencyKey: `product-create-${done.pieceId}` },
      }),
    ).toBe(1);
    // on the net metal issued, 10 − 2 returned unused = 8: loss (8 − 0.5 − 7.2) / 8 = 3.75 %, above
    // the normal 3 %; yield 7.2 / 8 = 90 %, in fine metal (all 750 here)
    expect(summary.metal).toMatchObject({ lossBp: 375, yieldBp: 9000, abnormal: true });
    expect(summary.abnormalLossMinor).toBeGreaterThan(0n);
    expect(
      await J.finishJob(
        shopId,
        { jobId: job.jobId, title: "again", inPiece: { [gold]: "1" }, day: "2026-11-06" },
        actor,
        "en",
        NOW,
      ),
    ).toMatchObject({ code: "JOB_FINISHED" });
  });

  test("a transfer moves stock at its cost between classes of one fineness, and refuses another fineness", async () => {
    const wire = await makeMaterialClass(
      shopId,
      { kind: "metal", metal: "gold", finenessBp: 7500, investment: false, form: "fil", method: "fifo" },
      actor,
    );
    const gold585 = await makeMaterialClass(
      shopId,
      { kind: "metal", metal: "gold", finenessBp: 5850, investment: false, method: "fifo" },
      actor,
    );
    expect(
      await S.recordMove(
        shopId,
        { kind: "transfer", classId: gold, toClassId: gold585, qty: "1", day: "2026-11-10", reason: "tréfilage" },
        actor,
        NOW,
      ),
    ).toMatchObject({ code: "TRANSFER_FINENESS" });
    const result = await recordMove(
      shopId,
      { kind: "transfer", classId: gold, toClassId: wire, qty: "2", day: "2026-11-10", reason: "tréfilage" },
      NOW,
    );
    expect(result.moveIds).toHaveLength(2);
    const [from, to] = await Promise.all([
      db.materialClass.findFirstOrThrow({ where: { id: gold } }),
      db.materialClass.findFirstOrThrow({ where: { id: wire } }),
    ]);
    const out = await S.replayOf(shopId, from);
    const into = await S.replayOf(shopId, to);
    const outCost = out.ok ? out.rows.find((r) => r.move.id === result.moveIds[0])!.state.cost : null;
    expect(into.ok && into.final).toMatchObject({ qty: "2", value: outCost });
  });

  test("reference prices: CSV import is all or nothing; market value and impairment follow them", async () => {
    const bad = await R.importPricesCsv(
      shopId,
      "metal,date,price_per_gram\ngold,2026-11-01,120\nunobtainium,2026-11-01,1\n",
      actor,
      NOW,
    );
    expect(bad).toMatchObject({ ok: false, code: "CSV_ERRORS", errors: [{ row: 3, code: "BAD_METAL" }] });
    expect(await db.materialPrice.count({ where: { shopId } })).toBe(0);
    ok(
      await R.importPricesCsv(
        shopId,
        "metal,date,price_per_gram\ngold,2026-11-01,60\nsilver,2026-11-01,0.85\n",
        actor,
        NOW,
      ),
    );
    const stock = await R.stockAt(shopId);
    const line = stock.lines.find((l) => l.id === gold)!;
    // fine metal at 60 €/g is below the cost of 750 gold bought around 50 €/g of alloy (≈ 66.7 €/g fine)
    expect(line.marketMinor).toBe((line.fineMg! * 60n) / 10n);
    const test1 = await R.impairmentTest(shopId);
    const proposal = test1.lines.find((l) => l.id === gold)!;
    expect(proposal.bookMinor).toBe(line.valueMinor - line.marketMinor!);
    expect(
      await R.bookImpairment(shopId, { target: "class", id: gold, justification: "", day: "2026-11-20" }, actor, NOW),
    ).toMatchObject({ code: "JUSTIFICATION_REQUIRED" });
    ok(
      await R.bookImpairment(
        shopId,
        { target: "class", id: gold, justification: "Cours de l'or en baisse au 20/11", day: "2026-11-20" },
        actor,
        NOW,
      ),
    );
    // The price recovers: the test proposes a reversal of the whole allowance.
    ok(await R.setPrice(shopId, { metal: "gold", day: "2026-11-19", price: "90" }, actor, NOW));
    const test2 = await R.impairmentTest(shopId);
    expect(test2.lines.find((l) => l.id === gold)!.bookMinor).toBe(-proposal.bookMinor);
    const reversal = ok(
      await R.bookImpairment(
        shopId,
        { target: "class", id: gold, justification: "Reprise: cours remonté", day: "2026-11-20" },
        actor,
        NOW,
      ),
    );
    expect(reversal).toMatchObject({ kind: "reversal", amountMinor: proposal.bookMinor });
  });

  test("valuation at a date compares FIFO, LIFO and the averages", async () => {
    const report = await R.valuationAt(shopId, new Date("2026-10-10T23:59:59Z"));
    const row = report.comparison[gold]!;
    // on 10 Oct: 10 @40, 100 @50, 50 @55 received, 120 issued -> FIFO keeps 40 @55 = 2200; LIFO keeps 10 @40 + 30 @50 = 1900
    expect(row.fifo).toBe(220000n);
    expect(row.lifo).toBe(190000n);
  });

  test("the accounting export balances and the FEC file has the legal name and 18 columns", async () => {
    const { entries } = await R.accountingEntries(shopId, null, null);
    for (const e of entries) expect(e.lines.reduce((s, l) => s + l.debitMinor - l.creditMinor, 0n)).toBe(0n);
    expect(await R.exportFec(shopId, "2026-01-01", "2026-12-31")).toMatchObject({ code: "SIREN_REQUIRED" });
    ok(
      await S.saveMaterialSettings(
        shopId,
        { siren: "732829320", normalLossBp: 300, sellingCostBp: 1500, negativeStock: "refuse", accounts: {} },
        actor,
      ),
    );
    // Only validated entries go in the FEC, and receipts need their supplier document numbers.
    expect(await R.exportFec(shopId, "2026-01-01", "2026-11-18")).toMatchObject({ code: "FEC_NOT_VALIDATED" });
    ok(await S.closePeriod(shopId, "2026-11-18", actor, NOW));
    expect(await R.exportFec(shopId, "2026-01-01", "2026-11-18")).toMatchObject({ code: "FEC_RECEIPT_DOCUMENTS" });
    for (const receipt of await db.materialMove.findMany({ where: { shopId, purpose: "receipt" } }))
      ok(await E.addReceiptDocument(shopId, receipt.id, `BL-${receipt.id.slice(0, 6)}`, actor));
    const fec = ok(await R.exportFec(shopId, "2026-01-01", "2026-11-18"));
    expect(fec.fileName).toBe("732829320FEC20261231.txt");
    const lines = fec.body.split("\r\n").filter(Boolean);
    expect(lines[0]!.split("\t")).toHaveLength(18);
    for (const line of lines) expect(line.split("\t")).toHaveLength(18);
    expect(lines.some((l) => l.startsWith("STK\tÉcritures de stock (Loupe)\tSTK-2026-000001\t2026"))).toBe(true);
    const csv = await R.exportCsv(shopId, null, null);
    expect(csv.split("\n")[0]).toBe(
      "date,journal,entry,account,account_label,auxiliary,reference,label,debit,credit,currency",
    );
  });

  test("material ledger rows cannot be changed or deleted in the database; they go with their shop", async () => {
    const move = await db.materialMove.findFirstOrThrow({ where: { shopId } });
    // The SQLite adapter reports a trigger abort as a constraint violation: the refusal and the
    // unchanged row are what is checked on both engines.
    await expect(db.materialMove.update({ where: { id: move.id }, data: { qty: "1" } })).rejects.toThrow();
    await expect(db.materialMove.delete({ where: { id: move.id } })).rejects.toThrow();
    expect(await db.materialMove.findUniqueOrThrow({ where: { id: move.id } })).toEqual(move);
    const { deleteShopData } = await loadApp();
    const scratch = await installShop("ephemere.myshopify.com");
    const cls = ok(
      await S.createMaterialClass(
        scratch.id,
        { kind: "metal", metal: "silver", finenessBp: 9250, investment: false, method: "fifo" },
        actor,
      ),
    );
    await recordMove(
      scratch.id,
      { kind: "receive", classId: cls.classId, qty: "10", unitCost: "1", supplier: "X", day: "2026-11-01" },
      NOW,
    );
    await deleteShopData("ephemere.myshopify.com");
    expect(await db.materialMove.count({ where: { shopId: scratch.id } })).toBe(0);
  });

  test("another shop sees none of it", async () => {
    const stock = await R.stockAt(otherShopId);
    expect(stock.lines).toEqual([]);
    expect(
      await S.recordMove(
        otherShopId,
        { kind: "issue", classId: gold, qty: "1", to: "sale", day: "2026-11-10" },
        actor,
        NOW,
      ),
    ).toMatchObject({ code: "NOT_FOUND" });
  });
});
