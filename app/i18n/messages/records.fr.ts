import type { recordsEn } from "./records.en";

export const recordsFr: Record<keyof typeof recordsEn, string> = {
  "state.to_inspect": "Retour à contrôler",
  "catalog.error.colourMismatch":
    "La couleur de la pierre est {stone}, mais son rapport {lab} {number} indique {report}. Une pierre rattachée à un rapport prend les grades du rapport\u202f: laissez la couleur vide ou saisissez {report}.",
  "catalog.error.clarityMismatch":
    "La pureté de la pierre est {stone}, mais son rapport {lab} {number} indique {report}. Une pierre rattachée à un rapport prend les grades du rapport\u202f: laissez la pureté vide ou saisissez {report}.",
  "catalog.error.cutMismatch":
    "La taille de la pierre est {stone}, mais son rapport {lab} {number} indique {report}. Une pierre rattachée à un rapport prend les grades du rapport\u202f: laissez la taille vide ou saisissez {report}.",
  "records.stone.fromReport": "Selon le rapport {lab} {number}",
  "records.refusal.OUT_OF_HAND":
    "la pièce est «\u202f{state}\u202f»\u202f: une pièce dans cet état n'est plus déplacée et aucune étiquette n'est imprimée pour elle",
  "catalog.refusal.OUT_OF_HAND":
    "la pièce n'est plus entre les mains de la boutique\u202f: elle n'est plus déplacée et aucune étiquette n'est imprimée pour elle",
  "catalog.refusal.RELEASE_ONLY":
    "une pièce rendue par un client est remise en stock après contrôle par une personne autorisée aux changements d'état sensibles, avec un motif",
  "kiosk.error.OUT_OF_HAND": "Cette pièce est «\u202f{state}\u202f»\u202f: aucune étiquette n'est imprimée pour elle.",
  "kiosk.error.RELEASE_ONLY": "Une pièce retournée est remise en stock après contrôle, depuis sa page dans l'admin.",
  "records.inspect.banner":
    "Cette pièce est revenue d'un client. Contrôlez-la (pierres, poinçons, dommages) avant de la remettre en vente\u202f: libérez-la ci-dessous en indiquant ce que vous avez constaté.",
};
