// CSV import, from an empty shop on both engines: "Create missing locations" (the dry run lists
// what it would create and writes nothing; the import creates the places, audited like the tree
// editor, in the chunk that first needs them), and the chunked writes (one audit entry per
// chunk listing its pieces, the chain still verifying; refusals inside a chunk row by row).
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { ENGINES, TMP } from "../../setup/databases";
import { makeLocation } from "../../factories";
import { appOn, type App } from "../helpers/app";
import { adminRequest, installShop, knownAdmin, routeArgs, settle } from "../helpers/shopify";

type Answer = { ok: boolean; message?: string; batchId?: string; status?: string; errorRows?: number };

const HEADER = "Référence;Désignation;Métal;Titre;Poids brut (g);Laboratoire;N° certificat;Emplacement;Prix de vente";

/** `rows` rings; ring i (CSV row i + 1) is kept at `place(i)`; `series` keeps SKUs and reports apart. */
function stockList(series: number, rows: number, place: (i: number) => string, extra: string[] = []): string {
  const lines = [HEADER];
  for (let i = 1; i <= rows; i++) {
    const n = String(i).padStart(5, "0");
    lines.push(`S${series}-${n};Bague ${i};or;750;3,5;GIA;${series}${n}01;${place(i)};${1000 + i},00`);
  }
  return [...lines, ...extra].join("\r\n");
}

describe.each(ENGINES)("%s", (engine) => {
  const SHOP = `import-loc-${engine}.myshopify.com`;
  const actor = { kind: "admin", name: "Camille" } as const;
  let route: typeof import("../../../app/routes/app.import");
  let service: typeof import("../../../app/services/catalog/csv-import.server");
  let batchService: typeof import("../../../app/services/catalog/intake-batch.server");
  let audit: typeof import("../../../app/models/audit.server");
  let db: App["db"];
  let shopId: string;

  beforeAll(async () => {
    process.env.LOUPE_IMPORT_DIR = mkdtempSync(join(TMP, "imports-loc-"));
    ({ db } = await appOn(engine));
    route = await import("../../../app/routes/app.import");
    service = await import("../../../app/services/catalog/csv-import.server");
    batchService = await import("../../../app/services/catalog/intake-batch.server");
    audit = await import("../../../app/models/audit.server");
    shopId = (await installShop(SHOP)).id;
    // Importing is a manager's (data.import).
    await knownAdmin(SHOP, "manager");
    const site = await makeLocation(shopId, {
      name: "Boutique",
      kind: "site",
      shopifyLocationGid: "gid://shopify/Location/1",
    });
    await makeLocation(shopId, { name: "Vitrine 1", kind: "showcase", parentId: site });
  });

  async function upload(text: string, name = "stock.csv") {
    const data = new FormData();
    data.set("file", new File([new TextEncoder().encode(text)], name, { type: "text/csv" }));
    data.set("encoding", "utf-8");
    const { response } = await settle(() =>
      route.action(routeArgs(adminRequest("/app/import", SHOP, { method: "POST", body: data }))),
    );
    return (await response!.json()) as Answer & { mapping: Record<string, number> };
  }
  async function check(batchId: string, mapping: Record<string, number>, createLocations?: boolean) {
    const { response } = await settle(() =>
      route.action(
        routeArgs(
          adminRequest("/app/import", SHOP, {
            method: "POST",
            body: JSON.stringify({ intent: "check", batchId, columns: mapping, createLocations }),
          }),
        ),
      ),
    );
    return { status: response!.status, body: (await response!.json()) as Answer };
  }
  const page = (batchId: string, locale = "en") =>
    route.loader(routeArgs(adminRequest("/app/import", SHOP, { search: { batch: batchId, locale } })));
  const counts = async () => ({
    pieces: await db.piece.count({ where: { shopId } }),
    locations: await db.location.count({ where: { shopId } }),
    audit: await db.auditLog.count({ where: { shopId } }),
  });

  test("without the box ticked, unknown paths are refused as before and no location is created", async () => {
    const up = await upload(stockList(31, 3, (i) => (i === 2 ? "Boutique > Coffre 9" : "Boutique > Vitrine 1")));
    const answer = await check(up.batchId!, up.mapping);
    expect(answer.body).toMatchObject({ status: "checked", errorRows: 1 });
    const shown = await page(up.batchId!, "fr");
    // A finding names the file's own column ("Emplacement"), not Loupe's field name.
    expect(shown.batch!.errors).toEqual([
      {
        row: 3,
        field: "Emplacement",
        message: "Aucun emplacement n'a le chemin «\u202fBoutique > Coffre 9\u202f».",
      },
    ]);
    expect(shown.batch!.newLocations).toEqual([]);
    const before = await counts();
    let run = await service.runImport(shopId, up.batchId!, actor, "en", true);
    expect(run.ok && run.batch).toMatchObject({ status: "done", importedRows: 2, errorRows: 1 });
    expect(await counts()).toMatchObject({ pieces: before.pieces + 2, locations: before.locations });
    run = await service.runImport(shopId, up.batchId!, actor, "en", true);
    expect(run).toMatchObject({ ok: false, code: "WRONG_STATE" });
  });

  test("with the box ticked, the dry run lists the places it would create under their site and writes nothing; an unknown site stays refused (en/fr)", async () => {
    const text = stockList(
      32,
      4,
      (i) =>
        ["Boutique > Coffre 2 > Plateau 1", "boutique > coffre 2", "Réserve > Étagère", "Boutique > Vitrine 1"][i - 1]!,
    );
    const up = await upload(text);
    const before = await counts();
    const answer = await check(up.batchId!, up.mapping, true);
    expect(answer.body).toMatchObject({ status: "checked", errorRows: 1 });
    // Only the batch's findings are written: no location, no piece, no audit entry.
    expect(await counts()).toEqual(before);
    const fr = await page(up.batchId!, "fr");
    expect(fr.batch!.createLocations).toBe(true);
    expect(fr.batch!.newLocationCount).toBe(2);
    expect(fr.batch!.newLocations).toEqual([
      { path: "Boutique > Coffre 2", site: "Boutique", kind: "Coffre" },
      { path: "Boutique > Coffre 2 > Plateau 1", site: "Boutique", kind: "Plateau" },
    ]);
    expect(fr.batch!.errors).toEqual([
      {
        row: 4,
        field: "Emplacement",
        message:
          "Aucun site ne s'appelle «\u202fRéserve\u202f»\u202f: un chemin d'emplacement commence par l'un de vos sites (Boutique). Ajoutez d'abord l'emplacement Shopify, ou corrigez le chemin.",
      },
    ]);
    const en = await page(up.batchId!, "en");
    expect(en.batch!.errors[0]!.message).toBe(
      "No site is called “Réserve”: a location path starts with one of your sites (Boutique). Add the Shopify location first, or correct the path.",
    );
    expect(en.batch!.newLocations.map((l) => l.kind)).toEqual(["Safe", "Tray"]);
    // Unticked again: the list goes, the rows are refused as unknown paths.
    const unticked = await check(up.batchId!, up.mapping, false);
    expect(unticked.body).toMatchObject({ errorRows: 3 });
    expect((await page(up.batchId!)).batch!.newLocationCount).toBe(0);
  });

  test("the import creates each missing place once, in the chunk that first needs it, audited like the tree editor, and resumes after a stop", async () => {
    // Rows 1-100 at Vitrine 1; 101-150 in Atelier > Établi 1 (created by the second chunk); 151-160 in Coffre 3.
    const text = stockList(33, 160, (i) =>
      i <= 100 ? "Boutique > Vitrine 1" : i <= 150 ? "Boutique > Atelier > Établi 1" : "BOUTIQUE > Coffre 3",
    );
    const up = await upload(text, "lots.csv");
    const checked = await check(up.batchId!, up.mapping, true);
    expect(checked.body).toMatchObject({ status: "checked", errorRows: 0 });
    const before = await counts();
    // A first call that stops after one chunk: nothing in it needs a new place, so none is created yet.
    const first = await service.runImport(shopId, up.batchId!, actor, "en", true, { chunk: 100, budgetMs: 0 });
    expect(first.ok && first.batch).toMatchObject({ status: "importing", doneRows: 100 });
    expect(await counts()).toMatchObject({ pieces: before.pieces + 100, locations: before.locations });
    // Resumed: the rest, in chunks of 30, creating Atelier and Établi 1 in the chunk of row 102.
    const rest = await service.runImport(shopId, up.batchId!, actor, "en", true, { chunk: 30 });
    expect(rest.ok && rest.batch).toMatchObject({ status: "done", importedRows: 160, errorRows: 0 });
    expect(await counts()).toMatchObject({ pieces: before.pieces + 160, locations: before.locations + 3 });
    const made = await db.location.findMany({
      where: { shopId, path: { in: ["Boutique > Atelier", "Boutique > Atelier > Établi 1", "Boutique > Coffre 3"] } },
      orderBy: { path: "asc" },
      select: { id: true, path: true, kind: true, shopifyLocationGid: true, _count: { select: { pieces: true } } },
    });
    expect(made.map((l) => [l.path, l.kind, l.shopifyLocationGid, l._count.pieces])).toEqual([
      ["Boutique > Atelier", "workshop", "gid://shopify/Location/1", 0],
      ["Boutique > Atelier > Établi 1", "workshop", "gid://shopify/Location/1", 50],
      ["Boutique > Coffre 3", "safe", "gid://shopify/Location/1", 10],
    ]);
    // One location.created entry each, as the tree editor writes them, in the chunk's transaction:
    // before that chunk's pieces entry.
    const entries = await db.auditLog.findMany({ where: { shopId }, orderBy: { seq: "asc" } });
    const created = entries.filter((e) => e.action === "location.created" && made.some((l) => l.id === e.entityId));
    expect(created.map((e) => [e.actor, e.reason, JSON.parse(e.data).path])).toEqual([
      ["Camille (admin)", "imported from lots.csv", "Boutique > Atelier"],
      ["Camille (admin)", "imported from lots.csv", "Boutique > Atelier > Établi 1"],
      ["Camille (admin)", "imported from lots.csv", "Boutique > Coffre 3"],
    ]);
    const chunkOf = (row: number) =>
      entries.find((e) => {
        if (e.action !== "import.pieces_created" || e.entityId !== up.batchId) return false;
        const d = JSON.parse(e.data) as { fromRow: number; toRow: number };
        return d.fromRow <= row && row <= d.toRow;
      })!;
    expect(created[0]!.seq).toBe(chunkOf(102).seq - 2);
    expect(created[2]!.seq).toBe(chunkOf(152).seq - 1);
    expect((await audit.verifyShopAudit(shopId)).ok).toBe(true);
  });

  test("a 1,000-row import writes one audit entry per chunk listing its pieces, and the shop's chain verifies", async () => {
    const up = await upload(
      stockList(34, 1000, () => "Boutique > Vitrine 1", ["BAD;Bague lourde;or;750;5000;;;;100,00"]),
    );
    const checked = await check(up.batchId!, up.mapping);
    expect(checked.body).toMatchObject({ errorRows: 1 });
    const run = await service.runImport(shopId, up.batchId!, actor, "en", true);
    expect(run.ok && run.batch).toMatchObject({ status: "done", totalRows: 1001, importedRows: 1000, errorRows: 1 });
    const chunks = await db.auditLog.findMany({
      where: { shopId, entityType: "ImportBatch", entityId: up.batchId!, action: "import.pieces_created" },
      orderBy: { seq: "asc" },
    });
    expect(chunks).toHaveLength(10);
    const listed = chunks.flatMap((c) => (JSON.parse(c.data) as { pieces: { id: string; row: number }[] }).pieces);
    expect(listed).toHaveLength(1000);
    expect(listed.map((p) => p.row)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 2));
    const ring = await db.piece.findFirstOrThrow({ where: { shopId, sku: "S34-00421" }, include: { metals: true } });
    expect(JSON.parse(chunks[4]!.data)).toMatchObject({ fileName: "stock.csv", fromRow: 402, toRow: 501 });
    expect((JSON.parse(chunks[4]!.data) as { pieces: unknown[] }).pieces).toContainEqual({
      id: ring.id,
      row: 422,
      tagCode: ring.tagCode,
      title: "Bague 421",
      state: "receiving",
      metals: [{ metal: "gold", finenessBp: 7500, grossWeightMg: "3500" }],
      stones: 0,
      certificates: ["GIA 340042101"],
      consigned: false,
      costRecorded: false,
    });
    // The piece's history names the import entry that created it.
    expect((await audit.auditForPiece(shopId, ring.id)).map((e) => e.seq)).toEqual([chunks[4]!.seq]);
    // Tag codes given by Loupe are distinct; every piece has its intake movement.
    expect(
      new Set((await db.piece.findMany({ where: { shopId }, select: { tagCode: true } })).map((p) => p.tagCode)).size,
    ).toBe(await db.piece.count({ where: { shopId } }));
    expect(
      await db.movement.count({ where: { shopId, kind: "intake", reason: "imported from stock.csv" } }),
    ).toBeGreaterThanOrEqual(1000);
    expect(await audit.verifyShopAudit(shopId)).toEqual({
      ok: true,
      count: await db.auditLog.count({ where: { shopId } }),
    });
  });

  test("within a chunk, a refused piece writes nothing and is reported; the others go in, judged in order as one by one", async () => {
    const { inTransaction } = await import("../../../app/models/transaction.server");
    const taken = await db.piece.findFirstOrThrow({ where: { shopId }, include: { certificates: true } });
    const base = { currency: "EUR", metals: [], stones: [], certificates: [] };
    const before = await counts();
    const results = await inTransaction((tx) =>
      batchService.createPiecesInTx(
        tx,
        shopId,
        [
          { input: { ...base, title: "A", tagCode: "BATCH-A" }, row: 2 },
          { input: { ...base, title: "Twin of A", tagCode: "BATCH-A" }, row: 3 },
          { input: { ...base, title: "Taken tag", tagCode: taken.tagCode }, row: 4 },
          {
            input: {
              ...base,
              title: "Taken report",
              certificates: [{ lab: "GIA", number: taken.certificates[0]!.number }],
            },
            row: 5,
          },
          { input: { ...base, title: "New report", certificates: [{ lab: "HRD", number: "H-1" }] }, row: 6 },
          { input: { ...base, title: "Same report", certificates: [{ lab: "HRD", number: "H-1" }] }, row: 7 },
          { input: { ...base, title: "Nowhere", locationId: "no-such-location" }, row: 8 },
          {
            input: {
              ...base,
              title: "Consigned",
              supplierName: "Atelier Roux",
              consignment: {
                consignorName: "Atelier Roux",
                receivedAt: new Date("2026-12-01T00:00:00Z"),
                commissionBp: 2500,
              },
            },
            row: 9,
          },
        ],
        actor,
        "batch test",
        { action: "import.pieces_created", entityType: "ImportBatch", entityId: "test" },
      ),
    );
    expect(results.map((r) => (r.ok ? "ok" : r.errors.map((e) => e.code).join()))).toEqual([
      "ok",
      "DUPLICATE_TAG_CODE",
      "DUPLICATE_TAG_CODE",
      "DUPLICATE_CERTIFICATE",
      "ok",
      "DUPLICATE_CERTIFICATE",
      "UNKNOWN_LOCATION",
      "ok",
    ]);
    // One entry for the chunk's pieces, and the partners register's own: "Atelier Roux" added as a
    // supplier, then given the consignor role (as at intake, each change of a partner is audited).
    expect(await counts()).toEqual({ ...before, pieces: before.pieces + 3, audit: before.audit + 3 });
    const consigned = await db.piece.findFirstOrThrow({
      where: { shopId, title: "Consigned" },
      include: { supplier: true, consignment: { include: { consignor: true } } },
    });
    // Supplier and consignor of the same name: one party, "both", as one piece at a time makes it.
    expect(consigned.supplier).toMatchObject({
      name: "Atelier Roux",
      kind: "both",
      isSupplier: true,
      isConsignor: true,
    });
    expect(consigned.consignment).toMatchObject({ commissionBp: 2500, consignor: { id: consigned.supplier!.id } });
    expect((await audit.verifyShopAudit(shopId)).ok).toBe(true);
  });
});
