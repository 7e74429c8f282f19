// Prisma 6.19 reaches the database through a driver adapter and its wasm schema engine, so
// `migrate diff` and `db pull` run without downloading the native engine (FACTS.md).
import { defineConfig } from "prisma/config";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";

const url = process.env.LOUPE_TOOLS_DATABASE_URL ?? "file:./.tmp/tools.db";
const schema = process.env.LOUPE_TOOLS_SCHEMA ?? "./.tmp/schema.prisma";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema,
  adapter: async () => (/^postgres/i.test(url) ? new PrismaPg({ connectionString: url }) : new PrismaLibSQL({ url })),
});
