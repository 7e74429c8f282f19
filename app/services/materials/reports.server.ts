// The material reports and what goes with them (reference prices, the impairment test and its
// bookings, the accounting export), one module per job; this index lets callers that use the
// whole area (tests, the demo seed) import it as one namespace.
export * from "./stock-reports.server";
export * from "./prices.server";
export * from "./impairment.server";
export * from "./accounting-export.server";
