// Materials valuation details (issue 14, section 3): refusals and fields. The French file must have every key.
export const valuationEn = {
  "materials.field.shortfallUnitCost": "Unit cost per {unit} if nothing has been received yet",
  "materials.error.NO_COST":
    "Nothing gives this issue a cost yet (no receipt, no average, no standard): enter the unit cost it goes at, or record the receipt first.",
  "materials.error.INVESTMENT_BAR_FINENESS":
    "Investment gold bars and wafers must be at least {min} ‰ fine. Untick investment gold, or choose the bar's real fineness.",
  "materials.error.INVESTMENT_COIN_FINENESS":
    "Investment gold coins must be at least {min} ‰ fine. Untick investment gold, or choose the coin's real fineness.",
  "materials.jobs.rateBase":
    "Loss rate and yield are on the net metal issued: issued less returned unused, {net} fine (recovered filings and sweeps count as recovered, not as returned).",
  "materials.class.standardRevision": "Revise the standard cost",
  "materials.class.standardRevisionHelp":
    "From the day given, the stock on hand is revalued at the new standard and the difference is posted to the variance account. The old standard stays on everything before that day.",
  "materials.class.reviseStandard": "Revise the standard",
  "materials.purpose.standard_revision": "Standard cost revised",
  "materials.error.NOT_STANDARD":
    "This class is not valued at standard cost on that day. Stock is never revalued upward otherwise; a fall in value is booked as an impairment.",
  "materials.error.RETROSPECTIVE_CLOSED":
    "A method change applies from the opening of the fiscal year ({opening}), and that is in a period closed through {day}. Change the method before closing the first period of a year.",
  "materials.class.methodEffect": "effect on the opening stock, shown apart: {amount}",
} as const;
