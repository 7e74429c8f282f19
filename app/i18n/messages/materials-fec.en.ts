// The materials accounting settings, validation of entries and the FEC (issue 14).
export const materialsFecEn = {
  "materials.fec.field.document": "Supplier invoice or delivery note no.",
  "materials.fec.field.documentHelp":
    "The piece reference of the receipt's entry in the FEC. Can be added later in the settings.",
  "materials.fec.settings.accounting": "Accounting",
  "materials.fec.settings.supplierAccounts": "Credit suppliers (401) on receipts",
  "materials.fec.settings.supplierAccounts.off":
    "No: receipts are Dr stock / Cr stock variation (603x); the accountant books the invoice",
  "materials.fec.settings.supplierAccounts.on":
    "Yes, agreed with the accountant: Dr stock / Cr 401 with the supplier's account",
  "materials.fec.settings.journal.stock": "Journal code of stock entries",
  "materials.fec.settings.journal.purchases": "Journal code of receipts credited to suppliers",
  "materials.fec.settings.journal.impairment": "Journal code of impairments",
  "materials.fec.settings.fiscalYearEnd": "Fiscal year ends on (MM-DD)",
  "materials.fec.validate.title": "Validated entries",
  "materials.fec.validate.through": "Entries are validated through {day}.",
  "materials.fec.validate.none": "No entry validated yet.",
  "materials.fec.validate.help":
    "Validating numbers the entries through a day once and for all: the FEC holds validated entries only. Closing a period validates it too. A later correction is a new entry in the open period.",
  "materials.fec.validate.day": "Validate through (YYYY-MM-DD)",
  "materials.fec.validate.submit": "Validate entries",
  "materials.fec.validate.done": "{entries} entries and {corrections} corrections validated.",
  "materials.fec.documents.title": "Receipts without a supplier document number",
  "materials.fec.documents.help":
    "The FEC needs each receipt's invoice or delivery note number. A number, once given, is kept.",
  "materials.fec.documents.none": "Every receipt has its document number.",
  "materials.fec.documents.more": "{count} receipts in all; the oldest are listed.",
  "materials.fec.documents.save": "Save",
  "materials.fec.documents.saved": "Document number saved.",
  "materials.error.FEC_NOT_EUR":
    "The FEC is for books kept in euros: this shop's currency is {currency}. The CSV export stays available.",
  "materials.error.FEC_TWO_YEARS": "A FEC covers one fiscal year: start on or after {start} (the year ends on {end}).",
  "materials.error.FEC_NOT_VALIDATED":
    "The FEC holds validated entries only: entries are validated through {through}. Validate or close through {to} first (materials settings).",
  "materials.error.FEC_RECEIPT_DOCUMENTS":
    "{count} receipts have no supplier invoice or delivery note number (add them in the materials settings): {entries}",
  "materials.error.BAD_JOURNAL": "A journal code is 1 to 8 capital letters or digits.",
  "materials.error.BAD_FISCAL_YEAR_END": "Type the fiscal year's last day as MM-DD, for example 12-31.",
  "materials.error.FISCAL_YEAR_LOCKED": "Entries are already validated: the fiscal year's end can no longer change.",
  "materials.error.VALIDATE_IN_FUTURE": "Entries can be validated through yesterday at the latest.",
  "materials.error.ALREADY_VALIDATED": "Entries are already validated through {day}.",
  "materials.error.DOCUMENT_REQUIRED": "Type the invoice or delivery note number.",
  "materials.error.DOCUMENT_TOO_LONG": "60 characters at most.",
  "materials.error.DOCUMENT_ALREADY_SET": "This receipt already has its document number.",
  "materials.account.goodsVariation": "Variation of goods for resale (investment gold)",
  "materials.account.allowanceWip": "Allowance on work in progress",
  "materials.account.allowanceGoods": "Allowance on goods for resale (investment gold)",
} as const;
