// Gives the demo shop believable material stock through the same services staff use (so every
// move has its audit row): fine gold 999.9 bars (investment) and grain, 750 and 585 alloy,
// silver 925 sheet, platinum 950, a melee diamond lot, two certified loose stones, reference
// prices, a finished job (with its piece) and an open one. Dates are days before today.
import type { Actor } from "../../app/models/actor";
import {
  createMaterialClass,
  recordMove,
  saveMaterialSettings,
  type MoveInput,
} from "../../app/services/materials/stock.server";
import { addJobCost, createJob, finishJob } from "../../app/services/materials/jobs.server";
import { setPrice } from "../../app/services/materials/reports.server";

function daysAgo(days: number, now = new Date()): string {
  return new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10);
}

function must<T extends { ok: boolean }>(
  what: string,
  result: T | { ok: false; code: string },
): Extract<T, { ok: true }> {
  if (!result.ok) throw new Error(`materials seed: ${what}: ${JSON.stringify(result)}`);
  return result as Extract<T, { ok: true }>;
}

export async function seedMaterials(shopId: string, actor: Actor) {
  must(
    "settings",
    await saveMaterialSettings(
      shopId,
      { siren: "552100554", normalLossBp: 300, sellingCostBp: 1500, negativeStock: "refuse", accounts: {} },
      actor,
    ),
  );

  const cls = async (what: string, input: Parameters<typeof createMaterialClass>[1]) =>
    must(what, await createMaterialClass(shopId, input, actor)).classId;
  const bars = await cls("gold bars", {
    kind: "metal",
    metal: "gold",
    finenessBp: 9999,
    investment: true,
    form: "lingot",
    label: "Or fin 999,9 — lingots",
    method: "fifo",
  });
  const grain = await cls("gold grain", {
    kind: "metal",
    metal: "gold",
    finenessBp: 9999,
    investment: false,
    form: "grenaille",
    label: "Or fin 999,9 — grenaille",
    method: "moving_average",
  });
  const gold750 = await cls("gold 750", {
    kind: "metal",
    metal: "gold",
    finenessBp: 7500,
    investment: false,
    label: "Or jaune 750 (18 carats)",
    method: "moving_average",
  });
  const gold585 = await cls("gold 585", {
    kind: "metal",
    metal: "gold",
    finenessBp: 5850,
    investment: false,
    label: "Or rose 585 (14 carats)",
    method: "moving_average",
  });
  const silver = await cls("silver", {
    kind: "metal",
    metal: "silver",
    finenessBp: 9250,
    investment: false,
    form: "plaque",
    label: "Argent 925 — plaque",
    method: "periodic_average",
  });
  const platinum = await cls("platinum", {
    kind: "metal",
    metal: "platinum",
    finenessBp: 9500,
    investment: false,
    label: "Platine 950",
    method: "fifo",
  });
  const melee = await cls("melee", {
    kind: "stone_lot",
    stoneType: "diamond",
    sizeRange: "0.01-0.03 ct",
    quality: "G-H SI",
    label: "Mêlée diamant 0,01-0,03 ct G-H SI",
    method: "moving_average",
    nrvUnitValue: "420",
  });
  const solitaire = await cls("solitaire", {
    kind: "stone_single",
    stoneType: "diamond",
    reference: "GIA 2141438167",
    carats: "0.72",
    lab: "GIA",
    certificate: "2141438167",
    label: "Diamant 0,72 ct F VS1 (GIA 2141438167)",
    nrvUnitValue: "3900",
  });
  const sapphire = await cls("sapphire", {
    kind: "stone_single",
    stoneType: "sapphire",
    reference: "LFG 389412",
    carats: "1.05",
    lab: "LFG",
    certificate: "389412",
    label: "Saphir 1,05 ct Ceylan (LFG 389412)",
    nrvUnitValue: "1300",
  });

  const move = async (what: string, input: MoveInput) => must(what, await recordMove(shopId, input, actor));
  // Each receipt with its supplier's invoice number, as the FEC needs it for its PieceRef.
  const receive = (classId: string, day: number, qty: string, unitCost: string, supplier: string, lot: string) =>
    move(`receive ${lot}`, {
      kind: "receive",
      classId,
      qty,
      unitCost,
      supplier,
      lot,
      document: `FACT-${lot}`,
      day: daysAgo(day),
    });

  await receive(bars, 120, "100", "68.40", "Affinerie Cookson-CLAL", "LB-2026-041");
  await receive(bars, 60, "50", "72.10", "Affinerie Cookson-CLAL", "LB-2026-077");
  await receive(grain, 110, "250", "69.05", "Affinerie Cookson-CLAL", "GR-2026-052");
  await receive(grain, 45, "100", "73.80", "Métaux Précieux Boutet", "GR-2026-090");
  await receive(gold750, 100, "400", "52.30", "Métaux Précieux Boutet", "A750-118");
  await receive(gold750, 40, "150", "55.90", "Métaux Précieux Boutet", "A750-163");
  await receive(gold585, 90, "200", "41.20", "Métaux Précieux Boutet", "A585-031");
  await receive(silver, 95, "2000", "0.98", "Argent Lyonnais", "AG-7781");
  await receive(silver, 30, "1000", "1.04", "Argent Lyonnais", "AG-7902");
  await receive(platinum, 80, "60", "31.50", "Platinum Europe", "PT-1204");
  await receive(melee, 85, "12.5", "380", "Diamants d'Anvers", "ML-5530");
  await receive(solitaire, 70, "1", "3400", "Diamants d'Anvers", "GIA 2141438167");
  await receive(sapphire, 50, "1", "1450", "Gemmes du Sri Lanka", "LFG 389412");
  await move("grain issue", {
    kind: "issue",
    classId: grain,
    qty: "40",
    to: "sale",
    ref: "refonte alliage 750",
    day: daysAgo(35),
  });
  await move("silver issue", {
    kind: "issue",
    classId: silver,
    qty: "650",
    to: "sale",
    ref: "#1042",
    day: daysAgo(20),
  });
  await move("count", {
    kind: "count",
    classId: gold585,
    countedQty: "199.6",
    day: daysAgo(10),
    reason: "inventaire tournant du coffre",
  });

  for (const [day, gold, silverPrice, platinumPrice] of [
    [120, "68.90", "0.95", "30.10"],
    [60, "72.40", "1.01", "29.40"],
    [30, "74.10", "1.06", "28.80"],
    [3, "75.20", "1.08", "28.10"],
  ] as const) {
    must(
      "price gold",
      await setPrice(shopId, { metal: "gold", day: daysAgo(day), price: gold, source: "LBMA PM (EUR)" }, actor),
    );
    must(
      "price silver",
      await setPrice(shopId, { metal: "silver", day: daysAgo(day), price: silverPrice, source: "LBMA (EUR)" }, actor),
    );
    must(
      "price platinum",
      await setPrice(
        shopId,
        { metal: "platinum", day: daysAgo(day), price: platinumPrice, source: "LPPM (EUR)" },
        actor,
      ),
    );
  }

  // A finished ring: 750 gold and melee issued, scrap returned, filings recovered, bench time.
  const ring = must(
    "job 1",
    await createJob(shopId, { number: "J-2026-014", title: "Bague jonc pavée or jaune", day: daysAgo(28) }, actor),
  );
  await move("job 1 gold", {
    kind: "issue",
    classId: gold750,
    qty: "9.5",
    to: "job",
    jobId: ring.jobId,
    day: daysAgo(28),
  });
  await move("job 1 melee", {
    kind: "issue",
    classId: melee,
    qty: "0.36",
    to: "job",
    jobId: ring.jobId,
    day: daysAgo(27),
  });
  await move("job 1 return", {
    kind: "job_return",
    classId: gold750,
    jobId: ring.jobId,
    qty: "1.2",
    recovery: false,
    day: daysAgo(24),
  });
  await move("job 1 recovery", {
    kind: "job_return",
    classId: gold750,
    jobId: ring.jobId,
    qty: "0.35",
    recovery: true,
    day: daysAgo(22),
  });
  must(
    "job 1 labour",
    await addJobCost(
      shopId,
      { jobId: ring.jobId, kind: "labour", amount: "280", note: "fonte, sertissage, polissage", day: daysAgo(22) },
      actor,
    ),
  );
  must(
    "job 1 overhead",
    await addJobCost(
      shopId,
      { jobId: ring.jobId, kind: "overhead", amount: "45", note: "atelier", day: daysAgo(22) },
      actor,
    ),
  );
  must(
    "job 1 finish",
    await finishJob(
      shopId,
      {
        jobId: ring.jobId,
        title: "Bague jonc pavée or jaune 750",
        price: "2450",
        inPiece: { [gold750]: "7.74" },
        day: daysAgo(21),
      },
      actor,
    ),
  );

  // An open job: a platinum solitaire mount with the GIA diamond.
  const solitaireJob = must(
    "job 2",
    await createJob(shopId, { number: "J-2026-015", title: "Solitaire platine 0,72 ct", day: daysAgo(6) }, actor),
  );
  await move("job 2 platinum", {
    kind: "issue",
    classId: platinum,
    qty: "6.2",
    to: "job",
    jobId: solitaireJob.jobId,
    day: daysAgo(6),
  });
  await move("job 2 stone", {
    kind: "issue",
    classId: solitaire,
    qty: "1",
    to: "job",
    jobId: solitaireJob.jobId,
    day: daysAgo(5),
  });
  must(
    "job 2 labour",
    await addJobCost(
      shopId,
      { jobId: solitaireJob.jobId, kind: "labour", amount: "160", note: "montage griffes", day: daysAgo(4) },
      actor,
    ),
  );

  // A silver chain that lost more metal than normal at the bench: the loss beyond 3 % is expensed
  // (account 6588), not put in the piece's cost.
  const chain = must(
    "job 3",
    await createJob(shopId, { number: "J-2026-013", title: "Chaîne maille forçat argent", day: daysAgo(16) }, actor),
  );
  await move("job 3 silver", {
    kind: "issue",
    classId: silver,
    qty: "60",
    to: "job",
    jobId: chain.jobId,
    day: daysAgo(16),
  });
  await move("job 3 return", {
    kind: "job_return",
    classId: silver,
    jobId: chain.jobId,
    qty: "2",
    recovery: false,
    day: daysAgo(13),
  });
  must(
    "job 3 labour",
    await addJobCost(
      shopId,
      { jobId: chain.jobId, kind: "labour", amount: "90", note: "assemblage, soudure", day: daysAgo(13) },
      actor,
    ),
  );
  must(
    "job 3 finish",
    await finishJob(
      shopId,
      {
        jobId: chain.jobId,
        title: "Chaîne maille forçat argent 925",
        price: "240",
        inPiece: { [silver]: "52" },
        day: daysAgo(12),
      },
      actor,
    ),
  );

  return { classes: 9, jobs: 3 };
}
