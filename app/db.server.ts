// The one place that creates the Prisma client. SQLite (embedded default) or PostgreSQL, chosen by
// DATABASE_URL; both generated clients have the same API, so the rest of the app sees one type.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { PrismaLibSql } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "../prisma/sqlite/client/client";
import { PrismaClient as PostgresClient } from "../prisma/postgresql/client/client";
import { DEFAULT_SQLITE_URL, providerOf, sqliteFilePath, type Provider } from "./db/providers";

export type Db = InstanceType<typeof SqliteClient>;
export type Tx = Omit<Db, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;
export type { Prisma } from "../prisma/sqlite/client/client";

type Holder = { client: Db; provider: Provider; url: string };

declare global {
  var loupeDb: Holder | undefined;
}

// Prisma's defaults (5 s per transaction, 2 s to start one) fail writes that are merely slow: a
// transaction on a machine whose cores are shared, or waiting for SQLite's single writer. Such a
// failure rolls back cleanly, but the person's change is lost; a longer limit only costs waiting.
function transactionOptions() {
  return {
    timeout: Number(process.env.LOUPE_DB_TX_TIMEOUT_MS ?? 30_000),
    maxWait: Number(process.env.LOUPE_DB_TX_MAX_WAIT_MS ?? 10_000),
  };
}

export function createDb(url: string): { client: Db; provider: Provider } {
  const provider = providerOf(url);
  if (provider === "sqlite") {
    const path = sqliteFilePath(url);
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    // intMode bigint: the default "number" mode throws on any integer above 2^53 (money in minor units).
    const adapter = new PrismaLibSql({ url: `file:${path}`, intMode: "bigint" });
    return { client: new SqliteClient({ adapter, transactionOptions: transactionOptions() }), provider };
  }
  const adapter = new PrismaPg({ connectionString: url, max: 10 });
  return {
    client: new PostgresClient({ adapter, transactionOptions: transactionOptions() }) as unknown as Db,
    provider,
  };
}

function holder(): Holder {
  const url = process.env.DATABASE_URL || DEFAULT_SQLITE_URL;
  // Keep one client per process, also across Vite's dev-server module reloads.
  if (!globalThis.loupeDb || globalThis.loupeDb.url !== url) {
    void globalThis.loupeDb?.client.$disconnect();
    const { client, provider } = createDb(url);
    globalThis.loupeDb = { client, provider, url };
  }
  return globalThis.loupeDb;
}

/** Lazily created so tests and scripts can set DATABASE_URL before the first query. */
export const db: Db = new Proxy({} as Db, {
  get(_target, property) {
    const client = holder().client as unknown as Record<string | symbol, unknown>;
    const value = client[property];
    return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(client) : value;
  },
});

export function dbProvider(): Provider {
  return holder().provider;
}

export async function disconnectDb(): Promise<void> {
  const current = globalThis.loupeDb;
  globalThis.loupeDb = undefined;
  await current?.client.$disconnect();
}
