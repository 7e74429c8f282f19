// The offline migration runner: applies each migration once, records it the way Prisma Migrate
// does (name, sha256 checksum, finished), and refuses a migration edited after it was applied.
import { describe, expect, test } from "vitest";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import pg from "pg";
import { migrate, readMigrations } from "../../../app/db/migrate";
import { emptyPostgresDatabase, TMP } from "../../setup/databases";

async function recorded(url: string): Promise<{ migration_name: string; checksum: string; finished: boolean }[]> {
  if (url.startsWith("file:")) {
    const c = createClient({ url });
    const rows = await c.execute(
      `SELECT migration_name, checksum, finished_at IS NOT NULL AS finished FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    c.close();
    return rows.rows.map((r) => ({
      migration_name: String(r.migration_name),
      checksum: String(r.checksum),
      finished: Boolean(r.finished),
    }));
  }
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const rows = await c.query(
    `SELECT migration_name, checksum, finished_at IS NOT NULL AS finished FROM "_prisma_migrations" ORDER BY migration_name`,
  );
  await c.end();
  return rows.rows;
}

describe.each(["sqlite", "postgresql"] as const)("%s", (engine) => {
  const freshUrl = async () =>
    engine === "sqlite" ? `file:${join(mkdtempSync(join(TMP, "mig-")), "data", "loupe.db")}` : emptyPostgresDatabase();

  test("applies every migration once and records it as Prisma Migrate does", async () => {
    const url = await freshUrl();
    const files = readMigrations(engine);
    const first = await migrate(url);
    expect(first.applied).toEqual(files.map((f) => f.name));
    const rows = await recorded(url);
    expect(rows).toEqual(
      files.map((f) => ({
        migration_name: f.name,
        checksum: createHash("sha256")
          .update(readFileSync(`prisma/${engine}/migrations/${f.name}/migration.sql`))
          .digest("hex"),
        finished: true,
      })),
    );
    const second = await migrate(url);
    expect(second.applied).toEqual([]);
    expect(await recorded(url)).toHaveLength(files.length);
  });

  test("refuses to run when an applied migration was edited", async () => {
    const url = await freshUrl();
    const root = mkdtempSync(join(TMP, "root-"));
    cpSync(`prisma/${engine}/migrations`, join(root, "prisma", engine, "migrations"), { recursive: true });
    await migrate(url, root);
    const [first] = readMigrations(engine, root);
    writeFileSync(
      join(root, "prisma", engine, "migrations", first!.name, "migration.sql"),
      first!.sql + "\n-- edited\n",
    );
    await expect(migrate(url, root)).rejects.toThrow(`Migration ${first!.name} was changed after it was applied`);
  });
});
