// Generated material ledgers for the replay tests and the benchmark: classes of metal with
// receipts, issues, customer returns and transfers between them (stock simulated in integer
// milligrams, so every move is one the engine accepts), some classes changing method midway,
// and month ends as closed periods. Seeded: the same arguments give the same ledger.
import type { ShopClassInput, StoredMove } from "../../../app/domain/materials/replay";
import type { ValuationMethod } from "../../../app/domain/valuation/index";
import { seededRandom } from "../valuation/random-moves";

export type LedgerOptions = {
  classes: number;
  movesPerClass: number;
  seed: number;
  /** One move in this many is a transfer to another class of the same group of 4 (0: none). */
  transferEvery?: number;
  /** Give every 5th class a method change halfway. */
  methodChanges?: boolean;
};

const METHODS: ValuationMethod[] = ["fifo", "moving_average", "periodic_average", "standard", "fifo", "moving_average"];
const START = Date.UTC(2020, 0, 1);
const MINUTE = 60_000;
/** The generated history spans about two years, whatever its length, so it crosses month ends. */
const SPAN_MINUTES = 2 * 365 * 24 * 60;

function grams(mg: number): string {
  const int = Math.floor(mg / 1000);
  const frac = String(mg % 1000)
    .padStart(3, "0")
    .replace(/0+$/, "");
  return frac ? `${int}.${frac}` : String(int);
}

export function generateLedger(opts: LedgerOptions): { classes: ShopClassInput[]; periodEnds: Date[]; end: Date } {
  const rnd = seededRandom(opts.seed);
  const total = opts.classes * opts.movesPerClass;
  const step = Math.max(1, Math.floor(SPAN_MINUTES / total)) * MINUTE;
  const stock = new Array<number>(opts.classes).fill(0);
  const moves: StoredMove[][] = Array.from({ length: opts.classes }, () => []);
  // Issues not returned yet, newest last: a customer return takes the newest.
  const issues: { id: string; qty: number }[][] = Array.from({ length: opts.classes }, () => []);
  let n = 0;
  for (let i = 0; i < total; i++) {
    const c = i % opts.classes;
    const at = new Date(START + i * step);
    const created = new Date(START + i * step);
    const id = `m${++n}`;
    const roll = rnd();
    const group = Math.floor(c / 4) * 4;
    const target = group + ((c - group + 1 + Math.floor(rnd() * 3)) % 4);
    if (
      opts.transferEvery &&
      i % opts.transferEvery === 0 &&
      target < opts.classes &&
      target !== c &&
      stock[c]! > 2000
    ) {
      const qty = 500 + Math.floor(rnd() * Math.min(stock[c]! - 500, 20_000));
      const transferId = `t${n}`;
      moves[c]!.push({
        id,
        type: "out",
        purpose: "transfer_out",
        qty: grams(qty),
        unitCost: null,
        ofMoveId: null,
        effectiveAt: at,
        createdAt: created,
        transferId,
      });
      moves[target]!.push({
        id: `m${++n}`,
        type: "in",
        purpose: "transfer_in",
        qty: grams(qty),
        unitCost: "0",
        ofMoveId: null,
        effectiveAt: at,
        createdAt: new Date(created.getTime() + 1),
        transferId,
      });
      stock[c] = stock[c]! - qty;
      stock[target] = stock[target]! + qty;
      continue;
    }
    const open = issues[c]!;
    if (roll < 0.03 && open.length) {
      const issue = open.pop()!;
      const qty = 1 + Math.floor(rnd() * issue.qty);
      moves[c]!.push({
        id,
        type: "return_in",
        purpose: "return_customer",
        qty: grams(qty),
        unitCost: null,
        ofMoveId: issue.id,
        effectiveAt: at,
        createdAt: created,
      });
      stock[c] = stock[c]! + qty;
    } else if (stock[c]! < 100_000 || (stock[c]! < 1_000_000 && roll < 0.3)) {
      // A workshop keeps a few hundred grams of each alloy: it buys when low, and now and then.
      const qty = 10_000 + Math.floor(rnd() * 90_000);
      const cost = `${40 + Math.floor(rnd() * 30)}.${String(Math.floor(rnd() * 10_000)).padStart(4, "0")}`;
      moves[c]!.push({
        id,
        type: "in",
        purpose: "receipt",
        qty: grams(qty),
        unitCost: cost,
        ofMoveId: null,
        effectiveAt: at,
        createdAt: created,
      });
      stock[c] = stock[c]! + qty;
    } else {
      const qty = 100 + Math.floor(rnd() * Math.min(stock[c]! - 100, 60_000));
      moves[c]!.push({
        id,
        type: "out",
        purpose: "issue_sale",
        qty: grams(qty),
        unitCost: null,
        ofMoveId: null,
        effectiveAt: at,
        createdAt: created,
      });
      issues[c]!.push({ id, qty });
      stock[c] = stock[c]! - qty;
    }
  }
  const end = new Date(START + total * step);
  const periodEnds: Date[] = [];
  for (let month = 1; ; month++) {
    const close = new Date(Date.UTC(2020, month, 1) - 1);
    if (close.getTime() >= end.getTime()) break;
    periodEnds.push(close);
  }
  const middle = new Date(START + Math.floor(total / 2) * step + 30_000);
  const classes: ShopClassInput[] = moves.map((list, c) => {
    const method = METHODS[c % METHODS.length]!;
    const changes =
      opts.methodChanges && c % 5 === 0
        ? [
            {
              fromMethod: method,
              toMethod: method === "fifo" ? ("moving_average" as const) : ("fifo" as const),
              effectiveFrom: middle,
            },
          ]
        : [];
    return {
      id: `class${String(c).padStart(4, "0")}`,
      method: changes[0]?.toMethod ?? method,
      changes,
      standardUnitCost: method === "standard" ? "55" : null,
      moves: list,
    };
  });
  return { classes, periodEnds, end };
}
