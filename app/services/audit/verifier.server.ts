// The background audit verifier: every minute, each shop's audit and movement chains are checked
// from the last checkpoint on (app/models/audit-check.server.ts), off the request path. It runs in
// the process that runs the outbox worker (LOUPE_WORKER=1, app/bin/server.ts); pages read the result.
import { runAuditCheck, shopsWithAuditChains, type ShopAuditCheck } from "../../models/audit-check.server";

export type VerifierRun = { shops: number; broken: string[] };

/** One pass over every shop with a chain; a shop that fails to load is reported and skipped. */
export async function verifyAllShopChains(options: { sweepRows?: number } = {}): Promise<VerifierRun> {
  const shops = await shopsWithAuditChains();
  const broken: string[] = [];
  for (const shopId of shops) {
    let result: ShopAuditCheck | null;
    try {
      result = await runAuditCheck(shopId, options);
    } catch (error) {
      console.warn(`audit verifier, shop ${shopId}: ${(error as Error).message}`);
      continue;
    }
    if (result && !result.ok) broken.push(shopId);
  }
  return { shops: shops.length, broken };
}

/**
 * Starts the periodic verification (the first pass soon after start-up). A pass still running when
 * the next is due is not doubled. Several instances on PostgreSQL each verify (reads, and one
 * result row per shop written with the same content): harmless, only repeated work.
 */
export function startAuditVerifier(intervalMs = 60_000, options: { sweepRows?: number } = {}): () => Promise<void> {
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) return;
    running = verifyAllShopChains(options)
      .then(({ broken }) => {
        if (broken.length) console.warn(`audit verifier: chain broken for shop(s) ${broken.join(", ")}`);
      })
      .catch((error: unknown) => console.warn(`audit verifier: ${(error as Error).message}`))
      .finally(() => {
        running = null;
      });
  };
  const first = setTimeout(tick, Math.min(5_000, intervalMs));
  const timer = setInterval(tick, intervalMs);
  first.unref();
  timer.unref();
  return async () => {
    clearTimeout(first);
    clearInterval(timer);
    await running;
  };
}
