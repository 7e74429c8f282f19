/**
 * Audit chain verification at 1,000,000 entries: `npm run bench -- audit-verify`
 *
 * Seeds one shop with AUDIT_BENCH_ROWS entries (default 1,000,000) chained as appendAuditMany chains
 * them (keyed hashes, sealed head; written with bulk inserts, appendAuditMany itself being much
 * slower at this size) and 2,000 chained movements, on SQLite and on PostgreSQL (LOUPE_TEST_PG_URL, as the integration tests; AUDIT_BENCH_ENGINES=sqlite to skip one).
 * Then, while something else is measured:
 *   now      — the background verifier's first run over the whole chain (runAuditCheck: pages of
 *              250 rows, resting after each as long as it took), then an incremental run after
 *              1,000 more entries;
 *   baseline — what the home page did before: the whole chain read in one query and verified in the
 *              request (as the old verifyShopAudit did), on AUDIT_BENCH_BASELINE_ROWS of the rows
 *              (last, so that its garbage does not weigh on the other runs).
 * Meanwhile it loads the real home page loader (app/routes/app._index.tsx, with a session token)
 * every 100 ms, times a small query standing for any other route (kiosk, webhook, provenance) every
 * 20 ms, and records the event loop's delay (perf_hooks.monitorEventLoopDelay) and the peak RSS.
 * Targets: the home loader under 200 ms while verification runs, and no stall of other routes.
 */
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { buildTemplates, dropCreatedDatabases, freshDatabase } from "../setup/databases";
import type { Provider } from "../../app/db/providers";

const ROWS = Number(process.env.AUDIT_BENCH_ROWS ?? 1_000_000);
const BASELINE_ROWS = Number(process.env.AUDIT_BENCH_BASELINE_ROWS ?? ROWS);
const MOVEMENTS = Number(process.env.AUDIT_BENCH_MOVEMENTS ?? 2_000);
const ENGINES = (process.env.AUDIT_BENCH_ENGINES ?? "sqlite,postgresql").split(",") as Provider[];
process.env.NODE_ENV = "test";
process.env.SHOPIFY_API_KEY ??= "bench-key";
process.env.SHOPIFY_API_SECRET ??= "bench-secret-0123456789";
process.env.SHOPIFY_APP_URL ??= "https://loupe.bench";
process.env.LOG_LEVEL ??= "error";
process.env.LOUPE_DB_TX_TIMEOUT_MS ??= "600000";

const ms = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;
function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] ?? 0 };
}
const show = (s: ReturnType<typeof stats>) => `p50 ${ms(s.p50)}, p95 ${ms(s.p95)}, max ${ms(s.max)} (${s.n} samples)`;

/** Runs `work` while sampling the home loader, a small query and the event loop; reports all. */
async function measured<T>(
  label: string,
  work: () => Promise<T>,
  probes: { home: () => Promise<unknown>; other: () => Promise<unknown> },
): Promise<T> {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  const home: number[] = [];
  const other: number[] = [];
  let rss = process.memoryUsage().rss;
  let done = false;
  // A request's latency counts from when it arrived (its timer was due), so time spent waiting for
  // a blocked event loop counts too, as it would for a webhook or a kiosk call.
  const sample = async (into: number[], probe: () => Promise<unknown>, every: number) => {
    let due = performance.now();
    while (!done) {
      await probe();
      into.push(performance.now() - due);
      rss = Math.max(rss, process.memoryUsage().rss);
      due = performance.now() + every;
      await new Promise((r) => setTimeout(r, every));
    }
  };
  loop.enable();
  const started = performance.now();
  const samplers = [sample(home, probes.home, 100), sample(other, probes.other, 20)];
  const value = await work();
  const took = performance.now() - started;
  done = true;
  await Promise.all(samplers);
  loop.disable();
  console.log(`  ${label}: ${(took / 1000).toFixed(1)} s, peak RSS ${(rss / 2 ** 20).toFixed(0)} MB`);
  console.log(`    home page loader      ${show(stats(home))}`);
  console.log(`    another route's query ${show(stats(other))}`);
  console.log(
    `    event loop delay      p50 ${ms(loop.percentile(50) / 1e6)}, p99 ${ms(loop.percentile(99) / 1e6)}, max ${ms(loop.max / 1e6)}`,
  );
  return value;
}

async function bench(engine: Provider) {
  process.env.DATABASE_URL = await freshDatabase(engine);
  const { db } = await import("../../app/db.server");
  const { inTransaction } = await import("../../app/models/transaction.server");
  const audit = await import("../../app/models/audit.server");
  const check = await import("../../app/models/audit-check.server");
  const { auditHash, canonicalJson, headMac, verifyAuditChain } = await import("../../app/domain/audit");
  const { installShop, knownAdmin, adminRequest, routeArgs, sessionToken } =
    await import("../integration/helpers/shopify");
  const home = await import("../../app/routes/app._index");
  const domain = `audit-${engine}.myshopify.com`;
  const shop = await installShop(domain);
  await knownAdmin(domain, "manager", "1");
  const actor = { kind: "admin", name: "bench" } as const;

  let t = performance.now();
  const BATCH = 5_000;
  // Bulk inserts of rows chained exactly as appendAuditMany chains them (keyed hashes), and the
  // sealed head: appendAuditMany through Prisma would take most of the run at this size.
  const key = audit.shopChainKey(shop.id);
  let prevHash: string | null = null;
  const COLUMNS = `"id","shopId","seq","at","actor","action","entityType","entityId","reason","data","prevHash","hash"`;
  for (let start = 0; start < ROWS; start += 500) {
    const values: unknown[] = [];
    const tuples: string[] = [];
    for (let seq = start + 1; seq <= Math.min(ROWS, start + 500); seq++) {
      const entry = {
        shopId: shop.id,
        seq,
        at: new Date(Date.UTC(2026, 0, 1) + seq * 1000),
        actor: "bench (admin)",
        action: "piece.state",
        entityType: "Piece",
        entityId: `piece_${seq}`,
        reason: "bench",
        data: { from: "active", to: "on_hold", priceMinor: `${125050 + seq}`, tagCode: `T${seq}` },
      };
      const hash = auditHash(prevHash, entry, key);
      const at = engine === "sqlite" ? entry.at.toISOString().replace("Z", "+00:00") : entry.at;
      values.push(`a${seq}`, shop.id, seq, at, entry.actor, entry.action, entry.entityType, entry.entityId);
      values.push(entry.reason, canonicalJson(entry.data), prevHash, hash);
      const base = values.length - 12;
      tuples.push(
        `(${Array.from({ length: 12 }, (_, i) => (engine === "sqlite" ? "?" : `$${base + i + 1}`)).join(",")})`,
      );
      prevHash = hash;
    }
    await db.$executeRawUnsafe(`INSERT INTO "AuditLog" (${COLUMNS}) VALUES ${tuples.join(",")}`, ...values);
  }
  const head = {
    shopId: shop.id,
    seq: ROWS,
    hash: prevHash,
    keyedFromSeq: 1,
    movementSeq: 0,
    movementHash: null,
    legacyMovements: 0,
  };
  await db.auditHead.create({ data: { ...head, mac: headMac(head, key) } });
  for (let start = 0; start < MOVEMENTS; start += BATCH) {
    const n = Math.min(BATCH, MOVEMENTS - start);
    await inTransaction((tx) =>
      audit.insertChainedMovements(
        tx,
        shop.id,
        Array.from({ length: n }, (_, i) => ({
          pieceId: null,
          kind: "count",
          actorId: null,
          actorName: "bench (admin)",
          reason: `count ${start + i}`,
        })),
      ),
    );
  }
  console.log(
    `${engine}: seeded ${ROWS.toLocaleString("en")} entries and ${MOVEMENTS.toLocaleString("en")} movements in ${((performance.now() - t) / 1000).toFixed(0)} s`,
  );

  let expired = 0;
  const probes = {
    home: async () => {
      // A fresh session token each time: App Bridge's expire after a minute, the seeding takes longer.
      const token = sessionToken(domain, { userId: "1" });
      try {
        const data = await home.loader(routeArgs(adminRequest("/app", domain, { token })));
        if (!("audit" in data)) throw new Error("home loader answered without the audit status");
      } catch (answer) {
        // A token that expired while the event loop was blocked (the baseline): the request still
        // took this long, and answered 401.
        if (!(answer instanceof Response && answer.status === 401)) throw answer;
        expired++;
      }
    },
    other: () => db.shop.findUnique({ where: { id: shop.id }, select: { id: true, currency: true } }),
  };

  // The first load compiles the route's modules and initialises the Shopify library: not measured.
  await probes.home();
  // Idle: what the probes cost with nothing else running.
  await measured("idle (nothing verifying)", () => new Promise((r) => setTimeout(r, 3000)), probes);

  const first = await measured(
    `now: background first run over all ${ROWS.toLocaleString("en")} entries (pages of ${check.AUDIT_PAGE_ROWS})`,
    () => check.runAuditCheck(shop.id),
    probes,
  );
  if (!first?.ok || first.count !== ROWS) throw new Error(`first run: ${JSON.stringify(first)}`);

  await inTransaction((tx) =>
    audit.appendAuditMany(
      tx,
      shop.id,
      Array.from({ length: 1000 }, (_, i) => ({ actor, action: "bench.more", entityType: "Piece", entityId: `${i}` })),
    ),
  );
  t = performance.now();
  const next = await measured(
    "now: incremental run after 1,000 more entries (plus the sweep of 20,000 older ones)",
    () => check.runAuditCheck(shop.id),
    probes,
  );
  if (!next?.ok || next.count !== ROWS + 1000) throw new Error(`incremental run: ${JSON.stringify(next)}`);

  // Last, so its garbage (the whole chain in memory) does not burden the runs above.
  // Baseline: the old request-path verification (one findMany of the whole chain, verified at once).
  const baseline = await measured(
    `baseline: ${BASELINE_ROWS.toLocaleString("en")} entries read and verified at once, as the home page did`,
    async () => {
      const rows = await db.auditLog.findMany({
        where: { shopId: shop.id, seq: { lte: BASELINE_ROWS } },
        orderBy: { seq: "asc" },
      });
      const head = await db.auditHead.findUniqueOrThrow({ where: { shopId: shop.id } });
      return verifyAuditChain(
        rows.map((r) => ({ ...r, data: JSON.parse(r.data) as unknown })),
        null,
        { key: audit.shopChainKey(shop.id), fromSeq: head.keyedFromSeq },
      );
    },
    probes,
  );
  if (!baseline.ok) throw new Error(`baseline verification failed: ${JSON.stringify(baseline)}`);

  if (expired)
    console.log(`    (${expired} home page loads answered 401: their session token expired while they waited)`);
}

async function main() {
  console.log(
    `Audit verification bench: ${ROWS.toLocaleString("en")} entries, baseline on ${BASELINE_ROWS.toLocaleString("en")}`,
  );
  await buildTemplates();
  try {
    for (const engine of ENGINES) await bench(engine);
  } finally {
    await dropCreatedDatabases();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
