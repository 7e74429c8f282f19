// A pieces export reads back whole: a shop's pieces with several metals, stones (side stones, melee,
// an unweighed pearl) and certificates are exported, imported into an empty shop, and compared
// field by field — in both dialects (French Excel: ";" and comma decimals, French headers and
// values; plain: "," and ".", English), the importer finding the dialect by itself.
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { ENGINES, TMP } from "../../setup/databases";
import { makeLocation, makePiece } from "../../factories";
import { appOn, type App } from "../helpers/app";
import { adminRequest, installShop, knownAdmin, routeArgs, settle } from "../helpers/shopify";

type Answer = { ok: boolean; batchId?: string; status?: string; errorRows?: number; importedRows?: number };

describe.each(ENGINES)("%s", (engine) => {
  const FROM = `roundtrip-from-${engine}.myshopify.com`;
  let db: App["db"];
  let exportCsv: (typeof import("../../../app/routes/app.pieces.export[.csv]"))["loader"];
  let importRoute: typeof import("../../../app/routes/app.import");
  let fromId: string;

  beforeAll(async () => {
    process.env.LOUPE_IMPORT_DIR = mkdtempSync(join(TMP, "roundtrip-"));
    ({ db } = await appOn(engine));
    exportCsv = (await import("../../../app/routes/app.pieces.export[.csv]")).loader;
    importRoute = await import("../../../app/routes/app.import");
    fromId = (await installShop(FROM)).id;
    await knownAdmin(FROM, "manager");
    const site = await makeLocation(fromId, {
      name: "Boutique",
      kind: "site",
      shopifyLocationGid: "gid://shopify/Location/1",
    });
    const showcase = await makeLocation(fromId, { name: "Vitrine 1", kind: "showcase", parentId: site });
    await makePiece(fromId, {
      tagCode: "RT-SOLITAIRE",
      title: "Solitaire, pavage",
      description: "Bague ; deux ors",
      sku: "SOL-1",
      priceMinor: 485000n,
      costMinor: 210050n,
      supplierName: "Atelier Durand",
      acquiredAt: new Date("2026-03-01T00:00:00Z"),
      locationId: showcase,
      notes: "Reçue avec écrin",
      metals: [
        {
          metal: "gold",
          colour: "yellow",
          finenessBp: 7500,
          grossWeightMg: 3250n,
          enteredWeight: "3.25",
          enteredUnit: "g",
          hallmark: "tête d'aigle",
        },
        {
          metal: "platinum",
          colour: null,
          finenessBp: 9500,
          grossWeightMg: 1125n,
          enteredWeight: "1.125",
          enteredUnit: "g",
        },
      ],
      certificates: [
        {
          lab: "GIA",
          number: "2141438765",
          issuedAt: new Date("2025-11-02T00:00:00Z"),
          grades: { colour: "G", clarity: "SI1", cut: "Excellent" },
        },
        { lab: "HRD", number: "220001", grades: {} },
      ],
      stones: [
        {
          type: "diamond",
          origin: "natural",
          shape: "round brilliant",
          millicarats: 1140,
          count: 1,
          colour: "G",
          clarity: "SI1",
          cutGrade: "Excellent",
          measurements: "6.7 x 6.7 x 4.1 mm",
          position: "centre",
          certificateIndex: 0,
        },
        {
          type: "sapphire",
          origin: "natural",
          shape: "pear",
          millicarats: 310,
          count: 2,
          treatment: "heated",
          position: "side",
          certificateIndex: 1,
        },
        { type: "diamond", origin: "lab_grown", millicarats: 15, count: 24, position: "accent" },
      ],
      consignment: null,
    });
    await makePiece(fromId, {
      tagCode: "RT-PERLES",
      title: "Collier de perles",
      priceMinor: 120000n,
      metals: [
        {
          metal: "gold",
          colour: "white",
          finenessBp: 7500,
          grossWeightMg: 4000n,
          enteredWeight: "4",
          enteredUnit: "g",
        },
      ],
      stones: [
        {
          type: "pearl",
          origin: "lab_grown",
          shape: "round",
          millicarats: 0,
          count: 41,
          measurements: "7-7.5 mm",
          position: "centre",
        },
      ],
      certificates: [],
      consignment: {
        consignorName: "Mme Roux",
        commissionBp: 2250,
        receivedAt: new Date("2026-02-10T00:00:00Z"),
        dueAt: new Date("2026-08-10T00:00:00Z"),
        returnConditions: "Rendu en main propre",
      },
    });
    await makePiece(fromId, {
      tagCode: "RT-NU",
      title: "Médaille sans rien",
      metals: [],
      stones: [],
      certificates: [],
    });
  });

  async function exported(frenchExcel: boolean): Promise<Uint8Array> {
    await db.shop.update({ where: { id: fromId }, data: { csvFrenchExcel: frenchExcel } });
    const response = await exportCsv(routeArgs(adminRequest("/app/pieces/export.csv", FROM)));
    return new Uint8Array(await response.arrayBuffer());
  }

  async function importInto(domain: string, bytes: Uint8Array, locale: string) {
    const call = async (body: FormData | string) => {
      const { response } = await settle(() =>
        importRoute.action(
          routeArgs(adminRequest("/app/import", domain, { method: "POST", body, search: { locale } })),
        ),
      );
      return (await response!.json()) as Answer;
    };
    const data = new FormData();
    data.set("file", new File([new Uint8Array(bytes)], "export.csv", { type: "text/csv" }));
    data.set("encoding", "utf-8");
    const uploaded = await call(data);
    expect(uploaded.ok).toBe(true);
    const batchId = uploaded.batchId!;
    const batch = await db.importBatch.findFirstOrThrow({ where: { id: batchId } });
    const columns = (JSON.parse(batch.mapping) as { columns: Record<string, number> }).columns;
    const check = await call(JSON.stringify({ intent: "check", batchId, columns, createLocations: true }));
    expect(check).toMatchObject({ ok: true, errorRows: 0 });
    let answer = await call(JSON.stringify({ intent: "run", batchId }));
    while (answer.status === "importing") answer = await call(JSON.stringify({ intent: "run", batchId }));
    expect(answer).toMatchObject({ ok: true, status: "done", errorRows: 0, importedRows: 3 });
  }

  /** Everything recorded about a shop's pieces, without ids, times or what the shop itself assigns. */
  async function records(shopId: string) {
    const pieces = await db.piece.findMany({
      where: { shopId },
      orderBy: { tagCode: "asc" },
      include: {
        supplier: true,
        location: true,
        metals: { orderBy: { sortOrder: "asc" } },
        stones: { orderBy: { sortOrder: "asc" }, include: { certificate: true } },
        certificates: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
        consignment: { include: { consignor: true } },
      },
    });
    return pieces.map((p) => ({
      tagCode: p.tagCode,
      title: p.title,
      description: p.description,
      sku: p.sku,
      gtin: p.gtin,
      priceMinor: p.priceMinor,
      costMinor: p.costMinor,
      currency: p.currency,
      supplier: p.supplier?.name ?? null,
      acquiredAt: p.acquiredAt,
      location: p.location?.path ?? null,
      notes: p.notes,
      metals: p.metals.map((m) => ({
        metal: m.metal,
        colour: m.colour,
        finenessBp: m.finenessBp,
        grossWeightMg: m.grossWeightMg,
        fineWeightMg: m.fineWeightMg,
        hallmark: m.hallmark,
      })),
      stones: p.stones.map((s) => ({
        type: s.type,
        origin: s.origin,
        shape: s.shape,
        millicarats: s.millicarats,
        count: s.count,
        colour: s.colour,
        clarity: s.clarity,
        cutGrade: s.cutGrade,
        measurements: s.measurements,
        treatment: s.treatment,
        position: s.position,
        certificate: s.certificate ? `${s.certificate.lab} ${s.certificate.number}` : null,
      })),
      certificates: p.certificates.map((c) => ({
        lab: c.lab,
        number: c.number,
        issuedAt: c.issuedAt,
        grades: JSON.parse(c.grades) as unknown,
      })),
      consignment: p.consignment && {
        consignor: p.consignment.consignor.name,
        commissionBp: p.consignment.commissionBp,
        agreedNetMinor: p.consignment.agreedNetMinor,
        receivedAt: p.consignment.receivedAt,
        dueAt: p.consignment.dueAt,
        returnConditions: p.consignment.returnConditions,
      },
    }));
  }

  test.each([
    ["French Excel", true, "en"],
    ["plain", false, "fr"],
  ])(
    "%s: every metal, stone and certificate comes back, field by field, in an empty shop",
    async (_name, frenchExcel, locale) => {
      const bytes = await exported(frenchExcel);
      const text = new TextDecoder().decode(bytes);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      // TextDecoder drops the byte order mark.
      const header = text.slice(0, text.indexOf("\r\n"));
      if (frenchExcel) {
        expect(header.startsWith("Code étiquette;Désignation;Référence;GTIN;Description;État;Prix de vente")).toBe(
          true,
        );
        expect(header).toContain(";Pierre 3;Origine de la pierre 3;");
        expect(text).toContain(";Or;jaune;750;3,250;g;2,438;tête d'aigle;Platine;;950;1,125;");
        expect(text).toContain(";Perle;de synthèse;round;;41;");
      } else {
        expect(header.startsWith("Tag code,Title,SKU,GTIN,Description,State,Price")).toBe(true);
        expect(header).toContain(",Stone 3,Stone origin 3,");
        expect(text).toContain(",gold,yellow,750,3.250,g,2.438,tête d'aigle,platinum,,950,1.125,");
      }
      const domain = `roundtrip-to-${frenchExcel ? "fr" : "plain"}-${engine}.myshopify.com`;
      const toId = (await installShop(domain)).id;
      await knownAdmin(domain, "manager");
      await makeLocation(toId, { name: "Boutique", kind: "site", shopifyLocationGid: "gid://shopify/Location/1" });
      await importInto(domain, bytes, locale);
      expect(await records(toId)).toEqual(await records(fromId));
    },
  );
});
