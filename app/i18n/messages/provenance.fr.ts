import type { provenanceEn } from "./provenance.en";

export const provenanceFr: Record<keyof typeof provenanceEn, string> = {};
