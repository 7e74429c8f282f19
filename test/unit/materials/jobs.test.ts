import { describe, expect, test } from "vitest";
import {
  abnormalLossMinor,
  checkFinishedMetal,
  finishedPieceCost,
  jobCostMinor,
  ratioBp,
  summariseJobMetal,
} from "../../../app/domain/materials/jobs";
import { finishEntry, isBalanced } from "../../../app/domain/materials/ledger";
import { metalMarketMinor, pieceNrvMinor, proposeImpairment } from "../../../app/domain/materials/impairment";
import { classCode, fineMgOf, normaliseQty, normaliseUnitCost } from "../../../app/domain/materials/classes";

const line = (finenessBp: number, issuedMg: bigint, returnedMg: bigint, recoveredMg: bigint, inPieceMg: bigint) => ({
  classId: `c${finenessBp}`,
  finenessBp,
  issuedMg,
  returnedMg,
  recoveredMg,
  inPieceMg,
});

describe("job loss and yield", () => {
  test("rates are on the net metal issued: loss = (net − recovered − in piece) / net, yield = in piece / net", () => {
    // 9.5 g of 750 issued, 1.2 returned unused: net 8.3 g (6.225 g fine); 0.35 recovered, 7.74 in
    // the ring: 8.3 − 0.35 − 7.74 = 0.21 g lost; 0.21 / 8.3 = 2.5301 % -> 253 bp (on the gross
    // 9.5 g it would read 2.21 %); yield 7.74 / 8.3 = 93.253 % -> 9325 bp (not 81.47 %)
    const summary = summariseJobMetal([line(7500, 9500n, 1200n, 350n, 7740n)], 300);
    expect(summary).toMatchObject({
      issuedFineMg: 7125n,
      netIssuedFineMg: 6225n,
      lossBp: 253,
      yieldBp: 9325,
      abnormal: false,
    });
  });

  test("metal returned unused does not dilute the loss rate into looking normal", () => {
    // 10 g of 1000 issued, 5 g handed back untouched, 0.2 g lost of the 5 g worked: 4 % on net
    // (abnormal against 3 %), where the gross 10 g would have shown 2 % (normal)
    const summary = summariseJobMetal([line(10000, 10000n, 5000n, 0n, 4800n)], 300);
    expect(summary).toMatchObject({ lossBp: 400, yieldBp: 9600, abnormal: true });
    // beyond the normal rate: 0.2 − 3 % × 5 = 0.05 g fine, a quarter of the loss
    expect(summary.abnormalFineMg).toBe(50n);
  });

  test("alloys of different fineness add up as fine metal", () => {
    // 10 g of 750 (7.5 g fine) + 10 g of 585 (5.85 g fine) issued; 1 g of each lost -> 1.335 g fine of 13.35 = 10 %
    const summary = summariseJobMetal([line(7500, 10000n, 0n, 0n, 9000n), line(5850, 10000n, 0n, 0n, 9000n)], 300);
    expect(summary.issuedFineMg).toBe(13350n);
    expect(summary.lossFineMg).toBe(1335n);
    expect(summary.lossBp).toBe(1000);
    expect(summary.abnormal).toBe(true);
  });

  test("a loss exactly at the normal rate is not abnormal; one basis point above is", () => {
    expect(summariseJobMetal([line(10000, 10000n, 0n, 0n, 9700n)], 300).abnormal).toBe(false);
    expect(summariseJobMetal([line(10000, 10000n, 0n, 0n, 9699n)], 300).abnormal).toBe(true);
  });

  test("nothing issued gives no rate", () => {
    expect(summariseJobMetal([], 300)).toMatchObject({ lossBp: null, yieldBp: null, abnormal: false });
  });

  test("rates round half away from zero; a gain (more back than issued) is a negative loss", () => {
    expect(ratioBp(1n, 20000n)).toBe(1); // 0.5 bp -> 1
    expect(ratioBp(-1n, 20000n)).toBe(-1);
    expect(() => ratioBp(1n, 0n)).toThrow(RangeError);
  });

  test("the piece cannot hold more metal than the job still has", () => {
    expect(checkFinishedMetal(line(7500, 10000n, 1000n, 500n, 8500n))).toBe("OK");
    expect(checkFinishedMetal(line(7500, 10000n, 1000n, 500n, 8501n))).toBe("EXCEEDS_ISSUED");
  });

  test("the job's cost is materials + labour + overhead", () => {
    expect(jobCostMinor({ materialsMinor: 52081n, labourMinor: 28000n, overheadMinor: 4500n })).toBe(84581n);
  });
});

describe("impairment maths", () => {
  test("market value = fine grams × price per gram, to the cent", () => {
    // 406.538 g fine × 75.20 = 30571.6576 -> 30571.66
    expect(metalMarketMinor(406538n, "75.20", 2)).toBe(3057166n);
  });
  test("a piece's NRV is its price less the costs to sell", () => {
    expect(pieceNrvMinor(245000n, 1500)).toBe(208250n);
  });
  test("proposes a write-down, then only the difference, then a reversal never beyond the allowance", () => {
    expect(proposeImpairment({ costMinor: 1000n, marketMinor: 800n, allowanceMinor: 0n })).toEqual({
      neededMinor: 200n,
      bookMinor: 200n,
    });
    expect(proposeImpairment({ costMinor: 1000n, marketMinor: 700n, allowanceMinor: 200n })).toEqual({
      neededMinor: 300n,
      bookMinor: 100n,
    });
    expect(proposeImpairment({ costMinor: 1000n, marketMinor: 1500n, allowanceMinor: 300n })).toEqual({
      neededMinor: 0n,
      bookMinor: -300n,
    });
  });
});

describe("stock classes", () => {
  test("class codes", () => {
    expect(classCode({ kind: "metal", metal: "gold", finenessBp: 9999, investment: true, form: "Lingot" })).toBe(
      "gold-9999-investment-lingot",
    );
    expect(classCode({ kind: "stone_lot", stoneType: "Diamond", sizeRange: "0.01-0.03 ct", quality: "G-H SI" })).toBe(
      "lot-diamond-0.01-0.03-ct-g-h-si",
    );
    expect(classCode({ kind: "stone_single", stoneType: "saphir", reference: "LFG 389412" })).toBe(
      "stone-saphir-lfg-389412",
    );
  });
  test("quantities: grams to the milligram, stones whole, never zero or negative", () => {
    expect(normaliseQty("12,500", "g")).toBe("12.5");
    expect(normaliseQty("0.0001", "g")).toBeNull();
    expect(normaliseQty("1.5", "pc")).toBeNull();
    expect(normaliseQty("0", "g")).toBeNull();
    expect(normaliseQty("-1", "g")).toBeNull();
  });
  test("costs: decimal comma accepted, negative refused", () => {
    expect(normaliseUnitCost("62,35")).toEqual({ ok: true, value: "62.35" });
    expect(normaliseUnitCost("-3")).toEqual({ ok: false, code: "NEGATIVE" });
    expect(normaliseUnitCost("1e3")).toEqual({ ok: false, code: "INVALID" });
  });
  test("French numbers as typed: spaces, units, euro sign, both decimal marks", () => {
    expect(normaliseQty("4,12 g", "g")).toBe("4.12");
    expect(normaliseQty("1\u202f250,5\u00a0g", "g")).toBe("1250.5");
    expect(normaliseQty("0,52 ct", "ct")).toBe("0.52");
    expect(normaliseUnitCost("4 850,00 €")).toEqual({ ok: true, value: "4850" });
    expect(normaliseUnitCost("62,35 €/g")).toEqual({ ok: true, value: "62.35" });
    expect(normaliseUnitCost("4850.00")).toEqual({ ok: true, value: "4850" });
    expect(normaliseUnitCost("1.234,5")).toEqual({ ok: true, value: "1234.5" });
  });
  test("fine grams = alloy grams × fineness", () => {
    expect(fineMgOf("542.05", 7500)).toBe(406538n);
    expect(fineMgOf("100", 9999)).toBe(99990n);
  });
});

describe("abnormal loss is expensed, normal loss stays in the piece's cost", () => {
  test("the abnormal share is the loss beyond the normal rate over the whole loss, in fine metal", () => {
    // 10 g of 750 issued, 8 g in the piece: 2 g lost = 20 %; normal 3 % of 10 g = 0.3 g; abnormal 1.7 g of 2 g
    const summary = summariseJobMetal([line(7500, 10000n, 0n, 0n, 8000n)], 300);
    expect(summary).toMatchObject({ lossBp: 2000, abnormal: true, abnormalFineMg: 1275n }); // 1.7 g alloy × 0.75
    const [num, den] = summary.abnormalShare;
    expect(Number(num) / Number(den)).toBeCloseTo(0.85, 12);
    // The metal cost 500.00 for 10 g held: 2 g lost cost 100.00, of which 85 % is abnormal
    const abnormal = abnormalLossMinor(
      [{ kind: "metal", costMinor: 50000n, heldMg: 10000n, inPieceMg: 8000n }],
      summary.abnormalShare,
    );
    expect(abnormal).toBe(8500n);
    expect(
      finishedPieceCost({
        materialsMinor: 50000n,
        labourMinor: 12000n,
        overheadMinor: 3000n,
        abnormalLossMinor: abnormal,
      }),
    ).toBe(56500n);
  });

  test("a loss within the normal rate is all in the piece's cost", () => {
    const summary = summariseJobMetal([line(7500, 10000n, 0n, 0n, 9700n)], 300);
    expect(summary).toMatchObject({ abnormal: false, abnormalFineMg: 0n });
    expect(
      abnormalLossMinor(
        [{ kind: "metal", costMinor: 50000n, heldMg: 10000n, inPieceMg: 9700n }],
        summary.abnormalShare,
      ),
    ).toBe(0n);
  });

  test("two alloys: each class's lost metal at its own cost, one rounding half-up; stones never count as loss", () => {
    // 750: 10 g held, 9 g in piece (1 g lost, cost 600.00 for 10 g -> 60.00); 585: 10 g held, 8 g in piece (2 g lost, 400.00 -> 80.00)
    const summary = summariseJobMetal([line(7500, 10000n, 0n, 0n, 9000n), line(5850, 10000n, 0n, 0n, 8000n)], 300);
    // fine lost 0.75 + 1.17 = 1.92 g of 13.35 g issued; normal 0.4005 g -> abnormal share 1.5195 / 1.92
    const abnormal = abnormalLossMinor(
      [
        { kind: "metal", costMinor: 60000n, heldMg: 10000n, inPieceMg: 9000n },
        { kind: "metal", costMinor: 40000n, heldMg: 10000n, inPieceMg: 8000n },
        { kind: "stone_lot", costMinor: 99999n, heldMg: 1000n, inPieceMg: 0n },
      ],
      summary.abnormalShare,
    );
    // (6000 + 8000) × 1.5195 / 1.92 = 11079.6875 -> 11080
    expect(abnormal).toBe(11080n);
  });

  test("the finish entry puts the piece in finished goods, the abnormal loss on its own expense line, and balances", () => {
    const entry = finishEntry("finish:job1", new Date(), new Date(), "LP-1", "Fin de fabrication J-1", 56500n, 8500n)!;
    expect(isBalanced(entry)).toBe(true);
    expect(entry.lines).toEqual([
      { role: "finished", debitMinor: 56500n, creditMinor: 0n },
      { role: "abnormalLoss", debitMinor: 8500n, creditMinor: 0n },
      { role: "wip", debitMinor: 0n, creditMinor: 65000n },
    ]);
    expect(finishEntry("finish:job2", new Date(), new Date(), "J-2", "x", 1000n, 0n)!.lines.map((l) => l.role)).toEqual(
      ["finished", "wip"],
    );
  });
});
