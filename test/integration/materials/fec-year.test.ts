// A whole year of a jeweler's material ledger, closed month by month through the app's services,
// gives a FEC that keeps every rule (app/domain/materials/fec.ts fecProblems): numbers given once at
// validation, the same in the year file and in November's; a back-dated move after validation
// corrects in the open period and rewrites nothing; local calendar days; receipts' supplier
// documents as PieceRef; euros only. And the supplier-account mode credits 401 with the register's
// supplier account.
import { beforeAll, describe, expect, test } from "vitest";
import { ENGINES } from "../../setup/databases";
import { makeMaterialClass } from "../../factories";
import { installShop } from "../helpers/shopify";
import { fecProblems } from "../../../app/domain/materials/fec";
import { actor, materialsOn, ok, type Materials } from "./helpers";

const SIREN = "732829320";
const pad = (n: number) => String(n).padStart(2, "0");
const day = (m: number, d: number) => `2025-${pad(m)}-${pad(d)}`;
/** The clock on the 5th of the month after `m`, at `hour` UTC. */
const after = (m: number, hour = 10) => new Date(Date.UTC(2025, m, 5, hour));
const rows = (body: string) =>
  body
    .split("\r\n")
    .slice(1)
    .filter(Boolean)
    .map((l) => l.split("\t"));

describe.each(ENGINES)("%s", (engine) => {
  let S: Materials["S"];
  let J: Materials["J"];
  let R: Materials["R"];
  let E: Materials["E"];
  let db: Materials["db"];
  let shops = 0;

  beforeAll(async () => {
    ({ S, J, R, E, db } = await materialsOn(engine));
  });

  async function shopInParis() {
    const shop = await installShop(`annee-${++shops}.myshopify.com`);
    await db.shop.update({ where: { id: shop.id }, data: { currency: "EUR", ianaTimezone: "Europe/Paris" } });
    ok(
      await S.saveMaterialSettings(
        shop.id,
        { siren: SIREN, normalLossBp: 300, sellingCostBp: 1500, negativeStock: "refuse", accounts: {} },
        actor,
      ),
    );
    return shop.id;
  }

  test("a year closed month by month gives a FEC that keeps every rule; November alone has the year's numbers and amounts", async () => {
    const shopId = await shopInParis();
    const metal = (
      metalName: "gold" | "silver",
      finenessBp: number,
      method: "fifo" | "moving_average" | "periodic_average",
      investment = false,
    ) => makeMaterialClass(shopId, { kind: "metal", metal: metalName, finenessBp, investment, method }, actor);
    const gold = await metal("gold", 7500, "fifo");
    const grain = await metal("gold", 9999, "moving_average");
    const bars = await metal("gold", 9999, "fifo", true);
    const silver = await metal("silver", 9250, "periodic_average");
    const wire = await makeMaterialClass(
      shopId,
      { kind: "metal", metal: "gold", finenessBp: 7500, investment: false, form: "fil", method: "moving_average" },
      actor,
    );
    const move = async (input: Parameters<typeof S.recordMove>[1], now: Date) =>
      ok(await S.recordMove(shopId, input, actor, now));

    for (let m = 1; m <= 12; m++) {
      // November's moves are recorded by the 17th: its first days are validated on the 21st.
      const now = m === 11 ? new Date("2025-11-17T10:00:00Z") : after(m);
      await move(
        {
          kind: "receive",
          classId: gold,
          qty: "100",
          unitCost: String(50 + m),
          supplier: "Métaux Précieux Boutet",
          // November's delivery note is typed later.
          document: m === 11 ? null : `BL-A750-${pad(m)}`,
          day: day(m, 3),
        },
        now,
      );
      await move(
        {
          kind: "receive",
          classId: grain,
          qty: "50",
          unitCost: String(70 + m),
          supplier: "Affinerie Cookson-CLAL",
          document: `FA-GR-${pad(m)}`,
          day: day(m, 4),
        },
        now,
      );
      await move(
        {
          kind: "receive",
          classId: silver,
          qty: "100",
          unitCost: (1 + m / 100).toFixed(2),
          supplier: "Argent Lyonnais",
          document: `FA-AG-${pad(m)}`,
          day: day(m, 3),
        },
        now,
      );
      await move(
        {
          kind: "receive",
          classId: bars,
          qty: "10",
          unitCost: "75",
          supplier: "Affinerie Cookson-CLAL",
          document: `FA-LB-${pad(m)}`,
          day: day(m, 9),
        },
        now,
      );
      const job = ok(await J.createJob(shopId, { title: `Bague ${m}`, day: day(m, 5) }, actor, now));
      await move({ kind: "issue", classId: gold, qty: "10", to: "job", jobId: job.jobId, day: day(m, 6) }, now);
      ok(
        await J.addJobCost(
          shopId,
          { jobId: job.jobId, kind: "labour", amount: "100", day: day(m, 7) },
          actor,
          "en",
          now,
        ),
      );
      ok(
        await J.finishJob(
          shopId,
          { jobId: job.jobId, title: `Bague or jaune ${m}`, price: "900", inPiece: { [gold]: "9.8" }, day: day(m, 8) },
          actor,
          "en",
          now,
        ),
      );
      // Between two classes on the same account (311): nothing posted.
      await move(
        { kind: "transfer", classId: gold, toClassId: wire, qty: "5", reason: "refonte", day: day(m, 10) },
        now,
      );
      await move({ kind: "issue", classId: grain, qty: "10", to: "sale", ref: `#S${m}`, day: day(m, 15) }, now);
      await move({ kind: "issue", classId: silver, qty: "30", to: "sale", ref: `#AG${m}`, day: day(m, 16) }, now);
      await move({ kind: "issue", classId: bars, qty: "5", to: "sale", ref: `#LB${m}`, day: day(m, 16) }, now);
      if (m === 6) {
        const receipt = await db.materialMove.findFirstOrThrow({
          where: { shopId, classId: gold, purpose: "receipt", effectiveAt: { gte: new Date("2025-06-01") } },
        });
        await move({ kind: "return", classId: gold, ofMoveId: receipt.id, qty: "5", day: day(6, 20) }, now);
      }
      if (m === 10) {
        // Dearer silver after the month's sale: the period's average revalues that sale at the close.
        await move(
          {
            kind: "receive",
            classId: silver,
            qty: "100",
            unitCost: "3",
            supplier: "Argent Lyonnais",
            document: "FA-AG-10B",
            day: day(10, 20),
          },
          now,
        );
        await move(
          { kind: "count", classId: gold, countedQty: String(85 * 10 - 5 - 0.5), reason: "pesée", day: day(10, 25) },
          now,
        );
      }
      if (m === 11) {
        // Validated through the 20th on the 21st; then a receipt dated the 10th is recorded: it
        // re-costs the sale of the 15th, already validated.
        ok(await E.validateEntries(shopId, day(11, 20), actor, new Date("2025-11-21T09:00:00Z")));
        await move(
          {
            kind: "receive",
            classId: grain,
            qty: "50",
            unitCost: "200",
            supplier: "Affinerie Cookson-CLAL",
            document: "FA-GR-11B",
            day: day(11, 10),
          },
          new Date("2025-11-22T10:00:00Z"),
        );
        await move(
          { kind: "issue", classId: grain, qty: "1", to: "sale", ref: "#S11B", day: day(11, 25) },
          new Date("2025-11-26T10:00:00Z"),
        );
      }
      ok(await S.closePeriod(shopId, day(m, new Date(Date.UTC(2025, m, 0)).getUTCDate()), actor, after(m, 18)));
    }

    // A receipt without its delivery note number keeps the FEC from being produced, and says which.
    const refused = await R.exportFec(shopId, "2025-01-01", "2025-12-31");
    expect(refused).toMatchObject({ ok: false, code: "FEC_RECEIPT_DOCUMENTS", vars: { count: 1 } });
    expect(String((refused as { vars: Record<string, unknown> }).vars.entries)).toContain(
      "(2025-11-03) Réception gold-7500",
    );
    const missing = await db.materialMove.findFirstOrThrow({
      where: {
        shopId,
        classId: gold,
        purpose: "receipt",
        effectiveAt: { gte: new Date("2025-11-01"), lt: new Date("2025-12-01") },
      },
    });
    ok(await E.addReceiptDocument(shopId, missing.id, "BL-A750-11", actor));
    expect(await E.addReceiptDocument(shopId, missing.id, "BL-other", actor)).toMatchObject({
      code: "DOCUMENT_ALREADY_SET",
    });

    const year = ok(await R.exportFec(shopId, "2025-01-01", "2025-12-31"));
    expect(year.fileName).toBe(`${SIREN}FEC20251231.txt`);
    expect(fecProblems(year.body, { from: "2025-01-01", to: "2025-12-31", wholeYear: true })).toEqual([]);
    const yearRows = rows(year.body);
    // Every kind of entry is there, on the default accounts.
    const accounts = new Set(yearRows.map((r) => r[4]));
    for (const account of ["311", "371", "331", "355", "6031", "6037", "7133"]) expect(accounts).toContain(account);
    expect([...accounts].some((a) => a!.startsWith("401") || a!.startsWith("580"))).toBe(false);
    // Receipts name the supplier's document; a finished piece its tag code.
    const receiptRefs = yearRows.filter((r) => r[10]!.startsWith("Réception gold-7500")).map((r) => r[8]);
    expect(new Set(receiptRefs)).toEqual(new Set([...Array(12).keys()].map((i) => `BL-A750-${pad(i + 1)}`)));
    const tags = new Set(
      (await db.piece.findMany({ where: { shopId }, select: { tagCode: true } })).map((p) => p.tagCode),
    );
    const finishRefs = yearRows.filter((r) => r[10]!.startsWith("Fin de fabrication")).map((r) => r[8]!);
    expect(finishRefs.length).toBeGreaterThan(0);
    for (const ref of finishRefs) expect(tags).toContain(ref);
    // The close "through 31 October" of the periodic-average silver is dated 31 October (Paris).
    const october = yearRows.filter((r) => r[10]!.includes("Clôture CUMP") && r[10]!.includes("2025-10-31"));
    expect(october.length).toBeGreaterThan(0);
    for (const r of october) expect(r[3]).toBe("20251031");
    // Each month's entries were validated at its close (the 5th of the next month).
    for (const r of yearRows.filter((r) => r[3]!.startsWith("202503"))) expect(r[15]).toBe("20250405");

    // November alone: exactly the year's November lines, numbers and amounts included.
    const november = ok(await R.exportFec(shopId, "2025-11-01", "2025-11-30"));
    expect(november.fileName).toBe(year.fileName);
    expect(fecProblems(november.body, { from: "2025-11-01", to: "2025-11-30" })).toEqual([]);
    expect(rows(november.body)).toEqual(yearRows.filter((r) => r[3]!.startsWith("202511")));

    // The sale of 15 November, validated on the 21st, is unchanged; its correction is its own
    // entry, dated on the first day not validated (the 21st), and so is the back-dated receipt.
    const sale = yearRows.filter((r) => r[8] === "#S11" && r[9] === "20251115");
    const original = sale.filter((r) => !r[10]!.startsWith("Correction"));
    const correction = sale.filter((r) => r[10]!.startsWith("Correction"));
    expect(original.map((r) => r[15])).toEqual(["20251121", "20251121"]);
    expect(original.map((r) => r[3])).toEqual(["20251115", "20251115"]);
    expect(correction).toHaveLength(2);
    expect(correction.map((r) => r[3])).toEqual(["20251121", "20251121"]);
    expect(Number(correction[0]![2]!.slice(-6))).toBeGreaterThan(Number(original[0]![2]!.slice(-6)));
    const late = yearRows.filter((r) => r[8] === "FA-GR-11B");
    expect(late.map((r) => [r[3], r[9]])).toEqual([
      ["20251121", "20251110"],
      ["20251121", "20251110"],
    ]);
    expect(late[0]![10]).toContain("du 2025-11-10, jour déjà validé: comptabilisé au 2025-11-21");
    // The sum of the sale's entries is what the ledger gives now.
    const now = (await R.accountingEntries(shopId, null, null)).entries.find(
      (e) => e.ref === "#S11" && e.at.toISOString().startsWith("2025-11-15"),
    )!;
    const minor = (v: string) => BigInt(v.replace(",", ""));
    const net = (account: string) =>
      sale.filter((r) => r[4] === account).reduce((s, r) => s + minor(r[11]!) - minor(r[12]!), 0n);
    expect(net("6031")).toBe(now.lines.find((l) => l.role === "variance")!.debitMinor);

    // Validated entries cannot be changed or deleted in the database.
    const stored = await db.materialEntry.findFirstOrThrow({ where: { shopId } });
    await expect(db.materialEntry.update({ where: { id: stored.id }, data: { label: "x" } })).rejects.toThrow();
    await expect(db.materialEntryLine.deleteMany({ where: { entryId: stored.id } })).rejects.toThrow();
    expect((await db.materialEntry.findUniqueOrThrow({ where: { id: stored.id } })).label).toBe(stored.label);

    // A range across two fiscal years, or days not validated, is refused.
    expect(await R.exportFec(shopId, "2025-06-01", "2026-01-31")).toMatchObject({ code: "FEC_TWO_YEARS" });
    expect(await R.exportFec(shopId, "2026-01-01", "2026-01-31")).toMatchObject({ code: "FEC_NOT_VALIDATED" });
    // Not in euros: no FEC, with the reason; the CSV stays.
    await db.shop.update({ where: { id: shopId }, data: { currency: "CHF" } });
    expect(await R.exportFec(shopId, "2025-01-01", "2025-12-31")).toMatchObject({
      code: "FEC_NOT_EUR",
      vars: { currency: "CHF" },
    });
    expect((await R.exportCsv(shopId, null, null)).split("\n").length).toBeGreaterThan(100);
  });

  test("with supplier accounts agreed, a receipt credits 401 on the register's supplier account, assigned once", async () => {
    const shopId = await shopInParis();
    ok(
      await S.saveMaterialSettings(
        shopId,
        {
          siren: SIREN,
          normalLossBp: 300,
          sellingCostBp: 1500,
          negativeStock: "refuse",
          accounts: {},
          supplierAccounts: true,
          journals: { purchases: "LACH" },
        },
        actor,
      ),
    );
    const gold = await makeMaterialClass(
      shopId,
      { kind: "metal", metal: "gold", finenessBp: 7500, investment: false, method: "fifo" },
      actor,
    );
    const now = new Date("2025-03-10T10:00:00Z");
    ok(
      await S.recordMove(
        shopId,
        {
          kind: "receive",
          classId: gold,
          qty: "10",
          unitCost: "50",
          supplier: "Métaux Précieux Boutet",
          document: "FA-77",
          day: "2025-03-03",
        },
        actor,
        now,
      ),
    );
    ok(await S.closePeriod(shopId, "2025-03-05", actor, now));
    const partner = await db.party.findFirstOrThrow({ where: { shopId, name: "Métaux Précieux Boutet" } });
    expect(partner.supplierAccount).toBe("F00001");
    const fec = rows(ok(await R.exportFec(shopId, "2025-01-01", "2025-03-05")).body);
    expect(fec.map((r) => [r[0], r[1], r[4], r[6], r[7], r[8], r[11], r[12]])).toEqual([
      ["LACH", "Achats de matières (Loupe)", "311", "", "", "FA-77", "500,00", "0,00"],
      ["LACH", "Achats de matières (Loupe)", "401", "F00001", "Métaux Précieux Boutet", "FA-77", "0,00", "500,00"],
    ]);
    const audit = await db.auditLog.findFirst({ where: { shopId, action: "partner.supplier_account_assigned" } });
    expect(audit).not.toBeNull();
  });
});
