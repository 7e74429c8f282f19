// Multi-row INSERTs for the few writes that add hundreds of rows at once (a CSV import's chunk).
// Prisma's createMany spends more time building its query than the database spends on it; one raw
// statement per table is several times faster (README "Design decisions", "Raw multi-row inserts
// for an import's chunk"). Raw SQL stays here, in app/models.
//
// Every column is written explicitly, defaults included, with the values Prisma itself would
// write: ids in the form of Prisma's cuid(), `@default(now())` and `@updatedAt` as the same Date
// (a raw statement never fills them in; the database's own CURRENT_TIMESTAMP is written in another
// text form on SQLite). Dates and BigInts go as bound parameters, which both drivers store exactly
// as Prisma does (SQLite: ISO text and integers; PostgreSQL: timestamp(3) and bigint).
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { join, raw, sqltag } from "@prisma/client/runtime/client";
import { dbProvider, type Tx } from "../db.server";

export type Cell = string | number | bigint | Date | null;

/** The most bound parameters one statement may carry: SQLite's limit is 32,766, PostgreSQL's 65,535. */
const MAX_PARAMETERS = { sqlite: 32_766, postgresql: 65_535 } as const;

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9]*$/;

/**
 * Inserts `rows` into `table`, every row with the same columns (the keys of the first), in as few
 * statements as the engine's parameter limit allows. Table and column names come from code only.
 */
export async function insertRows<Row extends Record<string, Cell>>(
  tx: Tx,
  table: string,
  rows: readonly Row[],
  maxParameters: number = MAX_PARAMETERS[dbProvider()],
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  for (const name of [table, ...columns]) if (!IDENTIFIER.test(name)) throw new Error(`not an identifier: ${name}`);
  const head = raw(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES `);
  const perStatement = Math.max(1, Math.floor(maxParameters / columns.length));
  for (let from = 0; from < rows.length; from += perStatement) {
    const values = rows.slice(from, from + perStatement).map((row) => {
      if (Object.keys(row).length !== columns.length) throw new Error(`rows of ${table} differ in columns`);
      return sqltag`(${join(columns.map((c) => row[c] ?? null))})`;
    });
    await tx.$executeRaw(sqltag`${head}${join(values, ",")}`);
  }
}

// cuid (version 1) as Prisma's @default(cuid()) makes it: "c", the time in ms, a counter, a
// fingerprint of the process and 8 random symbols, all base 36. Time first, so rows written in one
// chunk sort by id in the order they were given, as Prisma's own ids do.
const BLOCK = 36 ** 4;
let counter = 0;
const pad4 = (n: number) => n.toString(36).padStart(4, "0").slice(-4);
const fingerprint = (() => {
  const host = hostname();
  let sum = host.length + 36;
  for (const ch of host) sum += ch.charCodeAt(0);
  return (process.pid.toString(36).padStart(2, "0").slice(-2) + sum.toString(36).padStart(2, "0").slice(-2)).slice(-4);
})();

/** A new row id, in the form Prisma's cuid() gives. */
export function newRowId(): string {
  counter = (counter + 1) % BLOCK;
  const random = randomBytes(8);
  return (
    "c" +
    Date.now().toString(36) +
    pad4(counter) +
    fingerprint +
    pad4(random.readUInt32BE(0) % BLOCK) +
    pad4(random.readUInt32BE(4) % BLOCK)
  );
}
