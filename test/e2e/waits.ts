// How e2e tests wait, in one place. A busy machine (CI may share its cores) makes everything slower
// but not different: tests wait for the condition that matters, never for a fixed time, and every
// wait has the same generous limit, so no test is tuned to a quiet machine.
import { createClient, type Client, type InArgs, type InStatement, type ResultSet } from "@libsql/client";
import { join } from "node:path";

/** The one limit for any single condition an e2e test waits for (a page, a request, a delivery). */
export const E2E_WAIT_MS = Number(process.env.LOUPE_E2E_WAIT_MS ?? 120_000);

/** Polls `probe` until it returns something truthy; fails naming `what` after E2E_WAIT_MS. */
export async function until<T>(
  what: string,
  probe: () => T | null | undefined | false | Promise<T | null | undefined | false>,
  options: { intervalMs?: number; detail?: () => string } = {},
): Promise<T> {
  const deadline = Date.now() + E2E_WAIT_MS;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) {
      throw new Error(`${what}: not within ${E2E_WAIT_MS / 1000} s${options.detail ? `\n${options.detail()}` : ""}`);
    }
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 250));
  }
}

type DemoDb = Pick<Client, "close"> & {
  execute(statement: InStatement): Promise<ResultSet>;
  execute(sql: string, args?: InArgs): Promise<ResultSet>;
};

/**
 * A read of the demo's SQLite file beside the running app. The database is in WAL mode (set by the
 * migration runner), so a reader does not wait for the app's writes; a reader can still meet
 * SQLITE_BUSY while the app checkpoints or opens the file, so a busy answer is retried (within
 * E2E_WAIT_MS) instead of failing the test.
 */
export function openDemoDb(dataDir: string): DemoDb {
  const client = createClient({ url: `file:${join(dataDir, "demo.db")}` });
  const execute = async (statement: InStatement | string, args?: InArgs): Promise<ResultSet> => {
    const deadline = Date.now() + E2E_WAIT_MS;
    for (;;) {
      try {
        return typeof statement === "string" ? await client.execute(statement, args) : await client.execute(statement);
      } catch (error) {
        const code = (error as { code?: string }).code ?? "";
        if (!code.startsWith("SQLITE_BUSY") || Date.now() > deadline) throw error;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  };
  return { execute: execute as DemoDb["execute"], close: () => client.close() };
}
