// `npm run migration:new -- <name>`: writes the next migration for both providers from the change
// between the migrated database and prisma/model.prisma. Needs prisma/tools installed.
// The "before" model is read back from a scratch SQLite database migrated to the current state:
// Prisma 6.19's wasm engine cannot introspect PostgreSQL through the pg adapter, and the model
// (no native types) is the same for both providers. The schema test then proves each provider's
// migrated database equals the model.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { migrate, migrationsDir, readMigrations } from "../db/migrate";
import { diffSql, pullModel, readModel } from "../db/prisma-tools";
import { PROVIDERS } from "../db/providers";

const name = (process.argv[2] ?? "").replace(/[^a-z0-9_]/gi, "_").toLowerCase();
if (!name) {
  console.error("usage: npm run migration:new -- <name>");
  process.exit(2);
}

async function currentModel(): Promise<string | null> {
  const hasMigrations = (() => {
    try {
      return readMigrations("sqlite").length > 0;
    } catch {
      return false;
    }
  })();
  if (!hasMigrations) return null;
  const file = join(process.cwd(), "prisma/tools/.tmp/scratch.db");
  rmSync(file, { force: true });
  await migrate(`file:${file}`);
  return pullModel("sqlite", `file:${file}`);
}

async function main(): Promise<void> {
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const from = await currentModel();
  for (const provider of PROVIDERS) {
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
