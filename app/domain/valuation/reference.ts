import Decimal from "decimal.js";
import { ValuationError } from "./errors";
import { checkDecimalText, resolveOptions } from "./options";
import type {
  Move,
  RatioText,
  ResolvedOptions,
  ValuationMethod,
  ValuationOptions,
  ValuationState,
  Valuator,
  ValuatorSnapshot,
  RecordText,
} from "./types";

/**
 * The straightforward decimal.js implementation of every method. It is the definition of the
 * rules (README.md); the fast path in fast.ts must give identical states.
 */

// 100 significant digits keep every product of stock figures exact; quotients are made exact
// by roundQuotient's remainder check, so the precision never decides a rounding.
const D = Decimal.clone({ precision: 100, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -1000, toExpPos: 1000 });
type Dec = InstanceType<typeof D>;

const ZERO = new D(0);
const UNIT_COST_PLACES = 10;
/** Places of the unit cost a FIFO/LIFO lot of goods back from an issue carries (the fast path's scale). */
export const RETURN_LOT_PLACES = 6;

/** A unit cost kept as an exact fraction (average costs rarely have a finite decimal form). */
interface Ratio {
  num: Dec;
  den: Dec;
}

interface Layer {
  qty: Dec;
  cost: Dec;
  /** Index of the receipt this lot came from; -1 for goods back from a customer. */
  receipt: number;
}

interface InRecord {
  kind: "in";
  qty: Dec;
  unitCost: Dec;
  returnedQty: Dec;
}

interface OutRecord {
  kind: "out";
  qty: Dec;
  /** Cost of the issue; re-costed by a periodic close. */
  cost: Dec;
  returnedQty: Dec;
  returnedValue: Dec;
  /** periodic_average: the period the issue belongs to. */
  period: number;
}

type MoveRecord = InRecord | OutRecord | { kind: "other" };

/** Canonical quantity / unit-cost text: no exponent, no trailing zeros, never "-0". */
export function plainText(x: Dec): string {
  return x.isZero() ? "0" : x.toFixed();
}

export class ReferenceValuator implements Valuator {
  readonly method: ValuationMethod;
  private readonly opts: ResolvedOptions;
  private readonly dpRounding: Decimal.Rounding;

  private qty: Dec = ZERO;
  private value: Dec = ZERO;
  private layers: Layer[] = [];
  private lastReceiptCost: Dec | null = null;
  /** moving_average: the average when stock last ran out, for valuing a shortfall. */
  private lastAverage: Ratio | null = null;
  /** Provisional value of issued goods that were not in stock (stock is negative). */
  private shortfallValue: Dec = ZERO;
  private standardCost: Dec | null = null;
  private records: MoveRecord[] = [];
  /** After a restore: the index of records[0], and the earlier records a snapshot kept. */
  private recordBase = 0;
  private keptRecords = new Map<number, MoveRecord>();

  // periodic_average
  private periodIndex = 0;
  private openQty: Dec = ZERO;
  private openValue: Dec = ZERO;
  private inQty: Dec = ZERO;
  private inValue: Dec = ZERO;
  private periodIssues: number[] = [];
  private periodHasMoves = false;
  private lastPeriodAverage: Ratio | null = null;

  private lastCost: Dec | null = null;
  private lastVariance: Dec = ZERO;

  constructor(method: ValuationMethod, options?: ValuationOptions) {
    this.opts = resolveOptions(method, options);
    this.method = method;
    this.dpRounding = this.opts.rounding === "half-even" ? Decimal.ROUND_HALF_EVEN : Decimal.ROUND_HALF_UP;
  }

  get moveCount(): number {
    return this.recordBase + this.records.length;
  }

  private recordAt(i: number): MoveRecord | undefined {
    return i >= this.recordBase ? this.records[i - this.recordBase] : this.keptRecords.get(i);
  }

  snapshot(keepRecords = 0): ValuatorSnapshot {
    const records: RecordText[] = [];
    for (let i = Math.max(0, this.moveCount - keepRecords); i < this.moveCount; i++) {
      const r = this.recordAt(i);
      if (r === undefined || r.kind === "other") continue;
      records.push(
        r.kind === "in"
          ? [i, "in", r.qty.toFixed(), r.unitCost.toFixed(), r.returnedQty.toFixed(), "0", 0]
          : [i, "out", r.qty.toFixed(), r.cost.toFixed(), r.returnedQty.toFixed(), r.returnedValue.toFixed(), r.period],
      );
    }
    const ratio = (r: Ratio | null): RatioText | null => (r === null ? null : [r.num.toFixed(), r.den.toFixed()]);
    return {
      method: this.method,
      moveCount: this.moveCount,
      qty: this.qty.toFixed(),
      value: this.value.toFixed(),
      layers: this.layers.map((l) => [l.qty.toFixed(), l.cost.toFixed(), l.receipt]),
      lastReceiptCost: this.lastReceiptCost?.toFixed() ?? null,
      lastAverage: ratio(this.lastAverage),
      shortfallValue: this.shortfallValue.toFixed(),
      standardCost: this.standardCost?.toFixed() ?? null,
      periodic: {
        index: this.periodIndex,
        openQty: this.openQty.toFixed(),
        openValue: this.openValue.toFixed(),
        inQty: this.inQty.toFixed(),
        inValue: this.inValue.toFixed(),
        hasMoves: this.periodHasMoves,
        lastAverage: ratio(this.lastPeriodAverage),
        issues: this.periodIssues.map((i) => {
          const r = this.recordAt(i) as OutRecord;
          return [i, r.qty.toFixed(), r.cost.toFixed(), r.returnedQty.toFixed(), r.returnedValue.toFixed()];
        }),
      },
      records,
    };
  }

  /** A valuator that carries on from a snapshot (see ValuatorSnapshot). */
  static restore(snap: ValuatorSnapshot, options?: ValuationOptions): ReferenceValuator {
    const v = new ReferenceValuator(snap.method, options);
    const ratio = (r: RatioText | null): Ratio | null => (r === null ? null : { num: new D(r[0]), den: new D(r[1]) });
    v.recordBase = snap.moveCount;
    v.qty = new D(snap.qty);
    v.value = new D(snap.value);
    v.layers = snap.layers.map(([qty, cost, receipt]) => ({ qty: new D(qty), cost: new D(cost), receipt }));
    v.lastReceiptCost = snap.lastReceiptCost === null ? null : new D(snap.lastReceiptCost);
    v.lastAverage = ratio(snap.lastAverage);
    v.shortfallValue = new D(snap.shortfallValue);
    v.standardCost = snap.standardCost === null ? null : new D(snap.standardCost);
    const p = snap.periodic;
    v.periodIndex = p.index;
    v.openQty = new D(p.openQty);
    v.openValue = new D(p.openValue);
    v.inQty = new D(p.inQty);
    v.inValue = new D(p.inValue);
    v.periodHasMoves = p.hasMoves;
    v.lastPeriodAverage = ratio(p.lastAverage);
    for (const [i, kind, qty, cost, returnedQty, returnedValue, period] of snap.records) {
      v.keptRecords.set(
        i,
        kind === "in"
          ? { kind: "in", qty: new D(qty), unitCost: new D(cost), returnedQty: new D(returnedQty) }
          : {
              kind: "out",
              qty: new D(qty),
              cost: new D(cost),
              returnedQty: new D(returnedQty),
              returnedValue: new D(returnedValue),
              period,
            },
      );
    }
    for (const [i, qty, cost, returnedQty, returnedValue] of p.issues) {
      // The same record as in `records` when it is there: a close and a return must see one object.
      const kept = v.keptRecords.get(i);
      if (kept?.kind === "out") {
        v.periodIssues.push(i);
        continue;
      }
      v.keptRecords.set(i, {
        kind: "out",
        qty: new D(qty),
        cost: new D(cost),
        returnedQty: new D(returnedQty),
        returnedValue: new D(returnedValue),
        period: p.index,
      });
      v.periodIssues.push(i);
    }
    return v;
  }

  // ---- arithmetic ----

  private money(x: Dec): Dec {
    return x.toDecimalPlaces(this.opts.currencyDecimals, this.dpRounding);
  }

  /** num / den rounded to `places` decimals, exactly (ties by the chosen rounding). */
  private roundQuotient(num: Dec, den: Dec, places: number): Dec {
    const negative = num.isNegative() !== den.isNegative() && !num.isZero();
    const n = num.abs().times(new D(10).pow(places));
    const d = den.abs();
    let q = n.div(d).floor();
    let r = n.minus(q.times(d));
    while (r.isNegative()) {
      q = q.minus(1);
      r = r.plus(d);
    }
    while (r.gte(d)) {
      q = q.plus(1);
      r = r.minus(d);
    }
    const cmp = r.times(2).cmp(d);
    if (cmp > 0 || (cmp === 0 && (this.opts.rounding === "half-up" || q.mod(2).eq(1)))) q = q.plus(1);
    const out = q.div(new D(10).pow(places));
    return negative ? out.neg() : out;
  }

  private moneyOfRatio(qty: Dec, unit: Ratio | null): Dec {
    return unit === null ? ZERO : this.roundQuotient(qty.times(unit.num), unit.den, this.opts.currencyDecimals);
  }

  private moneyText(x: Dec): string {
    return (x.isZero() ? ZERO : x).toFixed(this.opts.currencyDecimals);
  }

  // ---- public ----

  state(options?: { layers?: boolean }): ValuationState {
    const s: ValuationState = {
      qty: plainText(this.qty),
      value: this.moneyText(this.value),
      unitCost: plainText(this.currentUnitCost()),
    };
    if (this.lastCost !== null) s.cost = this.moneyText(this.lastCost);
    if (!this.lastVariance.isZero()) s.variance = this.moneyText(this.lastVariance);
    if ((this.method === "fifo" || this.method === "lifo") && options?.layers !== false) {
      s.layers = this.layers.map((l) => [plainText(l.qty), plainText(l.cost)]);
    }
    return s;
  }

  private currentUnitCost(): Dec {
    switch (this.method) {
      case "standard":
        return this.standardCost ?? ZERO;
      case "periodic_average": {
        const unit = this.provisionalUnit();
        return unit === null ? ZERO : this.roundQuotient(unit.num, unit.den, UNIT_COST_PLACES);
      }
      case "moving_average":
        if (this.qty.isPositive() && !this.qty.isZero())
          return this.roundQuotient(this.value, this.qty, UNIT_COST_PLACES);
        return this.lastAverage === null
          ? ZERO
          : this.roundQuotient(this.lastAverage.num, this.lastAverage.den, UNIT_COST_PLACES);
      default: {
        // The exact average of the lots on hand: posted values carry rounding, the lots do not.
        if (!this.qty.isPositive() || this.qty.isZero()) return this.lastReceiptCost ?? ZERO;
        const exact = this.layers.reduce((sum, l) => sum.plus(l.qty.times(l.cost)), ZERO);
        return this.roundQuotient(exact, this.qty, UNIT_COST_PLACES);
      }
    }
  }

  apply(move: Move): void {
    const index = this.moveCount;
    if (move === null || typeof move !== "object") {
      throw new ValuationError("UNKNOWN_MOVE", index, `expected a move object, got ${String(move)}`);
    }
    let record: MoveRecord = { kind: "other" };
    let cost: Dec | null = null;
    let variance: Dec = ZERO;
    switch (move.type) {
      case "in": {
        const q = new D(checkDecimalText(move.qty, "qty", "qty", index));
        const c = new D(checkDecimalText(move.unitCost, "unitCost", "cost", index));
        variance = this.receive(q, c, index);
        record = { kind: "in", qty: q, unitCost: c, returnedQty: ZERO };
        break;
      }
      case "out": {
        const q = new D(checkDecimalText(move.qty, "qty", "qty", index));
        if (q.gt(this.qty) && this.opts.negativeStock === "refuse") {
          throw new ValuationError(
            "INSUFFICIENT_STOCK",
            index,
            `issue of ${plainText(q)} exceeds stock on hand of ${plainText(this.qty)}`,
          );
        }
        const given =
          move.unitCost === undefined ? null : new D(checkDecimalText(move.unitCost, "unitCost", "cost", index));
        if (q.gt(this.qty) && given === null && this.noCostKnown()) {
          throw new ValuationError(
            "NO_COST",
            index,
            `issue of ${plainText(q)} goes beyond stock on hand of ${plainText(this.qty)} and nothing gives its cost yet: give a unit cost`,
          );
        }
        cost = this.issue(q, given);
        record = {
          kind: "out",
          qty: q,
          cost,
          returnedQty: ZERO,
          returnedValue: ZERO,
          period: this.periodIndex,
        };
        if (this.method === "periodic_average") {
          this.periodIssues.push(index);
          this.periodHasMoves = true;
        }
        break;
      }
      case "return_in": {
        const q = new D(checkDecimalText(move.qty, "qty", "qty", index));
        const issue = this.referenced(move.ofMove, "out", index);
        const returnable = issue.qty.minus(issue.returnedQty);
        if (q.gt(returnable)) {
          throw new ValuationError(
            "RETURN_EXCEEDS",
            index,
            `return of ${plainText(q)} exceeds the ${plainText(returnable)} still returnable from the issue at move ${move.ofMove}`,
          );
        }
        variance = this.returnIn(q, issue, q.eq(returnable));
        break;
      }
      case "return_out": {
        const q = new D(checkDecimalText(move.qty, "qty", "qty", index));
        const receipt = this.referenced(move.ofMove, "in", index);
        const left = this.receiptLeft(move.ofMove, receipt);
        if (q.gt(left)) {
          throw new ValuationError(
            "RETURN_EXCEEDS",
            index,
            `return to supplier of ${plainText(q)} exceeds the ${plainText(left)} left of the receipt at move ${move.ofMove}`,
          );
        }
        if (q.gt(this.qty)) {
          // A supplier return never creates negative stock, whatever the policy: the goods must be here.
          throw new ValuationError(
            "INSUFFICIENT_STOCK",
            index,
            `return to supplier of ${plainText(q)} exceeds stock on hand of ${plainText(this.qty)}`,
          );
        }
        const out = this.returnOut(q, move.ofMove, receipt);
        cost = out.cost;
        variance = out.variance;
        receipt.returnedQty = receipt.returnedQty.plus(q);
        break;
      }
      case "revalue": {
        const c = new D(checkDecimalText(move.newUnitCost, "newUnitCost", "cost", index));
        if (this.method === "periodic_average" && this.periodHasMoves) {
          throw new ValuationError(
            "PERIOD_OPEN",
            index,
            "in periodic_average a revaluation is only allowed at the start of a period (right after close_period)",
          );
        }
        variance = this.revalue(c);
        break;
      }
      case "close_period": {
        if (this.method === "periodic_average") {
          const closed = this.closePeriod();
          cost = closed.cost;
          variance = closed.variance;
        }
        break;
      }
      default:
        throw new ValuationError(
          "UNKNOWN_MOVE",
          index,
          `unknown move type ${JSON.stringify((move as { type?: unknown }).type)}`,
        );
    }
    // A move that empties the stock leaves no residual cents: they are booked as variance.
    if (this.qty.isZero() && !this.value.isZero()) {
      variance = variance.plus(this.value);
      this.value = ZERO;
    }
    if (this.qty.isZero() && (this.method === "fifo" || this.method === "lifo")) this.layers = [];
    this.records.push(record);
    this.lastCost = cost;
    this.lastVariance = variance;
  }

  // ---- references ----

  private referenced(ofMove: unknown, kind: "in", index: number): InRecord;
  private referenced(ofMove: unknown, kind: "out", index: number): OutRecord;
  private referenced(ofMove: unknown, kind: "in" | "out", index: number): InRecord | OutRecord {
    const wanted = kind === "in" ? 'an earlier "in" move' : 'an earlier "out" move';
    if (typeof ofMove !== "number" || !Number.isInteger(ofMove) || ofMove < 0 || ofMove >= index) {
      throw new ValuationError(
        "BAD_REFERENCE",
        index,
        `ofMove ${JSON.stringify(ofMove) ?? String(ofMove)} must point to ${wanted}, but there is no such earlier move`,
      );
    }
    const record = this.recordAt(ofMove);
    if (record === undefined || record.kind !== kind) {
      throw new ValuationError(
        "BAD_REFERENCE",
        index,
        `ofMove ${ofMove} must point to ${wanted}, but move ${ofMove} is not one`,
      );
    }
    return record;
  }

  private receiptLeft(ofMove: number, receipt: InRecord): Dec {
    if (this.method === "fifo" || this.method === "lifo") {
      const lot = this.layers.find((l) => l.receipt === ofMove);
      return lot === undefined ? ZERO : lot.qty;
    }
    return receipt.qty.minus(receipt.returnedQty);
  }

  // ---- incoming goods ----

  /** A supplier receipt; returns the variance it books. */
  private receive(q: Dec, c: Dec, index: number): Dec {
    const posted = this.money(q.times(c));
    this.lastReceiptCost = c;
    switch (this.method) {
      case "standard": {
        if (this.standardCost === null) this.standardCost = c;
        const atStandard = this.money(q.times(this.standardCost));
        this.qty = this.qty.plus(q);
        this.value = this.value.plus(atStandard);
        return posted.minus(atStandard);
      }
      case "periodic_average":
        this.periodHasMoves = true;
        this.inQty = this.inQty.plus(q);
        this.inValue = this.inValue.plus(posted);
        this.qty = this.qty.plus(q);
        this.value = this.value.plus(posted);
        return ZERO;
      case "moving_average":
        return this.incoming(q, posted, (part) => this.money(part.times(c)), []);
      default:
        return this.incoming(q, posted, (part) => this.money(part.times(c)), [{ qty: q, cost: c, receipt: index }]);
    }
  }

  /**
   * Goods entering a perpetual stock (fifo, lifo, moving_average). If stock was negative, the
   * incoming goods first cover the shortfall: those issues were costed provisionally, and the
   * difference between their true cost and that provisional cost is the returned variance.
   * `lots` are the FIFO/LIFO layers in the order they enter; the shortfall takes from the first.
   */
  private incoming(q: Dec, posted: Dec, costOf: (part: Dec) => Dec, lots: Layer[]): Dec {
    let variance = ZERO;
    if (this.qty.isNegative() && !this.qty.isZero()) {
      const short = this.qty.neg();
      const covered = Decimal.min(q, short) as Dec;
      const trueCost = covered.eq(q) ? posted : costOf(covered);
      const released = covered.eq(short)
        ? this.shortfallValue
        : this.roundQuotient(this.shortfallValue.times(covered), short, this.opts.currencyDecimals);
      this.shortfallValue = this.shortfallValue.minus(released);
      variance = trueCost.minus(released);
      let toCover = covered;
      for (const lot of lots) {
        const used = Decimal.min(toCover, lot.qty) as Dec;
        lot.qty = lot.qty.minus(used);
        toCover = toCover.minus(used);
      }
    }
    for (const lot of lots) if (!lot.qty.isZero()) this.layers.push(lot);
    this.qty = this.qty.plus(q);
    this.value = this.value.plus(posted).minus(variance);
    return variance;
  }

  private returnIn(q: Dec, issue: OutRecord, wholeRest: boolean): Dec {
    // Goods come back at what is left of the issue's cost per unit still out, so the whole
    // rest of an issue comes back at exactly what is left of its cost: a full return reverses
    // the issue to the cent, and a periodic re-costing of the issue is taken into account.
    const netCost = issue.cost.minus(issue.returnedValue);
    const proportional = (): Dec =>
      wholeRest
        ? netCost
        : this.roundQuotient(netCost.times(q), issue.qty.minus(issue.returnedQty), this.opts.currencyDecimals);
    let value: Dec;
    let variance = ZERO;
    switch (this.method) {
      case "fifo":
      case "lifo": {
        // Goods back from an issue that took several lots come back as one new lot at the
        // issue's average unit cost (its cost ÷ its quantity), as ERPNext and Odoo do, not at
        // the last lot it took.
        value = proportional();
        const v = value;
        const lot: Layer = {
          qty: q,
          cost: this.roundQuotient(issue.cost, issue.qty, RETURN_LOT_PLACES),
          receipt: -1,
        };
        variance = this.incoming(q, v, (part) => this.roundQuotient(v.times(part), q, this.opts.currencyDecimals), [
          lot,
        ]);
        break;
      }
      case "moving_average": {
        value = proportional();
        const v = value;
        variance = this.incoming(q, v, (part) => this.roundQuotient(v.times(part), q, this.opts.currencyDecimals), []);
        break;
      }
      case "standard": {
        value = proportional();
        const atStandard = this.money(q.times(this.standardCost ?? ZERO));
        this.qty = this.qty.plus(q);
        this.value = this.value.plus(atStandard);
        variance = value.minus(atStandard);
        break;
      }
      case "periodic_average": {
        value = proportional();
        this.periodHasMoves = true;
        if (issue.period !== this.periodIndex) {
          // An issue of a closed period is final: its goods come back like a receipt of this period.
          this.inQty = this.inQty.plus(q);
          this.inValue = this.inValue.plus(value);
        }
        this.qty = this.qty.plus(q);
        this.value = this.value.plus(value);
        break;
      }
    }
    issue.returnedQty = issue.returnedQty.plus(q);
    issue.returnedValue = issue.returnedValue.plus(value);
    return variance;
  }

  // ---- outgoing goods ----

  /** Nothing gives a cost to goods issued beyond the stock: no receipt, no average, no standard. */
  private noCostKnown(): boolean {
    switch (this.method) {
      case "standard":
        return this.standardCost === null;
      case "periodic_average":
        return this.provisionalUnit() === null;
      case "moving_average":
        return this.lastAverage === null && !(this.qty.isPositive() && !this.qty.isZero());
      default:
        return this.lastReceiptCost === null;
    }
  }

  /**
   * The cost of an issue. The issue that takes the whole stock on hand takes exactly its value:
   * no rounding cent is left behind as a gain or loss while nothing is in stock. `given` costs a
   * shortfall when nothing else can (see noCostKnown).
   */
  private issue(q: Dec, given: Dec | null): Dec {
    const takesAll = q.eq(this.qty) && this.qty.isPositive();
    switch (this.method) {
      case "standard": {
        const unit = this.standardCost ?? given ?? ZERO;
        const cost = takesAll ? this.value : this.money(q.times(unit));
        this.qty = this.qty.minus(q);
        this.value = this.value.minus(cost);
        return cost;
      }
      case "periodic_average": {
        const unit = this.provisionalUnit() ?? (given === null ? null : { num: given, den: new D(1) });
        const cost = takesAll ? this.value : this.moneyOfRatio(q, unit);
        this.qty = this.qty.minus(q);
        this.value = this.value.minus(cost);
        return cost;
      }
      case "moving_average": {
        const onHand = this.qty;
        let cost: Dec;
        if (q.lte(onHand)) {
          cost = q.eq(onHand)
            ? this.value
            : this.roundQuotient(this.value.times(q), onHand, this.opts.currencyDecimals);
          if (q.eq(onHand)) this.lastAverage = { num: this.value, den: onHand };
        } else {
          // Beyond the stock: what is here goes at its value, the shortfall at the last average.
          if (onHand.isPositive() && !onHand.isZero()) this.lastAverage = { num: this.value, den: onHand };
          const here = onHand.isPositive() ? onHand : ZERO;
          const fromStock = here.isZero() ? ZERO : this.value;
          const unit = this.lastAverage ?? (given === null ? null : { num: given, den: new D(1) });
          const provisional = this.moneyOfRatio(q.minus(here), unit);
          this.shortfallValue = this.shortfallValue.plus(provisional);
          cost = fromStock.plus(provisional);
        }
        this.qty = onHand.minus(q);
        this.value = this.value.minus(cost);
        return cost;
      }
      default: {
        let need = q;
        let exact = ZERO;
        while (!need.isZero() && this.layers.length > 0) {
          const lot = (this.method === "fifo" ? this.layers[0] : this.layers[this.layers.length - 1])!;
          const take = Decimal.min(need, lot.qty) as Dec;
          exact = exact.plus(take.times(lot.cost));
          lot.qty = lot.qty.minus(take);
          need = need.minus(take);
          if (lot.qty.isZero()) {
            if (this.method === "fifo") this.layers.shift();
            else this.layers.pop();
          }
        }
        let cost = takesAll ? this.value : this.money(exact);
        if (!need.isZero()) {
          // The shortfall goes at the last purchase price until a receipt gives its true cost.
          const unit = this.lastReceiptCost ?? given ?? ZERO;
          const provisional = this.money(need.times(unit));
          this.shortfallValue = this.shortfallValue.plus(provisional);
          cost = cost.plus(provisional);
        }
        this.qty = this.qty.minus(q);
        this.value = this.value.minus(cost);
        return cost;
      }
    }
  }

  private returnOut(q: Dec, ofMove: number, receipt: InRecord): { cost: Dec; variance: Dec } {
    const atReceiptCost = this.money(q.times(receipt.unitCost));
    let cost = atReceiptCost;
    let variance = ZERO;
    switch (this.method) {
      case "fifo":
      case "lifo": {
        const lot = this.layers.find((l) => l.receipt === ofMove)!;
        lot.qty = lot.qty.minus(q);
        if (lot.qty.isZero()) this.layers.splice(this.layers.indexOf(lot), 1);
        break;
      }
      case "standard":
        // Stock leaves at standard; the purchase price variance of these goods is reversed.
        cost = this.money(q.times(this.standardCost ?? ZERO));
        variance = cost.minus(atReceiptCost);
        break;
      case "periodic_average":
        this.periodHasMoves = true;
        this.inQty = this.inQty.minus(q);
        this.inValue = this.inValue.minus(atReceiptCost);
        break;
      case "moving_average":
        if (q.eq(this.qty)) this.lastAverage = { num: this.value, den: this.qty };
        break;
    }
    this.qty = this.qty.minus(q);
    this.value = this.value.minus(cost);
    return { cost, variance };
  }

  // ---- revaluation and periods ----

  private revalue(c: Dec): Dec {
    switch (this.method) {
      case "standard":
        this.standardCost = c;
        break;
      case "fifo":
      case "lifo":
        for (const lot of this.layers) lot.cost = c;
        this.lastReceiptCost = c;
        break;
      case "moving_average":
        if (!this.qty.isPositive() || this.qty.isZero()) this.lastAverage = { num: c, den: new D(1) };
        break;
      case "periodic_average":
        this.lastPeriodAverage = { num: c, den: new D(1) };
        break;
    }
    if (!this.qty.isPositive() || this.qty.isZero()) return ZERO;
    const revalued = this.money(this.qty.times(c));
    const variance = this.value.minus(revalued);
    this.value = revalued;
    if (this.method === "periodic_average") {
      this.openValue = revalued;
    }
    return variance;
  }

  /**
   * periodic_average: issues of an open period go provisionally at the average of everything
   * available so far in the period (opening stock + receipts so far); with nothing available,
   * at the last closed period's average; with no history at all, at zero.
   */
  private provisionalUnit(): Ratio | null {
    const availableQty = this.openQty.plus(this.inQty);
    if (availableQty.isPositive() && !availableQty.isZero()) {
      return { num: this.openValue.plus(this.inValue), den: availableQty };
    }
    return this.lastPeriodAverage;
  }

  private closePeriod(): { cost: Dec; variance: Dec } {
    const average = this.provisionalUnit();
    let recost = ZERO;
    for (const i of this.periodIssues) {
      const issue = this.recordAt(i) as OutRecord;
      const netQty = issue.qty.minus(issue.returnedQty);
      const provisional = issue.cost.minus(issue.returnedValue);
      const final = this.moneyOfRatio(netQty, average);
      recost = recost.plus(final.minus(provisional));
      issue.cost = final.plus(issue.returnedValue);
    }
    const closingValue = this.moneyOfRatio(this.qty, average);
    const totalDifference = this.value.minus(closingValue);
    this.value = closingValue;
    if (average !== null) this.lastPeriodAverage = average;
    this.periodIndex += 1;
    this.openQty = this.qty;
    this.openValue = closingValue;
    this.inQty = ZERO;
    this.inValue = ZERO;
    this.periodIssues = [];
    this.periodHasMoves = false;
    return { cost: recost, variance: totalDifference.minus(recost) };
  }
}
