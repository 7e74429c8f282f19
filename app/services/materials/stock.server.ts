// The material stock services, one module per job (settings and periods, classes, moves, method
// changes, re-costing); this index lets callers that use the whole area (tests, the demo seed)
// import it as one namespace.
export { dayToInstant, endOfDay, todayDay } from "../../domain/materials/days";
export * from "./refusals.server";
export * from "./settings.server";
export * from "./classes.server";
export * from "./moves.server";
export * from "./recost.server";
export * from "./method-changes.server";
