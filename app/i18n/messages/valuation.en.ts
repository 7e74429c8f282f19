// Materials valuation details (issue 14, section 3): refusals and fields. The French file must have every key.
export const valuationEn = {
  "materials.field.shortfallUnitCost": "Unit cost per {unit} if nothing has been received yet",
  "materials.error.NO_COST":
    "Nothing gives this issue a cost yet (no receipt, no average, no standard): enter the unit cost it goes at, or record the receipt first.",
} as const;
