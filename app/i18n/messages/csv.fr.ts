import type { csvEn } from "./csv.en";

export const csvFr: Record<keyof typeof csvEn, string> = {
  "catalog.import.field.stoneMeasurements": "Dimensions de la pierre",
  "catalog.import.field.stoneTreatment": "Traitement de la pierre",
  "catalog.import.field.stonePosition": "Position de la pierre",
  "catalog.import.field.stoneCertificate": "Certificat de la pierre",
  "catalog.import.field.certColour": "Couleur selon le certificat",
  "catalog.import.field.certClarity": "Pureté selon le certificat",
  "catalog.import.field.certCut": "Taille selon le certificat",
  "catalog.import.field.consignReceivedAt": "Dépôt reçu le",
  "catalog.import.field.returnConditions": "Conditions de retour",
  "csv.field.numbered": "{field} {n}",
  "csv.import.unknownStoneCertificate": "Aucun certificat de cette ligne ne porte ce numéro.",
  "csv.issue.value": "(valeur\u202f: «\u202f{value}\u202f»)",
  "csv.issue.empty": "(cellule vide)",
  "csv.issue.options": "Valeurs possibles\u202f: {options}.",
  "csv.settings.section": "Fichiers CSV",
  "csv.settings.frenchExcel": "Fichiers CSV pour Excel en français",
  "csv.settings.frenchExcel.on":
    "Oui\u202f: séparateur «\u202f;\u202f», décimales à virgule, en-têtes et valeurs en français",
  "csv.settings.frenchExcel.off":
    "Non\u202f: séparateur «\u202f,\u202f», décimales à point, en-têtes et codes en anglais",
  "csv.settings.frenchExcel.help":
    "S'applique à chaque export CSV (pièces, détails à compléter, partenaires, écritures des matières). Chaque export commence par une marque d'ordre d'octets UTF-8. Les imports lisent les deux formes, quel que soit ce choix. Tant qu'il n'est pas fait, il suit la langue de la boutique.",
};
