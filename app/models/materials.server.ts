// The material stock records, one module per table group; this index lets a caller that needs
// the whole area (the valuation services, tests, the demo seed) import it as one namespace.
export * from "./materials-classes.server";
export * from "./materials-moves.server";
export * from "./materials-method-changes.server";
export * from "./materials-ledger.server";
export * from "./materials-periods.server";
export * from "./materials-prices.server";
export * from "./materials-jobs.server";
export * from "./materials-impairments.server";
export * from "./materials-piece-sales.server";
export * from "./materials-snapshots.server";
