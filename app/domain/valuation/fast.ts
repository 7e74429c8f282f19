import { resolveOptions } from "./options";
import { ReferenceValuator } from "./reference";
import type {
  Move,
  RecordText,
  ValuationMethod,
  ValuationOptions,
  ValuationState,
  Valuator,
  ValuatorSnapshot,
} from "./types";

/**
 * FIFO, LIFO and moving average on scaled safe integers: quantities in 1/10,000, unit costs in
 * 1/1,000,000, values in minor currency units. Every product is checked against
 * Number.MAX_SAFE_INTEGER (a product computed in doubles is exact exactly when it stays below
 * 2^53); a product beyond goes through BigInt. Anything the integers cannot hold exactly (more
 * decimals than the scales, a value beyond 2^53, a revaluation) or any refused move makes the
 * valuator replay its moves through the decimal.js reference and carry on there, so results
 * and error messages are always the reference's.
 */

const QTY_PLACES = 4;
const COST_PLACES = 6;
const MAX = Number.MAX_SAFE_INTEGER;
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16];
const UNIT_COST_PLACES = 10;

/** Thrown inside the fast path when a figure cannot be kept exact; caught by apply(). */
class LeaveFastPath extends Error {}
const LEAVE = new LeaveFastPath();

/** Parses a plain non-negative decimal into an integer scaled by 10^places; -1 if it does not fit. */
function parseScaled(text: unknown, places: number): number {
  if (typeof text !== "string") return -1;
  const n = text.length;
  if (n === 0 || n > 16) return -1;
  let v = 0;
  let i = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) break;
    const digit = c - 48;
    if (digit < 0 || digit > 9) return -1;
    v = v * 10 + digit;
  }
  if (i === 0) return -1;
  let decimals = 0;
  if (i < n) {
    const start = ++i;
    if (start === n || n - start > places) return -1;
    for (; i < n; i++) {
      const digit = text.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) return -1;
      v = v * 10 + digit;
    }
    decimals = n - start;
  }
  if (v > MAX) return -1;
  v *= POW10[places - decimals]!;
  return v <= MAX ? v : -1;
}

/** parseScaled for a possibly negative figure; null if it does not fit. */
function parseSigned(text: string, places: number): number | null {
  const negative = text.startsWith("-");
  const v = parseScaled(negative ? text.slice(1) : text, places);
  if (v < 0) return null;
  return negative ? -v : v;
}

/** n / d rounded to an integer (d > 0), ties away from zero or to even. */
function divRound(n: number, d: number, even: boolean): number {
  const negative = n < 0;
  const a = negative ? -n : n;
  let q = Math.floor(a / d);
  let r = a - q * d;
  // The double division may be one off near an integer; the exact remainder corrects it.
  if (r < 0) {
    q -= 1;
    r += d;
  } else if (r >= d) {
    q += 1;
    r -= d;
  }
  const twice = 2 * r;
  if (twice > d || (twice === d && (!even || q % 2 === 1))) q += 1;
  return negative ? -q : q;
}

function bigDivRound(n: bigint, d: bigint, even: boolean): bigint {
  const negative = n < 0n !== d < 0n && n !== 0n;
  const a = n < 0n ? -n : n;
  const b = d < 0n ? -d : d;
  let q = a / b;
  const twice = 2n * (a - q * b);
  if (twice > b || (twice === b && (!even || q % 2n === 1n))) q += 1n;
  return negative ? -q : q;
}

/** a * b / d rounded (d > 0), exact; BigInt only when the product leaves the safe range. */
function mulDivRound(a: number, b: number, d: number, even: boolean): number {
  const p = a * b;
  if (p <= MAX && p >= -MAX) return divRound(p, d, even);
  const q = Number(bigDivRound(BigInt(a) * BigInt(b), BigInt(d), even));
  if (q > MAX || q < -MAX) throw LEAVE;
  return q;
}

function checkedMul(a: number, b: number): number {
  const p = a * b;
  if (p > MAX || p < -MAX) throw LEAVE;
  return p;
}

function checkedAdd(a: number, b: number): number {
  const s = a + b;
  if (s > MAX || s < -MAX) throw LEAVE;
  return s;
}

function scaledText(v: number | bigint, places: number, keepZeros: boolean): string {
  const negative = v < 0;
  const digits = (negative ? -BigInt(v) : BigInt(v)).toString().padStart(places + 1, "0");
  let int = digits.slice(0, digits.length - places);
  let frac = digits.slice(digits.length - places);
  if (!keepZeros) frac = frac.replace(/0+$/, "");
  const isZero = /^0*$/.test(int) && /^0*$/.test(frac);
  int = int.replace(/^0+(?=\d)/, "");
  const body = frac.length > 0 ? `${int}.${frac}` : int;
  return negative && !isZero ? `-${body}` : body;
}

const KIND_OTHER = 0;
// Record fields: kind, qty, cost (in: unit cost 10^-6; out: cost in minor units),
// returned qty, returned value.
const REC_FIELDS = 5;
const F_KIND = 0;
const F_QTY = 1;
const F_COST = 2;
const F_RETURNED_QTY = 3;
const F_RETURNED_VALUE = 4;
const CHUNK_BITS = 14;
const CHUNK_ROWS = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK_ROWS - 1;
const KIND_IN = 1;
const KIND_OUT = 2;

class FastValuator implements Valuator {
  readonly method: ValuationMethod;
  private readonly options: ValuationOptions | undefined;
  private readonly dp: number;
  private readonly even: boolean;
  private readonly allowNegative: boolean;
  private readonly isFifo: boolean;
  private readonly isLayered: boolean;
  /** qty (10^-4) x unit cost (10^-6) -> minor units. */
  private readonly productToMinor: number;

  private reference: ReferenceValuator | null = null;
  private moves: Move[] = [];
  /** The snapshot this valuator was restored from: leaving the fast path restarts the reference there. */
  private origin: ValuatorSnapshot | null = null;
  /** Index of the first move applied here (the snapshot's moveCount). */
  private recBase = 0;
  /** Records of moves before the snapshot that it kept (see ValuatorSnapshot.records). */
  private kept = new Map<number, Float64Array>();

  private qty = 0;
  private value = 0;
  private shortfallValue = 0;
  private lastReceiptCost = -1;
  private lastAverageNum = 0;
  private lastAverageDen = 0;
  private lastCost = 0;
  private hasCost = false;
  private lastVariance = 0;

  // Lots: FIFO takes from `head`, LIFO from the end.
  private lotQty: number[] = [];
  private lotCost: number[] = [];
  private lotReceipt: number[] = [];
  private head = 0;

  // One row of REC_FIELDS numbers per move, in fixed-size typed-array chunks: no object per
  // move, and growing never copies what is already stored.
  private chunks: Float64Array[] = [];
  private recCount = 0;

  constructor(method: ValuationMethod, options: ValuationOptions | undefined) {
    const resolved = resolveOptions(method, options);
    this.method = method;
    this.options = options;
    this.dp = resolved.currencyDecimals;
    this.even = resolved.rounding === "half-even";
    this.allowNegative = resolved.negativeStock === "allow";
    this.isFifo = method === "fifo";
    this.isLayered = method === "fifo" || method === "lifo";
    this.productToMinor = POW10[QTY_PLACES + COST_PLACES - this.dp]!;
  }

  get moveCount(): number {
    return this.reference !== null ? this.reference.moveCount : this.recBase + this.moves.length;
  }

  snapshot(keepRecords = 0): ValuatorSnapshot {
    if (this.reference !== null) return this.reference.snapshot(keepRecords);
    const dp = this.dp;
    const records: RecordText[] = [];
    for (let k = Math.max(0, this.moveCount - keepRecords); k < this.moveCount; k++) {
      if (!this.hasRecord(k)) continue;
      const kind = this.get(k, F_KIND);
      if (kind === KIND_IN)
        records.push([
          k,
          "in",
          scaledText(this.get(k, F_QTY), QTY_PLACES, false),
          scaledText(this.get(k, F_COST), COST_PLACES, false),
          scaledText(this.get(k, F_RETURNED_QTY), QTY_PLACES, false),
          "0",
          0,
        ]);
      else if (kind === KIND_OUT)
        records.push([
          k,
          "out",
          scaledText(this.get(k, F_QTY), QTY_PLACES, false),
          scaledText(this.get(k, F_COST), dp, false),
          scaledText(this.get(k, F_RETURNED_QTY), QTY_PLACES, false),
          scaledText(this.get(k, F_RETURNED_VALUE), dp, false),
          0,
        ]);
    }
    const layers: [string, string, number][] = [];
    for (let i = this.head; i < this.lotQty.length; i++) {
      layers.push([
        scaledText(this.lotQty[i]!, QTY_PLACES, false),
        scaledText(this.lotCost[i]!, COST_PLACES, false),
        this.lotReceipt[i]!,
      ]);
    }
    return {
      method: this.method,
      moveCount: this.moveCount,
      qty: scaledText(this.qty, QTY_PLACES, false),
      value: scaledText(this.value, dp, false),
      layers,
      lastReceiptCost: this.lastReceiptCost < 0 ? null : scaledText(this.lastReceiptCost, COST_PLACES, false),
      lastAverage:
        this.lastAverageDen === 0
          ? null
          : [scaledText(this.lastAverageNum, dp, false), scaledText(this.lastAverageDen, QTY_PLACES, false)],
      shortfallValue: scaledText(this.shortfallValue, dp, false),
      standardCost: null,
      periodic: {
        index: 0,
        openQty: "0",
        openValue: "0",
        inQty: "0",
        inValue: "0",
        hasMoves: false,
        lastAverage: null,
        issues: [],
      },
      records,
    };
  }

  /** Takes a snapshot's figures on the integer path; false when one does not fit it (the reference then serves). */
  restoreFrom(snap: ValuatorSnapshot): boolean {
    if (snap.standardCost !== null || snap.periodic.issues.length > 0) return false;
    const qty = parseSigned(snap.qty, QTY_PLACES);
    const value = parseSigned(snap.value, this.dp);
    const shortfall = parseSigned(snap.shortfallValue, this.dp);
    const lastCost = snap.lastReceiptCost === null ? -1 : parseScaled(snap.lastReceiptCost, COST_PLACES);
    if (qty === null || value === null || shortfall === null || (snap.lastReceiptCost !== null && lastCost < 0))
      return false;
    let avgNum = 0;
    let avgDen = 0;
    if (snap.lastAverage !== null) {
      const num = parseSigned(snap.lastAverage[0], this.dp);
      const den = parseScaled(snap.lastAverage[1], QTY_PLACES);
      if (num === null || den <= 0) return false;
      avgNum = num;
      avgDen = den;
    }
    for (const [k, kind, qtyText, costText, returnedQtyText, returnedValueText] of snap.records) {
      const q = parseScaled(qtyText, QTY_PLACES);
      const c = kind === "in" ? parseScaled(costText, COST_PLACES) : parseSigned(costText, this.dp);
      const rq = parseScaled(returnedQtyText, QTY_PLACES);
      const rv = parseSigned(returnedValueText, this.dp);
      if (q < 0 || c === null || c < 0 || rq < 0 || rv === null) return false;
      this.kept.set(k, Float64Array.of(kind === "in" ? KIND_IN : KIND_OUT, q, c, rq, rv));
    }
    for (const [lotQty, lotCost, receipt] of snap.layers) {
      const q = parseScaled(lotQty, QTY_PLACES);
      const c = parseScaled(lotCost, COST_PLACES);
      if (q < 0 || c < 0) return false;
      this.lotQty.push(q);
      this.lotCost.push(c);
      this.lotReceipt.push(receipt);
    }
    this.qty = qty;
    this.value = value;
    this.shortfallValue = shortfall;
    this.lastReceiptCost = lastCost;
    this.lastAverageNum = avgNum;
    this.lastAverageDen = avgDen;
    this.origin = snap;
    this.recBase = snap.moveCount;
    return true;
  }

  /** True while every move so far ran on the integer path. */
  get onFastPath(): boolean {
    return this.reference === null;
  }

  apply(move: Move): void {
    if (this.reference !== null) {
      this.reference.apply(move);
      return;
    }
    let handled: boolean;
    try {
      handled = this.applyFast(move);
    } catch (error) {
      if (error !== LEAVE) throw error;
      handled = false;
    }
    if (handled) {
      this.moves.push(move);
      return;
    }
    const reference =
      this.origin !== null
        ? ReferenceValuator.restore(this.origin, this.options)
        : new ReferenceValuator(this.method, this.options);
    for (const earlier of this.moves) reference.apply(earlier);
    this.reference = reference;
    this.moves = [];
    this.dropFastState();
    reference.apply(move);
  }

  private dropFastState(): void {
    this.lotQty = this.lotCost = this.lotReceipt = [];
    this.chunks = [];
  }

  /** Row of move `k` among those applied here (moves before a restore have none). */
  private row(k: number): number {
    return k - this.recBase;
  }

  private hasRecord(k: unknown): k is number {
    if (typeof k !== "number" || !Number.isInteger(k)) return false;
    return k >= this.recBase ? k - this.recBase < this.recCount : this.kept.has(k);
  }

  private pushRecord(kind: number, qty: number, cost: number): void {
    const n = this.recCount++;
    const offset = (n & CHUNK_MASK) * REC_FIELDS;
    if (offset === 0) this.chunks.push(new Float64Array(CHUNK_ROWS * REC_FIELDS));
    const rec = this.chunks[n >>> CHUNK_BITS]!;
    rec[offset + F_KIND] = kind;
    rec[offset + F_QTY] = qty;
    rec[offset + F_COST] = cost;
    rec[offset + F_RETURNED_QTY] = 0;
    rec[offset + F_RETURNED_VALUE] = 0;
  }

  /** Reads field `field` of move `k`'s row. */
  private get(k: number, field: number): number {
    if (k < this.recBase) return this.kept.get(k)![field]!;
    const r = this.row(k);
    return this.chunks[r >>> CHUNK_BITS]![(r & CHUNK_MASK) * REC_FIELDS + field]!;
  }

  private set(k: number, field: number, value: number): void {
    if (k < this.recBase) {
      this.kept.get(k)![field] = value;
      return;
    }
    const r = this.row(k);
    this.chunks[r >>> CHUNK_BITS]![(r & CHUNK_MASK) * REC_FIELDS + field] = value;
  }

  /** Returns false (before changing anything) when the move must go to the reference. */
  private applyFast(move: Move): boolean {
    if (move === null || typeof move !== "object") return false;
    switch (move.type) {
      case "in": {
        const q = parseScaled(move.qty, QTY_PLACES);
        const c = parseScaled(move.unitCost, COST_PLACES);
        if (q <= 0 || c < 0) return false;
        this.receive(q, c);
        break;
      }
      case "out": {
        const q = parseScaled(move.qty, QTY_PLACES);
        if (q <= 0 || (q > this.qty && !this.allowNegative)) return false;
        let given = -1;
        if (q > this.qty && this.noCostKnown()) {
          // The reference refuses it (NO_COST) or reads a cost it alone can hold.
          given = move.unitCost === undefined ? -1 : parseScaled(move.unitCost, COST_PLACES);
          if (given < 0) return false;
        }
        this.issue(q, given);
        break;
      }
      case "return_in": {
        const q = parseScaled(move.qty, QTY_PLACES);
        const k = move.ofMove;
        if (q <= 0 || !this.hasRecord(k) || this.get(k, F_KIND) !== KIND_OUT) return false;
        const returnable = this.get(k, F_QTY) - this.get(k, F_RETURNED_QTY);
        if (q > returnable) return false;
        this.returnIn(q, k, q === returnable);
        break;
      }
      case "return_out": {
        const q = parseScaled(move.qty, QTY_PLACES);
        const k = move.ofMove;
        if (q <= 0 || !this.hasRecord(k) || this.get(k, F_KIND) !== KIND_IN) return false;
        if (!this.returnOut(q, k)) return false;
        break;
      }
      case "close_period":
        this.hasCost = false;
        this.lastVariance = 0;
        this.pushRecord(KIND_OTHER, 0, 0);
        break;
      default:
        return false;
    }
    if (this.qty === 0) {
      if (this.value !== 0) {
        this.lastVariance += this.value;
        this.value = 0;
      }
      if (this.isLayered) this.clearLots();
    }
    return true;
  }

  private clearLots(): void {
    this.lotQty.length = 0;
    this.lotCost.length = 0;
    this.lotReceipt.length = 0;
    this.head = 0;
  }

  private receive(q: number, c: number): void {
    const posted = divRound(checkedMul(q, c), this.productToMinor, this.even);
    this.lastReceiptCost = c;
    const index = this.recBase + this.recCount;
    this.pushRecord(KIND_IN, q, c);
    let variance = 0;
    let lotLeft = q;
    if (this.qty < 0) {
      const short = -this.qty;
      const covered = q < short ? q : short;
      const trueCost = covered === q ? posted : divRound(checkedMul(covered, c), this.productToMinor, this.even);
      const released =
        covered === short ? this.shortfallValue : mulDivRound(this.shortfallValue, covered, short, this.even);
      this.shortfallValue -= released;
      variance = trueCost - released;
      lotLeft = q - covered;
    }
    if (this.isLayered && lotLeft > 0) {
      this.lotQty.push(lotLeft);
      this.lotCost.push(c);
      this.lotReceipt.push(index);
    }
    this.qty = checkedAdd(this.qty, q);
    this.value = checkedAdd(this.value, posted - variance);
    this.hasCost = false;
    this.lastVariance = variance;
  }

  /** As the reference's noCostKnown: nothing gives a cost to goods issued beyond the stock. */
  private noCostKnown(): boolean {
    if (this.isLayered) return this.lastReceiptCost < 0;
    return this.lastAverageDen === 0 && this.qty <= 0;
  }

  /** `given`: the shortfall's unit cost (10^-6) when nothing else gives one, else -1. */
  private issue(q: number, given: number): void {
    const even = this.even;
    const takesAll = q === this.qty && q > 0;
    let cost: number;
    if (!this.isLayered) {
      const onHand = this.qty;
      if (q <= onHand) {
        if (q === onHand) {
          cost = this.value;
          this.lastAverageNum = this.value;
          this.lastAverageDen = onHand;
        } else {
          cost = mulDivRound(this.value, q, onHand, even);
        }
      } else {
        if (onHand > 0) {
          this.lastAverageNum = this.value;
          this.lastAverageDen = onHand;
        }
        const here = onHand > 0 ? onHand : 0;
        const fromStock = here === 0 ? 0 : this.value;
        const provisional =
          this.lastAverageDen !== 0
            ? mulDivRound(q - here, this.lastAverageNum, this.lastAverageDen, even)
            : given >= 0
              ? divRound(checkedMul(q - here, given), this.productToMinor, even)
              : 0;
        this.shortfallValue = checkedAdd(this.shortfallValue, provisional);
        cost = fromStock + provisional;
      }
    } else {
      const lotQty = this.lotQty;
      const lotCost = this.lotCost;
      let need = q;
      let exact = 0;
      if (this.isFifo) {
        let head = this.head;
        const end = lotQty.length;
        while (need > 0 && head < end) {
          const available = lotQty[head]!;
          const take = need < available ? need : available;
          const unit = lotCost[head]!;
          exact = checkedAdd(exact, checkedMul(take, unit));
          need -= take;
          if (take === available) head++;
          else lotQty[head] = available - take;
        }
        this.head = head;
        if (head === end) this.clearLots();
        else if (head > 1024 && head * 2 > end) this.compactLots();
      } else {
        while (need > 0 && lotQty.length > 0) {
          const top = lotQty.length - 1;
          const available = lotQty[top]!;
          const take = need < available ? need : available;
          const unit = lotCost[top]!;
          exact = checkedAdd(exact, checkedMul(take, unit));
          need -= take;
          if (take === available) {
            lotQty.pop();
            lotCost.pop();
            this.lotReceipt.pop();
          } else lotQty[top] = available - take;
        }
      }
      // The issue that takes the whole stock takes exactly its value (see the reference).
      cost = takesAll ? this.value : divRound(exact, this.productToMinor, even);
      if (need > 0) {
        const unit = this.lastReceiptCost >= 0 ? this.lastReceiptCost : given >= 0 ? given : 0;
        const provisional = divRound(checkedMul(need, unit), this.productToMinor, even);
        this.shortfallValue = checkedAdd(this.shortfallValue, provisional);
        cost += provisional;
      }
    }
    this.pushRecord(KIND_OUT, q, cost);
    this.qty -= q;
    this.value = checkedAdd(this.value, -cost);
    this.lastCost = cost;
    this.hasCost = true;
    this.lastVariance = 0;
  }

  private compactLots(): void {
    const head = this.head;
    this.lotQty.splice(0, head);
    this.lotCost.splice(0, head);
    this.lotReceipt.splice(0, head);
    this.head = 0;
  }

  private returnIn(q: number, k: number, wholeRest: boolean): void {
    const even = this.even;
    const issueCost = this.get(k, F_COST);
    const issueQty = this.get(k, F_QTY);
    const returnedValue = this.get(k, F_RETURNED_VALUE);
    let variance = 0;
    this.pushRecord(KIND_OTHER, 0, 0);
    const value = wholeRest
      ? issueCost - returnedValue
      : mulDivRound(issueCost - returnedValue, q, issueQty - this.get(k, F_RETURNED_QTY), even);
    let lotLeft = q;
    if (this.qty < 0) {
      const short = -this.qty;
      const covered = q < short ? q : short;
      const trueCost = covered === q ? value : mulDivRound(value, covered, q, even);
      variance = this.releaseShortfall(covered, short, trueCost);
      lotLeft = q - covered;
    }
    if (this.isLayered && lotLeft > 0) {
      // One lot at the issue's average unit cost (cost ÷ quantity, in 10^-6): see the reference.
      this.lotQty.push(lotLeft);
      this.lotCost.push(mulDivRound(issueCost, POW10[QTY_PLACES + COST_PLACES - this.dp]!, issueQty, even));
      this.lotReceipt.push(-1);
    }
    this.set(k, F_RETURNED_QTY, this.get(k, F_RETURNED_QTY) + q);
    this.set(k, F_RETURNED_VALUE, returnedValue + value);
    this.qty = checkedAdd(this.qty, q);
    this.value = checkedAdd(this.value, value - variance);
    this.hasCost = false;
    this.lastVariance = variance;
  }

  private releaseShortfall(covered: number, short: number, trueCost: number): number {
    const released =
      covered === short ? this.shortfallValue : mulDivRound(this.shortfallValue, covered, short, this.even);
    this.shortfallValue -= released;
    return trueCost - released;
  }

  /** Returns false, changing nothing, when the reference must refuse the move. */
  private returnOut(q: number, k: number): boolean {
    let lot = -1;
    if (this.isLayered) {
      for (let i = this.head; i < this.lotReceipt.length; i++) {
        if (this.lotReceipt[i] === k) {
          lot = i;
          break;
        }
      }
      if (lot < 0 || q > this.lotQty[lot]!) return false;
    } else if (q > this.get(k, F_QTY) - this.get(k, F_RETURNED_QTY)) return false;
    if (q > this.qty) return false;
    const cost = divRound(checkedMul(q, this.get(k, F_COST)), this.productToMinor, this.even);
    if (lot >= 0) {
      const left = this.lotQty[lot]! - q;
      if (left > 0) this.lotQty[lot] = left;
      else {
        this.lotQty.splice(lot, 1);
        this.lotCost.splice(lot, 1);
        this.lotReceipt.splice(lot, 1);
      }
    } else if (q === this.qty) {
      this.lastAverageNum = this.value;
      this.lastAverageDen = this.qty;
    }
    this.pushRecord(KIND_OTHER, 0, 0);
    this.set(k, F_RETURNED_QTY, this.get(k, F_RETURNED_QTY) + q);
    this.qty -= q;
    this.value = checkedAdd(this.value, -cost);
    this.lastCost = cost;
    this.hasCost = true;
    this.lastVariance = 0;
    return true;
  }

  state(options?: { layers?: boolean }): ValuationState {
    if (this.reference !== null) return this.reference.state(options);
    const dp = this.dp;
    const s: ValuationState = {
      qty: scaledText(this.qty, QTY_PLACES, false),
      value: scaledText(this.value, dp, true),
      unitCost: this.unitCostText(),
    };
    if (this.hasCost) s.cost = scaledText(this.lastCost, dp, true);
    if (this.lastVariance !== 0) s.variance = scaledText(this.lastVariance, dp, true);
    if (this.isLayered && options?.layers !== false) {
      const layers: [string, string][] = [];
      for (let i = this.head; i < this.lotQty.length; i++) {
        layers.push([scaledText(this.lotQty[i]!, QTY_PLACES, false), scaledText(this.lotCost[i]!, COST_PLACES, false)]);
      }
      s.layers = layers;
    }
    return s;
  }

  private unitCostText(): string {
    const even = this.even;
    if (this.isLayered) {
      if (this.qty <= 0) return this.lastReceiptCost < 0 ? "0" : scaledText(this.lastReceiptCost, COST_PLACES, false);
      let exact = 0n;
      for (let i = this.head; i < this.lotQty.length; i++) exact += BigInt(this.lotQty[i]!) * BigInt(this.lotCost[i]!);
      // exact is in 10^-10, qty in 10^-4: (exact / qty) in 10^-6, times 10^4 for ten places.
      const units = bigDivRound(exact * BigInt(POW10[UNIT_COST_PLACES - COST_PLACES]!), BigInt(this.qty), even);
      return scaledText(units, UNIT_COST_PLACES, false);
    }
    const num = this.qty > 0 ? this.value : this.lastAverageNum;
    const den = this.qty > 0 ? this.qty : this.lastAverageDen;
    if (den === 0) return "0";
    // value in 10^-dp over qty in 10^-4, to ten places.
    const scale = 10n ** BigInt(QTY_PLACES + UNIT_COST_PLACES - this.dp);
    return scaledText(bigDivRound(BigInt(num) * scale, BigInt(den), even), UNIT_COST_PLACES, false);
  }
}

/** A fast valuator carrying on from a snapshot, or null when its figures do not fit the integer path. */
export function restoreFastValuator(
  snap: ValuatorSnapshot,
  options?: ValuationOptions,
): (Valuator & { readonly onFastPath: boolean }) | null {
  const v = new FastValuator(snap.method, options);
  return v.restoreFrom(snap) ? v : null;
}

export function createFastValuator(
  method: "fifo" | "lifo" | "moving_average",
  options?: ValuationOptions,
): Valuator & {
  readonly onFastPath: boolean;
} {
  return new FastValuator(method, options);
}
