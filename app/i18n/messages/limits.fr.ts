import type { limitsEn } from "./limits.en";

export const limitsFr: Record<keyof typeof limitsEn, string> = {
  "kiosk.error.PAYLOAD_TOO_LARGE": "La requête dépasse {maxMb} Mo et n'a pas été lue. Envoyez moins à la fois.",
  "kiosk.error.PAIRING_BUSY":
    "Trop de bornes attendent d'être appairées en ce moment. Attendez {seconds} secondes, puis relancez «\u202fkiosk pair\u202f».",
  "form.error.notAForm": "Cette page attend un formulaire\u202f; ce qui a été envoyé ne peut pas être lu comme tel.",
  "form.error.tooLarge":
    "L'envoi dépasse {maxMb} Mo et n'a pas été lu. Envoyez un fichier plus petit ou moins de lignes.",
  "kiosks.error.PAIRING_SHOP_BUSY":
    "Cette boutique a déjà {count} bornes confirmées qui n'ont pas encore récupéré leur jeton. Laissez-les terminer l'appairage (ou attendez 10 minutes), puis réessayez.",
};
