import type { numbersEn } from "./numbers.en";

export const numbersFr: Record<keyof typeof numbersEn, string> = {
  "catalog.error.numberAmbiguous":
    "« {value} » peut se lire {thousands} ou {decimal} : saisissez celui que vous voulez dire.",
};
