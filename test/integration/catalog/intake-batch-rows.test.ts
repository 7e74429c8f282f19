// A CSV import's chunk is written with raw multi-row INSERTs (app/models/bulk-insert.server.ts),
// a piece received alone through Prisma's create. On both engines, the same pieces received each
// way, in two shops set up alike, must give the same records: read back through the piece page's
// model function, and as stored (every column of every row, its storage type and text), so that
// dates, big integers and defaults are written exactly as Prisma writes them.
import { beforeAll, describe, expect, test } from "vitest";
import { ENGINES } from "../../setup/databases";
import { makeLocation, makeShop } from "../../factories";
import { appOn, type App } from "../helpers/app";

const actor = { kind: "admin", name: "Camille", id: "staff-1" } as const;

type NewPiece = import("../../../app/services/catalog/intake.server").NewPiece;

/** Every field a piece can be received with, and two pieces with the least. */
function pieces(locationId: string): { input: NewPiece; createShopifyProduct: boolean }[] {
  return [
    {
      createShopifyProduct: true,
      input: {
        tagCode: "FULL01",
        title: "Bague « Cléo » or jaune",
        description: "Solitaire, griffes 6",
        sku: "REF-0001",
        gtin: "03760123450012",
        currency: "EUR",
        // Above 2^53: a float would lose the last digits.
        priceMinor: 9_007_199_254_740_993n,
        costMinor: 123_456_789_012n,
        supplierName: "Atelier Morel",
        acquiredAt: new Date("2025-03-04T00:00:00.000Z"),
        locationId,
        madeBy: "M. Morel",
        originNotes: "Lot de succession",
        notes: "Rhodiée",
        state: "active",
        metals: [
          {
            metal: "gold",
            colour: "yellow",
            finenessBp: 7500,
            grossWeightMg: 3_250n,
            enteredWeight: "3.25",
            enteredUnit: "g",
            hallmark: "tête d'aigle",
          },
          {
            metal: "platinum",
            finenessBp: 9500,
            grossWeightMg: 2_000_000_000_001n,
            enteredWeight: "2",
            enteredUnit: "g",
          },
        ],
        stones: [
          {
            type: "diamond",
            origin: "natural",
            shape: "round",
            millicarats: 1_234,
            count: 1,
            colour: "G",
            clarity: "VS1",
            cutGrade: "EX",
            measurements: "6.9 x 6.9 x 4.2",
            treatment: "none",
            position: "centre",
            certificateIndex: 1,
          },
          { type: "sapphire", origin: "lab_grown", millicarats: 15, count: 12, position: "accent" },
        ],
        certificates: [
          { lab: "LFG", number: "LFG-42" },
          {
            lab: "GIA",
            number: "2141438171",
            issuedAt: new Date("2024-11-30T00:00:00.000Z"),
            grades: { colour: "G", clarity: "VS1" },
            scanUrl: "https://cdn.example/gia.pdf",
          },
        ],
        consignment: {
          consignorName: "Mme Verne",
          commissionBp: 3000,
          agreedNetMinor: 9_007_199_254_740_995n,
          receivedAt: new Date("2025-02-01T00:00:00.000Z"),
          dueAt: new Date("2025-08-01T00:00:00.000Z"),
          returnConditions: "Sous 8 jours",
        },
      },
    },
    // Loupe gives the tag code; no location, metal, stone, report or price.
    {
      createShopifyProduct: false,
      input: { title: "Pendentif", currency: "EUR", metals: [], stones: [], certificates: [] },
    },
    // Linked to a Shopify product: its outbox row mirrors the piece instead of creating a product.
    {
      createShopifyProduct: false,
      input: {
        title: "Alliance",
        currency: "EUR",
        productGid: "gid://shopify/Product/7",
        metals: [],
        stones: [],
        certificates: [],
      },
    },
  ];
}

/** The tables a new piece writes to (its audit entry differs by design: one per chunk). */
const TABLES = ["Piece", "PieceMetal", "Stone", "Certificate", "Consignment", "Movement", "OutboxEntry"] as const;
/** Written at the time of the write: compared by their stored type and form only. */
const WRITE_TIMES = new Set(["createdAt", "updatedAt", "taggedAt", "at", "nextAttemptAt"]);
/** Drawn at random: compared by their form only (a tag code given in the input is kept). */
const RANDOM: Record<string, (text: string) => string> = {
  publicToken: (text) => text.replace(/[\w-]/g, "x"),
  tagCode: (text) => (text === "FULL01" ? text : text.replace(/[0-9A-Z]/g, "X")),
  // A movement's chain hash: keyed per shop and covering its id and time, so its form only.
  hash: (text) => text.replace(/[0-9a-f]/g, "x"),
};

describe.each(ENGINES)("%s", (engine) => {
  let db: App["db"];
  let intake: typeof import("../../../app/services/catalog/intake.server");
  let batch: typeof import("../../../app/services/catalog/intake-batch.server");
  let models: typeof import("../../../app/models/pieces.server");
  let inTransaction: typeof import("../../../app/models/transaction.server").inTransaction;
  const made: Record<"alone" | "chunk", { shopId: string; pieceIds: string[] }> = {
    alone: { shopId: "", pieceIds: [] },
    chunk: { shopId: "", pieceIds: [] },
  };

  beforeAll(async () => {
    ({ db } = await appOn(engine));
    intake = await import("../../../app/services/catalog/intake.server");
    batch = await import("../../../app/services/catalog/intake-batch.server");
    models = await import("../../../app/models/pieces.server");
    ({ inTransaction } = await import("../../../app/models/transaction.server"));
    for (const way of ["alone", "chunk"] as const) {
      const shopId = (await makeShop({ domain: `rows-${way}-${engine}.myshopify.com` })).id;
      const site = await makeLocation(shopId, {
        name: "Boutique",
        kind: "site",
        shopifyLocationGid: "gid://shopify/Location/1",
      });
      const showcase = await makeLocation(shopId, { name: "Vitrine 1", kind: "showcase", parentId: site });
      const items = pieces(showcase);
      const results = await inTransaction(async (tx) => {
        if (way === "chunk")
          return batch.createPiecesInTx(
            tx,
            shopId,
            items.map((item, i) => ({ ...item, row: i + 2 })),
            actor,
            "imported from stock.csv",
            { action: "import.pieces_created", entityType: "ImportBatch", entityId: "batch-1" },
          );
        const one = [];
        for (const { input, createShopifyProduct } of items)
          one.push(
            await intake.createPieceInTx(tx, shopId, input, actor, "imported from stock.csv", { createShopifyProduct }),
          );
        return one;
      });
      made[way] = { shopId, pieceIds: results.map((r) => (r.ok ? r.pieceId : expect.fail(JSON.stringify(r)))) };
    }
  });

  /**
   * Ids become labels in the order they are first met (so the two shops' records line up), and
   * every mention of an id inside a text (an outbox payload, an idempotency key) becomes its label.
   */
  function labeller() {
    const labels = new Map<string, string>();
    const label = (id: string) => {
      if (!labels.has(id)) labels.set(id, `<id ${labels.size + 1}>`);
      return labels.get(id)!;
    };
    const mentions = (text: string) => {
      let out = text;
      for (const [id, name] of labels) out = out.split(id).join(name);
      return out;
    };
    return { label, mentions };
  }

  function readable(value: unknown, ids = labeller(), key = ""): unknown {
    if (Array.isArray(value)) return value.map((v) => readable(v, ids));
    if (value instanceof Date) return WRITE_TIMES.has(key) ? "<write time>" : value.toISOString();
    if (value && typeof value === "object") {
      const entries = Object.entries(value).sort(([a], [b]) => (a === "id" ? -1 : b === "id" ? 1 : a.localeCompare(b)));
      for (const [k, v] of entries) if ((k === "id" || k.endsWith("Id")) && typeof v === "string") ids.label(v);
      return Object.fromEntries(entries.map(([k, v]) => [k, readable(v, ids, k)]));
    }
    if (typeof value === "string") return key in RANDOM ? RANDOM[key]!(value) : ids.mentions(value);
    return value;
  }

  test("a piece of a chunk reads back through the piece page's model exactly as one received alone", async () => {
    const read = async (way: "alone" | "chunk") => {
      const { shopId, pieceIds } = made[way];
      const records = [];
      for (const id of pieceIds) records.push(await models.getPiece(shopId, id));
      return readable({ shopId, records });
    };
    const alone = await read("alone");
    expect(await read("chunk")).toEqual(alone);
    // The comparison has something to compare: the rich piece came back with all it was given.
    const full = (alone as { records: Record<string, unknown>[] }).records[0]!;
    expect(full).toMatchObject({ priceMinor: 9_007_199_254_740_993n, state: "active", sku: "REF-0001" });
    expect(full.stones).toHaveLength(2);
  });

  test("every column of every row is stored the same way (type and text), defaults and write times included", async () => {
    const columnsOf = async (table: string): Promise<string[]> =>
      engine === "sqlite"
        ? (await db.$queryRawUnsafe<{ name: string }[]>(`PRAGMA table_info("${table}")`)).map((c) => c.name)
        : (
            await db.$queryRawUnsafe<{ column_name: string }[]>(
              `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
              table,
            )
          ).map((c) => c.column_name);
    const stored = async (way: "alone" | "chunk") => {
      const ids = labeller();
      ids.label(made[way].shopId);
      for (const id of made[way].pieceIds) ids.label(id);
      const tables: Record<string, unknown[]> = {};
      for (const table of TABLES) {
        const columns = await columnsOf(table);
        const cells = columns.map((c) =>
          engine === "sqlite"
            ? `typeof("${c}") || ':' || CAST("${c}" AS TEXT) AS "${c}"`
            : `pg_typeof("${c}")::text || ':' || "${c}"::text AS "${c}"`,
        );
        const rows = await db.$queryRawUnsafe<Record<string, string | null>[]>(
          `SELECT ${cells.join(", ")} FROM "${table}" WHERE "shopId" = $1 ${
            table === "Movement" ? `AND "kind" = 'intake'` : ""
          } ORDER BY ${table === "Movement" ? `"seq"` : `"id"`}`.replace("$1", engine === "sqlite" ? "?" : "$1"),
          made[way].shopId,
        );
        tables[table] = rows.map((row) =>
          Object.fromEntries(
            columns.map((c) => {
              const cell = row[c] ?? null;
              if (cell === null) return [c, null];
              const [type, ...rest] = cell.split(":");
              const text = rest.join(":");
              if (c === "id" || c.endsWith("Id")) return [c, `${type}:${ids.label(text)}`];
              // SQLite keeps a date as text, so its form is what must match; PostgreSQL's timestamp
              // has one form (its text drops trailing zeros of the milliseconds): the type says it.
              if (WRITE_TIMES.has(c))
                return [c, `${type}:${engine === "sqlite" ? text.replace(/\d/g, "9") : "<time>"}`];
              if (c in RANDOM) return [c, `${type}:${RANDOM[c]!(text)}`];
              return [c, `${type}:${ids.mentions(text)}`];
            }),
          ),
        );
      }
      return tables;
    };
    const alone = await stored("alone");
    const chunk = await stored("chunk");
    for (const table of TABLES) expect({ table, rows: chunk[table] }).toEqual({ table, rows: alone[table] });
    // Nothing was compared empty-handed: each table holds rows for these pieces.
    expect(Object.values(alone).every((rows) => rows.length > 0)).toBe(true);
    expect(alone.Piece![0]).toMatchObject({
      priceMinor: engine === "sqlite" ? "integer:9007199254740993" : "bigint:9007199254740993",
    });
  });

  test("rows beyond one statement's parameter limit go in over several statements, none lost or doubled", async () => {
    const { insertRows, newRowId } = await import("../../../app/models/bulk-insert.server");
    const { shopId, pieceIds } = made.chunk;
    const at = new Date("2026-01-02T03:04:05.006Z");
    const rows = Array.from({ length: 7 }, (_, i) => ({
      id: newRowId(),
      shopId,
      pieceId: pieceIds[0]!,
      kind: "count",
      quantity: i + 1,
      actorName: "Camille",
      reason: `split ${i}`,
      at,
    }));
    // 8 columns and at most 20 parameters: two rows per statement, four statements.
    await inTransaction((tx) => insertRows(tx, "Movement", rows, 20));
    const back = await db.movement.findMany({ where: { shopId, kind: "count" }, orderBy: { quantity: "asc" } });
    expect(back.map((m) => [m.id, m.quantity, m.reason, m.at.toISOString()])).toEqual(
      rows.map((r) => [r.id, r.quantity, r.reason, "2026-01-02T03:04:05.006Z"]),
    );
    // Ids sort in the order they were drawn, as Prisma's cuid() do.
    expect([...rows.map((r) => r.id)].sort()).toEqual(rows.map((r) => r.id));
  });
});
