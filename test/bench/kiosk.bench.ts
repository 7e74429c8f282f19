/**
 * Kiosk end to end: `npx tsx test/bench/kiosk.bench.ts`
 *
 * 1. Scan to bytes at the printer: the kiosk program in its own process (`kiosk/cli.ts run`:
 *    journal with fsync, page server on 127.0.0.1)
 *    with a fake app answering the contract and a fake Zebra on a local socket. Each sample is
 *    the time from the page's POST /api/print (what the scan triggers) to the last byte of the
 *    format arriving at the printer socket: tag check, app lookup, layout, ZPL, journal write,
 *    ~HS status round trip, send. Goal: p95 < 150 ms.
 * 2. Memory: resident set size of the kiosk process (/proc VmRSS) after 1,000 full intakes
 *    (print + tagged + receive, every operation journaled and delivered). Goal: < 200 MB.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { writeConfig, writeDevice } from "../../kiosk/config";
import { DEVICE_TOKEN, FakeApp, FakeZebra, PIN } from "../integration/kiosk-program/fakes";
import { freePort } from "../setup/free-port";

const SCANS = Number(process.env.KIOSK_BENCH_SCANS ?? 300);
const INTAKES = Number(process.env.KIOSK_BENCH_INTAKES ?? 1000);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

const mb = (b: number) => (b / 1048576).toFixed(0);

/** VmRSS of a process, from /proc (the kiosk runs as its own process, as in a shop). */
function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  return Number(m?.[1] ?? 0) * 1024;
}

async function main(): Promise<void> {
  const app = await new FakeApp().start();
  const zebra = await new FakeZebra().start();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kiosk-bench-"));
  writeDevice(dataDir, { appUrl: app.url, deviceToken: DEVICE_TOKEN });
  writeConfig(dataDir, {
    port: 8787,
    templateId: "barbell-56x13",
    printer: {
      kind: "zebra-tcp",
      host: "127.0.0.1",
      port: zebra.port,
      connectTimeoutMs: 3000,
      statusTimeoutMs: 3000,
      checkStatus: true,
      dpi: 203,
      calibration: {},
    },
  });
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "kiosk/cli.ts", "run", "--data-dir", dataDir, "--port", String(port)],
    { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] },
  );
  await new Promise<void>((resolve) =>
    child.stdout!.on("data", (d: Buffer) => d.toString().includes("ready") && resolve()),
  );
  const base = `http://localhost:${port}`;
  // The page's session cookie, as the browser keeps it after signing in.
  let cookie = "";
  const post = async (p: string, body: unknown) => {
    const r = await fetch(base + p, {
      method: "POST",
      headers: { "content-type": "application/json", "x-loupe-kiosk": "1", ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(body),
    });
    cookie = r.headers.get("set-cookie")?.split(";")[0] ?? cookie;
    const json = (await r.json()) as Record<string, unknown>;
    if (!r.ok) throw new Error(JSON.stringify(json));
    return json;
  };
  await post("/api/sign-in", { pin: PIN });
  const rssStart = rssOf(child.pid!);

  const total = SCANS + INTAKES;
  const pieces = Array.from({ length: total }, (_, i) => app.addPiece(i + 1));

  // 1. Scan to bytes.
  const samples: number[] = [];
  for (let i = 0; i < SCANS; i++) {
    const piece = pieces[i]!;
    const arrived = new Promise<number>((resolve) => {
      zebra.onFormat = (f) => {
        if (f.includes(`^FD${piece.tagCode}^FS`)) resolve(performance.now());
      };
    });
    const t0 = performance.now();
    await post("/api/print", { code: piece.tagCode });
    samples.push((await arrived) - t0);
  }
  zebra.onFormat = null;
  samples.sort((a, b) => a - b);
  const pct = (p: number) => samples[Math.min(samples.length - 1, Math.floor((p / 100) * samples.length))]!;
  console.log(
    `scan → bytes at printer, ${SCANS} scans: p50 ${pct(50).toFixed(1)} ms, p95 ${pct(95).toFixed(1)} ms, max ${samples.at(-1)!.toFixed(1)} ms (goal p95 < 150 ms: ${pct(95) < 150 ? "met" : "MISSED"})`,
  );

  // 2. Memory after 1,000 intakes.
  const rssBefore = rssOf(child.pid!);
  const t = performance.now();
  for (let i = SCANS; i < total; i++) {
    const code = pieces[i]!.tagCode;
    await post("/api/print", { code });
    await post("/api/tagged", { code });
    await post("/api/receive", { code, locationId: i % 2 ? "loc-safe" : "loc-show" });
  }
  const seconds = (performance.now() - t) / 1000;
  const rss = rssOf(child.pid!);
  const journalBytes = fs.statSync(path.join(dataDir, "journal.jsonl")).size;
  console.log(
    `${INTAKES} intakes in ${seconds.toFixed(1)} s (${((seconds * 1000) / INTAKES).toFixed(1)} ms each: print + tagged + receive)`,
  );
  console.log(
    `kiosk process resident memory: ${mb(rssStart)} MB after start, ${mb(rssBefore)} MB after ${SCANS} scans, ${mb(rss)} MB after ${INTAKES} more intakes (goal < 200 MB: ${rss < 200 * 1048576 ? "met" : "MISSED"})`,
  );
  console.log(
    `journal: ${(journalBytes / 1024).toFixed(0)} KiB; operations applied by the app: ${app.applied.length} (expected ${SCANS + INTAKES * 3})`,
  );

  child.kill("SIGTERM");
  await new Promise((r) => child.once("exit", r));
  await app.stop();
  await zebra.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (pct(95) >= 150 || rss >= 200 * 1048576 || app.applied.length !== SCANS + INTAKES * 3) process.exit(1);
}

void main();
