// Applies prisma/<provider>/migrations/*/migration.sql in order, offline, and records each one in
// Prisma's own _prisma_migrations table (same columns, sha256 checksum of the file) so that
// `prisma migrate deploy` on a connected host sees them as applied and agrees.
import { createHash, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createClient } from "@libsql/client";
import pg from "pg";
import { providerOf, sqliteFilePath, type Provider } from "./providers";

export type MigrationFile = { name: string; sql: string; checksum: string };
export type MigrateResult = { provider: Provider; applied: string[]; alreadyApplied: string[] };

// The advisory lock id Prisma Migrate itself takes, so Loupe's runner and Prisma never interleave.
const PRISMA_ADVISORY_LOCK = 72707369;

export function migrationsDir(provider: Provider, root = process.cwd()): string {
  return join(root, "prisma", provider, "migrations");
}

export function readMigrations(provider: Provider, root = process.cwd()): MigrationFile[] {
  const dir = migrationsDir(provider, root);
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

const SQLITE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

const PG_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

function refuseDrift(name: string, recorded: string, file: MigrationFile | undefined): void {
  if (!file) {
    throw new Error(
      `Migration ${name} is recorded in the database but missing from prisma/: is this checkout older than the database?`,
    );
  }
  if (recorded !== file.checksum) {
    throw new Error(
      `Migration ${name} was changed after it was applied (checksum differs). Write a new migration instead of editing an applied one.`,
    );
  }
}

async function migrateSqlite(url: string, files: MigrationFile[]): Promise<MigrateResult> {
  const path = sqliteFilePath(url);
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const client = createClient({ url: `file:${path}` });
  try {
    // WAL is a property of the file, kept once set: the app's readers (pages, the provenance proxy,
    // a second process such as the kiosk tools or a backup) then never wait for its writer, nor it
    // for them, where the default rollback journal answers SQLITE_BUSY to one side.
    if (path !== ":memory:") await client.execute("PRAGMA journal_mode = WAL");
    await client.execute("PRAGMA foreign_keys = ON");
    await client.execute(SQLITE_TABLE);
    const rows = await client.execute(
      `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL`,
    );
    const done = new Map(rows.rows.map((r) => [String(r.migration_name), String(r.checksum)]));
    const applied: string[] = [];
    for (const [name, checksum] of done)
      refuseDrift(
        name,
        checksum,
        files.find((f) => f.name === name),
      );
    for (const file of files) {
      if (done.has(file.name)) continue;
      const id = randomUUID();
      const startedAt = Date.now();
      // One transaction per migration: a failing one leaves the database as it was before it.
      const tx = await client.transaction("write");
      try {
        await tx.executeMultiple(file.sql);
        await tx.execute({
          sql: `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)`,
          args: [id, file.checksum, Date.now(), file.name, startedAt],
        });
        await tx.commit();
      } catch (error) {
        await tx.rollback();
        throw new Error(`Migration ${file.name} failed: ${(error as Error).message}`);
      } finally {
        tx.close();
      }
      applied.push(file.name);
    }
    return { provider: "sqlite", applied, alreadyApplied: [...done.keys()] };
  } finally {
    client.close();
  }
}

async function migratePostgres(url: string, files: MigrationFile[]): Promise<MigrateResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Several app instances may start together: one migrates, the others wait and find nothing to do.
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_ADVISORY_LOCK]);
    await client.query(PG_TABLE);
    const rows = await client.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL`,
    );
    const done = new Map(rows.rows.map((r) => [r.migration_name, r.checksum]));
    for (const [name, checksum] of done)
      refuseDrift(
        name,
        checksum,
        files.find((f) => f.name === name),
      );
    const applied: string[] = [];
    for (const file of files) {
      if (done.has(file.name)) continue;
      const id = randomUUID();
      await client.query("BEGIN");
      try {
        const started = await client.query<{ now: Date }>("SELECT clock_timestamp() AS now");
        await client.query(file.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) VALUES ($1, $2, clock_timestamp(), $3, NULL, NULL, $4, 1)`,
          [id, file.checksum, file.name, started.rows[0]?.now],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`Migration ${file.name} failed: ${(error as Error).message}`);
      }
      applied.push(file.name);
    }
    return { provider: "postgresql", applied, alreadyApplied: [...done.keys()] };
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_ADVISORY_LOCK]).catch(() => undefined);
    await client.end();
  }
}

export async function migrate(databaseUrl: string, root = process.cwd()): Promise<MigrateResult> {
  const provider = providerOf(databaseUrl);
  const files = readMigrations(provider, root);
  return provider === "sqlite" ? migrateSqlite(databaseUrl, files) : migratePostgres(databaseUrl, files);
}
