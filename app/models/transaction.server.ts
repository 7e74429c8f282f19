// The one door to a database transaction for code outside app/models: services open one here and
// hand the handle to model functions, which alone use it. Keeping the handle opaque to services is
// what makes "models are the only Prisma users" hold inside transactions too (a lint rule forbids
// dereferencing it elsewhere).
import { db, type Tx } from "../db.server";

export type { Tx };

export type TransactionOptions = { timeout?: number; maxWait?: number };

/** Runs `work` in one transaction: everything it writes through models commits together or not at all. */
export function inTransaction<T>(work: (tx: Tx) => Promise<T>, options?: TransactionOptions): Promise<T> {
  return db.$transaction(work, options);
}
