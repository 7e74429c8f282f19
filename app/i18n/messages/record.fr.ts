import type { recordEn } from "./record.en";

export const recordFr: Record<keyof typeof recordEn, string> = {
  "record.stone": "Pierre",
  "record.weight": "Poids",
  "record.grades": "Qualités",
  "record.treatment": "Traitement",
  "record.dimensions": "Dimensions (mm)",
  "record.certificate": "Certificat",
  "record.issuedAt": "Émis le",
  "record.gradesNone": "Aucune qualité relevée",
  "record.receivedAt": "Reçue le",
  "record.returnConditions": "Conditions de retour",
  "record.settledAt": "Réglée le",
  "record.returnedAt": "Rendue le",
  "record.overdue": "En retard\u202f: à rendre le {date}",
  "record.dueSoon": "À rendre bientôt",
  "record.description": "Description",
  "record.madeBy": "Créateur",
  "record.originNotes": "Origine",
  "record.gtin": "GTIN",
};
