// Valorisation des matières (issue 14, partie 3) : refus et champs. Doit avoir chaque clé du fichier anglais.
import type { valuationEn } from "./valuation.en";

export const valuationFr: Record<keyof typeof valuationEn, string> = {
  "materials.field.shortfallUnitCost": "Coût unitaire par {unit} si rien n'a encore été reçu",
  "materials.error.NO_COST":
    "Rien ne donne encore de coût à cette sortie (ni réception, ni moyenne, ni coût standard)\u202f: saisissez le coût unitaire auquel elle sort, ou enregistrez d'abord la réception.",
  "materials.error.INVESTMENT_BAR_FINENESS":
    "Les lingots et plaquettes d'or d'investissement doivent titrer au moins {min} ‰. Décochez «\u202for d'investissement\u202f» ou choisissez le titre réel du lingot.",
  "materials.error.INVESTMENT_COIN_FINENESS":
    "Les pièces d'or d'investissement doivent titrer au moins {min} ‰. Décochez «\u202for d'investissement\u202f» ou choisissez le titre réel de la pièce.",
  "materials.jobs.rateBase":
    "Taux de perte et rendement calculés sur le métal net sorti\u202f: sorti moins rendu non utilisé, {net} de fin (limailles et balayures récupérées comptent comme récupérées, pas comme rendues).",
  "materials.class.standardRevision": "Réviser le coût standard",
  "materials.class.standardRevisionHelp":
    "À partir du jour indiqué, le stock en main est revalorisé au nouveau standard et l'écart est passé au compte d'écarts. L'ancien standard reste sur tout ce qui précède.",
  "materials.class.reviseStandard": "Réviser le standard",
  "materials.purpose.standard_revision": "Coût standard révisé",
  "materials.error.NOT_STANDARD":
    "Cette classe n'est pas valorisée au coût standard à cette date. Le stock n'est jamais réévalué à la hausse autrement\u202f; une baisse de valeur se comptabilise en dépréciation.",
  "materials.error.RETROSPECTIVE_CLOSED":
    "Un changement de méthode s'applique depuis l'ouverture de l'exercice ({opening}), qui est dans une période clôturée au {day}. Changez de méthode avant de clôturer la première période de l'exercice.",
  "materials.class.methodEffect": "effet sur le stock d'ouverture, présenté à part\u202f: {amount}",
};
