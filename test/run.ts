// `npm test`: everything CI runs, from a fresh machine of this kind. Makes sure the test
// dependencies outside npm are there (Debian's PostgreSQL, Chromium and zbar-tools; installed with
// apt-get when missing and we are root), starts PostgreSQL, then runs the type check, the linter,
// the generated-schema check and every Vitest project (unit, integration on SQLite and
// PostgreSQL, e2e in Chromium).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { availableParallelism } from "node:os";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";

const root = process.cwd();
const PG_URL = "postgresql://loupe:loupe@127.0.0.1:5432/postgres";

function step(title: string): void {
  console.log(`\n── ${title}`);
}

function sh(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}): void {
  const result = spawnSync(command, args, {
    stdio: [options.input !== undefined ? "pipe" : "inherit", "inherit", "inherit"],
    input: options.input,
    env: options.env ?? process.env,
  });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (exit ${result.status})`);
}

function isRoot(): boolean {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

function ensureDebianPackages(): void {
  const wanted = [
    { pkg: "postgresql", present: existsSync("/usr/bin/pg_ctlcluster") && existsSync("/usr/lib/postgresql") },
    { pkg: "chromium", present: existsSync(process.env.CHROMIUM_PATH ?? "/usr/bin/chromium") },
    { pkg: "zbar-tools", present: existsSync("/usr/bin/zbarimg") },
    // cupsd, lpadmin and lp for the kiosk's CUPS driver; the socket backend is only in "cups".
    {
      pkg: "cups",
      present: existsSync("/usr/sbin/cupsd") && existsSync("/usr/bin/lp") && existsSync("/usr/lib/cups/backend/socket"),
    },
  ].filter((w) => !w.present);
  if (wanted.length === 0) return;
  const names = wanted.map((w) => w.pkg);
  if (!isRoot()) {
    throw new Error(
      `The tests need Debian packages that are missing: ${names.join(", ")}. Install them with: sudo apt-get install -y ${names.join(" ")}`,
    );
  }
  step(`installing ${names.join(", ")} (apt-get)`);
  sh("apt-get", ["update", "-qq"]);
  sh("apt-get", ["install", "-y", "-qq", ...names], { env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
}

async function pgReachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

function pgVersion(): string {
  const clusters = existsSync("/etc/postgresql") ? readdirSync("/etc/postgresql").sort() : [];
  const version = clusters[clusters.length - 1];
  if (version) return version;
  const installed = readdirSync("/usr/lib/postgresql").sort().pop();
  if (!installed) throw new Error("PostgreSQL is installed but has no version directory");
  sh("pg_createcluster", [installed, "main"]);
  return installed;
}

async function ensurePostgres(): Promise<void> {
  if (process.env.LOUPE_TEST_PG_URL) return;
  if (await pgReachable(PG_URL)) return;
  if (!isRoot()) {
    throw new Error(
      `PostgreSQL is not reachable at ${PG_URL.replace(":loupe@", ":***@")}. Start it, create a superuser loupe/loupe, or set LOUPE_TEST_PG_URL.`,
    );
  }
  step("starting PostgreSQL and its test user");
  const version = pgVersion();
  // Debian's package may or may not have started the cluster (no init system in containers).
  const running = spawnSync("pg_ctlcluster", [version, "main", "status"], { stdio: "ignore" }).status === 0;
  if (!running) sh("pg_ctlcluster", [version, "main", "start"]);
  // A superuser for the tests (they create and drop one database per test file); idempotent.
  const sql =
    "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'loupe') THEN CREATE ROLE loupe LOGIN SUPERUSER PASSWORD 'loupe'; END IF; END $$;";
  for (let i = 0; i < 20; i++) {
    if (
      spawnSync("su", ["postgres", "-c", "psql -q -v ON_ERROR_STOP=1"], {
        input: sql,
        stdio: ["pipe", "ignore", "ignore"],
      }).status === 0
    )
      break;
    await new Promise((r) => setTimeout(r, 500));
  }
  for (let i = 0; i < 20 && !(await pgReachable(PG_URL)); i++) await new Promise((r) => setTimeout(r, 500));
  if (!(await pgReachable(PG_URL)))
    throw new Error("PostgreSQL did not come up, or the loupe user could not be created");
}

function ensurePrismaTools(): void {
  if (existsSync(join(root, "prisma/tools/node_modules/prisma/build/index.js"))) return;
  step("installing prisma/tools (Prisma 6.19 for offline migration SQL and introspection)");
  sh("npm", ["install", "--prefix", "prisma/tools", "--no-audit", "--no-fund"]);
}

/**
 * `--busy` (npm run test:busy): one busy-loop process per core for the whole run, as when CI shares
 * its machine. A loop is killed when the run ends and also stops by itself when the run's process is
 * gone (it watches its parent) or after BUSY_LIMIT_MS, so none outlives a killed run.
 */
const BUSY_LIMIT_MS = 3 * 60 * 60 * 1000;
const busyLoops: ChildProcess[] = [];

function startBusyLoops(): void {
  const cores = availableParallelism();
  step(`keeping ${cores} cores busy for the whole run (${cores} busy-loop processes)`);
  for (let i = 0; i < cores; i++) {
    const loop = spawn(
      process.execPath,
      [
        "-e",
        // Spins until the run ends: stops when its parent is gone (even killed with SIGKILL) or at the limit.
        `const end = Date.now() + ${BUSY_LIMIT_MS}; let x = 0;
         while (Date.now() < end && process.ppid === ${process.pid}) for (let i = 0; i < 1e7; i++) x = (x + i) % 1e9;`,
      ],
      { stdio: "ignore" },
    );
    // Unreferenced: the loops never keep this process alive once the run is over.
    loop.unref();
    busyLoops.push(loop);
  }
  process.on("exit", stopBusyLoops);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      stopBusyLoops();
      process.exit(130);
    });
  }
}

function stopBusyLoops(): void {
  for (const loop of busyLoops) if (loop.exitCode === null) loop.kill("SIGKILL");
}

async function main(): Promise<void> {
  const started = Date.now();
  const major = Number(process.versions.node.split(".")[0]);
  if (major < 22)
    console.warn(
      `Note: Node ${process.versions.node}; Loupe targets Node 22 (CI bootstraps it from the npm registry).`,
    );
  ensureDebianPackages();
  await ensurePostgres();
  ensurePrismaTools();
  if (process.argv.includes("--setup-only")) return;
  if (process.argv.includes("--busy")) startBusyLoops();
  const bin = (name: string) => join(root, "node_modules/.bin", name);
  step("generated Prisma schemas are up to date");
  sh(process.execPath, ["--import", "tsx", "app/bin/prisma-generate.ts", "--check"]);
  step("typecheck (tsc --noEmit, strict)");
  sh(bin("tsc"), ["--noEmit", "-p", "tsconfig.json"]);
  step("format (prettier --check)");
  sh(bin("prettier"), ["--check", "--log-level", "warn", "."]);
  step("lint (eslint)");
  sh(bin("eslint"), ["--max-warnings", "0", "."]);
  step("tests (vitest: unit, integration on SQLite and PostgreSQL, e2e in Chromium)");
  sh(bin("vitest"), ["run", ...process.argv.slice(2).filter((a) => a !== "--setup-only" && a !== "--busy")], {
    env: { ...process.env, LOUPE_TEST_PG_URL: process.env.LOUPE_TEST_PG_URL ?? PG_URL },
  });
  console.log(`\nAll checks passed in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
}

main().catch((error: Error) => {
  console.error(`\n${error.message}`);
  process.exit(1);
});
