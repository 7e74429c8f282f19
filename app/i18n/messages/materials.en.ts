// Materials messages (English). The French file must have every key.
export const materialsEn = {} as const;
