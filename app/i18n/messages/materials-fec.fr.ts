// Paramètres comptables des matières, validation des écritures et FEC (issue 14).
import type { materialsFecEn } from "./materials-fec.en";

export const materialsFecFr: Record<keyof typeof materialsFecEn, string> = {
  "materials.fec.field.document": "N° de facture ou de bon de livraison du fournisseur",
  "materials.fec.field.documentHelp":
    "La référence de pièce de l'écriture de la réception dans le FEC. Peut être ajouté plus tard dans les paramètres.",
  "materials.fec.settings.accounting": "Comptabilité",
  "materials.fec.settings.supplierAccounts": "Créditer les fournisseurs (401) à la réception",
  "materials.fec.settings.supplierAccounts.off":
    "Non\u202f: réception au débit du stock, au crédit de la variation de stock (603x)\u202f; le cabinet comptabilise la facture",
  "materials.fec.settings.supplierAccounts.on":
    "Oui, convenu avec l'expert-comptable\u202f: débit stock / crédit 401 au compte du fournisseur",
  "materials.fec.settings.journal.stock": "Code journal des écritures de stock",
  "materials.fec.settings.journal.purchases": "Code journal des réceptions créditées aux fournisseurs",
  "materials.fec.settings.journal.impairment": "Code journal des dépréciations",
  "materials.fec.settings.fiscalYearEnd": "Fin de l'exercice (MM-JJ)",
  "materials.fec.validate.title": "Écritures validées",
  "materials.fec.validate.through": "Écritures validées jusqu'au {day}.",
  "materials.fec.validate.none": "Aucune écriture validée.",
  "materials.fec.validate.help":
    "Valider numérote une fois pour toutes les écritures jusqu'à un jour\u202f: le FEC ne contient que des écritures validées. Clôturer une période la valide aussi. Une correction ultérieure est une nouvelle écriture sur la période ouverte.",
  "materials.fec.validate.day": "Valider jusqu'au (AAAA-MM-JJ)",
  "materials.fec.validate.submit": "Valider les écritures",
  "materials.fec.validate.done": "{entries} écritures et {corrections} corrections validées.",
  "materials.fec.documents.title": "Réceptions sans numéro de pièce fournisseur",
  "materials.fec.documents.help":
    "Le FEC demande le numéro de facture ou de bon de livraison de chaque réception. Un numéro donné est conservé.",
  "materials.fec.documents.none": "Toutes les réceptions ont leur numéro de pièce.",
  "materials.fec.documents.more": "{count} réceptions au total\u202f; les plus anciennes sont listées.",
  "materials.fec.documents.save": "Enregistrer",
  "materials.fec.documents.saved": "Numéro de pièce enregistré.",
  "materials.error.FEC_NOT_EUR":
    "Le FEC concerne une comptabilité tenue en euros\u202f: la devise de cette boutique est {currency}. L'export CSV reste disponible.",
  "materials.error.FEC_TWO_YEARS":
    "Un FEC couvre un seul exercice\u202f: commencez le {start} ou après (l'exercice se termine le {end}).",
  "materials.error.FEC_NOT_VALIDATED":
    "Le FEC ne contient que des écritures validées\u202f: elles le sont jusqu'au {through}. Validez ou clôturez jusqu'au {to} d'abord (paramètres des matières).",
  "materials.error.FEC_RECEIPT_DOCUMENTS":
    "{count} réceptions n'ont pas de numéro de facture ou de bon de livraison (à ajouter dans les paramètres des matières)\u202f: {entries}",
  "materials.error.BAD_JOURNAL": "Un code journal compte 1 à 8 lettres majuscules ou chiffres.",
  "materials.error.BAD_FISCAL_YEAR_END": "Saisissez le dernier jour de l'exercice en MM-JJ, par exemple 12-31.",
  "materials.error.FISCAL_YEAR_LOCKED":
    "Des écritures sont déjà validées\u202f: la fin de l'exercice ne peut plus changer.",
  "materials.error.VALIDATE_IN_FUTURE": "Les écritures se valident au plus tard jusqu'à hier.",
  "materials.error.ALREADY_VALIDATED": "Les écritures sont déjà validées jusqu'au {day}.",
  "materials.error.DOCUMENT_REQUIRED": "Saisissez le numéro de facture ou de bon de livraison.",
  "materials.error.DOCUMENT_TOO_LONG": "60 caractères au plus.",
  "materials.error.DOCUMENT_ALREADY_SET": "Cette réception a déjà son numéro de pièce.",
  "materials.account.goodsVariation": "Variation des stocks de marchandises (or d'investissement)",
  "materials.account.allowanceWip": "Dépréciation des en-cours",
  "materials.account.allowanceGoods": "Dépréciation des marchandises (or d'investissement)",
};
