// Tries to make the public page leak. Every scalar column of the piece and of the records around
// it (found by reflection on the generated Prisma client, so columns added later are covered
// without touching this test) that is not on the public allow-list gets a unique marker value;
// none of them may appear in any form of the page (Liquid, HTML, JSON, both languages).
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, test } from "vitest";
import { ENGINES } from "../../setup/databases";
import { appOn } from "../helpers/app";
import { proxyRequest, routeArgs } from "../helpers/shopify";
import { Prisma } from "../../../prisma/sqlite/client/client";

// The allow-list the page may show (mirrors PUBLIC_PIECE_SELECT in app/models/provenance.server.ts).
const PUBLIC: Record<string, readonly string[]> = {
  // publicName…publicUrl: how customers reach the shop, copied from Shopify's public store details.
  Shop: [
    "domain",
    "name",
    "locale",
    "ianaTimezone",
    "weightUnit",
    "publicName",
    "publicEmail",
    "publicPhone",
    "publicUrl",
  ],
  Piece: ["publicToken", "title", "madeBy", "originNotes", "acquiredAt", "createdAt", "soldAt"],
  PieceMetal: ["metal", "colour", "finenessBp", "grossWeightMg", "fineWeightMg", "hallmark"],
  Stone: [
    "type",
    "origin",
    "shape",
    "millicarats",
    "count",
    "colour",
    "clarity",
    "cutGrade",
    "measurements",
    "treatment",
    "position",
  ],
  Certificate: ["lab", "number", "issuedAt", "grades"],
  ServiceEvent: ["kind", "at", "publicNote"],
};

// Records around a piece that hold private data. Order = creation order (foreign keys).
const MODELS = [
  "Shop",
  "Party",
  "Location",
  "StaffMember",
  "Piece",
  "PieceMetal",
  "Certificate",
  "Stone",
  "Consignment",
  "ServiceEvent",
  "PieceSale",
  "Movement",
  "PrintJob",
  "SaleHint",
  "PublicTokenHistory",
  "ScanStat",
] as const;
type Model = (typeof MODELS)[number];

const SCALARS: Record<Model, Record<string, string>> = {
  Shop: Prisma.ShopScalarFieldEnum,
  Party: Prisma.PartyScalarFieldEnum,
  Location: Prisma.LocationScalarFieldEnum,
  StaffMember: Prisma.StaffMemberScalarFieldEnum,
  Piece: Prisma.PieceScalarFieldEnum,
  PieceMetal: Prisma.PieceMetalScalarFieldEnum,
  Certificate: Prisma.CertificateScalarFieldEnum,
  Stone: Prisma.StoneScalarFieldEnum,
  Consignment: Prisma.ConsignmentScalarFieldEnum,
  ServiceEvent: Prisma.ServiceEventScalarFieldEnum,
  PieceSale: Prisma.PieceSaleScalarFieldEnum,
  Movement: Prisma.MovementScalarFieldEnum,
  PrintJob: Prisma.PrintJobScalarFieldEnum,
  SaleHint: Prisma.SaleHintScalarFieldEnum,
  PublicTokenHistory: Prisma.PublicTokenHistoryScalarFieldEnum,
  ScanStat: Prisma.ScanStatScalarFieldEnum,
};

/** Column types from the model file (the enums give names only). */
function fieldTypes(): Record<string, Record<string, string>> {
  const text = readFileSync("prisma/model.prisma", "utf8");
  const out: Record<string, Record<string, string>> = {};
  for (const m of text.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)) {
    const fields: Record<string, string> = {};
    for (const line of m[2]!.split("\n")) {
      const f = /^\s+(\w+)\s+(\w+)/.exec(line);
      if (f) fields[f[1]!] = f[2]!;
    }
    out[m[1]!] = fields;
  }
  return out;
}

const TOKEN = "PublicTokenForLeakTest01";
const REVOKED = "RevokedTokenForLeakTest1";

describe.each(ENGINES)("%s", (engine) => {
  let loader: (typeof import("../../../app/routes/proxy.$token"))["loader"];
  const markers: { where: string; value: string }[] = [];
  const SHOP = "leak-test.myshopify.com";

  beforeAll(async () => {
    const { db } = await appOn(engine);
    // Same shop and token on both engines: drop the other engine's cached page.
    (await import("../../../app/services/provenance/public-record.server")).forgetProvenanceCache();
    ({ loader } = await import("../../../app/routes/proxy.$token"));
    const types = fieldTypes();
    let n = 0;
    const ids: Partial<Record<Model, string>> = {};
    const marker = (model: Model, field: string): unknown => {
      n += 1;
      const type = types[model]?.[field];
      const text = `Qz${model}${field}${n}Xq`;
      switch (type) {
        case "String":
          return text;
        case "Int":
          return 7_300_000 + n * 101;
        case "BigInt":
          return 987_650_000_000n + BigInt(n) * 1_000_003n;
        case "DateTime":
          // Years no public page shows (a date is looked for by its year): far from today's, which
          // the page prints as the record's signing date, however many columns the models gain.
          return new Date(Date.UTC(1500 + n, 0, 1 + (n % 27)));
        case "Boolean":
          return true; // cannot carry a marker; never shown either way
        default:
          throw new Error(`leak test: ${model}.${field} has type ${type}; teach this test a marker for it`);
      }
    };
    // Values the database needs (foreign keys, known shapes) or that are public.
    const fixed = (): Record<Model, Record<string, unknown>> => ({
      Shop: { domain: SHOP, name: "Maison Fuite", locale: "fr", ianaTimezone: "Europe/Paris", weightUnit: "g" },
      Party: { shopId: ids.Shop },
      Location: { shopId: ids.Shop, parentId: null },
      StaffMember: { shopId: ids.Shop },
      Piece: {
        shopId: ids.Shop,
        locationId: ids.Location,
        supplierId: ids.Party,
        publicToken: TOKEN,
        title: "Bague témoin",
        madeBy: "Atelier Public",
        originNotes: "Origine publique",
        acquiredAt: new Date("2026-02-03T10:00:00Z"),
        createdAt: new Date("2026-02-03T10:00:00Z"),
        soldAt: new Date("2026-09-09T10:00:00Z"),
      },
      PieceMetal: {
        shopId: ids.Shop,
        pieceId: ids.Piece,
        metal: "gold",
        colour: "yellow",
        finenessBp: 7500,
        grossWeightMg: 4321n,
        fineWeightMg: 3241n,
        hallmark: "tête d'aigle",
      },
      Certificate: {
        shopId: ids.Shop,
        pieceId: ids.Piece,
        lab: "GIA",
        number: "5550001",
        issuedAt: new Date("2026-01-05T00:00:00Z"),
        grades: '{"colour":"G"}',
      },
      Stone: {
        shopId: ids.Shop,
        pieceId: ids.Piece,
        certificateId: ids.Certificate,
        type: "diamond",
        origin: "natural",
        shape: "round",
        millicarats: 505,
        count: 1,
        colour: "G",
        clarity: "VS2",
        cutGrade: "EX",
        measurements: "5.1 x 5.1 x 3.1 mm",
        treatment: "none",
        position: "centre",
      },
      Consignment: { shopId: ids.Shop, pieceId: ids.Piece, consignorId: ids.Party },
      ServiceEvent: {
        shopId: ids.Shop,
        pieceId: ids.Piece,
        kind: "appraisal",
        at: new Date("2026-10-10T10:00:00Z"),
        publicNote: "Expertise publique",
      },
      PieceSale: { shopId: ids.Shop, pieceId: ids.Piece },
      Movement: { shopId: ids.Shop, pieceId: ids.Piece },
      PrintJob: { shopId: ids.Shop, pieceId: ids.Piece, deviceId: null, locationId: null },
      SaleHint: { shopId: ids.Shop, pieceId: ids.Piece },
      PublicTokenHistory: { shopId: ids.Shop, pieceId: ids.Piece, token: REVOKED },
      ScanStat: { shopId: ids.Shop, pieceId: ids.Piece, day: "2026-11-01" },
    });
    for (const model of MODELS) {
      const given = fixed()[model];
      const data: Record<string, unknown> = {};
      for (const field of Object.values(SCALARS[model])) {
        if (field in given) {
          data[field] = given[field];
          const value = given[field];
          // Foreign keys point at marker ids: still private, still checked.
          if (!PUBLIC[model]?.includes(field) && typeof value === "string" && value.startsWith("Qz"))
            markers.push({ where: `${model}.${field}`, value });
          continue;
        }
        const value = marker(model, field);
        data[field] = value;
        if (!PUBLIC[model]?.includes(field) && typeof value !== "boolean") {
          markers.push({
            where: `${model}.${field}`,
            value: value instanceof Date ? String(value.getUTCFullYear()) : String(value),
          });
        }
      }
      const delegate = (db as unknown as Record<string, { create(args: { data: unknown }): Promise<unknown> }>)[
        model.charAt(0).toLowerCase() + model.slice(1)
      ]!;
      await delegate.create({ data });
      if ("id" in data) ids[model] = data.id as string;
    }
    // Written straight to the tables, as a shop from before the keyed chain: its head is the one the
    // keyed-chain migration writes for such a shop (the movement counted as older than the chain).
    await db.auditHead.create({
      data: { shopId: ids.Shop!, seq: 0, keyedFromSeq: 1, movementSeq: 0, legacyMovements: 1 },
    });
  });

  const forms: [string, Record<string, string>][] = [
    ["liquid", {}],
    ["liquid fr", { locale: "fr" }],
    ["liquid en", { locale: "en" }],
    ["html", { format: "html" }],
    ["json", { format: "json" }],
  ];

  test.each(forms)("no private field appears in the %s page", async (_name, extra) => {
    const res = (await loader(
      routeArgs(proxyRequest(`/proxy/${TOKEN}`, SHOP, { extra }), { token: TOKEN }),
    )) as Response;
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain("Bague témoin");
    expect(body).toContain("Expertise publique");
    expect(markers.length).toBeGreaterThan(80);
    const leaked = markers.filter(
      (m) =>
        body.includes(m.value) ||
        body.includes(Number(m.value).toLocaleString("fr-FR")) ||
        body.includes(Number(m.value).toLocaleString("en-GB")),
    );
    expect(leaked).toEqual([]);
  });

  test("the replaced-tag page shows nothing of the piece", async () => {
    const res = (await loader(routeArgs(proxyRequest(`/proxy/${REVOKED}`, SHOP), { token: REVOKED }))) as Response;
    expect(res.status).toBe(410);
    const body = await res.text();
    expect(body).not.toContain("Bague témoin");
    expect(markers.filter((m) => body.includes(m.value))).toEqual([]);
  });
});
