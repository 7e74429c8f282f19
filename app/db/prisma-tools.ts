// Runs the Prisma 6.19 tools package (prisma/tools) for the two jobs Prisma 7's CLI cannot do
// offline: writing migration SQL from the model, and introspecting a live database.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Provider } from "./providers";

const toolsDir = join(process.cwd(), "prisma/tools");
const tmpDir = join(toolsDir, ".tmp");

function datamodelFile(name: string, provider: Provider, model: string): string {
  mkdirSync(tmpDir, { recursive: true });
  const file = join(tmpDir, `${name}.prisma`);
  // engineType "client" and a url (unused: the adapter in prisma.config.ts connects) keep
  // Prisma 6.19 from fetching its native engines.
  const header = `generator client {\n  provider   = "prisma-client-js"\n  engineType = "client"\n}\n\ndatasource db {\n  provider = "${provider}"\n  url      = "${provider === "sqlite" ? "file:./unused.db" : "postgresql://unused/unused"}"\n}\n\n`;
  writeFileSync(file, header + model);
  return file;
}

function runPrisma(args: string[], env: Record<string, string> = {}): string {
  const cli = join(toolsDir, "node_modules/prisma/build/index.js");
  if (!existsSync(cli)) {
    throw new Error("prisma/tools is not installed: run `npm install --prefix prisma/tools`");
  }
  return execFileSync(process.execPath, [cli, ...args], {
    cwd: toolsDir,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", ...env },
  });
}

/** The model part of a schema (everything after the generator and datasource blocks). */
export function modelOnly(schema: string): string {
  return schema.replace(/^(generator|datasource)\s+\w+\s*\{[^}]*\}\s*/gm, "").trim() + "\n";
}

/** SQL that takes a database shaped like `fromModel` (or empty) to `toModel`. */
export function diffSql(provider: Provider, fromModel: string | null, toModel: string): string {
  const to = datamodelFile("to", provider, toModel);
  const from =
    fromModel === null ? ["--from-empty"] : ["--from-schema-datamodel", datamodelFile("from", provider, fromModel)];
  return runPrisma(["migrate", "diff", ...from, "--to-schema-datamodel", to, "--script"], { LOUPE_TOOLS_SCHEMA: to });
}

/** A human summary of differences between two models; empty when they describe the same database. */
export function diffSummary(provider: Provider, fromModel: string, toModel: string): string {
  const from = datamodelFile("from", provider, fromModel);
  const to = datamodelFile("to", provider, toModel);
  const out = runPrisma(["migrate", "diff", "--from-schema-datamodel", from, "--to-schema-datamodel", to], {
    LOUPE_TOOLS_SCHEMA: to,
  });
  return /No difference detected/i.test(out) ? "" : out.replace(/^Loaded Prisma config.*\n/m, "").trim();
}

/** The schema Prisma reads back from a live database. */
export function pullModel(provider: Provider, databaseUrl: string): string {
  const schema = datamodelFile("pull", provider, "");
  const out = runPrisma(["db", "pull", "--print"], {
    LOUPE_TOOLS_SCHEMA: schema,
    LOUPE_TOOLS_DATABASE_URL: databaseUrl,
  });
  // The CLI prints notices before the schema; the schema starts at its first block.
  const start = out.search(/^(generator|datasource|model|enum|view)\s/m);
  return modelOnly(start >= 0 ? out.slice(start) : out);
}

export function readModel(): string {
  return readFileSync(join(process.cwd(), "prisma/model.prisma"), "utf8");
}
