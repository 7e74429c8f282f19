// Valorisation des matières (issue 14, partie 3) : refus et champs. Doit avoir chaque clé du fichier anglais.
import type { valuationEn } from "./valuation.en";

export const valuationFr: Record<keyof typeof valuationEn, string> = {
  "materials.field.shortfallUnitCost": "Coût unitaire par {unit} si rien n'a encore été reçu",
  "materials.error.NO_COST":
    "Rien ne donne encore de coût à cette sortie (ni réception, ni moyenne, ni coût standard) : saisissez le coût unitaire auquel elle sort, ou enregistrez d'abord la réception.",
  "materials.error.INVESTMENT_BAR_FINENESS":
    "Les lingots et plaquettes d'or d'investissement doivent titrer au moins {min} ‰. Décochez « or d'investissement » ou choisissez le titre réel du lingot.",
  "materials.error.INVESTMENT_COIN_FINENESS":
    "Les pièces d'or d'investissement doivent titrer au moins {min} ‰. Décochez « or d'investissement » ou choisissez le titre réel de la pièce.",
  "materials.jobs.rateBase":
    "Taux de perte et rendement calculés sur le métal net sorti : sorti moins rendu non utilisé, {net} de fin (limailles et balayures récupérées comptent comme récupérées, pas comme rendues).",
};
