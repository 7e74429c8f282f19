import type { settingsEn } from "./settings.en";

export const settingsFr: Record<keyof typeof settingsEn, string> = {
  "nav.settings": "Réglages",
  "settings.title": "Réglages de la boutique",
  "settings.intro":
    "La devise, l'unité de poids, le fuseau horaire, les étiquettes par défaut et les horaires d'ouverture de la boutique. Chaque modification est inscrite au journal d'audit avec l'avant et l'après.",
  "settings.section.money": "Devise, poids et heure",
  "settings.currency": "Devise",
  "settings.currency.option": "{code} — {name} ({decimals} décimales)",
  "settings.currency.help":
    "Les montants sont conservés en unités entières de la subdivision de cette devise ({decimals} décimales pour {code}).",
  "settings.currency.locked":
    "La devise ne peut plus changer\u202f: {count, plural, one {# montant est déjà enregistré} other {# montants sont déjà enregistrés}} en {code} (prix et coûts des pièces, matières).",
  "settings.weightUnit": "Unité de poids",
  "settings.weightUnit.help":
    "Les poids s'affichent dans cette unité et un nouveau métal du formulaire de réception commence avec elle. Ils sont conservés en milligrammes\u202f: la changer ne réécrit rien.",
  "settings.unit.g": "grammes (g)",
  "settings.unit.dwt": "pennyweights (dwt)",
  "settings.unit.ozt": "onces troy (oz t)",
  "settings.timeZone": "Fuseau horaire",
  "settings.timeZone.help":
    "Un fuseau IANA comme Europe/Paris\u202f: les horaires et les dates sont lus dans ce fuseau.",
  "settings.section.tags": "Étiquettes et impression",
  "settings.defaultTemplate": "Modèle d'étiquette par défaut",
  "settings.defaultTemplate.help":
    "«\u202fImprimer les étiquettes\u202f» sur une pièce, une sélection ou depuis la fiche produit part de ce modèle. Chaque modèle se règle dans Modèles d'étiquettes.",
  "settings.dpi": "Résolution de l'imprimante",
  "settings.dpi.option": "{dpi} dpi ({dots} points/mm)",
  "settings.dpi.help":
    "Les aperçus de Modèles d'étiquettes sont calculés à cette résolution. L'imprimante de chaque borne garde la sienne (npm run kiosk -- printer --dpi).",
  "settings.rfid": "RFID",
  "settings.rfid.on": "Étiquettes RFID activées\u202f: préfixe d'entreprise GS1 {prefix}, filtre {filter}.",
  "settings.rfid.off": "Étiquettes RFID désactivées.",
  "settings.rfid.link": "Modifier dans Modèles d'étiquettes → RFID",
  "settings.section.hours": "Horaires d'ouverture",
  "settings.hours.help":
    "Dans le fuseau de la boutique ({zone}), sur 24 heures. Laissez vide un jour de fermeture\u202f; la seconde plage sert à la pause de midi. Conservés pour les alertes d'activité hors des horaires.",
  "settings.hours.opens": "Ouverture",
  "settings.hours.closes": "Fermeture",
  "settings.hours.then": "puis",
  "settings.hours.closed": "Fermé",
  "settings.weekday.1": "lundi",
  "settings.weekday.2": "mardi",
  "settings.weekday.3": "mercredi",
  "settings.weekday.4": "jeudi",
  "settings.weekday.5": "vendredi",
  "settings.weekday.6": "samedi",
  "settings.weekday.7": "dimanche",
  "settings.reason": "Pourquoi (facultatif, inscrit au journal d'audit)",
  "settings.save": "Enregistrer les réglages",
  "settings.saved": "Réglages enregistrés.",
  "settings.unchanged": "Rien à enregistrer\u202f: les réglages sont inchangés.",
  "settings.error.summary": "Les réglages n'ont pas été enregistrés\u202f: corrigez les champs signalés.",
  "settings.error.currencyUnknown": "Choisissez une devise de la liste (un code ISO 4217 comme EUR, JPY ou KWD).",
  "settings.error.choice": "Choisissez l'une des options.",
  "settings.error.timeZone":
    "Fuseau horaire inconnu\u202f: écrivez-le sous la forme Région/Ville, par exemple Europe/Paris.",
  "settings.error.dpi": "Choisissez 203, 300 ou 600 dpi.",
  "settings.error.reasonTooLong": "500 caractères au plus.",
  "settings.error.clockInvalid": "Écrivez l'heure sous la forme HH\u202f:MM sur 24 heures, par exemple 09:30 ou 19:00.",
  "settings.error.halfFilled": "Indiquez l'heure d'ouverture et l'heure de fermeture, ou aucune des deux.",
  "settings.error.closesBeforeOpens": "La fermeture doit venir après l'ouverture (24:00 pour minuit).",
  "settings.error.overlap": "Cette plage chevauche l'autre plage du jour.",
  "settings.error.CURRENCY_LOCKED":
    "La devise ne peut pas passer de {from} à {to}\u202f: {count, plural, one {# montant est déjà enregistré} other {# montants sont déjà enregistrés}} en {from}, conservés dans sa subdivision ({decimals} décimales), et seraient lus dans la mauvaise devise. Rien n'a été enregistré.",
  "settings.error.SETTINGS_STALE":
    "{who} a enregistré les réglages à {when}, après l'ouverture de cette page. Rien n'a été enregistré\u202f: rechargez la page pour voir ses modifications, puis refaites les vôtres.",
  "settings.error.someone": "Quelqu'un d'autre",
  "settings.error.TEMPLATE_NEEDS_RFID":
    "Ce modèle écrit des étiquettes RFID et la RFID est désactivée\u202f: activez-la d'abord dans Modèles d'étiquettes → RFID, ou choisissez un autre modèle.",
  "settings.error.unknown": "Les réglages n'ont pas pu être enregistrés ({code}).",
};
