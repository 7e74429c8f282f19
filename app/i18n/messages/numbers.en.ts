// Numbers typed by a person (app/domain/decimal-input.ts): what is refused and why.
export const numbersEn = {
  "catalog.error.numberAmbiguous": "“{value}” could mean {thousands} or {decimal}: type the one you mean.",
} as const;
