// `npm run migration:new -- <name>`: writes the next migration for both providers from the change
// between the migrated database and prisma/model.prisma. Needs prisma/tools installed and, for
// PostgreSQL, a scratch server in LOUPE_SCRATCH_PG_URL (a database it may drop and recreate).
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { migrate, migrationsDir, readMigrations } from "../db/migrate";
import { diffSql, pullModel, readModel } from "../db/prisma-tools";
import type { Provider } from "../db/providers";

const name = (process.argv[2] ?? "").replace(/[^a-z0-9_]/gi, "_").toLowerCase();
if (!name) {
  console.error("usage: npm run migration:new -- <name>");
  process.exit(2);
}

async function scratchUrl(provider: Provider): Promise<string> {
  if (provider === "sqlite") {
    const file = join(process.cwd(), "prisma/tools/.tmp/scratch.db");
    rmSync(file, { force: true });
    return `file:${file}`;
  }
  const admin = process.env.LOUPE_SCRATCH_PG_URL;
  if (!admin) throw new Error("Set LOUPE_SCRATCH_PG_URL to a PostgreSQL URL whose server may hold a scratch database");
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query("DROP DATABASE IF EXISTS loupe_scratch");
  await client.query("CREATE DATABASE loupe_scratch");
  await client.end();
  const u = new URL(admin);
  u.pathname = "/loupe_scratch";
  return u.toString();
}

async function main(): Promise<void> {
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  for (const provider of ["sqlite", "postgresql"] as const) {
    const hasMigrations = (() => {
      try {
        return readMigrations(provider).length > 0;
      } catch {
        return false;
      }
    })();
    let from: string | null = null;
    if (hasMigrations) {
      const url = await scratchUrl(provider);
      await migrate(url);
      from = pullModel(provider, url);
    }
    const sql = diffSql(provider, from, readModel());
    if (!/\S/.test(sql.replace(/^--.*$/gm, ""))) {
      console.log(`${provider}: no change`);
      continue;
    }
    const dir = join(migrationsDir(provider), `${stamp}_${name}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "migration.sql"), sql);
    writeFileSync(join(migrationsDir(provider), "migration_lock.toml"), `provider = "${provider}"\n`);
    console.log(`${provider}: wrote ${dir}/migration.sql`);
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
