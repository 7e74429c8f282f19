// Refusals of the request limits (body size, pairing codes): app/http/body-limit.server.ts,
// app/services/kiosk/pairing.server.ts.
export const limitsEn = {
  "kiosk.error.PAYLOAD_TOO_LARGE": "The request is larger than {maxMb} MB and was not read. Send less at once.",
  "kiosk.error.PAIRING_BUSY":
    "Too many kiosks are waiting to be paired right now. Wait {seconds} seconds, then run “kiosk pair” again.",
  "form.error.notAForm": "This page expects a form; what was sent could not be read as one.",
  "form.error.tooLarge": "What was sent is larger than {maxMb} MB and was not read. Send a smaller file or fewer rows.",
  "kiosks.error.PAIRING_SHOP_BUSY":
    "This shop already has {count} kiosks confirmed and waiting to collect their token. Let them finish pairing (or wait 10 minutes), then try again.",
} as const;
