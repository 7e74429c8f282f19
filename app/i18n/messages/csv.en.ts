// CSV files: the import's extra fields and how it names a cell's problem, and the shop's CSV dialect.
export const csvEn = {
  "catalog.import.field.stoneMeasurements": "Stone measurements",
  "catalog.import.field.stoneTreatment": "Stone treatment",
  "catalog.import.field.stonePosition": "Stone position",
  "catalog.import.field.stoneCertificate": "Certificate grading the stone",
  "catalog.import.field.certColour": "Certificate colour grade",
  "catalog.import.field.certClarity": "Certificate clarity grade",
  "catalog.import.field.certCut": "Certificate cut grade",
  "catalog.import.field.consignReceivedAt": "Consignment received on",
  "catalog.import.field.returnConditions": "Return conditions",
  "csv.field.numbered": "{field} {n}",
  "csv.import.unknownStoneCertificate": "No certificate of this row has this number.",
  "csv.issue.value": "(value: “{value}”)",
  "csv.issue.empty": "(cell empty)",
  "csv.issue.options": "Allowed: {options}.",
  "csv.settings.section": "CSV files",
  "csv.settings.frenchExcel": "CSV files for French Excel",
  "csv.settings.frenchExcel.on": "On: “;” separator, comma decimals, French headers and values",
  "csv.settings.frenchExcel.off": "Off: “,” separator, point decimals, English headers and codes",
  "csv.settings.frenchExcel.help":
    "Applies to every CSV export (pieces, details to complete, partners, materials accounting). Every export starts with a UTF-8 byte order mark. Imports read both forms whatever is chosen here. Until chosen, it follows the shop's language.",
} as const;
