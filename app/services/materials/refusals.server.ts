// How materials services refuse: expected refusals (a move the ledger cannot take, a closed
// period…) come back as results with the field they are about; inside a transaction they are
// thrown so it rolls back, and caught at its edge.
import { inTransaction, type Tx } from "../../models/transaction.server";
import type { ReplayResult } from "../../domain/materials/replay";

export type Refusal = { ok: false; code: string; field?: string; vars?: Record<string, string | number> };
export const refuse = (code: string, field?: string, vars?: Record<string, string | number>): Refusal => ({
  ok: false,
  code,
  field,
  vars,
});

/** Refusals that carry no transaction away: thrown inside a transaction so it rolls back, caught outside. */
export class Refused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.code);
  }
}

export async function inTx<T>(work: (tx: Tx) => Promise<T>): Promise<T | Refusal> {
  try {
    return await inTransaction(work);
  } catch (error) {
    if (error instanceof Refused) return error.refusal;
    throw error;
  }
}

const ENGINE_REFUSALS: Record<string, string> = {
  INSUFFICIENT_STOCK: "INSUFFICIENT_STOCK",
  NO_COST: "NO_COST",
  RETURN_EXCEEDS: "RETURN_EXCEEDS",
  NEGATIVE_COST: "NEGATIVE_COST",
  BAD_REFERENCE: "BAD_RETURN",
};

/** What the valuation engine refused, as a refusal a person can read (quantity problems beside the quantity). */
export function engineRefusal(result: Extract<ReplayResult, { ok: false }>): Refusal {
  const code = ENGINE_REFUSALS[result.code] ?? "REFUSED";
  const field =
    code === "RETURN_EXCEEDS" || code === "INSUFFICIENT_STOCK" ? "qty" : code === "NO_COST" ? "unitCost" : undefined;
  return refuse(code, field, {
    message: result.message.replace(/^Move \d+: /, ""),
  });
}
