// The materials admin pages through their loaders and actions, with real session tokens, on the
// demo materials seed: overview, class page forms (refusals in the admin's language, nothing
// half-written), jobs, prices, impairment, reports and the FEC download.
import { beforeAll, describe, expect, test } from "vitest";
import { ENGINES } from "../../setup/databases";
import { DAY_MS, isoDay } from "../../../app/domain/days";
import { appOn, type App } from "../helpers/app";
import { adminRequest, installShop, knownAdmin, routeArgs, sessionToken, settle } from "../helpers/shopify";

const SHOP = "atelier-routes.myshopify.com";

type Init = { type?: string; data?: unknown; init?: { status?: number } };
/** An action's answer: its data and status (data() wraps refusals with their 4xx). */
function unwrap(value: unknown): { status: number; body: Record<string, unknown> } {
  const v = value as Init;
  if (v && v.type === "DataWithResponseInit")
    return { status: v.init?.status ?? 200, body: v.data as Record<string, unknown> };
  return { status: 200, body: value as Record<string, unknown> };
}

function post(path: string, fields: Record<string, string>, search: Record<string, string> = {}) {
  return adminRequest(path, SHOP, { method: "POST", body: new URLSearchParams(fields), search });
}

describe.each(ENGINES)("%s", (engine) => {
  let overview: typeof import("../../../app/routes/app.materials._index");
  let classPage: typeof import("../../../app/routes/app.materials.classes.$id");
  let jobsPage: typeof import("../../../app/routes/app.materials.jobs._index");
  let jobPage: typeof import("../../../app/routes/app.materials.jobs.$id");
  let prices: typeof import("../../../app/routes/app.materials.prices");
  let impairment: typeof import("../../../app/routes/app.materials.impairment");
  let reports: typeof import("../../../app/routes/app.materials.reports");
  let exportRoute: typeof import("../../../app/routes/app.materials.export");
  let settings: typeof import("../../../app/routes/app.materials.settings");
  let db: App["db"];
  let gold750: string;

  beforeAll(async () => {
    ({ db } = await appOn(engine));
    overview = await import("../../../app/routes/app.materials._index");
    classPage = await import("../../../app/routes/app.materials.classes.$id");
    jobsPage = await import("../../../app/routes/app.materials.jobs._index");
    jobPage = await import("../../../app/routes/app.materials.jobs.$id");
    prices = await import("../../../app/routes/app.materials.prices");
    impairment = await import("../../../app/routes/app.materials.impairment");
    reports = await import("../../../app/routes/app.materials.reports");
    exportRoute = await import("../../../app/routes/app.materials.export");
    settings = await import("../../../app/routes/app.materials.settings");
    const shop = await installShop(SHOP);
    await knownAdmin(SHOP, "manager");
    const { seedMaterials } = await import("../../demo/materials-seed");
    await seedMaterials(shop.id, { kind: "system", name: "seed" });
    gold750 = (await db.materialClass.findFirstOrThrow({ where: { shopId: shop.id, code: "gold-7500" } })).id;
  });

  test("the overview lists the seeded classes with quantities, fine metal, cost and market value", async () => {
    const data = await overview.loader(routeArgs(adminRequest("/app/materials", SHOP)));
    expect(data.lines.map((l) => l.code)).toContain("gold-9999-investment-lingot");
    const line = data.lines.find((l) => l.id === gold750)!;
    // 400 + 150 received, 9.5 issued to the ring's job, 1.2 + 0.35 back
    expect(line.qty).toBe("542.05");
    expect(line.fineMg).toBe(406538n);
    expect(line.marketMinor).not.toBeNull();
    expect(data.wipMinor).toBeGreaterThan(0n);
    // The seeded ring and silver chain (test/demo/materials-seed.ts).
    expect(data.finishedCount).toBe(2);
  });

  test("an issue larger than stock answers 422 with the message in French and writes nothing", async () => {
    const before = await db.materialMove.count();
    const result = unwrap(
      await classPage.action(
        routeArgs(
          post(
            `/app/materials/classes/${gold750}`,
            { intent: "issue", qty: "10000", to: "sale", ref: "x", day: isoDay(Date.now()) },
            { locale: "fr" },
          ),
          { id: gold750 },
        ),
      ),
    );
    expect(result.status).toBe(422);
    expect((result.body.errors as Record<string, string>).qty).toMatch(/^Stock insuffisant à cette date/);
    expect(await db.materialMove.count()).toBe(before);
  });

  test("a malformed form answers 400 with the field named; English when the admin is in English", async () => {
    const result = unwrap(
      await classPage.action(
        routeArgs(
          post(
            `/app/materials/classes/${gold750}`,
            { intent: "receive", qty: "5", unitCost: "50", supplier: "", day: "yesterday" },
            { locale: "en" },
          ),
          { id: gold750 },
        ),
      ),
    );
    expect(result.status).toBe(400);
    expect(Object.keys(result.body.errors as object).sort()).toEqual(["day", "supplier"]);
    // Each field its own message (it was one "Check this field." for every field).
    expect((result.body.errors as Record<string, string>).day).toBe("Enter a date as YYYY-MM-DD.");
  });

  test.each([
    [
      "en",
      {
        qty: "Enter a quantity.",
        unitCost: "Enter the cost per unit, such as 62.35.",
        supplier: "Name the supplier.",
        day: "Enter a date as YYYY-MM-DD.",
      },
    ],
    [
      "fr",
      {
        qty: "Indiquez une quantité.",
        unitCost: "Indiquez le coût unitaire, par exemple 62,35.",
        supplier: "Indiquez le fournisseur.",
        day: "Saisissez une date au format AAAA-MM-JJ.",
      },
    ],
  ])(
    "an empty receipt answers 400 with what each field needs, in the admin's language (%s)",
    async (locale, errors) => {
      const before = await db.materialMove.count();
      const result = unwrap(
        await classPage.action(
          routeArgs(
            post(
              `/app/materials/classes/${gold750}`,
              { intent: "receive", qty: " ", unitCost: "", supplier: "", day: "03/11/2026" },
              { locale },
            ),
            { id: gold750 },
          ),
        ),
      );
      expect(result.status).toBe(400);
      expect(result.body).toMatchObject({ ok: false, intent: "receive" });
      expect(result.body.errors).toEqual(errors);
      expect(await db.materialMove.count()).toBe(before);
    },
  );

  test("settings answer a malformed percentage and SIREN beside their fields, in French, for the settings form", async () => {
    const result = unwrap(
      await settings.action(
        routeArgs(
          post(
            "/app/materials/settings",
            { intent: "settings", siren: "12", normalLoss: "abc", sellingCost: "15", negativeStock: "refuse" },
            { locale: "fr" },
          ),
        ),
      ),
    );
    expect(result.status).toBe(400);
    expect(result.body).toMatchObject({
      intent: "settings",
      message: "Certains champs sont à corriger.",
      errors: {
        siren: "Un SIREN compte 9 chiffres et une clé de contrôle valide.",
        normalLoss: "Indiquez un pourcentage de 0 à 100, par exemple 3 ou 2,5.",
      },
    });
    expect(Object.keys(result.body.errors as object).sort()).toEqual(["normalLoss", "siren"]);
  });

  test("a job without a title and a price without an amount are answered field by field", async () => {
    const job = unwrap(
      await jobsPage.action(routeArgs(post("/app/materials/jobs", { title: "", day: "2026-01-05" }, { locale: "en" }))),
    );
    expect(job.status).toBe(400);
    expect(job.body).toMatchObject({ intent: "open", errors: { title: "Give a title." } });
    const price = unwrap(
      await prices.action(
        routeArgs(
          post(
            "/app/materials/prices",
            { intent: "price", metal: "gold", day: "2026-01-05", price: "" },
            { locale: "fr" },
          ),
        ),
      ),
    );
    expect(price.status).toBe(400);
    expect(price.body).toMatchObject({
      intent: "price",
      errors: { price: "Saisissez un montant comme 62,35 (6 décimales au plus)." },
    });
  });

  test("a method change without justification is refused; with one it is logged", async () => {
    const day = isoDay(Date.now());
    // 14 k gold: a method change reaches back to the year's opening, and the 18 k class feeds the
    // ring whose re-costing the next test checks.
    const gold585 = (await db.materialClass.findFirstOrThrow({ where: { code: "gold-5850", shop: { domain: SHOP } } }))
      .id;
    const refusedChange = unwrap(
      await classPage.action(
        routeArgs(
          post(
            `/app/materials/classes/${gold585}`,
            { intent: "method", toMethod: "fifo", justification: "", day },
            { locale: "en" },
          ),
          { id: gold585 },
        ),
      ),
    );
    expect(refusedChange.status).toBe(422);
    expect((refusedChange.body.errors as Record<string, string>).justification).toMatch(/^Write a justification/);
    const accepted = unwrap(
      await classPage.action(
        routeArgs(
          post(`/app/materials/classes/${gold585}`, {
            intent: "method",
            toMethod: "fifo",
            justification: "Alignement sur la méthode du groupe au 1er décembre",
            day,
          }),
          { id: gold585 },
        ),
      ),
    );
    expect(accepted.status).toBe(200);
    const page = await classPage.loader(
      routeArgs(adminRequest(`/app/materials/classes/${gold585}`, SHOP), { id: gold585 }),
    );
    expect(page.changes).toHaveLength(1);
    expect(page.cls.method).toBe("fifo");
  });

  test("a class of another shop is a 404", async () => {
    await installShop("voisin.myshopify.com");
    await knownAdmin("voisin.myshopify.com", "manager");
    const { response } = await settle(() =>
      classPage.loader(
        routeArgs(
          adminRequest(`/app/materials/classes/${gold750}`, "voisin.myshopify.com", {
            token: sessionToken("voisin.myshopify.com"),
            search: { locale: "en" },
          }),
          { id: gold750 },
        ),
      ),
    );
    expect(response?.status).toBe(404);
  });

  test("the jobs list and the finished job page show cost, loss and yield", async () => {
    const list = await jobsPage.loader(routeArgs(adminRequest("/app/materials/jobs", SHOP)));
    const finished = list.jobs.find((j) => j.number === "J-2026-014")!;
    const page = await jobPage.loader(
      routeArgs(adminRequest(`/app/materials/jobs/${finished.id}`, SHOP), { id: finished.id }),
    );
    // fine gold, on the net metal issued 9.5 − 1.2 = 8.3: (8.3 − 0.35 − 7.74) / 8.3 = 0.21 / 8.3 = 2.53 %
    expect(page.metal).toMatchObject({ lossBp: 253, abnormal: false });
    expect(page.piece?.title).toBe("Bague jonc pavée or jaune 750");
    expect(page.job.costMinor).toBe(page.materialsMinor + 28000n + 4500n);
  });

  test("the silver chain's job page shows its abnormal loss expensed apart from the piece's cost, and the reports list it", async () => {
    const list = await jobsPage.loader(routeArgs(adminRequest("/app/materials/jobs", SHOP)));
    const chain = list.jobs.find((j) => j.number === "J-2026-013")!;
    const page = await jobPage.loader(
      routeArgs(adminRequest(`/app/materials/jobs/${chain.id}`, SHOP), { id: chain.id }),
    );
    // on the net 60 − 2 = 58 g: 6 / 58 = 10.34 % lost against a normal 3 %; beyond it 6 − 3 % × 58
    // = 4.26 g of 925, 3.9405 g fine -> 3941 mg
    expect(page.metal).toMatchObject({ lossBp: 1034, abnormal: true, abnormalFineMg: 3941n });
    expect(page.job.abnormalLossMinor).toBeGreaterThan(0n);
    expect(page.job.costMinor! + page.job.abnormalLossMinor!).toBe(page.totalMinor);
    const reportsData = await reports.loader(
      routeArgs(adminRequest("/app/materials/reports", SHOP, { search: { from: "2000-01-01" } })),
    );
    expect(reportsData.jobs.find((j) => j.number === "J-2026-013")).toMatchObject({
      abnormal: true,
      abnormalLossMinor: page.job.abnormalLossMinor,
    });
    const finishEntry = reportsData.entries.find((e) => e.label.startsWith("Fin de fabrication J-2026-013"))!;
    expect(finishEntry.lines.map((l) => [l.role, l.account])).toEqual([
      ["finished", "355"],
      ["abnormalLoss", "6588"],
      ["wip", "331"],
    ]);
  });

  test("a back-dated receipt answers with every class and finished job it re-costed", async () => {
    const day = isoDay(Date.now() - 35 * DAY_MS);
    const answer = unwrap(
      await classPage.action(
        routeArgs(
          post(`/app/materials/classes/${gold750}`, {
            intent: "receive",
            qty: "10",
            unitCost: "40",
            supplier: "Comptoir",
            day,
          }),
          { id: gold750 },
        ),
      ),
    );
    expect(answer.status).toBe(200);
    const moved = answer.body.moved as {
      backDated: boolean;
      classes: { classId: string; valueBefore: bigint; valueAfter: bigint }[];
      jobs: { number: string; status: string; costBefore: bigint; costAfter: bigint }[];
    };
    expect(moved.backDated).toBe(true);
    expect(moved.classes[0]).toMatchObject({ classId: gold750 });
    expect(moved.classes[0]!.valueAfter - moved.classes[0]!.valueBefore).toBeGreaterThan(0n);
    // The ring's 9.5 g were issued 28 days ago: a cheaper receipt before that lowers its cost.
    const ring = moved.jobs.find((j) => j.number === "J-2026-014")!;
    expect(ring.status).toBe("finished");
    expect(ring.costAfter).toBeLessThan(ring.costBefore);
  });

  test("labour with a negative amount is refused on the open job", async () => {
    const open = await db.materialJob.findFirstOrThrow({ where: { number: "J-2026-015" } });
    const result = unwrap(
      await jobPage.action(
        routeArgs(
          post(
            `/app/materials/jobs/${open.id}`,
            { intent: "cost", kind: "labour", amount: "-20", day: isoDay(Date.now()) },
            { locale: "fr" },
          ),
          { id: open.id },
        ),
      ),
    );
    expect(result.status).toBe(422);
    expect((result.body.errors as Record<string, string>).amount).toBe("Un coût ne peut pas être négatif.");
  });

  test("a CSV of prices with a bad row imports nothing and names the row", async () => {
    const before = await db.materialPrice.count();
    const result = unwrap(
      await prices.action(
        routeArgs(
          post(
            "/app/materials/prices",
            { intent: "import", csv: "metal,date,price_per_gram\ngold,2026-01-05,60\ngold,2026-01-06,-1\n" },
            { locale: "en" },
          ),
        ),
      ),
    );
    expect(result.status).toBe(422);
    expect(result.body.details).toEqual(["Row 3: A cost cannot be negative."]);
    expect(await db.materialPrice.count()).toBe(before);
  });

  test("impairment lists what is below cost and books it with a justification", async () => {
    const data = await impairment.loader(routeArgs(adminRequest("/app/materials/impairment", SHOP)));
    // The melee lot's NRV (420 €/ct) is above its cost (380 €/ct): not listed. Platinum's price fell below cost.
    const platinum = data.lines.find((l) => l.label === "Platine 950")!;
    expect(platinum.bookMinor).toBeGreaterThan(0n);
    const result = unwrap(
      await impairment.action(
        routeArgs(
          post("/app/materials/impairment", {
            target: "class",
            id: platinum.id,
            justification: "Cours du platine sous le coût d'achat",
            day: isoDay(Date.now()),
          }),
        ),
      ),
    );
    expect(result.status).toBe(200);
    const after = await impairment.loader(routeArgs(adminRequest("/app/materials/impairment", SHOP)));
    expect(after.lines.find((l) => l.id === platinum.id)!.bookMinor).toBe(0n);
  });

  test("reports value stock at a date with the methods side by side", async () => {
    const data = await reports.loader(routeArgs(adminRequest("/app/materials/reports", SHOP)));
    expect(data.methods).toEqual(["fifo", "lifo", "moving_average", "periodic_average"]);
    const bars = data.lines.find((l) => l.code === "gold-9999-investment-lingot")!;
    expect(data.comparison[bars.id]!.fifo).toBe(bars.valueMinor);
    expect(data.entries.length).toBeGreaterThan(10);
  });

  test("the FEC download takes validated days with their receipts' document numbers, has the legal name, the 18 columns and a decimal comma", async () => {
    const yesterday = isoDay(Date.now() - DAY_MS);
    const year = yesterday.slice(0, 4);
    const download = async () =>
      (await exportRoute.loader(
        routeArgs(
          adminRequest("/app/materials/export", SHOP, {
            search: { format: "fec", from: `${year}-01-01`, to: yesterday, locale: "en" },
          }),
        ),
      )) as Response;
    // A receipt recorded without its supplier's document number (the seeded ones have theirs).
    const undocumentedReceipt = unwrap(
      await classPage.action(
        routeArgs(
          post(`/app/materials/classes/${gold750}`, {
            intent: "receive",
            qty: "2",
            unitCost: "50",
            supplier: "Comptoir",
            lot: "SANS-BL",
            day: yesterday,
          }),
          { id: gold750 },
        ),
      ),
    );
    expect(undocumentedReceipt.status).toBe(200);
    const notValidated = await download();
    expect(notValidated.status).toBe(422);
    expect(await notValidated.text()).toMatch(/^The FEC holds validated entries only/);
    const validated = unwrap(
      await settings.action(routeArgs(post("/app/materials/settings", { intent: "validate", through: yesterday }))),
    );
    expect(validated.status).toBe(200);
    const undocumented = await download();
    expect(undocumented.status).toBe(422);
    expect(await undocumented.text()).toMatch(/receipts have no supplier invoice or delivery note number/);
    // The settings page lists the receipts still without a number; each is given one there.
    const page = await settings.loader(routeArgs(adminRequest("/app/materials/settings", SHOP)));
    const missing = page.validation.missingDocuments;
    expect(missing.map((m) => m.lot)).toContain("SANS-BL");
    for (const receipt of missing) {
      const saved = unwrap(
        await settings.action(
          routeArgs(
            post("/app/materials/settings", {
              intent: "document",
              moveId: receipt.id,
              document: `BL-${receipt.lot ?? receipt.id}`,
            }),
          ),
        ),
      );
      expect(saved.status).toBe(200);
    }
    const response = await download();
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="552100554FEC${year}1231.txt"`);
    // ISO 8859-15 (A47 A-1 allows ASCII, ISO 8859-15 or EBCDIC): é is one byte.
    expect(response.headers.get("Content-Type")).toBe("text/plain; charset=iso-8859-15");
    const bytes = new Uint8Array(await response.arrayBuffer());
    const text = new TextDecoder("iso-8859-15").decode(bytes);
    expect(text).toContain("\tRéception gold-7500 ");
    // Every receipt's lines carry its document number as PieceRef: the seeded invoices, the one added above.
    const receiptRefs = text
      .split("\r\n")
      .map((l) => l.split("\t"))
      .filter((cols) => cols[10]?.startsWith("Réception "))
      .map((cols) => cols[8]);
    expect(receiptRefs).toContain("BL-SANS-BL");
    for (const ref of receiptRefs) expect(ref).toMatch(/^(FACT|BL)-/);
    expect(bytes.includes(0xc3)).toBe(false); // no UTF-8 lead byte of é
    const [header, first] = text.split("\r\n");
    expect(header).toBe(
      "JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\tCompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\tValidDate\tMontantdevise\tIdevise",
    );
    expect(first!.split("\t")).toHaveLength(18);
    expect(first!.split("\t")[11]).toMatch(/^\d+,\d{2}$/);
  });

  test("settings refuse a SIREN with a wrong check digit and close a period", async () => {
    const bad = unwrap(
      await settings.action(
        routeArgs(
          post(
            "/app/materials/settings",
            { intent: "settings", siren: "552100555", normalLoss: "3", sellingCost: "15", negativeStock: "refuse" },
            { locale: "en" },
          ),
        ),
      ),
    );
    expect(bad.status).toBe(422);
    expect((bad.body.errors as Record<string, string>).siren).toMatch(/^A SIREN has 9 digits/);
    const yesterday = isoDay(Date.now() - 200 * DAY_MS);
    const closed = unwrap(
      await settings.action(routeArgs(post("/app/materials/settings", { intent: "close", through: yesterday }))),
    );
    expect(closed.status).toBe(200);
    const backDated = unwrap(
      await classPage.action(
        routeArgs(
          post(
            `/app/materials/classes/${gold750}`,
            { intent: "receive", qty: "1", unitCost: "50", supplier: "X", day: yesterday },
            { locale: "en" },
          ),
          { id: gold750 },
        ),
      ),
    );
    expect(backDated.status).toBe(422);
    expect((backDated.body.errors as Record<string, string>).day).toMatch(/^The period is closed through/);
  });

  test("staff whose role does not show cost get 403", async () => {
    await db.staffMember.updateMany({ where: { shop: { domain: SHOP } }, data: { role: "staff" } });
    const { response } = await settle(() => overview.loader(routeArgs(adminRequest("/app/materials", SHOP))));
    expect(response?.status).toBe(403);
    await db.staffMember.updateMany({ where: { shop: { domain: SHOP } }, data: { role: "manager" } });
  });
});
