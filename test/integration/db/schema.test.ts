// The migrations and the model agree on both engines: a database built only from
// prisma/<engine>/migrations describes exactly what prisma/model.prisma says.
import { describe, expect, test } from "vitest";
import { readFileSync } from "node:fs";
import { diffSql, diffSummary, pullModel, readModel } from "../../../app/db/prisma-tools";
import { schemaFor } from "../../../app/db/schema-file";
import { freshDatabase, pgAdminUrl, pgUrlFor } from "../../setup/databases";
import { applySql, describePostgres } from "./pg-catalog";
import pg from "pg";

describe("sqlite", () => {
  test("Prisma's introspection of the migrated database equals the model", async () => {
    const url = await freshDatabase("sqlite");
    const introspected = pullModel("sqlite", url);
    expect(introspected).toMatch(/model Piece \{/);
    expect(diffSummary("sqlite", introspected, readModel())).toBe("");
  });
});

describe("postgresql", () => {
  test("the migrated database has the same tables, columns, indexes and constraints as SQL made from the model", async () => {
    const migrated = await freshDatabase("postgresql");
    const fromModel = `loupe_model_${Date.now()}`;
    const admin = new pg.Client({ connectionString: pgAdminUrl() });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${fromModel}`);
    try {
      await applySql(pgUrlFor(fromModel), diffSql("postgresql", null, readModel()));
      const [a, b] = [await describePostgres(migrated), await describePostgres(pgUrlFor(fromModel))];
      expect(a.length).toBeGreaterThan(100);
      expect(a).toEqual(b);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${fromModel} WITH (FORCE)`);
      await admin.end();
    }
  });
});

describe.each(["sqlite", "postgresql"] as const)("%s generated schema", (engine) => {
  test("prisma/<engine>/schema.prisma is regenerated from the model", () => {
    const onDisk = readFileSync(`prisma/${engine}/schema.prisma`, "utf8");
    expect(onDisk).toBe(schemaFor(engine, readFileSync("prisma/model.prisma", "utf8")));
  });
});
