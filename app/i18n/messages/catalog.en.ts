// Catalog messages (English). The French file must have every key.
export const catalogEn = {} as const;
