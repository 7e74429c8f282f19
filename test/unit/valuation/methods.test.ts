import { describe, expect, test } from "vitest";
import {
  valueMoves,
  type Move,
  type ValuationMethod,
  type ValuationOptions,
  type ValuationState,
} from "../../../app/domain/valuation/index";

// Every expected figure below is worked out by hand in the comment next to it.

const receipt = (qty: string, unitCost: string): Move => ({ type: "in", qty, unitCost });
const issue = (qty: string): Move => ({ type: "out", qty });
const returnIn = (qty: string, ofMove: number): Move => ({ type: "return_in", qty, ofMove });
const returnOut = (qty: string, ofMove: number): Move => ({ type: "return_out", qty, ofMove });
const revalue = (newUnitCost: string): Move => ({ type: "revalue", newUnitCost });
const close: Move = { type: "close_period" };

// The French guide's example: 100 g at 50 €/g, 50 g at 55, 50 g at 60, then an issue of 120 g.
const guide = [receipt("100", "50"), receipt("50", "55"), receipt("50", "60"), issue("120")];

interface Case {
  name: string;
  method: ValuationMethod;
  moves: Move[];
  options?: ValuationOptions;
  /** Expected states by move index (only the listed ones are checked, each one in full). */
  expected: Record<number, ValuationState>;
}

const cases: Case[] = [
  {
    name: "FIFO issues the oldest lots first (guide: issue 6,100 €, 80 g left worth 4,650 €)",
    method: "fifo",
    moves: guide,
    expected: {
      // 100 x 50 = 5000
      0: { qty: "100", value: "5000.00", unitCost: "50", layers: [["100", "50"]] },
      // 5000 + 50 x 55 = 7750; exact average 7750 / 150 = 51.666..., shown to 10 places
      1: {
        qty: "150",
        value: "7750.00",
        unitCost: "51.6666666667",
        layers: [
          ["100", "50"],
          ["50", "55"],
        ],
      },
      // 7750 + 50 x 60 = 10750; 10750 / 200 = 53.75
      2: {
        qty: "200",
        value: "10750.00",
        unitCost: "53.75",
        layers: [
          ["100", "50"],
          ["50", "55"],
          ["50", "60"],
        ],
      },
      // issue: 100 x 50 + 20 x 55 = 5000 + 1100 = 6100; left 30 x 55 + 50 x 60 = 1650 + 3000 = 4650;
      // unit cost of the lots on hand 4650 / 80 = 58.125
      3: {
        qty: "80",
        value: "4650.00",
        unitCost: "58.125",
        cost: "6100.00",
        layers: [
          ["30", "55"],
          ["50", "60"],
        ],
      },
    },
  },
  {
    name: "moving average (guide: 53.75 €/g once all receipts are in, issue 6,450 €, 80 g left worth 4,300 €)",
    method: "moving_average",
    moves: guide,
    expected: {
      // 7750 / 150 = 51.666... after the 55 €/g receipt
      1: { qty: "150", value: "7750.00", unitCost: "51.6666666667" },
      // (5000 + 2750 + 3000) / 200 = 53.75; the guide calls this "after the second receipt" because
      // its first 100 g is opening stock
      2: { qty: "200", value: "10750.00", unitCost: "53.75" },
      // 120 x 53.75 = 6450; 10750 - 6450 = 4300 = 80 x 53.75
      3: { qty: "80", value: "4300.00", unitCost: "53.75", cost: "6450.00" },
    },
  },
  {
    name: "LIFO issues the newest lots first",
    method: "lifo",
    moves: guide,
    expected: {
      // 50 x 60 + 50 x 55 + 20 x 50 = 3000 + 2750 + 1000 = 6750; left 80 x 50 = 4000
      3: { qty: "80", value: "4000.00", unitCost: "50", cost: "6750.00", layers: [["80", "50"]] },
    },
  },
  {
    name: "LIFO takes a later receipt before older lots",
    method: "lifo",
    moves: [receipt("10", "1"), receipt("10", "2"), issue("5"), receipt("10", "3"), issue("12")],
    expected: {
      // 5 x 2 = 10; left 10 x 1 + 5 x 2 = 20
      2: {
        qty: "15",
        value: "20.00",
        unitCost: "1.3333333333",
        cost: "10.00",
        layers: [
          ["10", "1"],
          ["5", "2"],
        ],
      },
      // 10 x 3 + 2 x 2 = 34; left 10 x 1 + 3 x 2 = 16 (value 20 + 30 - 34 = 16)
      4: {
        qty: "13",
        value: "16.00",
        unitCost: "1.2307692308",
        cost: "34.00",
        layers: [
          ["10", "1"],
          ["3", "2"],
        ],
      },
    },
  },
  {
    name: "periodic average: the guide's issue costs the period average once the period closes",
    method: "periodic_average",
    moves: [...guide, close],
    expected: {
      // provisional: average of everything available so far, (5000 + 2750 + 3000) / 200 = 53.75
      3: { qty: "80", value: "4300.00", unitCost: "53.75", cost: "6450.00" },
      // period average (0 + 10750) / (0 + 200) = 53.75, same as the provisional: nothing to re-cost
      4: { qty: "80", value: "4300.00", unitCost: "53.75", cost: "0.00" },
    },
  },
  {
    name: "periodic average: close re-costs the period's issues at the period average",
    method: "periodic_average",
    moves: [receipt("100", "50"), issue("60"), receipt("100", "56"), close, issue("40"), receipt("60", "60"), close],
    expected: {
      // provisional at the average so far: 60 x 50 = 3000
      1: { qty: "40", value: "2000.00", unitCost: "50", cost: "3000.00" },
      // 2000 + 5600 = 7600; provisional unit now (5000 + 5600) / 200 = 53
      2: { qty: "140", value: "7600.00", unitCost: "53" },
      // period average 10600 / 200 = 53; issue re-costed 60 x 53 = 3180, +180 on the close;
      // closing stock 140 x 53 = 7420 = 7600 - 180
      3: { qty: "140", value: "7420.00", unitCost: "53", cost: "180.00" },
      // provisional at the opening average 7420 / 140 = 53: 40 x 53 = 2120
      4: { qty: "100", value: "5300.00", unitCost: "53", cost: "2120.00" },
      // (7420 + 3600) / (140 + 60) = 11020 / 200 = 55.1
      5: { qty: "160", value: "8900.00", unitCost: "55.1" },
      // 40 x 55.1 = 2204, +84 on the close; closing 160 x 55.1 = 8816 = 8900 - 84
      6: { qty: "160", value: "8816.00", unitCost: "55.1", cost: "84.00" },
    },
  },
  {
    name: "periodic average: the closing stock's rounding difference is booked as variance on the close",
    method: "periodic_average",
    moves: [receipt("3", "1"), receipt("3", "1.01"), issue("1"), issue("1"), close],
    expected: {
      // 3.00 + 3.03 = 6.03; average 6.03 / 6 = 1.005; each issue round(1.005) = 1.01
      3: { qty: "4", value: "4.01", unitCost: "1.005", cost: "1.01" },
      // re-costed issues 1.01 each, as provisional: cost 0.00; closing 4 x 1.005 = 4.02;
      // 4.01 - 4.02 = -0.01 booked as variance
      4: { qty: "4", value: "4.02", unitCost: "1.005", cost: "0.00", variance: "-0.01" },
    },
  },
  {
    name: "standard cost: receipts enter at standard, the price difference is variance",
    method: "standard",
    moves: [receipt("10", "20"), receipt("10", "22"), issue("5")],
    expected: {
      // no standard yet: the first receipt's cost (20) becomes the standard, no variance
      0: { qty: "10", value: "200.00", unitCost: "20" },
      // enters 10 x 20 = 200; invoice 10 x 22 = 220; variance 20
      1: { qty: "20", value: "400.00", unitCost: "20", variance: "20.00" },
      // 5 x 20 = 100
      2: { qty: "15", value: "300.00", unitCost: "20", cost: "100.00" },
    },
  },
  {
    name: "standard cost: a revaluation changes the standard and revalues the stock on hand",
    method: "standard",
    moves: [revalue("50"), receipt("100", "48.5"), issue("30"), revalue("55")],
    expected: {
      // no stock to revalue
      0: { qty: "0", value: "0.00", unitCost: "50" },
      // enters 100 x 50 = 5000; invoice 4850; variance 4850 - 5000 = -150 (favourable)
      1: { qty: "100", value: "5000.00", unitCost: "50", variance: "-150.00" },
      2: { qty: "70", value: "3500.00", unitCost: "50", cost: "1500.00" },
      // 70 x 55 = 3850; the stock gains 350, booked as -350
      3: { qty: "70", value: "3850.00", unitCost: "55", variance: "-350.00" },
    },
  },
];

describe("valueMoves", () => {
  test.each(cases)("$name", ({ method, moves, options, expected }) => {
    const { states } = valueMoves(method, moves, options);
    expect(states).toHaveLength(moves.length);
    for (const [index, state] of Object.entries(expected)) {
      expect({ index, state: states[Number(index)] }).toEqual({ index, state });
    }
  });
});

const returnCases: Case[] = [
  {
    name: "FIFO: goods back from an issue that took several lots come back at the issue's average unit cost",
    method: "fifo",
    moves: [
      receipt("100", "50"),
      receipt("50", "60"),
      issue("125"),
      returnIn("25", 2),
      returnOut("20", 1),
      returnIn("100", 2),
    ],
    expected: {
      // the issue took 100 @ 50 + 25 @ 60 = 5000 + 1500 = 6500 for 125 g: 52 a gram on average
      2: { qty: "25", value: "1500.00", unitCost: "60", cost: "6500.00", layers: [["25", "60"]] },
      // 25 back at 6500 x 25 / 125 = 1300 = 25 @ 52 (not 25 @ 60 = 1500, the last lot it took),
      // one new lot after the 25 @ 60 on hand: 1500 + 1300 = 2800 for 50 g = 56
      3: {
        qty: "50",
        value: "2800.00",
        unitCost: "56",
        layers: [
          ["25", "60"],
          ["25", "52"],
        ],
      },
      // 20 back to the supplier of move 1, from its own lot: 20 x 60 = 1200; 1600 / 30 = 53.333...
      4: {
        qty: "30",
        value: "1600.00",
        unitCost: "53.3333333333",
        cost: "1200.00",
        layers: [
          ["5", "60"],
          ["25", "52"],
        ],
      },
      // the whole rest of the issue: 6500 - 1300 = 5200 = 100 @ 52; 6800 / 130 = 52.307692307...
      5: {
        qty: "130",
        value: "6800.00",
        unitCost: "52.3076923077",
        layers: [
          ["5", "60"],
          ["25", "52"],
          ["100", "52"],
        ],
      },
    },
  },
  {
    name: "FIFO: the returned lot's unit cost is the issue's average to 6 places; the value is the issue's cost",
    method: "fifo",
    moves: [receipt("100", "50"), receipt("50", "55"), issue("120"), returnIn("120", 2)],
    expected: {
      // guide: 100 @ 50 + 20 @ 55 = 6100 for 120 g; 6100 / 120 = 50.8333... -> lot at 50.833333.
      // The value comes back exactly (30 @ 55 left = 1650, + 6100 = 7750); the lots hold 30 x 55 + 120 x 50.833333
      // = 1650 + 6099.99996 = 7749.99996, whose average over 150 g is 51.6666664
      3: {
        qty: "150",
        value: "7750.00",
        unitCost: "51.6666664",
        layers: [
          ["30", "55"],
          ["120", "50.833333"],
        ],
      },
    },
  },
  {
    name: "LIFO: goods back at the issue's average; a supplier return takes from its own lot wherever it sits",
    method: "lifo",
    moves: [receipt("100", "50"), receipt("50", "60"), issue("100"), returnIn("20", 2), returnOut("10", 0)],
    expected: {
      // issue took 50 @ 60 + 50 @ 50 = 3000 + 2500 = 5500 for 100 g: 55 on average; left 50 @ 50
      2: { qty: "50", value: "2500.00", unitCost: "50", cost: "5500.00", layers: [["50", "50"]] },
      // 20 back at 5500 x 20 / 100 = 1100 = 20 @ 55; 3600 / 70 = 51.428571428571...
      3: {
        qty: "70",
        value: "3600.00",
        unitCost: "51.4285714286",
        layers: [
          ["50", "50"],
          ["20", "55"],
        ],
      },
      // receipt 0's lot is the first one: 10 x 50 = 500; 3100 / 60 = 51.666...
      4: {
        qty: "60",
        value: "3100.00",
        unitCost: "51.6666666667",
        cost: "500.00",
        layers: [
          ["40", "50"],
          ["20", "55"],
        ],
      },
    },
  },
  {
    name: "moving average: returns in at the issue's cost, returns out at the receipt's cost",
    method: "moving_average",
    moves: [
      receipt("100", "50"),
      receipt("50", "56"),
      issue("60"),
      receipt("30", "60"),
      returnIn("20", 2),
      returnOut("50", 1),
      returnIn("40", 2),
    ],
    expected: {
      // 5000 + 2800 = 7800 / 150 = 52; 60 x 52 = 3120
      2: { qty: "90", value: "4680.00", unitCost: "52", cost: "3120.00" },
      // 4680 + 1800 = 6480 / 120 = 54
      3: { qty: "120", value: "6480.00", unitCost: "54" },
      // back at the issue's 52: 3120 x 20 / 60 = 1040; 7520 / 140 = 53.714285714285...
      4: { qty: "140", value: "7520.00", unitCost: "53.7142857143" },
      // 50 x 56 = 2800 out; 4720 / 90 = 52.444...
      5: { qty: "90", value: "4720.00", unitCost: "52.4444444444", cost: "2800.00" },
      // the rest of the issue: 3120 - 1040 = 2080; 6800 / 130 = 52.307692307692...
      6: { qty: "130", value: "6800.00", unitCost: "52.3076923077" },
    },
  },
  {
    name: "standard cost: returns move stock at standard and reverse the price difference",
    method: "standard",
    moves: [
      revalue("50"),
      receipt("100", "52"),
      issue("30"),
      returnIn("10", 2),
      returnOut("20", 1),
      revalue("55"),
      returnIn("20", 2),
    ],
    expected: {
      // 5000 at standard, invoice 5200: variance 200
      1: { qty: "100", value: "5000.00", unitCost: "50", variance: "200.00" },
      // 1500 x 10 / 30 = 500 = 10 x 50: no variance
      3: { qty: "80", value: "4000.00", unitCost: "50" },
      // leaves at 20 x 50 = 1000; the supplier credits 20 x 52 = 1040: variance 1000 - 1040 = -40
      4: { qty: "60", value: "3000.00", unitCost: "50", cost: "1000.00", variance: "-40.00" },
      // 60 x 55 = 3300: -300
      5: { qty: "60", value: "3300.00", unitCost: "55", variance: "-300.00" },
      // the rest of the issue comes back at 1500 - 500 = 1000, enters at 20 x 55 = 1100: -100
      6: { qty: "80", value: "4400.00", unitCost: "55", variance: "-100.00" },
    },
  },
  {
    name: "periodic average: returns net the period's issues and receipts before the close",
    method: "periodic_average",
    moves: [
      receipt("100", "50"),
      issue("40"),
      returnIn("10", 1),
      receipt("100", "60"),
      returnOut("20", 3),
      close,
      returnIn("5", 1),
    ],
    expected: {
      // provisional 40 x 50 = 2000; 10 back at 2000 x 10 / 40 = 500
      2: { qty: "70", value: "3500.00", unitCost: "50" },
      // 3500 + 6000 = 9500; provisional unit (5000 + 6000) / 200 = 55
      3: { qty: "170", value: "9500.00", unitCost: "55" },
      // 20 x 60 = 1200 out; receipts now 80 g for 4800: unit (5000 + 4800) / 180 = 54.444...
      4: { qty: "150", value: "8300.00", unitCost: "54.4444444444", cost: "1200.00" },
      // average 9800 / 180 = 54.444...; the net issue of 30 g: round(30 x 54.444...) = 1633.33,
      // was 1500: +133.33; closing round(150 x 54.444...) = 8166.67 = 8300 - 133.33;
      // opening unit of the next period 8166.67 / 150 = 54.4444666...
      5: { qty: "150", value: "8166.67", unitCost: "54.4444666667", cost: "133.33" },
      // 5 of the 30 g still out come back at 1633.33 x 5 / 30 = 272.2216... = 272.22, as a receipt
      // of the new period: (8166.67 + 272.22) / 155 = 54.444451612903...
      6: { qty: "155", value: "8438.89", unitCost: "54.4444516129" },
    },
  },
];

describe("returns", () => {
  test.each(returnCases)("$name", ({ method, moves, options, expected }) => {
    const { states } = valueMoves(method, moves, options);
    for (const [index, state] of Object.entries(expected)) {
      expect({ index, state: states[Number(index)] }).toEqual({ index, state });
    }
  });
});

const allow: ValuationOptions = { negativeStock: "allow" };

const negativeCases: Case[] = [
  {
    name: "FIFO: the shortfall goes at the last purchase price, re-costed by the next receipt",
    method: "fifo",
    options: allow,
    moves: [receipt("10", "5"), issue("15"), receipt("20", "6")],
    expected: {
      // 10 x 5 from stock + 5 short x 5 = 75
      1: { qty: "-5", value: "-25.00", unitCost: "5", cost: "75.00", layers: [] },
      // the 5 short really cost 5 x 6 = 30, booked at 25: variance 5; 15 @ 6 = 90 left
      2: { qty: "15", value: "90.00", unitCost: "6", variance: "5.00", layers: [["15", "6"]] },
    },
  },
  {
    name: "FIFO: a receipt smaller than the shortfall releases its share of the provisional value",
    method: "fifo",
    options: allow,
    moves: [receipt("10", "5"), issue("20"), receipt("4", "7"), receipt("10", "7")],
    expected: {
      // 50 + 10 x 5 = 100
      1: { qty: "-10", value: "-50.00", unitCost: "5", cost: "100.00", layers: [] },
      // covers 4 of 10: true 28, provisional 50 x 4 / 10 = 20: variance 8; -50 + 28 - 8 = -30
      2: { qty: "-6", value: "-30.00", unitCost: "7", variance: "8.00", layers: [] },
      // covers the last 6: true 42, provisional 30: variance 12; 4 @ 7 = 28 left
      3: { qty: "4", value: "28.00", unitCost: "7", variance: "12.00", layers: [["4", "7"]] },
    },
  },
  {
    name: "moving average: the shortfall goes at the last average, re-costed by the next receipt",
    method: "moving_average",
    options: allow,
    moves: [receipt("10", "5"), receipt("10", "7"), issue("25"), receipt("10", "8")],
    expected: {
      // 120 from stock (average 6) + 5 x 6 = 150
      2: { qty: "-5", value: "-30.00", unitCost: "6", cost: "150.00" },
      // the 5 short really cost 40, booked at 30: variance 10; 5 x 8 = 40 left
      3: { qty: "5", value: "40.00", unitCost: "8", variance: "10.00" },
    },
  },
  {
    name: "an issue from empty stock with no known cost goes at the unit cost given with it",
    method: "moving_average",
    options: allow,
    moves: [{ type: "out", qty: "2", unitCost: "10" }, receipt("2", "12")],
    expected: {
      // nothing was ever received: the 2 short go at the 10 given: 20
      0: { qty: "-2", value: "-20.00", unitCost: "0", cost: "20.00" },
      // the 2 short really cost 24, booked at 20: variance 4, and the stock is empty again
      1: { qty: "0", value: "0.00", unitCost: "0", variance: "4.00" },
    },
  },
  {
    name: "a unit cost given with an issue is not read while a cost is known",
    method: "fifo",
    options: allow,
    moves: [receipt("1", "5"), { type: "out", qty: "3", unitCost: "99" }],
    expected: {
      // 1 @ 5 from stock + 2 short at the last purchase price 5 = 15 (the 99 is not used)
      1: { qty: "-2", value: "-10.00", unitCost: "5", cost: "15.00", layers: [] },
    },
  },
  {
    name: "standard cost: negative stock is valued at standard; the receipt books only its price variance",
    method: "standard",
    options: allow,
    moves: [revalue("10"), issue("5"), receipt("5", "12")],
    expected: {
      1: { qty: "-5", value: "-50.00", unitCost: "10", cost: "50.00" },
      // enters 5 x 10 = 50, invoice 60: variance 10
      2: { qty: "0", value: "0.00", unitCost: "10", variance: "10.00" },
    },
  },
  {
    name: "periodic average: the shortfall is re-costed by the close at the period average",
    method: "periodic_average",
    options: allow,
    moves: [receipt("10", "5"), issue("15"), receipt("15", "7"), close],
    expected: {
      // provisional 15 x 5 = 75
      1: { qty: "-5", value: "-25.00", unitCost: "5", cost: "75.00" },
      // average (50 + 105) / 25 = 6.2; issue 15 x 6.2 = 93: +18; closing 10 x 6.2 = 62 = 80 - 18
      3: { qty: "10", value: "62.00", unitCost: "6.2", cost: "18.00" },
    },
  },
];

describe("negative stock allowed", () => {
  test.each(negativeCases)("$name", ({ method, moves, options, expected }) => {
    const { states } = valueMoves(method, moves, options);
    for (const [index, state] of Object.entries(expected)) {
      expect({ index, state: states[Number(index)] }).toEqual({ index, state });
    }
  });
});

describe("rounding to the currency's minor unit", () => {
  // 8 g at 0.125 = 1.000 exactly; issuing 1 g costs 1.000 / 8 = 0.125, a tie at two places.
  test.each([
    { currencyDecimals: 2, rounding: "half-up", received: "1.00", cost: "0.13", left: "0.87" },
    { currencyDecimals: 2, rounding: "half-even", received: "1.00", cost: "0.12", left: "0.88" },
    { currencyDecimals: 3, rounding: "half-up", received: "1.000", cost: "0.125", left: "0.875" },
    { currencyDecimals: 0, rounding: "half-up", received: "1", cost: "0", left: "1" },
    { currencyDecimals: 0, rounding: "half-even", received: "1", cost: "0", left: "1" },
  ] as const)(
    "an average issue cost at $currencyDecimals places, $rounding",
    ({ currencyDecimals, rounding, received, cost, left }) => {
      const { states } = valueMoves("moving_average", [receipt("8", "0.125"), issue("1")], {
        currencyDecimals,
        rounding,
      });
      expect(states[0]!.value).toBe(received);
      expect(states[1]!.cost).toBe(cost);
      expect(states[1]!.value).toBe(left);
    },
  );

  // A receipt's value q x c is rounded once, at posting.
  test.each([
    { currencyDecimals: 2, rounding: "half-up", unitCost: "2.345", value: "2.35" },
    { currencyDecimals: 2, rounding: "half-even", unitCost: "2.345", value: "2.34" },
    { currencyDecimals: 2, rounding: "half-even", unitCost: "2.355", value: "2.36" },
    { currencyDecimals: 3, rounding: "half-up", unitCost: "2.3455", value: "2.346" },
    { currencyDecimals: 0, rounding: "half-up", unitCost: "2.5", value: "3" },
    { currencyDecimals: 0, rounding: "half-even", unitCost: "2.5", value: "2" },
    { currencyDecimals: 0, rounding: "half-even", unitCost: "3.5", value: "4" },
  ] as const)("a receipt of 1 at $unitCost is worth $value ($currencyDecimals places, $rounding)", (c) => {
    for (const method of ["fifo", "moving_average", "periodic_average", "standard", "lifo"] as const) {
      const { states } = valueMoves(method, [receipt("1", c.unitCost)], c);
      expect({ method, value: states[0]!.value }).toEqual({ method, value: c.value });
    }
  });
});

describe("emptying the stock leaves exactly zero", () => {
  // 3 x 0.335 = 1.005 -> 1.01 at receipt; each 1-unit issue 0.335 -> 0.34; 1.01 - 3 x 0.34 = -0.01.
  const moves = [receipt("3", "0.335"), issue("1"), issue("1"), issue("1")];

  test.each<{ method: ValuationMethod; layers?: [string, string][] }>([
    { method: "fifo", layers: [] },
    { method: "lifo", layers: [] },
    { method: "standard" },
  ])("$method: the issue that empties the stock takes exactly the value left, no variance", ({ method, layers }) => {
    const { states } = valueMoves(method, moves);
    expect(states[2]!.value).toBe("0.33");
    // 1.01 - 0.34 - 0.34 = 0.33 left: the last issue costs 0.33 (at 1 x 0.335 it would be 0.34,
    // leaving -0.01 behind with nothing in stock)
    const last: ValuationState = { qty: "0", value: "0.00", unitCost: "0.335", cost: "0.33" };
    if (layers) last.layers = layers;
    expect(states[3]).toEqual(last);
  });

  test("periodic average: the provisional cost of the issue that empties the stock is the value left", () => {
    // provisional unit 1.01 / 3 = 0.3366...: 0.34, 0.34, then the 0.33 left
    const { states } = valueMoves("periodic_average", moves);
    expect(states.map((s) => s.cost)).toEqual([undefined, "0.34", "0.34", "0.33"]);
    expect(states[3]!.variance).toBeUndefined();
  });

  test("the moving average takes whatever value is left with the last unit", () => {
    // 1.01 / 3 each: round(0.3366...) = 0.34, then 0.67 / 2 = 0.335 -> 0.34, then the last 0.33
    const { states } = valueMoves("moving_average", moves);
    expect(states.map((s) => s.cost)).toEqual([undefined, "0.34", "0.34", "0.33"]);
    expect(states[3]).toEqual({ qty: "0", value: "0.00", unitCost: "0.33", cost: "0.33" });
  });

  test.each([
    { currencyDecimals: 0, zero: "0" },
    { currencyDecimals: 2, zero: "0.00" },
    { currencyDecimals: 3, zero: "0.000" },
  ] as const)("zero is written with exactly $currencyDecimals places", ({ currencyDecimals, zero }) => {
    for (const method of ["fifo", "moving_average", "periodic_average", "standard", "lifo"] as const) {
      const { states } = valueMoves(method, [receipt("7", "0.3333"), issue("2.5"), issue("4.5")], { currencyDecimals });
      expect({ method, qty: states[2]!.qty, value: states[2]!.value }).toEqual({ method, qty: "0", value: zero });
    }
  });

  test("a supplier return of the whole stock empties it", () => {
    // 3 x 0.335 = 1.005 -> 1.01 in; the return takes 1.005 -> 1.01 out; the last average stays
    // on show: 1.01 / 3 = 0.33666...
    const { states } = valueMoves("moving_average", [receipt("3", "0.335"), returnOut("3", 0)]);
    expect(states[1]).toEqual({ qty: "0", value: "0.00", unitCost: "0.3366666667", cost: "1.01" });
  });
});

describe("canonical string format", () => {
  test("quantities and unit costs drop trailing zeros; values keep exactly currencyDecimals places", () => {
    // 79.1250 g at 12.5000: 989.0625 -> 989.06
    const { states } = valueMoves("fifo", [receipt("79.1250", "12.5000"), receipt("0.875", "12.5")]);
    expect(states[0]).toEqual({ qty: "79.125", value: "989.06", unitCost: "12.5", layers: [["79.125", "12.5"]] });
    // 0.875 x 12.5 = 10.9375 -> 10.94; 989.06 + 10.94 = 1000.00 for 80 g
    expect(states[1]!.qty).toBe("80");
    expect(states[1]!.value).toBe("1000.00");
  });

  test("close_period is a no-op for perpetual methods", () => {
    const { states } = valueMoves("fifo", [receipt("2", "3"), close]);
    expect(states[1]).toEqual(states[0]);
  });
});
