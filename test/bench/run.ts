/**
 * `npm run bench [-- <name> …]`: runs the benchmarks one after another (all of them, or those
 * named, e.g. `npm run bench -- zpl kiosk`), each in its own process so one's heap and timers
 * never colour another's figures. Each prints its own figures and baseline; this only sequences
 * them and exits non-zero if any failed.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith(".bench.ts"))
  .map((f) => f.replace(/\.bench\.ts$/, ""))
  .sort();
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !available.includes(name));
if (unknown.length) {
  console.error(`Unknown benchmark(s): ${unknown.join(", ")}. Available: ${available.join(", ")}`);
  process.exit(2);
}

const failed: string[] = [];
for (const name of wanted.length ? wanted : available) {
  console.log(`\n=== ${name} ===`);
  const run = spawnSync(process.execPath, ["--import", "tsx", join(here, `${name}.bench.ts`)], { stdio: "inherit" });
  if (run.status !== 0) failed.push(name);
}
if (failed.length) {
  console.error(`\nFailed: ${failed.join(", ")}`);
  process.exit(1);
}
