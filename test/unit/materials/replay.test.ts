import { describe, expect, test } from "vitest";
import {
  diffReplays,
  methodAt,
  replayClass,
  replayShop,
  stateAt,
  type ReplayOk,
  type ReplayResult,
  type ShopClassInput,
  type StoredMove,
} from "../../../app/domain/materials/replay";
import { generateLedger } from "./ledger-gen";

let n = 0;
const at = (day: string) => new Date(`${day}T12:00:00Z`);
const mv = (day: string, type: StoredMove["type"], qty: string, extra: Partial<StoredMove> = {}): StoredMove => ({
  id: `m${++n}`,
  type,
  purpose: type === "in" ? "receipt" : "issue_sale",
  qty,
  unitCost: null,
  ofMoveId: null,
  effectiveAt: at(day),
  createdAt: new Date(1_000_000 + n),
  ...extra,
});

describe("replaying a class", () => {
  test("moves are valued in effective-date order, whatever order they were stored in", () => {
    const issue = mv("2026-03-10", "out", "120");
    const a = mv("2026-03-01", "in", "100", { unitCost: "50" });
    const b = mv("2026-03-05", "in", "50", { unitCost: "55" });
    const result = replayClass({ method: "fifo", changes: [], moves: [issue, b, a] });
    expect(result.ok && result.rows.map((r) => r.move.id)).toEqual([a.id, b.id, issue.id]);
    expect(result.ok && result.final).toMatchObject({ qty: "30", value: "1650.00" });
  });

  test("a back-dated receipt changes the cost of a later issue, and the diff says so", () => {
    const base = [mv("2026-03-01", "in", "100", { unitCost: "50" }), mv("2026-03-10", "out", "50")];
    const before = replayClass({ method: "fifo", changes: [], moves: base });
    const early = mv("2026-02-01", "in", "10", { unitCost: "40" });
    const after = replayClass({ method: "fifo", changes: [], moves: [...base, early] });
    if (!before.ok || !after.ok) throw new Error("refused");
    // 10 @ 40 + 40 @ 50 = 2400 instead of 50 @ 50 = 2500
    expect(diffReplays(before, after, early.id).changes).toEqual([
      { moveId: base[1]!.id, field: "cost", before: "2500.00", after: "2400.00" },
    ]);
  });

  test("a method change carries the stock at its value and leaves earlier moves as they were", () => {
    const moves = [
      mv("2026-01-05", "in", "10", { unitCost: "40" }),
      mv("2026-01-10", "in", "10", { unitCost: "60" }),
      mv("2026-02-10", "out", "10"),
    ];
    const changes = [
      { fromMethod: "fifo" as const, toMethod: "moving_average" as const, effectiveFrom: at("2026-02-01") },
    ];
    const result = replayClass({ method: "moving_average", changes, moves });
    if (!result.ok) throw new Error(result.message);
    expect(result.rows.map((r) => r.method)).toEqual(["fifo", "fifo", "moving_average"]);
    // carried 20 g worth 1000 -> average 50: the issue costs 500 (FIFO would have said 400)
    expect(result.rows[2]!.state.cost).toBe("500.00");
    expect(methodAt("moving_average", changes, at("2026-01-31"))).toBe("fifo");
  });

  test("a return of an issue made before a method change comes back at that issue's unit cost", () => {
    const issue = mv("2026-01-10", "out", "5");
    const moves = [
      mv("2026-01-05", "in", "10", { unitCost: "40" }),
      issue,
      mv("2026-02-10", "return_in", "5", { ofMoveId: issue.id, purpose: "return_customer" }),
    ];
    const changes = [
      { fromMethod: "fifo" as const, toMethod: "moving_average" as const, effectiveFrom: at("2026-02-01") },
    ];
    const result = replayClass({ method: "moving_average", changes, moves });
    expect(result.ok && result.final).toMatchObject({ qty: "10", value: "400.00" });
  });

  test("a periodic-average class closes at each closed period's end", () => {
    const moves = [
      mv("2026-01-05", "in", "10", { unitCost: "40" }),
      mv("2026-01-10", "out", "5"),
      mv("2026-01-20", "in", "10", { unitCost: "70" }),
    ];
    const result = replayClass({
      method: "periodic_average",
      changes: [],
      moves,
      periodEnds: [new Date("2026-01-31T23:59:59.999Z")],
    });
    // period average (400 + 700) / 20 = 55: closing 15 × 55 = 825
    expect(result.ok && result.final).toMatchObject({ qty: "15", value: "825.00" });
  });

  test("stock found at a count enters at the unit cost of that day, which a back-dated receipt can change", () => {
    const gain = mv("2026-01-20", "in", "5", { purpose: "count_gain", unitCost: "999" });
    const moves = [mv("2026-01-10", "in", "10", { unitCost: "50" }), gain];
    expect(okResult(replayClass({ method: "fifo", changes: [], moves })).final).toMatchObject({
      qty: "15",
      value: "750.00",
    });
    // 10 g at 40 received on 5 January: the lots average 45 on the 20th, so the 5 g found come in at 45.
    const later = okResult(
      replayClass({ method: "fifo", changes: [], moves: [...moves, mv("2026-01-05", "in", "10", { unitCost: "40" })] }),
    );
    expect(later.rows.at(-1)!.state.value).toBe("1125.00");
  });

  test("an issue beyond stock is refused with the move that failed", () => {
    const issue = mv("2026-01-10", "out", "11");
    const result = replayClass({
      method: "fifo",
      changes: [],
      moves: [mv("2026-01-05", "in", "10", { unitCost: "40" }), issue],
    });
    expect(result).toMatchObject({ ok: false, moveId: issue.id, code: "INSUFFICIENT_STOCK" });
  });
});

const okResult = (result: ReplayResult | undefined): ReplayOk => {
  if (!result?.ok) throw new Error(result ? result.message : "no result");
  return result;
};

describe("replaying linked classes (transfers)", () => {
  const transfer = (day: string, from: string, qty: string, transferId: string): [StoredMove, StoredMove] => {
    const out = mv(day, "out", qty, { purpose: "transfer_out", transferId });
    const into = mv(day, "in", qty, { purpose: "transfer_in", transferId, unitCost: "999" });
    return [out, { ...into, createdAt: new Date(out.createdAt.getTime() + 1) }];
  };

  test("the receiving half enters at what the sending half costs, whatever cost was stored with it", () => {
    const [out, into] = transfer("2026-03-10", "a", "20", "t1");
    const classes: ShopClassInput[] = [
      { id: "a", method: "fifo", changes: [], moves: [mv("2026-03-01", "in", "100", { unitCost: "50" }), out] },
      { id: "b", method: "moving_average", changes: [], moves: [into] },
    ];
    const results = replayShop({ classes });
    expect(okResult(results.get("a")).rows[1]!.state.cost).toBe("1000.00");
    expect(okResult(results.get("b")).final).toMatchObject({ qty: "20", value: "1000.00" });
  });

  test("a back-dated receipt in the sending class re-costs the transfer, the class it feeds, and the class that one feeds", () => {
    const [out1, in1] = transfer("2026-03-10", "a", "20", "t1");
    const [out2, in2] = transfer("2026-03-12", "b", "20", "t2");
    const base: ShopClassInput[] = [
      { id: "a", method: "fifo", changes: [], moves: [mv("2026-03-01", "in", "100", { unitCost: "50" }), out1] },
      { id: "b", method: "fifo", changes: [], moves: [in1, out2] },
      { id: "c", method: "moving_average", changes: [], moves: [in2] },
      { id: "d", method: "fifo", changes: [], moves: [mv("2026-03-01", "in", "5", { unitCost: "10" })] },
    ];
    const before = replayShop({ classes: base });
    const early = mv("2026-02-01", "in", "10", { unitCost: "40" });
    const after = replayShop({ classes: base.map((c) => (c.id === "a" ? { ...c, moves: [...c.moves, early] } : c)) });
    // FIFO: 10 @ 40 + 10 @ 50 = 900 instead of 20 @ 50 = 1000, all the way down the chain
    expect(okResult(before.get("c")).final.value).toBe("1000.00");
    expect(okResult(after.get("b")).rows[1]!.state.cost).toBe("900.00");
    expect(okResult(after.get("c")).final.value).toBe("900.00");
    const diff = diffReplays(okResult(before.get("c")), okResult(after.get("c")), early.id);
    expect(diff.changes).toEqual([{ moveId: in2.id, field: "value", before: "1000.00", after: "900.00" }]);
    expect(diff).toMatchObject({ valueBefore: "1000.00", valueAfter: "900.00" });
    // A class no transfer links to is replayed on its own and does not move.
    expect(okResult(after.get("d")).final.value).toBe("50.00");
  });

  test("a class on its own gives the same figures through replayShop as through replayClass", () => {
    const moves = [
      mv("2026-01-05", "in", "10", { unitCost: "40" }),
      mv("2026-01-10", "out", "5"),
      mv("2026-01-20", "in", "10", { unitCost: "70" }),
    ];
    const periodEnds = [new Date("2026-01-31T23:59:59.999Z")];
    const alone = okResult(replayClass({ method: "periodic_average", changes: [], moves, periodEnds }));
    const inShop = okResult(
      replayShop({ classes: [{ id: "x", method: "periodic_average", changes: [], moves }], periodEnds }).get("x"),
    );
    expect(inShop.final).toEqual(alone.final);
    expect(inShop.rows.map((r) => r.state)).toEqual(alone.rows.map((r) => r.state));
  });
});

describe("the state at a date from one full replay", () => {
  const figures = (state: { qty: string; value: string; unitCost: string; cost?: string; variance?: string }) => ({
    qty: state.qty,
    value: state.value,
    unitCost: state.unitCost,
    cost: state.cost,
    variance: state.variance,
  });

  test("equals a replay cut at that date, for every class, at dates between moves, on moves, on period ends and on method changes", () => {
    const { classes, periodEnds, end } = generateLedger({
      classes: 12,
      movesPerClass: 150,
      seed: 7,
      transferEvery: 9,
      methodChanges: true,
    });
    const full = replayShop({ classes, periodEnds });
    const start = classes[0]!.moves[0]!.effectiveAt.getTime();
    const dates = [new Date(start - 1), ...periodEnds, ...periodEnds.map((d) => new Date(d.getTime() + 1)), end];
    for (let k = 0; k < 40; k++) dates.push(new Date(start + Math.floor(((end.getTime() - start) * k) / 40)));
    for (const cls of classes)
      if (cls.changes[0])
        dates.push(cls.changes[0].effectiveFrom, new Date(cls.changes[0].effectiveFrom.getTime() - 1));
    let compared = 0;
    for (const until of dates) {
      const cut = replayShop({ classes, periodEnds, until });
      for (const cls of classes) {
        const whole = okResult(full.get(cls.id));
        const expected = okResult(cut.get(cls.id));
        const at = stateAt(whole, until);
        expect(figures(at.state), `${cls.id} at ${until.toISOString()}`).toEqual(figures(expected.final));
        expect(at.rows).toBe(expected.rows.length);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(500);
    // The ledger really has transfers, closes and method changes to get right.
    const all = classes.flatMap((c) => c.moves);
    expect(all.filter((m) => m.transferId).length).toBeGreaterThan(50);
    expect(classes.filter((c) => c.changes.length).length).toBeGreaterThan(1);
    expect([...full.values()].some((r) => r.ok && r.marks.some((m) => m.kind === "close"))).toBe(true);
  });
});
