// The kiosk's idle sign-out, a shop setting (Settings page).
export const kioskIdleEn = {
  "settings.section.kiosk": "Counter kiosks",
  "settings.kioskIdle": "Sign out after (minutes without an action)",
  "settings.kioskIdle.help":
    "A person signed in at a counter kiosk is signed out after this many minutes without a tap or a scan, so nobody prints or receives in their name. From {min} to {max} minutes; it applies from the next sign-in.",
  "settings.error.kioskIdle": "Enter a whole number of minutes from {min} to {max}.",
} as const;
