import type { numbersEn } from "./numbers.en";

export const numbersFr: Record<keyof typeof numbersEn, string> = {
  "catalog.error.numberAmbiguous":
    "«\u202f{value}\u202f» peut se lire {thousands} ou {decimal}\u202f: saisissez celui que vous voulez dire.",
};
