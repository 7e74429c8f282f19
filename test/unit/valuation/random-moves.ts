import type { Move, ValuationMethod, Valuator } from "../../../app/domain/valuation/index";

/** mulberry32: a small seeded PRNG, so generated streams repeat exactly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer count of 1/10^places written as a decimal string ("12.5" for 12500 thousandths). */
function scaledString(units: number, places: number): string {
  const int = Math.floor(units / 10 ** places);
  const frac = String(units % 10 ** places)
    .padStart(places, "0")
    .replace(/0+$/, "");
  return frac === "" ? String(int) : `${int}.${frac}`;
}

export interface StreamOptions {
  count: number;
  seed: number;
  method: ValuationMethod;
  returns?: boolean;
  negativeStock?: boolean;
}

/**
 * Receipts and issues of grams (2-3 decimals) at costs of 2-4 decimals, optionally with both
 * kinds of returns and issues beyond stock. It simulates the stock in integer milligrams so every
 * move it makes is one the engine accepts.
 */
export function generateMoves(opts: StreamOptions): Move[] {
  const rnd = seededRandom(opts.seed);
  const layered = opts.method === "fifo" || opts.method === "lifo";
  const moves: Move[] = [];
  let stock = 0; // milligrams
  const lots: { receipt: number; qty: number }[] = [];
  const returnable = new Map<number, number>(); // issue index -> mg still returnable
  const receiptLeft = new Map<number, number>(); // receipt index -> mg (averages)
  const issueIds: number[] = [];
  const receiptIds: number[] = [];
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const grams = (lo: number, hi: number): number => {
    const mg = int(lo * 1000, hi * 1000);
    return rnd() < 0.5 ? mg - (mg % 10) || 10 : mg; // half with 2 decimals, half with 3
  };
  const cost = (): string => {
    const places = int(2, 4);
    return scaledString(int(40 * 10 ** places, 70 * 10 ** places), places);
  };
  const takeLots = (qty: number): void => {
    let need = qty;
    while (need > 0 && lots.length > 0) {
      const lot = (opts.method === "fifo" ? lots[0] : lots[lots.length - 1])!;
      const take = Math.min(need, lot.qty);
      lot.qty -= take;
      need -= take;
      if (lot.qty === 0) {
        if (opts.method === "fifo") lots.shift();
        else lots.pop();
      }
    }
  };
  const addLot = (receipt: number, qty: number): void => {
    const covered = stock < 0 ? Math.min(qty, -stock) : 0;
    if (qty - covered > 0) lots.push({ receipt, qty: qty - covered });
  };
  for (let i = 0; i < opts.count; i++) {
    const r = rnd();
    const wantIssue = stock > 2_000_000 ? r < 0.8 : r < 0.45;
    if (opts.returns && r > 0.9 && r <= 0.95 && issueIds.length > 0) {
      const k = issueIds[int(Math.max(0, issueIds.length - 20), issueIds.length - 1)]!;
      const left = returnable.get(k) ?? 0;
      if (left > 0) {
        const qty = rnd() < 0.3 ? left : int(1, left);
        moves.push({ type: "return_in", qty: scaledString(qty, 3), ofMove: k });
        returnable.set(k, left - qty);
        if (layered) addLot(-1, qty);
        stock += qty;
        continue;
      }
    }
    if (opts.returns && r > 0.95 && stock > 0) {
      const candidates = layered
        ? lots.filter((l) => l.receipt >= 0).map((l) => ({ k: l.receipt, left: l.qty }))
        : receiptIds.slice(-20).map((k) => ({ k, left: receiptLeft.get(k) ?? 0 }));
      const pick = candidates.filter((c) => c.left > 0)[0];
      if (pick !== undefined) {
        const max = Math.min(pick.left, stock);
        const qty = rnd() < 0.3 ? max : int(1, max);
        moves.push({ type: "return_out", qty: scaledString(qty, 3), ofMove: pick.k });
        if (layered) {
          const lot = lots.find((l) => l.receipt === pick.k)!;
          lot.qty -= qty;
          if (lot.qty === 0) lots.splice(lots.indexOf(lot), 1);
        } else receiptLeft.set(pick.k, pick.left - qty);
        stock -= qty;
        continue;
      }
    }
    if (wantIssue && (stock > 0 || opts.negativeStock)) {
      let qty = grams(1, 200);
      if (!opts.negativeStock && qty > stock) qty = rnd() < 0.5 ? stock : int(1, stock);
      if (rnd() < 0.02 && stock > 0) qty = stock; // empty the stock now and then
      // A unit cost the engine reads only when nothing else gives the shortfall a cost.
      moves.push(
        qty > stock
          ? { type: "out", qty: scaledString(qty, 3), unitCost: cost() }
          : { type: "out", qty: scaledString(qty, 3) },
      );
      if (layered) takeLots(qty);
      returnable.set(i, qty);
      issueIds.push(i);
      stock -= qty;
    } else {
      const qty = grams(1, 500);
      moves.push({ type: "in", qty: scaledString(qty, 3), unitCost: cost() });
      if (layered) addLot(i, qty);
      else receiptLeft.set(i, qty);
      receiptIds.push(i);
      stock += qty;
    }
  }
  return moves;
}

/** Applies the moves to both valuators and returns the first index where they differ, or -1. */
export function firstDifference(
  a: Valuator,
  b: Valuator,
  moves: readonly Move[],
): { index: number; a: string; b: string } | null {
  for (let i = 0; i < moves.length; i++) {
    const move = moves[i]!;
    const sa = outcome(a, move);
    const sb = outcome(b, move);
    if (sa !== sb) return { index: i, a: sa, b: sb };
  }
  return null;
}

function outcome(v: Valuator, move: Move): string {
  try {
    v.apply(move);
    return JSON.stringify(v.state());
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
}
