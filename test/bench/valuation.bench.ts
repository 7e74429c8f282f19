/**
 * Valuation throughput: `npx tsx test/bench/valuation.bench.ts`
 *
 * Replays 1,000,000 generated receipts and issues (seeded, so every run sees the same stream)
 * through the FIFO and moving-average fast paths, each in its own child process so its peak
 * memory is its own; checks the fast path against the decimal.js reference (every state on a
 * prefix, the final state on the whole stream); and times a plain float FIFO queue and float
 * moving average in Python on the same stream, on this machine, in this run.
 * Exits 1 if the fast path and the reference disagree.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  createReferenceValuator,
  createValuator,
  type Move,
  type ValuationState,
  type Valuator,
} from "../../app/domain/valuation/index";
import { firstDifference, generateMoves } from "../unit/valuation/random-moves";

const MOVES = Number(process.env.VALUATION_BENCH_MOVES ?? 1_000_000);
const PREFIX = Math.min(MOVES, 100_000);
const SEED = 20261126;
const METHODS = ["fifo", "moving_average"] as const;
type Method = (typeof METHODS)[number];

const here = dirname(fileURLToPath(import.meta.url));
const tmpDir = join(here, "..", ".tmp");

function stream(): Move[] {
  // Generated for FIFO: issues never exceed stock, so the same stream is valid for every method.
  return generateMoves({ count: MOVES, seed: SEED, method: "fifo" });
}

const mb = (bytes: number): number => Math.round(bytes / 1048576);

const RUNS = 3;

interface PhaseResult {
  method: Method;
  /** moves/s of each run, fastest first. */
  runs: number[];
  baselineRssMb: number;
  peakRssMb: number;
  heapUsedMb: number;
  onFastPath: boolean;
  finalState: ValuationState;
}

/**
 * Child process: replay the stream RUNS times through one method (a fresh valuator each time)
 * and report time and memory. Several runs because one replay lasts a fraction of a second, so
 * a single GC pause or a busy neighbour on this 2-core machine moves one figure a lot.
 */
function runPhase(method: Method): void {
  const moves = stream();
  global.gc?.();
  const baselineRssMb = mb(process.memoryUsage().rss);
  const runs: number[] = [];
  let valuator = createValuator(method) as Valuator & { onFastPath?: boolean };
  for (let run = 0; run < RUNS; run++) {
    global.gc?.();
    valuator = createValuator(method) as Valuator & { onFastPath?: boolean };
    const start = performance.now();
    for (let i = 0; i < moves.length; i++) valuator.apply(moves[i]!);
    runs.push(Math.round(moves.length / ((performance.now() - start) / 1000)));
  }
  const result: PhaseResult = {
    method,
    runs: runs.sort((a, b) => b - a),
    baselineRssMb,
    // maxRSS is in kilobytes.
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    heapUsedMb: mb(process.memoryUsage().heapUsed),
    onFastPath: valuator.onFastPath ?? false,
    finalState: valuator.state(),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

const PYTHON_REPLAY = String.raw`
import json, sys, time
from collections import deque
kinds, qtys, costs = [], [], []
with open(sys.argv[1]) as f:
    for line in f:
        parts = line.split()
        kinds.append(parts[0] == "i")
        qtys.append(float(parts[1]))
        costs.append(float(parts[2]) if len(parts) > 2 else 0.0)
n = len(kinds)

def fifo():
    lots = deque()
    qty = value = 0.0
    for i in range(n):
        q = qtys[i]
        if kinds[i]:
            c = costs[i]
            lots.append([q, c])
            qty += q
            value += q * c
        else:
            need = q
            cost = 0.0
            while need > 1e-12 and lots:
                lot = lots[0]
                take = need if need < lot[0] else lot[0]
                cost += take * lot[1]
                lot[0] -= take
                need -= take
                if lot[0] <= 1e-12:
                    lots.popleft()
            qty -= q
            value -= cost
    return qty, value

def average():
    qty = value = 0.0
    for i in range(n):
        q = qtys[i]
        if kinds[i]:
            qty += q
            value += q * costs[i]
        else:
            cost = value * q / qty if qty > 0 else 0.0
            qty -= q
            value -= cost
    return qty, value

out = {}
for name, fn in (("fifo", fifo), ("moving_average", average)):
    seconds = None
    for run in range(3):
        start = time.perf_counter()
        qty, value = fn()
        took = time.perf_counter() - start
        seconds = took if seconds is None else min(seconds, took)
    out[name] = {"seconds": seconds, "movesPerSecond": round(n / seconds), "qty": qty, "value": value}
print(json.dumps(out))
`;

function runPython(moves: readonly Move[]): Record<Method, { movesPerSecond: number; value: number }> | null {
  mkdirSync(tmpDir, { recursive: true });
  const file = join(tmpDir, `valuation-stream-${process.pid}.txt`);
  const lines = moves.map((m) => (m.type === "in" ? `i ${m.qty} ${m.unitCost}` : m.type === "out" ? `o ${m.qty}` : ""));
  writeFileSync(file, `${lines.join("\n")}\n`);
  try {
    const run = spawnSync("python3", ["-c", PYTHON_REPLAY, file], { encoding: "utf8", maxBuffer: 1 << 20 });
    if (run.status !== 0) {
      process.stdout.write(`python3 failed: ${run.stderr || run.error?.message}\n`);
      return null;
    }
    return JSON.parse(run.stdout) as Record<Method, { movesPerSecond: number; value: number }>;
  } finally {
    rmSync(file, { force: true });
  }
}

function spawnPhase(method: Method): PhaseResult {
  const run = spawnSync(
    process.execPath,
    [...process.execArgv, "--expose-gc", fileURLToPath(import.meta.url), "--phase", method],
    { encoding: "utf8", env: process.env, maxBuffer: 1 << 24 },
  );
  if (run.status !== 0) throw new Error(`phase ${method} failed:\n${run.stderr}`);
  const last = run.stdout.trim().split("\n").pop()!;
  return JSON.parse(last) as PhaseResult;
}

function checkAgainstReference(
  moves: readonly Move[],
  method: Method,
): { prefixOk: boolean; finalOk: boolean; detail: string } {
  const prefix = moves.slice(0, PREFIX);
  const difference = firstDifference(createValuator(method), createReferenceValuator(method), prefix);
  const fast = createValuator(method);
  const reference = createReferenceValuator(method);
  for (const move of moves) fast.apply(move);
  for (const move of moves) reference.apply(move);
  const finalFast = JSON.stringify(fast.state());
  const finalReference = JSON.stringify(reference.state());
  return {
    prefixOk: difference === null,
    finalOk: finalFast === finalReference,
    detail:
      difference !== null
        ? `move ${difference.index}: fast ${difference.a} vs reference ${difference.b}`
        : finalFast !== finalReference
          ? `final: fast ${finalFast} vs reference ${finalReference}`
          : "",
  };
}

function main(): void {
  const started = performance.now();
  const loadBefore = loadavg()[0]!;
  const phases = METHODS.map(spawnPhase);
  const moves = stream();
  const python = runPython(moves);
  let failed = false;
  const rows: string[][] = [
    [
      "method",
      "Loupe moves/s best (median)",
      "target",
      "peak RSS MB (base)",
      "Python float moves/s best",
      "ratio",
      "fast = ref (prefix / final)",
    ],
  ];
  for (const phase of phases) {
    const check = checkAgainstReference(moves, phase.method);
    const ok = check.prefixOk && check.finalOk && phase.onFastPath;
    if (!ok) failed = true;
    const target = phase.method === "fifo" ? 1_500_000 : 4_000_000;
    const py = python?.[phase.method];
    const best = phase.runs[0]!;
    const median = phase.runs[Math.floor(phase.runs.length / 2)]!;
    rows.push([
      phase.method,
      `${best.toLocaleString("en-US")} (${median.toLocaleString("en-US")})`,
      `${(target / 1e6).toFixed(1)}M ${best >= target ? "met" : "MISSED"}`,
      `${phase.peakRssMb} (${phase.baselineRssMb})`,
      py ? py.movesPerSecond.toLocaleString("en-US") : "n/a",
      py ? `${(best / py.movesPerSecond).toFixed(2)}x` : "n/a",
      `${check.prefixOk ? "yes" : "NO"} (${PREFIX.toLocaleString("en-US")}) / ${check.finalOk ? "yes" : "NO"}${
        phase.onFastPath ? "" : " (left fast path!)"
      }`,
    ]);
    if (check.detail) process.stdout.write(`${phase.method} mismatch: ${check.detail}\n`);
    if (py) {
      process.stdout.write(
        `${phase.method}: final value exact ${phase.finalState.value}, Python float (never rounded) ${py.value.toFixed(6)}\n`,
      );
    }
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  process.stdout.write(`\nValuation replay of ${MOVES.toLocaleString("en-US")} moves (seed ${SEED})\n`);
  for (const row of rows) process.stdout.write(`${row.map((cell, c) => cell.padEnd(widths[c]!)).join("  ")}\n`);
  process.stdout.write(
    `\nLoupe's figure includes parsing each decimal string and keeping a record per move (for returns);` +
      ` Python's times only its loop over floats parsed beforehand, and its values are never rounded to the cent.` +
      `\nPeak RSS includes the ${MOVES.toLocaleString("en-US")} move objects (base = RSS after generating them). ` +
      `Best of ${RUNS} runs per method. Load average (1 min) ${loadBefore.toFixed(2)} before, ` +
      `${loadavg()[0]!.toFixed(2)} after, on ${cpus().length} cores. Total ${((performance.now() - started) / 1000).toFixed(1)} s.\n`,
  );
  if (failed) {
    process.stdout.write("FAIL: the fast path disagrees with the decimal.js reference\n");
    process.exit(1);
  }
}

const phaseArg = process.argv.indexOf("--phase");
if (phaseArg >= 0) runPhase(process.argv[phaseArg + 1] as Method);
else main();
