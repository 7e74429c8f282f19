// Kiosk messages (English). The French file must have every key.
export const kioskEn = {} as const;
