import type { kioskEn } from "./kiosk.en";

export const kioskFr: Record<keyof typeof kioskEn, string> = {};
