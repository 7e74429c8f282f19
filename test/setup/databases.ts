// Real databases for integration tests: both engines, migrated once per run into a template, then
// copied for each test file (SQLite: a file copy; PostgreSQL: CREATE DATABASE … TEMPLATE).
import { copyFileSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { migrate } from "../../app/db/migrate";
import type { Provider } from "../../app/db/providers";

export const ENGINES: Provider[] = ["sqlite", "postgresql"];
export const TMP = join(process.cwd(), "test/.tmp");
// LOUPE_TEST_TEMPLATE_SUFFIX lets several test runs share one machine (and one PostgreSQL) without
// rebuilding each other's templates under their feet.
const TEMPLATE_SUFFIX = (process.env.LOUPE_TEST_TEMPLATE_SUFFIX ?? "").replace(/[^a-z0-9_]/g, "");
export const SQLITE_TEMPLATE = join(TMP, `template${TEMPLATE_SUFFIX}.db`);
export const PG_TEMPLATE = `loupe_template${TEMPLATE_SUFFIX}`;

export function pgAdminUrl(): string {
  return process.env.LOUPE_TEST_PG_URL ?? "postgresql://loupe:loupe@127.0.0.1:5432/postgres";
}

export function pgUrlFor(database: string): string {
  const url = new URL(pgAdminUrl());
  url.pathname = `/${database}`;
  return url.toString();
}

async function pgAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: pgAdminUrl() });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${pgAdminUrl().replace(/:[^:@/]*@/, ":***@")} (${(error as Error).message}). ` +
        "`npm test` installs and starts it; to run vitest alone, start it first or set LOUPE_TEST_PG_URL.",
    );
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Builds both templates; called once by the global setup. */
export async function buildTemplates(): Promise<void> {
  mkdirSync(TMP, { recursive: true });
  for (const suffix of ["", "-wal", "-shm"]) rmSync(SQLITE_TEMPLATE + suffix, { force: true });
  await migrate(`file:${SQLITE_TEMPLATE}`);
  await pgAdmin(async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${PG_TEMPLATE} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${PG_TEMPLATE}`);
  });
  await migrate(pgUrlFor(PG_TEMPLATE));
}

const created: { provider: Provider; name: string }[] = [];

/** An empty PostgreSQL database (not migrated), dropped with the others after the file. */
export async function emptyPostgresDatabase(): Promise<string> {
  const name = `loupe_e_${randomBytes(5).toString("hex")}`;
  await pgAdmin((client) => client.query(`CREATE DATABASE ${name}`));
  created.push({ provider: "postgresql", name });
  return pgUrlFor(name);
}

/** A fresh, migrated database of the given engine for this test file; returns its URL. */
export async function freshDatabase(provider: Provider): Promise<string> {
  const name = `loupe_t_${randomBytes(5).toString("hex")}`;
  if (provider === "sqlite") {
    mkdirSync(TMP, { recursive: true });
    const file = join(TMP, `${name}.db`);
    copyFileSync(SQLITE_TEMPLATE, file);
    // The template is in WAL mode; closing its last connection folds the log into the file, but a
    // log left behind (a crash) holds part of the schema: copy it too.
    if (existsSync(`${SQLITE_TEMPLATE}-wal`)) copyFileSync(`${SQLITE_TEMPLATE}-wal`, `${file}-wal`);
    created.push({ provider, name: file });
    return `file:${file}`;
  }
  await pgAdmin((client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${PG_TEMPLATE}`));
  created.push({ provider, name });
  return pgUrlFor(name);
}

/** Points the app's db client at a fresh database of that engine. */
export async function useFreshDatabase(provider: Provider): Promise<string> {
  const url = await freshDatabase(provider);
  process.env.DATABASE_URL = url;
  return url;
}

export async function dropCreatedDatabases(): Promise<void> {
  const { disconnectDb } = await import("../../app/db.server");
  await disconnectDb();
  for (const db of created.splice(0)) {
    if (db.provider === "sqlite") {
      for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(db.name + suffix, { force: true });
    } else {
      await pgAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${db.name} WITH (FORCE)`));
    }
  }
}
