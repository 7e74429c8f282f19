import { describe, expect, test } from "vitest";
import {
  advanceSnapshot,
  compareMoves,
  replayShop,
  replayShopWithSnapshot,
  resumeShop,
  type ReplayCut,
  type ReplayResult,
  type ShopClassInput,
  type StoredMove,
} from "../../../app/domain/materials/replay";
import { generateLedger } from "./ledger-gen";

// 24 classes × 400 moves: FIFO, averages, periodic closes, standard, method changes halfway,
// transfers between classes and customer returns.
const { classes, periodEnds } = generateLedger({
  classes: 24,
  movesPerClass: 400,
  seed: 314,
  transferEvery: 40,
  methodChanges: true,
});
const all = classes.flatMap((c) => c.moves).sort(compareMoves);
const cutAt = (k: number): ReplayCut => ({
  effectiveAt: all[k]!.effectiveAt,
  createdAt: all[k]!.createdAt,
  id: all[k]!.id,
});
const after = (cut: ReplayCut | null): ShopClassInput[] =>
  classes.map((c) => ({ ...c, moves: cut ? c.moves.filter((m) => compareMoves(m, cut as StoredMove) > 0) : c.moves }));
// Through JSON, as the database keeps it (dates become text and come back as dates).
const throughJson = <T>(x: T): T =>
  JSON.parse(JSON.stringify(x), (_k, v: unknown) =>
    typeof v === "string" && /^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(v) ? new Date(v) : v,
  ) as T;

function expectSameFinals(full: Map<string, ReplayResult>, resumed: Map<string, ReplayResult>) {
  for (const [id, result] of full) {
    const other = resumed.get(id)!;
    if (!result.ok || !other.ok) throw new Error(`${id} refused`);
    expect({ id, method: other.method, final: other.final }).toEqual({
      id,
      method: result.method,
      final: result.final,
    });
  }
}

describe("a shop's valuation resumed from a snapshot", () => {
  const full = replayShop({ classes, periodEnds });

  test.each([0, 1, 2000, 4800, 9599])("gives a full replay's figures (cut after move %i)", (k) => {
    const cut = cutAt(k);
    const { results, snapshot } = replayShopWithSnapshot({ classes, periodEnds }, cut, 100_000);
    expectSameFinals(full, results);
    const resumed = resumeShop({ classes: after(cut), periodEnds }, throughJson(snapshot));
    expect(resumed).not.toBeNull();
    expectSameFinals(full, resumed!);
    // Each move after the cut has the state it has in the full replay.
    for (const [id, result] of resumed!) {
      const byMove = new Map(
        (full.get(id) as Extract<ReplayResult, { ok: true }>).rows.map((r) => [r.move.id, r.state]),
      );
      for (const row of result.rows) expect(row.state).toEqual(byMove.get(row.move.id));
    }
  });

  test("a snapshot carried forward to a later cut, then resumed, still gives the full replay's figures", () => {
    const first = replayShopWithSnapshot({ classes, periodEnds }, cutAt(3000), 100_000).snapshot;
    const later = cutAt(7000);
    // Given every move after the first cut; captured again before the first move after the later one.
    const advanced = advanceSnapshot({ classes: after(cutAt(3000)), periodEnds }, throughJson(first), later, 100_000);
    expect(advanced).not.toBeNull();
    expectSameFinals(full, advanced!.results);
    const resumed = resumeShop({ classes: after(later), periodEnds }, throughJson(advanced!.snapshot));
    expect(resumed).not.toBeNull();
    expectSameFinals(full, resumed!);
  });

  test("a return after the cut of a move the snapshot did not keep is not resumed (a full replay is needed)", () => {
    const cut = cutAt(9000);
    const { snapshot } = replayShopWithSnapshot({ classes, periodEnds }, cut, 0);
    const gold = classes[0]!;
    const old = gold.moves.find((m) => m.type === "out" && compareMoves(m, cut as StoredMove) < 0)!;
    const late: StoredMove = {
      id: "late-return",
      type: "return_in",
      purpose: "return_customer",
      qty: "0.001",
      unitCost: null,
      ofMoveId: old.id,
      effectiveAt: new Date(all.at(-1)!.effectiveAt.getTime() + 60_000),
      createdAt: new Date(all.at(-1)!.createdAt.getTime() + 60_000),
    };
    const input = after(cut).map((c) => (c.id === gold.id ? { ...c, moves: [...c.moves, late] } : c));
    expect(resumeShop({ classes: input, periodEnds }, snapshot)).toBeNull();
  });
});
