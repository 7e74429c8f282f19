import type { detailsEn } from "./details.en";

export const detailsFr: Record<keyof typeof detailsEn, string> = {
  "details.title": "Détails à compléter",
  "details.count":
    "{count, plural, one {# pièce dont les détails restent} other {# pièces dont les détails restent}} à saisir",
  "details.intro":
    "Les pièces créées depuis le catalogue Shopify de la boutique ne portent que ce que Shopify savait. Saisissez leur métal, leurs poids, pierres et certificats ici, sur la page de chaque pièce ou dans la feuille de détails, puis marquez-les complètes.",
  "details.empty": "Aucune pièce n’attend ses détails.",
  "details.homeLink": "{count, plural, one {# pièce a des détails} other {# pièces ont des détails}} à compléter",
  "details.listLink": "Détails à compléter ({count})",
  "details.filter.location": "Emplacement",
  "details.filter.any": "Tous les emplacements",
  "details.col.tag": "Étiquette",
  "details.col.title": "Pièce",
  "details.col.location": "Emplacement",
  "details.col.details": "Détails",
  "details.field.metal": "Métal",
  "details.field.weights": "Poids",
  "details.field.stones": "Pierres",
  "details.field.certificate": "Certificat",
  "details.field.photos": "Photos",
  "details.field.cost": "Coût",
  "details.mark.done": "{field}\u202f: saisi",
  "details.mark.missing": "{field}\u202f: manquant",
  "details.mark.unknown": "{field}\u202f: inconnu (Shopify n’a pas répondu)",
  "details.complete": "Marquer les détails complets",
  "details.completeOne": "Marquer complète",
  "details.completed": "{count, plural, one {# pièce marquée complète} other {# pièces marquées complètes}}.",
  "details.edit": "Modifier les champs communs",
  "details.edit.help":
    "S’applique à toutes les pièces cochées, toutes ou aucune. Laissez un champ vide pour garder la valeur de chaque pièce. Le poids remplace le poids brut du premier métal\u202f; sans lui, une pièce encore sans métal reçoit le métal sans poids, à peser.",
  "details.edit.metal": "Métal",
  "details.edit.keep": "Ne pas changer",
  "details.edit.fineness": "Titre (750 ou 18k)",
  "details.edit.weight": "Poids brut (facultatif)",
  "details.edit.unit": "Unité",
  "details.edit.supplier": "Fournisseur",
  "details.edit.location": "Emplacement",
  "details.edit.reason": "Motif (facultatif)",
  "details.edit.apply": "Appliquer à {count, plural, one {# pièce} other {# pièces}}",
  "details.edit.done": "{count, plural, one {# pièce modifiée} other {# pièces modifiées}}.",
  "details.edit.nothing": "Choisissez au moins un champ à modifier.",
  "details.defaultReason": "détails complétés",
  "details.refused": "Rien n’a été enregistré\u202f: {count, plural, one {# pièce refusée} other {# pièces refusées}}.",
  "details.refusal.NOT_FOUND": "Cette pièce n’est pas dans cette boutique.",
  "details.refusal.CHANGED_MEANWHILE":
    "Quelqu’un a modifié cette pièce depuis le chargement de la page\u202f: rechargez la page.",
  "details.refusal.UNKNOWN_LOCATION": "Cet emplacement n’existe pas ou est archivé.",
  "details.refusal.LOCATION_OTHER_SITE":
    "Cet endroit dépend d’un autre emplacement Shopify\u202f: choisissez un endroit de l’emplacement de la pièce, ou déplacez-la depuis la liste des pièces.",
  "details.refusal.UNKNOWN_SUPPLIER": "Ce fournisseur n’est pas un fournisseur de la boutique.",
  "details.refusal.NOTHING_TO_CHANGE": "Rien à modifier.",
  "details.error.tooMany": "Au plus 100 pièces à la fois\u202f: cochez moins de pièces.",
  "details.error.supplierForbidden": "Votre rôle ne permet pas de voir ni de changer les fournisseurs.",
  "details.sheet.title": "Feuille de détails (CSV)",
  "details.sheet.help":
    "Exportez la liste, remplissez-la dans un tableur (séparateur point-virgule, UTF-8), puis vérifiez-la ici. Les lignes sont retrouvées par code d’étiquette et ne font que mettre à jour des pièces existantes\u202f; une cellule vide ne change rien. Une ligne dont la pièce a changé depuis l’export est refusée\u202f: exportez de nouveau.",
  "details.sheet.export": "Exporter la liste",
  "details.sheet.file": "Feuille remplie",
  "details.sheet.markComplete":
    "Marquer complètes les pièces dont le métal et les poids (et le coût) sont alors tous saisis",
  "details.sheet.check": "Vérifier le fichier",
  "details.sheet.apply": "Appliquer {count, plural, one {# ligne} other {# lignes}}",
  "details.sheet.checked":
    "{change, plural, one {# ligne à modifier} other {# lignes à modifier}}, {unchanged, plural, one {# inchangée} other {# inchangées}}, {refused, plural, one {# refusée} other {# refusées}}\u202f; {completes, plural, one {# pièce serait marquée complète} other {# pièces seraient marquées complètes}}. Rien n’a été enregistré.",
  "details.sheet.applied":
    "{change, plural, one {# ligne modifiée} other {# lignes modifiées}}, {unchanged, plural, one {# inchangée} other {# inchangées}}, {refused, plural, one {# refusée} other {# refusées}}\u202f; {completes, plural, one {# pièce marquée complète} other {# pièces marquées complètes}}.",
  "details.sheet.row": "Ligne {row}",
  "details.sheet.change": "{column}\u202f: «\u202f{before}\u202f» → «\u202f{after}\u202f»",
  "details.sheet.unknownTag": "Aucune pièce de cette boutique ne porte ce code d’étiquette.",
  "details.sheet.stale":
    "Cette pièce a changé depuis l’export (version {exported}, maintenant {now})\u202f: exportez de nouveau la liste et refaites cette ligne.",
  "details.sheet.version":
    "La colonne Version manque ou n’est pas un nombre\u202f: gardez la colonne telle qu’exportée.",
  "details.sheet.unknownLocation": "Aucun endroit actif n’a le chemin «\u202f{path}\u202f».",
  "details.sheet.certificateRecorded":
    "Cette pièce a déjà un certificat\u202f; la feuille ne modifie pas les certificats enregistrés\u202f: ajoutez-en un autre sur la page de la pièce.",
  "details.sheet.problem.TOO_LARGE": "Le fichier dépasse 5 Mo.",
  "details.sheet.problem.INVALID_UTF8":
    "Le fichier n’est pas en UTF-8 (premier octet invalide à la position {offset})\u202f: enregistrez-le en CSV UTF-8.",
  "details.sheet.problem.EMPTY": "Le fichier n’a aucune ligne sous son en-tête.",
  "details.sheet.problem.PARSE": "Le fichier ne se lit pas en CSV vers la ligne {line}.",
  "details.sheet.problem.TOO_MANY_ROWS": "Au plus {max} lignes par fichier.",
  "details.sheet.problem.MISSING_COLUMNS":
    "Colonnes manquantes\u202f: {columns}. Gardez les colonnes telles qu’exportées.",
  "details.sheet.problem.NO_FILE": "Choisissez d’abord la feuille remplie.",
};
