import { describe, expect, test } from "vitest";
import { replayClass, type StoredMove } from "../../../app/domain/materials/replay";

const move = (
  id: string,
  day: string,
  type: StoredMove["type"],
  qty: string,
  unitCost: string | null,
  ofMoveId: string | null = null,
): StoredMove => ({
  id,
  type,
  purpose: type === "in" ? "receipt" : type === "out" ? "issue_sale" : "return_customer",
  qty,
  unitCost,
  ofMoveId,
  effectiveAt: new Date(`${day}T12:00:00Z`),
  createdAt: new Date(`${day}T12:00:00Z`),
});

describe("a retrospective method change (from the opening of the fiscal year)", () => {
  const moves = [
    move("r1", "2025-03-01", "in", "100", "50"),
    move("r2", "2025-06-01", "in", "100", "60"),
    move("i1", "2025-09-01", "out", "100", null),
    move("i2", "2026-02-01", "out", "50", null),
    move("b1", "2026-03-01", "return_in", "10", null, "i1"),
  ];
  const change = {
    fromMethod: "fifo" as const,
    toMethod: "moving_average" as const,
    effectiveFrom: new Date("2026-01-01T00:00:00Z"),
  };

  test("values the opening stock by the new method and shows the effect apart; earlier moves keep their cost", () => {
    const result = replayClass({ method: "moving_average", changes: [{ ...change, retrospective: true }], moves });
    if (!result.ok) throw new Error(result.message);
    // FIFO on 1 January: 100 @ 60 = 6000. Moving average over the same history: 11000 / 200 = 55,
    // the 2025 issue 100 × 55 = 5500, left 100 × 55 = 5500: effect 5500 − 6000 = −500, shown apart.
    expect(result.marks[0]).toMatchObject({
      kind: "method",
      retrospective: true,
      before: { value: "6000.00" },
      state: { value: "5500.00" },
    });
    // 2025 as reported: FIFO issue 100 @ 50 = 5000
    expect(result.rows[2]!.state.cost).toBe("5000.00");
    // February 2026 by moving average: 50 × 55 = 2750
    expect(result.rows[3]!.state.cost).toBe("2750.00");
    // 10 back from the 2025 issue, at what it cost by the method now in force: 5500 × 10 / 100 = 550;
    // 2750 + 550 = 3300 for 60 g
    expect(result.final).toMatchObject({ qty: "60", value: "3300.00", unitCost: "55" });
  });

  test("without it (a change recorded before the rule), the old method's stock carries over at its value", () => {
    const result = replayClass({ method: "moving_average", changes: [change], moves });
    if (!result.ok) throw new Error(result.message);
    expect(result.marks[0]).toMatchObject({
      kind: "method",
      before: { value: "6000.00" },
      state: { value: "6000.00" },
    });
    // 50 × 60 = 3000 from the carried 100 @ 60
    expect(result.rows[3]!.state.cost).toBe("3000.00");
  });
});
