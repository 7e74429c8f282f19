// CSV import through the route's action with real session tokens, on both engines: upload with
// encoding checks, guessed mapping, dry run with per-row errors, then the import in chunks that
// resumes where it stopped and never half-writes a row.
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { ENGINES, TMP } from "../../setup/databases";
import { makeLocation } from "../../factories";
import { appOn, type App } from "../helpers/app";
import { adminRequest, installShop, knownAdmin, routeArgs, settle } from "../helpers/shopify";

type Answer = {
  ok: boolean;
  message?: string;
  code?: string;
  batchId?: string;
  status?: string;
  totalRows?: number;
  doneRows?: number;
  errorRows?: number;
  importedRows?: number;
  mapping?: Record<string, number>;
};

const HEADER =
  "Référence;Désignation;Métal;Titre;Poids brut (g);Pierre;Carats;Laboratoire;N° certificat;Emplacement;Prix de vente;Déposant;Commission %;Créer produit";

function stockList(rows: number, extra: string[] = []): string {
  const lines = [HEADER];
  for (let i = 1; i <= rows; i++) {
    const n = String(i).padStart(5, "0");
    lines.push(
      `REF-${n};Bague n°${i} or jaune;or;750;${(2 + (i % 7) / 10).toFixed(2).replace(".", ",")};diamant;0,${String(100 + (i % 400)).padStart(3, "0")};GIA;22${n}01;Boutique > Vitrine 1;${1000 + i},00;;;non`,
    );
  }
  return [...lines, ...extra].join("\r\n");
}

describe.each(ENGINES)("%s", (engine) => {
  const SHOP = `import-${engine}.myshopify.com`;
  let route: typeof import("../../../app/routes/app.import");
  let service: typeof import("../../../app/services/catalog/csv-import.server");
  let db: App["db"];
  let shopId: string;

  beforeAll(async () => {
    process.env.LOUPE_IMPORT_DIR = mkdtempSync(join(TMP, "imports-"));
    ({ db } = await appOn(engine));
    route = await import("../../../app/routes/app.import");
    service = await import("../../../app/services/catalog/csv-import.server");
    shopId = (await installShop(SHOP)).id;
    // Importing is a manager's (or the owner's) by default; a newcomer starts as staff.
    await knownAdmin(SHOP, "manager");
    const site = await makeLocation(shopId, {
      name: "Boutique",
      kind: "site",
      shopifyLocationGid: "gid://shopify/Location/1",
    });
    await makeLocation(shopId, { name: "Vitrine 1", kind: "showcase", parentId: site });
  });

  async function upload(content: Uint8Array | string, name = "stock.csv", encoding = "utf-8", locale = "en") {
    const data = new FormData();
    data.set(
      "file",
      new File([typeof content === "string" ? new TextEncoder().encode(content) : new Uint8Array(content)], name, {
        type: "text/csv",
      }),
    );
    data.set("encoding", encoding);
    const { response } = await settle(() =>
      route.action(routeArgs(adminRequest("/app/import", SHOP, { method: "POST", body: data, search: { locale } }))),
    );
    return { status: response!.status, body: (await response!.json()) as Answer };
  }
  async function step(body: unknown, locale = "en") {
    const { response } = await settle(() =>
      route.action(
        routeArgs(
          adminRequest("/app/import", SHOP, { method: "POST", body: JSON.stringify(body), search: { locale } }),
        ),
      ),
    );
    return { status: response!.status, body: (await response!.json()) as Answer };
  }
  const pieces = () => db.piece.count({ where: { shopId } });

  test("a file that is not UTF-8 is refused with the byte position; Windows-1252 is read when chosen", async () => {
    const latin1 = new Uint8Array([
      ...new TextEncoder().encode("Titre;Prix\r\nBague "),
      0xe9,
      0x6d,
      0x65,
      0x72,
      0x61,
      0x75,
      0x64,
      0x65,
      ...new TextEncoder().encode(";100\r\n"),
    ]);
    const refused = await upload(latin1, "excel.csv", "utf-8", "fr");
    expect(refused.status).toBe(422);
    expect(refused.body.message).toBe(
      "Le fichier n'est pas en UTF-8 valide (premier octet invalide à la position 19). Enregistrez-le en «\u202fCSV UTF-8\u202f», ou choisissez Windows-1252 s'il vient d'un ancien Excel.",
    );
    const accepted = await upload(latin1, "excel.csv", "windows-1252");
    expect(accepted.status).toBe(200);
    const batch = await service.getImport(shopId, accepted.body.batchId!);
    expect(await service.importSample(shopId, batch!)).toEqual([["Bague émeraude", "100"]]);
  });

  test("a UTF-8 byte order mark is accepted and headers are guessed in French", async () => {
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(stockList(2))]);
    const answer = await upload(withBom);
    expect(answer.status).toBe(200);
    expect(answer.body.mapping).toEqual({
      sku: 0,
      title: 1,
      metal: 2,
      fineness: 3,
      weight: 4,
      stoneType: 5,
      carats: 6,
      lab: 7,
      certNumber: 8,
      location: 9,
      price: 10,
      consignor: 11,
      commission: 12,
      createProduct: 13,
    });
  });

  test("an empty file, or a mapping without a title column, says what is missing", async () => {
    expect((await upload("Titre;Prix\r\n")).body.message).toBe("The file has no rows.");
    const up = await upload(stockList(1));
    const check = await step({ intent: "check", batchId: up.body.batchId, columns: { sku: 0 } });
    expect(check).toEqual({
      status: 422,
      body: { ok: false, code: "MISSING_COLUMNS", message: "Map a column to each required field: Title." },
    });
  });

  test("the dry run reports each bad row with its row number, field and message, and writes no piece", async () => {
    const text = stockList(300, [
      "BAD-1;Bague 5 kg;or;750;5000;;;;;;100,00;;;non",
      "BAD-2;Bague carats;or;750;3;diamant;0,5234;;;;100,00;;;non",
      "BAD-3;Bague titre;or;751;3;;;;;;100,00;;;non",
      "BAD-4;Doublon certificat;or;750;3;diamant;0,5;GIA;220000101;;100,00;;;non",
      "BAD-5;Emplacement inconnu;or;750;3;;;;;Réserve;100,00;;;non",
      "BAD-6;Dépôt sans conditions;or;750;3;;;;;;100,00;Mme Verne;;peut-être",
    ]);
    const up = await upload(text);
    const before = await pieces();
    const check = await step({ intent: "check", batchId: up.body.batchId, columns: up.body.mapping }, "fr");
    expect(check.status).toBe(200);
    expect(check.body).toMatchObject({ status: "checked", totalRows: 306, errorRows: 6 });
    expect(await pieces()).toBe(before);
    const page = await route.loader(
      routeArgs(adminRequest("/app/import", SHOP, { search: { batch: up.body.batchId!, locale: "fr" } })),
    );
    expect(page.batch!.errors).toEqual([
      // Each finding names the file's own column and quotes the cell.
      {
        row: 302,
        field: "Poids brut (g)",
        message:
          "Plus de 2000 g pour une pièce\u202f: vérifiez le poids et son unité. (valeur\u202f: «\u202f5000\u202f»)",
      },
      {
        row: 303,
        field: "Carats",
        message:
          "Au plus 3 décimales\u202f: les pierres se pèsent au millième de carat. (valeur\u202f: «\u202f0,5234\u202f»)",
      },
      { row: 304, field: "Titre", message: "«\u202f751\u202f» n'est pas un titre légal ou courant pour ce métal." },
      { row: 305, field: "N° certificat", message: "Le rapport GIA 220000101 figure déjà ligne 2." },
      { row: 306, field: "Emplacement", message: "Aucun emplacement n'a le chemin «\u202fRéserve\u202f»." },
      { row: 307, field: "Créer produit", message: "Saisissez oui ou non. (valeur\u202f: «\u202fpeut-être\u202f»)" },
      {
        row: 307,
        field: "Commission %",
        message: "Saisissez soit une commission, soit un prix net convenu (l'un des deux).",
      },
    ]);
  });

  test("the import writes the good rows in chunks with progress, resumes after a stop, and skips the bad ones", async () => {
    const text = stockList(250, [
      "BAD-1;Bague 5 kg;or;750;5000;;;;;;100,00;;;non",
      "REF-99999;Bague consignée;or;585;2,5;;;;;;800,00;Mme Verne;30;oui",
    ]);
    const up = await upload(text);
    const check = await step({ intent: "check", batchId: up.body.batchId, columns: up.body.mapping });
    expect(check.body).toMatchObject({ status: "checked", errorRows: 1 });
    const before = await pieces();
    const actor = { kind: "admin", name: "Camille" } as const;
    // A first run that stops after one chunk (as a closed tab or a restart would).
    const first = await service.runImport(shopId, up.body.batchId!, actor, "en", true, { chunk: 100, budgetMs: 0 });
    expect(first.ok && first.batch).toMatchObject({ status: "importing", doneRows: 100 });
    expect(await pieces()).toBe(before + 100);
    // The route finishes it.
    let answer = await step({ intent: "run", batchId: up.body.batchId });
    while (answer.body.status === "importing") answer = await step({ intent: "run", batchId: up.body.batchId });
    expect(answer.body).toMatchObject({
      ok: true,
      status: "done",
      totalRows: 252,
      doneRows: 252,
      errorRows: 1,
      importedRows: 251,
    });
    expect(await pieces()).toBe(before + 251);
    const consigned = await db.piece.findFirstOrThrow({
      where: { shopId, sku: "REF-99999" },
      include: { consignment: true, metals: true, location: true },
    });
    expect(consigned).toMatchObject({
      title: "Bague consignée",
      priceMinor: 80000n,
      consignment: { commissionBp: 3000 },
      metals: [{ finenessBp: 5850, grossWeightMg: 2500n }],
    });
    // The consignor's name was missing from the partners register: the import added it, audited.
    const verne = await db.party.findFirstOrThrow({ where: { shopId, name: "Mme Verne" } });
    expect(verne).toMatchObject({ isConsignor: true, isSupplier: false, mergedIntoId: null });
    expect(consigned.consignment?.consignorId).toBe(verne.id);
    expect(
      await db.auditLog.findFirst({ where: { shopId, entityId: verne.id }, select: { action: true, reason: true } }),
    ).toEqual({ action: "partner.created", reason: "imported from stock.csv" });
    // "Créer produit: oui" enqueues the Shopify product through the outbox, like the form's checkbox.
    expect(
      await db.outboxEntry.count({
        where: { shopId, kind: "product.create", idempotencyKey: `product-create-${consigned.id}` },
      }),
    ).toBe(1);
    const ring = await db.piece.findFirstOrThrow({
      where: { shopId, sku: "REF-00007" },
      include: { certificates: true, stones: true, location: true, movements: true },
    });
    expect(ring).toMatchObject({
      location: { path: "Boutique > Vitrine 1" },
      certificates: [{ lab: "GIA", number: "220000701" }],
      stones: [{ millicarats: 107 }],
    });
    expect(ring.movements[0]).toMatchObject({ kind: "intake", reason: "imported from stock.csv" });
    // Done is done: running it again changes nothing.
    expect((await step({ intent: "run", batchId: up.body.batchId })).status).toBe(409);
    expect(await pieces()).toBe(before + 251);
  });

  test("a dry run again with another mapping reads the file with it, not as it was read before", async () => {
    // Reports numbered 77…: none of them is in the shop already (other tests import 22…).
    const up = await upload(stockList(3).replaceAll(";GIA;22", ";GIA;77"));
    const mapping = up.body.mapping!;
    const check = (columns: Record<string, number>, locale = "en") =>
      step({ intent: "check", batchId: up.body.batchId, columns }, locale);
    expect((await check(mapping, "fr")).body).toMatchObject({ status: "checked", errorRows: 0 });
    // The title and weight columns swapped: every row's weight is a title, refused.
    expect((await check({ ...mapping, weight: mapping.title!, title: mapping.weight! }, "fr")).body).toMatchObject({
      errorRows: 3,
    });
    expect((await check(mapping, "fr")).body).toMatchObject({ errorRows: 0 });
  });

  test("rows whose tag code or certificate is already in the shop are refused at the dry run", async () => {
    const existing = await db.piece.findFirstOrThrow({ where: { shopId, sku: "REF-00001" } });
    const text = [
      "Tag code,Title,Lab,Certificate number",
      `${existing.tagCode},Copy,,`,
      "NEWTAG-1,Other,GIA,220000101",
      "NEWTAG-2,Fine,,",
    ].join("\n");
    const up = await upload(text);
    const check = await step({ intent: "check", batchId: up.body.batchId, columns: up.body.mapping });
    expect(check.body).toMatchObject({ errorRows: 2 });
    const batch = await service.getImport(shopId, up.body.batchId!);
    expect(batch!.errors.map((e) => [e.row, e.field, e.message])).toEqual([
      [2, "tagCode", "catalog.error.tagCodeTaken"],
      [3, "certNumber", "catalog.error.certificateDuplicate"],
    ]);
  });

  test("another shop's import is a 404", async () => {
    await installShop("autre.myshopify.com");
    await knownAdmin("autre.myshopify.com", "manager");
    const up = await upload(stockList(1));
    const { response } = await settle(() =>
      route.action(
        routeArgs(
          adminRequest("/app/import", "autre.myshopify.com", {
            method: "POST",
            body: JSON.stringify({ intent: "run", batchId: up.body.batchId }),
          }),
        ),
      ),
    );
    expect(response?.status).toBe(404);
  });
});
