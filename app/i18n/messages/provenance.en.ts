// Provenance messages (English). The French file must have every key.
export const provenanceEn = {} as const;
