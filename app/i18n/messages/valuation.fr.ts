// Valorisation des matières (issue 14, partie 3) : refus et champs. Doit avoir chaque clé du fichier anglais.
import type { valuationEn } from "./valuation.en";

export const valuationFr: Record<keyof typeof valuationEn, string> = {
  "materials.field.shortfallUnitCost": "Coût unitaire par {unit} si rien n'a encore été reçu",
  "materials.error.NO_COST":
    "Rien ne donne encore de coût à cette sortie (ni réception, ni moyenne, ni coût standard) : saisissez le coût unitaire auquel elle sort, ou enregistrez d'abord la réception.",
};
