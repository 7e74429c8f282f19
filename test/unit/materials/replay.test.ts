import { describe, expect, test } from "vitest";
import { diffReplays, methodAt, replayClass, type StoredMove } from "../../../app/domain/materials/replay";

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
    expect(diffReplays(before, after, early.id).changes).toEqual([{ moveId: base[1]!.id, field: "cost", before: "2500.00", after: "2400.00" }]);
  });

  test("a method change carries the stock at its value and leaves earlier moves as they were", () => {
    const moves = [mv("2026-01-05", "in", "10", { unitCost: "40" }), mv("2026-01-10", "in", "10", { unitCost: "60" }), mv("2026-02-10", "out", "10")];
    const changes = [{ fromMethod: "fifo" as const, toMethod: "moving_average" as const, effectiveFrom: at("2026-02-01") }];
    const result = replayClass({ method: "moving_average", changes, moves });
    if (!result.ok) throw new Error(result.message);
    expect(result.rows.map((r) => r.method)).toEqual(["fifo", "fifo", "moving_average"]);
    // carried 20 g worth 1000 -> average 50: the issue costs 500 (FIFO would have said 400)
    expect(result.rows[2]!.state.cost).toBe("500.00");
    expect(methodAt("moving_average", changes, at("2026-01-31"))).toBe("fifo");
  });

  test("a return of an issue made before a method change comes back at that issue's unit cost", () => {
    const issue = mv("2026-01-10", "out", "5");
    const moves = [mv("2026-01-05", "in", "10", { unitCost: "40" }), issue, mv("2026-02-10", "return_in", "5", { ofMoveId: issue.id, purpose: "return_customer" })];
    const changes = [{ fromMethod: "fifo" as const, toMethod: "moving_average" as const, effectiveFrom: at("2026-02-01") }];
    const result = replayClass({ method: "moving_average", changes, moves });
    expect(result.ok && result.final).toMatchObject({ qty: "10", value: "400.00" });
  });

  test("a periodic-average class closes at each closed period's end", () => {
    const moves = [mv("2026-01-05", "in", "10", { unitCost: "40" }), mv("2026-01-10", "out", "5"), mv("2026-01-20", "in", "10", { unitCost: "70" })];
    const result = replayClass({ method: "periodic_average", changes: [], moves, periodEnds: [new Date("2026-01-31T23:59:59.999Z")] });
    // period average (400 + 700) / 20 = 55: closing 15 × 55 = 825
    expect(result.ok && result.final).toMatchObject({ qty: "15", value: "825.00" });
  });

  test("an issue beyond stock is refused with the move that failed", () => {
    const issue = mv("2026-01-10", "out", "11");
    const result = replayClass({ method: "fifo", changes: [], moves: [mv("2026-01-05", "in", "10", { unitCost: "40" }), issue] });
    expect(result).toMatchObject({ ok: false, moveId: issue.id, code: "INSUFFICIENT_STOCK" });
  });
});
