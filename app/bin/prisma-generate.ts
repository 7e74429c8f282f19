// Generates prisma/<provider>/schema.prisma from prisma/model.prisma and a Prisma 7 client for each.
// `prisma generate` needs no schema engine, but the CLI insists on finding one first; any
// executable satisfies it, which keeps this step offline (see FACTS.md).
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { PROVIDERS } from "../db/providers";
import { schemaFor } from "../db/schema-file";

const root = process.cwd();

function main(): void {
  const model = readFileSync(join(root, "prisma/model.prisma"), "utf8");
  const checkOnly = process.argv.includes("--check");
  let stale = false;
  for (const provider of PROVIDERS) {
    const dir = join(root, "prisma", provider);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, "schema.prisma");
    const wanted = schemaFor(provider, model);
    let current = "";
    try {
      current = readFileSync(file, "utf8");
    } catch {
      /* first generation */
    }
    if (current !== wanted) {
      if (checkOnly) {
        stale = true;
        console.error(`prisma/${provider}/schema.prisma is out of date: run npm run prisma:generate`);
        continue;
      }
      writeFileSync(file, wanted);
    }
    if (!checkOnly) {
      execFileSync(process.execPath, [join(root, "node_modules/prisma/build/index.js"), "generate", "--schema", file], {
        stdio: ["ignore", "ignore", "inherit"],
        env: {
          ...process.env,
          PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? "/bin/true",
          PRISMA_HIDE_UPDATE_MESSAGE: "1",
        },
      });
      console.log(`prisma: generated the ${provider} client`);
    }
  }
  if (stale) process.exit(1);
}

main();
