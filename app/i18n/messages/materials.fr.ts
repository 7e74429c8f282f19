import type { materialsEn } from "./materials.en";

export const materialsFr: Record<keyof typeof materialsEn, string> = {};
