// Valuation details an accountant checks (issue 14, part 3), through the app's own services on real
// SQLite and PostgreSQL: FIFO goods back from an issue at its average cost, the last issue taking
// exactly what is left, no silent zero cost with negative stock allowed, investment gold's
// fineness, and an impairment booked for a past day valued as of that day.
import { beforeAll, describe, expect, test } from "vitest";
import { ENGINES } from "../../setup/databases";
import { makeMaterialClass } from "../../factories";
import { installShop } from "../helpers/shopify";
import { actor, materialsOn, NOW, ok, recordMove, type Materials } from "./helpers";

describe.each(ENGINES)("%s", (engine) => {
  let S: Materials["S"];
  let R: Materials["R"];
  let db: Materials["db"];
  let shopId: string;

  const metal = (finenessBp: number, form: string, method: "fifo" | "moving_average" = "fifo") =>
    makeMaterialClass(shopId, { kind: "metal", metal: "gold", finenessBp, investment: false, form, method }, actor);
  const receive = (classId: string, qty: string, unitCost: string, day: string) =>
    recordMove(shopId, { kind: "receive", classId, qty, unitCost, supplier: "Affinerie", day }, NOW);
  const sell = (classId: string, qty: string, day: string) =>
    recordMove(shopId, { kind: "issue", classId, qty, to: "sale", ref: "#1", day }, NOW);
  const finalOf = async (classId: string) => {
    const cls = await db.materialClass.findFirstOrThrow({ where: { id: classId } });
    const replay = await S.replayOf(shopId, cls);
    if (!replay.ok) throw new Error(replay.message);
    return replay;
  };

  beforeAll(async () => {
    ({ S, R, db } = await materialsOn(engine));
    shopId = (await installShop("details-valorisation.myshopify.com")).id;
  });

  test("FIFO: goods back from an issue that took two lots come back at the issue's average unit cost", async () => {
    const gold = await metal(7500, "fil");
    await receive(gold, "100", "50", "2026-10-01");
    await receive(gold, "50", "60", "2026-10-02");
    await sell(gold, "125", "2026-10-03");
    const issue = await db.materialMove.findFirstOrThrow({ where: { shopId, classId: gold, type: "out" } });
    ok(
      await S.recordMove(
        shopId,
        { kind: "return", classId: gold, ofMoveId: issue.id, qty: "25", day: "2026-10-04" },
        actor,
        NOW,
      ),
    );
    const replay = await finalOf(gold);
    // the issue: 100 × 50 + 25 × 60 = 6500 for 125 g, 52 a gram; 25 back at 25 × 52 = 1300 (not
    // 25 × 60 = 1500, the last lot it took); 25 × 60 still on hand: 1500 + 1300 = 2800
    expect(replay.rows[2]!.state.cost).toBe("6500.00");
    expect(replay.final).toMatchObject({
      qty: "50",
      value: "2800.00",
      layers: [
        ["25", "60"],
        ["25", "52"],
      ],
    });
  });

  test("the issue that empties a class takes exactly the value left: no variance while stock is zero", async () => {
    const gold = await metal(7500, "grain");
    // 3 × 0.335 = 1.005 -> 1.01 received; 1 g issues cost 0.34, 0.34, then the 0.33 left
    await receive(gold, "3", "0.335", "2026-10-01");
    for (const day of ["2026-10-02", "2026-10-03", "2026-10-04"]) await sell(gold, "1", day);
    const replay = await finalOf(gold);
    expect(replay.rows.map((r) => r.state.cost ?? null)).toEqual([null, "0.34", "0.34", "0.33"]);
    expect(replay.rows.every((r) => r.state.variance === undefined)).toBe(true);
    expect(replay.final).toMatchObject({ qty: "0", value: "0.00" });
  });

  test("negative stock allowed: an issue with no cost history is refused unless a unit cost is given", async () => {
    ok(
      await S.saveMaterialSettings(
        shopId,
        { siren: "732829320", normalLossBp: 300, sellingCostBp: 1500, negativeStock: "allow", accounts: {} },
        actor,
      ),
    );
    const gold = await metal(7500, "planche");
    const before = await db.materialMove.count({ where: { shopId } });
    const refused = await S.recordMove(
      shopId,
      { kind: "issue", classId: gold, qty: "2", to: "sale", ref: "#2", day: "2026-10-05" },
      actor,
      NOW,
    );
    expect(refused).toMatchObject({ ok: false, code: "NO_COST", field: "unitCost" });
    expect(await db.materialMove.count({ where: { shopId } })).toBe(before);
    await recordMove(
      shopId,
      { kind: "issue", classId: gold, qty: "2", to: "sale", ref: "#2", unitCost: "40", day: "2026-10-05" },
      NOW,
    );
    // 2 g short at the 40 given: 80, never 0
    const replay = await finalOf(gold);
    expect(replay.rows[0]!.state).toMatchObject({ qty: "-2", value: "-80.00", cost: "80.00" });
    // A receipt then gives the true cost: 2 × 45 = 90 against 80 booked: 10 of variance
    await receive(gold, "2", "45", "2026-10-06");
    expect((await finalOf(gold)).rows[1]!.state).toMatchObject({ qty: "0", value: "0.00", variance: "10.00" });
    ok(
      await S.saveMaterialSettings(
        shopId,
        { siren: "732829320", normalLossBp: 300, sellingCostBp: 1500, negativeStock: "refuse", accounts: {} },
        actor,
      ),
    );
  });

  test("investment gold: bars below 995 ‰ and coins below 900 ‰ are refused, with the rule in both languages", async () => {
    const bar = await S.createMaterialClass(
      shopId,
      { kind: "metal", metal: "gold", finenessBp: 9160, investment: true, form: "lingot", method: "fifo" },
      actor,
    );
    expect(bar).toMatchObject({ ok: false, code: "INVESTMENT_BAR_FINENESS", field: "fineness", vars: { min: 995 } });
    const { translate } = await import("../../../app/i18n/index");
    expect(translate("en", "materials.error.INVESTMENT_BAR_FINENESS", { min: 995 })).toContain("at least 995 ‰");
    expect(translate("fr", "materials.error.INVESTMENT_BAR_FINENESS", { min: 995 })).toContain("au moins 995 ‰");
    const lowCoin = await S.createMaterialClass(
      shopId,
      { kind: "metal", metal: "gold", finenessBp: 7500, investment: true, form: "pièce", method: "fifo" },
      actor,
    );
    expect(lowCoin).toMatchObject({ ok: false, code: "INVESTMENT_COIN_FINENESS", vars: { min: 900 } });
    // A sovereign (916 ‰) is investment gold, though a 916 bar is not; a 999.9 bar is too.
    ok(
      await S.createMaterialClass(
        shopId,
        { kind: "metal", metal: "gold", finenessBp: 9160, investment: true, form: "pièce", method: "fifo" },
        actor,
      ),
    );
    ok(
      await S.createMaterialClass(
        shopId,
        { kind: "metal", metal: "gold", finenessBp: 9999, investment: true, form: "lingot", method: "fifo" },
        actor,
      ),
    );
  });

  test("an impairment booked for a past day uses that day's stock, reference price and allowances", async () => {
    const gold = await metal(7500, "impairment");
    // 10 g of 750 = 7.5 g fine, bought at 50 a gram of alloy: 500.00
    await receive(gold, "10", "50", "2026-10-01");
    ok(await R.setPrice(shopId, { metal: "gold", day: "2026-10-01", price: "40" }, actor, NOW));
    // After the day booked: more stock, and the price back up.
    await receive(gold, "10", "50", "2026-11-02");
    ok(await R.setPrice(shopId, { metal: "gold", day: "2026-11-15", price: "100" }, actor, NOW));
    // Today the class is worth 15 g fine × 100 = 1500 against 1000 of cost: nothing to write down.
    expect((await R.impairmentTest(shopId)).lines.find((l) => l.id === gold)).toBeUndefined();
    const booked = ok(
      await R.bookImpairment(
        shopId,
        { target: "class", id: gold, justification: "Cours de l'or au 20 octobre", day: "2026-10-20" },
        actor,
        NOW,
      ),
    );
    // On 20 October: 7.5 g fine × 40 = 300.00 against a cost of 500.00: 200.00 written down
    expect(booked).toMatchObject({ kind: "writedown", amountMinor: 20000n });
    const row = await db.materialImpairment.findFirstOrThrow({ where: { shopId, classId: gold } });
    expect(row).toMatchObject({ costMinor: 50000n, marketMinor: 30000n });
    // A reversal for a later day counts the allowance booked by then: the whole 200.00 comes back.
    const reversal = ok(
      await R.bookImpairment(
        shopId,
        { target: "class", id: gold, justification: "Reprise : cours remonté", day: "2026-11-16" },
        actor,
        NOW,
      ),
    );
    expect(reversal).toMatchObject({ kind: "reversal", amountMinor: 20000n });
  });

  test("a standard-cost revision is dated, justified, audited, revalues the stock on hand and posts the variance", async () => {
    const std = await makeMaterialClass(
      shopId,
      {
        kind: "metal",
        metal: "gold",
        finenessBp: 7500,
        investment: false,
        form: "standard",
        method: "standard",
        standardUnitCost: "50",
      },
      actor,
    );
    // 10 g at standard 50 = 500; the invoice 520 books 20 of price variance
    await receive(std, "10", "52", "2026-10-01");
    const revise = (unitCost: string, reason: string, classId = std) =>
      S.recordMove(shopId, { kind: "standard_cost", classId, unitCost, day: "2026-10-10", reason }, actor, NOW);
    expect(await revise("55", "short")).toMatchObject({ ok: false, code: "JUSTIFICATION_REQUIRED", field: "reason" });
    const fifo = await metal(7500, "pas-standard");
    expect(await revise("55", "Nouveau barème fournisseur 2026", fifo)).toMatchObject({
      ok: false,
      code: "NOT_STANDARD",
    });
    const done = ok(await revise("55", "Nouveau barème fournisseur 2026"));
    // 10 g revalued from 500 to 10 × 55 = 550: a gain of 50 on the variance account
    const replay = await finalOf(std);
    expect(replay.rows[1]!.state).toMatchObject({ qty: "10", value: "550.00", unitCost: "55", variance: "-50.00" });
    // Later issues leave at the new standard: 2 × 55 = 110
    await sell(std, "2", "2026-10-11");
    expect((await finalOf(std)).rows[2]!.state).toMatchObject({ cost: "110.00", value: "440.00" });
    const audit = await db.auditLog.findFirstOrThrow({
      where: { shopId, action: "materials.move.standard_revision", entityId: done.moveIds[0]! },
    });
    expect(audit.reason).toBe("Nouveau barème fournisseur 2026");
    const { entries } = await R.accountingEntries(shopId, null, null);
    const entry = entries.find((e) => e.ref === done.moveIds[0])!;
    expect(entry.lines.map((l) => [l.role, l.debitMinor, l.creditMinor])).toEqual([
      ["stockMetal", 5000n, 0n],
      ["variance", 0n, 5000n],
    ]);
  });

  test("a method change is retrospective from the opening of the fiscal year, its effect on the opening stock shown apart", async () => {
    const gold = await metal(7500, "retro");
    await receive(gold, "100", "50", "2025-03-01");
    await receive(gold, "100", "60", "2025-06-01");
    await sell(gold, "100", "2025-09-01");
    await sell(gold, "50", "2026-02-01");
    const done = ok(
      await S.changeMethod(
        shopId,
        {
          classId: gold,
          toMethod: "moving_average",
          justification: "Le CUMP suit mieux des achats fréquents à cours variable",
          day: "2026-11-20",
        },
        actor,
        NOW,
      ),
    );
    // On 1 January 2026 FIFO carried 100 @ 60 = 6000; by moving average the history gives 100 @ 55
    // (11000 / 200 − the 2025 issue of 100 at 55 = 5500): an effect of −500.00, shown apart.
    expect(done).toMatchObject({ effectiveFrom: new Date("2026-01-01T00:00:00Z"), effectMinor: -50000n });
    const replay = await finalOf(gold);
    const mark = replay.marks.find((m) => m.kind === "method")!;
    expect(mark).toMatchObject({ retrospective: true, before: { value: "6000.00" }, state: { value: "5500.00" } });
    // 2025 stays as reported (FIFO: the issue cost 100 @ 50 = 5000); 2026 is valued by the new method.
    expect(replay.rows[2]!.state.cost).toBe("5000.00");
    expect(replay.rows[3]!.state.cost).toBe("2750.00");
    expect(replay.final).toMatchObject({ qty: "50", value: "2750.00" });
    const audit = await db.auditLog.findFirstOrThrow({
      where: { shopId, action: "materials.method_changed", entityId: gold },
    });
    expect(JSON.parse(audit.data!)).toMatchObject({ retrospective: true, effectMinor: "-50000" });
    // Once the year's first period is closed, a change (reaching back to its opening) is refused.
    ok(await S.closePeriod(shopId, "2026-01-31", actor, NOW));
    expect(
      await S.changeMethod(
        shopId,
        {
          classId: gold,
          toMethod: "fifo",
          justification: "Retour au PEPS demandé par l'expert-comptable",
          day: "2026-11-20",
        },
        actor,
        NOW,
      ),
    ).toMatchObject({ ok: false, code: "RETROSPECTIVE_CLOSED", vars: { opening: "2026-01-01", day: "2026-01-31" } });
  });
});
