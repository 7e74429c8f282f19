import type { catalogEn } from "./catalog.en";

export const catalogFr: Record<keyof typeof catalogEn, string> = {};
