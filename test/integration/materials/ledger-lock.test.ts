// Writes that wait for the shop's materials ledger lock decide on what was committed while they
// waited: a period closed or a job finished meanwhile refuses them. And a job finished with a date
// already validated is numbered when it is validated, so entries already exported keep their numbers.
import { beforeAll, describe, expect, test } from "vitest";
import { ENGINES } from "../../setup/databases";
import { makeMaterialClass } from "../../factories";
import { installShop } from "../helpers/shopify";
import { actor, addJobCost, createJob, finishJob, materialsOn, NOW, ok, recordMove, type Materials } from "./helpers";

describe.each(ENGINES)("%s", (engine) => {
  let S: Materials["S"];
  let J: Materials["J"];
  let R: Materials["R"];
  let M: Materials["M"];
  let E: Materials["E"];
  let db: Materials["db"];
  let shops = 0;

  beforeAll(async () => {
    ({ S, J, R, M, E, db } = await materialsOn(engine));
  });

  /** A shop of its own (closed periods are per shop) with 100 g of 750 gold received on 1 Oct. */
  async function stockedShop() {
    const shopId = (await installShop(`verrou-${++shops}.myshopify.com`)).id;
    const gold = await makeMaterialClass(
      shopId,
      { kind: "metal", metal: "gold", finenessBp: 7500, investment: false, method: "fifo" },
      actor,
    );
    await recordMove(
      shopId,
      { kind: "receive", classId: gold, qty: "100", unitCost: "50", supplier: "Affinerie Dupont", day: "2026-10-01" },
      NOW,
    );
    return { shopId, gold };
  }

  /** Resolves once another connection waits for an advisory lock in this database (PostgreSQL), or `op` settled. */
  async function untilWaiting(op: Promise<unknown>) {
    // SQLite runs one transaction at a time: the operation's transaction starts after the holder's commits.
    if (engine !== "postgresql") return new Promise((resolve) => setTimeout(resolve, 100));
    let settled = false;
    void op.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (let i = 0; i < 200 && !settled; i++) {
      const rows = await db.$queryRaw<
        { n: bigint }[]
      >`SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`;
      if (Number(rows[0]!.n) > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /**
   * Holds the shop's ledger lock, starts `op`, lets it reach the lock, then commits `write` (what a
   * concurrent closePeriod or finishJob commits) before `op` can go on. Returns what `op` answered.
   */
  async function whileLocked<T>(
    shopId: string,
    op: () => Promise<T>,
    write: (tx: Parameters<typeof M.lockShopLedger>[0]) => Promise<unknown>,
  ): Promise<T> {
    const { pending } = await db.$transaction(
      async (tx) => {
        await M.lockShopLedger(tx, shopId);
        const pending = op();
        await untilWaiting(pending);
        await write(tx);
        return { pending };
      },
      { timeout: 15_000 },
    );
    return pending;
  }

  test("a move waiting for the lock while the period closes is refused and writes nothing", async () => {
    const { shopId, gold } = await stockedShop();
    const before = await db.materialMove.count({ where: { shopId } });
    const result = await whileLocked(
      shopId,
      () =>
        S.recordMove(
          shopId,
          { kind: "receive", classId: gold, qty: "5", unitCost: "50", supplier: "X", day: "2026-11-10" },
          actor,
          NOW,
        ),
      (tx) => M.insertPeriodClose(tx, shopId, new Date("2026-11-12T23:59:59.999Z"), "Camille"),
    );
    expect(result).toMatchObject({ ok: false, code: "PERIOD_CLOSED", vars: { day: "2026-11-12" } });
    expect(await db.materialMove.count({ where: { shopId } })).toBe(before);
  });

  test("a job finish waiting for the lock while the period closes is refused: no piece, job still open", async () => {
    const { shopId, gold } = await stockedShop();
    const job = await createJob(shopId, { title: "Alliance", day: "2026-11-02" }, NOW);
    await recordMove(
      shopId,
      { kind: "issue", classId: gold, qty: "5", to: "job", jobId: job.jobId, day: "2026-11-03" },
      NOW,
    );
    const result = await whileLocked(
      shopId,
      () =>
        J.finishJob(
          shopId,
          { jobId: job.jobId, title: "Alliance or jaune", inPiece: { [gold]: "4.9" }, day: "2026-11-10" },
          actor,
          "en",
          NOW,
        ),
      (tx) => M.insertPeriodClose(tx, shopId, new Date("2026-11-12T23:59:59.999Z"), "Camille"),
    );
    expect(result).toMatchObject({ ok: false, code: "PERIOD_CLOSED" });
    expect(await db.materialJob.findUniqueOrThrow({ where: { id: job.jobId } })).toMatchObject({
      status: "open",
      pieceId: null,
    });
    expect(await db.piece.count({ where: { shopId } })).toBe(0);
  });

  test("a cost for a job finished while it waited for the lock is refused and not charged to WIP", async () => {
    const { shopId, gold } = await stockedShop();
    const job = await createJob(shopId, { title: "Broche", day: "2026-11-02" }, NOW);
    await recordMove(
      shopId,
      { kind: "issue", classId: gold, qty: "5", to: "job", jobId: job.jobId, day: "2026-11-03" },
      NOW,
    );
    const result = await whileLocked(
      shopId,
      () =>
        J.addJobCost(shopId, { jobId: job.jobId, kind: "labour", amount: "80", day: "2026-11-05" }, actor, "en", NOW),
      // What finishJob commits under the lock: the job row marked finished.
      (tx) =>
        M.finishJobRow(tx, shopId, job.jobId, {
          finishedAt: new Date("2026-11-06T12:00:00Z"),
          pieceId: "piece-made-meanwhile",
          finishedContent: JSON.stringify({ [gold]: "5" }),
          costMinor: 25000n,
          normalLossBp: 300,
          abnormalLossMinor: 0n,
        }),
    );
    expect(result).toMatchObject({ ok: false, code: "JOB_FINISHED", field: "jobId" });
    expect(await db.materialJobCost.count({ where: { shopId } })).toBe(0);
  });

  test("a cost added to a finished job is refused", async () => {
    const { shopId, gold } = await stockedShop();
    const job = await createJob(shopId, { title: "Pendentif", day: "2026-11-02" }, NOW);
    await recordMove(
      shopId,
      { kind: "issue", classId: gold, qty: "3", to: "job", jobId: job.jobId, day: "2026-11-03" },
      NOW,
    );
    await finishJob(
      shopId,
      { jobId: job.jobId, title: "Pendentif or jaune", inPiece: { [gold]: "3" }, day: "2026-11-04" },
      NOW,
    );
    expect(
      await J.addJobCost(
        shopId,
        { jobId: job.jobId, kind: "overhead", amount: "10", day: "2026-11-05" },
        actor,
        "en",
        NOW,
      ),
    ).toMatchObject({ ok: false, code: "JOB_FINISHED" });
    expect(await db.materialJobCost.count({ where: { shopId } })).toBe(0);
  });

  test("a job finished with a date already validated keeps every earlier number and takes the next, dated on the first day not validated", async () => {
    const { shopId, gold } = await stockedShop();
    ok(
      await S.saveMaterialSettings(
        shopId,
        { siren: "732829320", normalLossBp: 300, sellingCostBp: 1500, negativeStock: "refuse", accounts: {} },
        actor,
      ),
    );
    const job = await createJob(shopId, { title: "Chevalière", day: "2026-10-02" }, NOW);
    await recordMove(
      shopId,
      { kind: "issue", classId: gold, qty: "8", to: "job", jobId: job.jobId, day: "2026-10-03" },
      NOW,
    );
    await addJobCost(shopId, { jobId: job.jobId, kind: "labour", amount: "150", day: "2026-10-04" }, NOW);
    await recordMove(
      shopId,
      { kind: "issue", classId: gold, qty: "10", to: "sale", ref: "#2001", day: "2026-11-15" },
      NOW,
    );
    for (const receipt of await db.materialMove.findMany({ where: { shopId, purpose: "receipt" } }))
      ok(await E.addReceiptDocument(shopId, receipt.id, "FA-2026-118", actor));
    ok(await E.validateEntries(shopId, "2026-11-16", actor, NOW));
    const numbered = async (to: string) => {
      const fec = ok(await R.exportFec(shopId, "2026-01-01", to));
      const rows = fec.body
        .split("\r\n")
        .slice(1)
        .filter(Boolean)
        .map((l) => l.split("\t"));
      // EcritureLib (11th column) -> [EcritureNum, EcritureDate, PieceDate]
      return new Map(rows.map((r) => [r[10]!, [r[2]!, r[3]!, r[9]!]]));
    };
    const exported = await numbered("2026-11-16");
    expect(exported.size).toBe(4);
    // Finished on 5 Oct, recorded after those days were validated.
    await finishJob(
      shopId,
      { jobId: job.jobId, title: "Chevalière or jaune", inPiece: { [gold]: "7.8" }, day: "2026-10-05" },
      NOW,
    );
    expect(await numbered("2026-11-16")).toEqual(exported);
    ok(await E.validateEntries(shopId, "2026-11-17", actor, NOW));
    const after = await numbered("2026-11-17");
    for (const [label, number] of exported) expect(after.get(label)).toEqual(number);
    const finish = [...after].find(([label]) => label.startsWith(`Fin de fabrication ${job.number}`))!;
    expect(finish[1]).toEqual(["STK-2026-000005", "20261117", "20261005"]);
    expect(finish[0]).toContain("du 2026-10-05, jour déjà validé: comptabilisé au 2026-11-17");
  });
});
