// Snapshots of the material valuation in the database (issue 14, speed), on real SQLite and
// PostgreSQL: a period close writes one, a cold start resumes from it and replays only the moves
// after its cut with a full replay's figures, and a move back-dated before the cut makes it unused.
import { beforeAll, describe, expect, test } from "vitest";
import { ENGINES } from "../../setup/databases";
import { makeMaterialClass } from "../../factories";
import { installShop } from "../helpers/shopify";
import { actor, materialsOn, NOW, ok, recordMove, type Materials } from "./helpers";

describe.each(ENGINES)("%s", (engine) => {
  let S: Materials["S"];
  let R: Materials["R"];
  let V: Materials["V"];
  let db: Materials["db"];
  let shopId: string;
  let fifo: string;
  let average: string;

  const receive = (classId: string, qty: string, unitCost: string, day: string) =>
    recordMove(shopId, { kind: "receive", classId, qty, unitCost, supplier: "Affinerie", day }, NOW);
  const sell = (classId: string, qty: string, day: string) =>
    recordMove(shopId, { kind: "issue", classId, qty, to: "sale", ref: "#1", day }, NOW);
  const figures = (results: Map<string, import("../../../app/domain/materials/replay").ReplayResult>) =>
    [...results].map(([id, r]) => (r.ok ? { id, method: r.method, final: r.final } : { id, error: r.message }));

  beforeAll(async () => {
    ({ S, R, V, db } = await materialsOn(engine));
    shopId = (await installShop("instantanes.myshopify.com")).id;
    fifo = await makeMaterialClass(
      shopId,
      { kind: "metal", metal: "gold", finenessBp: 7500, investment: false, form: "fil", method: "fifo" },
      actor,
    );
    average = await makeMaterialClass(
      shopId,
      { kind: "metal", metal: "gold", finenessBp: 7500, investment: false, form: "grain", method: "moving_average" },
      actor,
    );
  });

  test("a period close writes a snapshot; a cold start resumes from it with a full replay's figures", async () => {
    await receive(fifo, "100", "50", "2026-09-02");
    await receive(fifo, "50", "60", "2026-09-05");
    await sell(fifo, "120", "2026-09-10");
    await receive(average, "30", "48.5", "2026-09-12");
    await recordMove(
      shopId,
      { kind: "transfer", classId: fifo, toClassId: average, qty: "10", day: "2026-09-20", reason: "Atelier 2" },
      NOW,
    );
    ok(await S.closePeriod(shopId, "2026-09-30", actor, NOW));
    const snapshot = await db.materialSnapshot.findFirstOrThrow({ where: { shopId } });
    expect(snapshot).toMatchObject({ reason: "period_close", movesThrough: 6 });
    // The cut is the last move of September (the transfer's receiving half).
    expect(snapshot.cutEffectiveAt!.toISOString()).toBe("2026-09-20T12:00:00.000Z");

    // October: more moves, and a customer return of a September issue (kept with the snapshot).
    await receive(fifo, "20", "58", "2026-10-02");
    const issue = await db.materialMove.findFirstOrThrow({
      where: { shopId, classId: fifo, type: "out", transferId: null },
    });
    await recordMove(shopId, { kind: "return", classId: fifo, ofMoveId: issue.id, qty: "5", day: "2026-10-03" }, NOW);
    await sell(average, "7", "2026-10-04");

    V.forgetValuations(); // a cold start
    const resumed = await V.currentValuation(shopId);
    expect(resumed.full).toBe(false);
    // Only October's moves were replayed.
    expect([...resumed.results.values()].reduce((n, r) => n + r.rows.length, 0)).toBe(3);
    const stockResumed = await R.stockAt(shopId);
    V.forgetValuations();
    const full = await V.valuedShop(shopId);
    expect(figures(resumed.results)).toEqual(figures(full.results));
    V.forgetValuations();
    expect((await R.stockAt(shopId, new Date())).lines).toEqual(stockResumed.lines);
  });

  test("a move back-dated before the cut makes the snapshot unused until the next one", async () => {
    expect(await V.resumedShop(shopId)).not.toBeNull();
    // September is closed: a back-dated move lands in October, before October's later moves but
    // after the close's cut, so the snapshot still holds.
    await receive(average, "1", "49", "2026-10-01");
    expect(await V.resumedShop(shopId)).not.toBeNull();
    // A snapshot every N moves: here written at the last move.
    const written = await V.writeSnapshot(shopId, "every_n");
    expect(written.written).toBe(true);
    const latest = await db.materialSnapshot.findFirstOrThrow({ where: { shopId }, orderBy: { createdAt: "desc" } });
    expect(latest.reason).toBe("every_n");
    // Now a move dated before that cut (still in the open period): the snapshot no longer holds.
    await receive(average, "2", "47", "2026-10-02");
    V.forgetValuations();
    expect(await V.resumedShop(shopId)).toBeNull();
    const current = await V.currentValuation(shopId);
    expect(current.full).toBe(true);
    V.forgetValuations();
    expect(figures(current.results)).toEqual(figures((await V.valuedShop(shopId)).results));
  });
});
