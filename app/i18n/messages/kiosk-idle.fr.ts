// The kiosk's idle sign-out, a shop setting (Settings page).
import type { kioskIdleEn } from "./kiosk-idle.en";

export const kioskIdleFr: Record<keyof typeof kioskIdleEn, string> = {
  "settings.section.kiosk": "Postes de comptoir",
  "settings.kioskIdle": "Déconnexion après (minutes sans action)",
  "settings.kioskIdle.help":
    "Une personne identifiée sur un poste de comptoir est déconnectée après ce nombre de minutes sans toucher l'écran ni scanner, pour que personne n'imprime ni ne réceptionne en son nom. De {min} à {max} minutes\u202f; s'applique dès la prochaine identification.",
  "settings.error.kioskIdle": "Saisissez un nombre entier de minutes, de {min} à {max}.",
};
