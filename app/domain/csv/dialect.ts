/**
 * The two CSV dialects Loupe writes, chosen per shop (Shop.csvFrenchExcel, on the settings page):
 *
 * - French Excel: ";" between cells, "," as the decimal mark, headers and values in French
 *   ("Désignation", "Or", "jaune", "Vendue"). French Excel splits a file into columns only on ";"
 *   and reads "3,25" as a number; with "," separators everything lands in one column.
 * - Plain: "," between cells, "." decimals, English headers, Loupe's codes ("gold", "sold") —
 *   what other software and English spreadsheets read.
 *
 * Both start with a UTF-8 byte order mark (Excel reads accents right only then). The setting is
 * null until chosen: the shop's language decides (French → French Excel).
 *
 * Reading back, a file's own separator says which dialect it is: "," → "." decimals, ";" or tab →
 * "," decimals, whoever imports it. Headers and values are read in either language.
 */
import type { Locale } from "../../i18n";

export type CsvDialect = {
  separator: "," | ";";
  /** The language of headers and values. */
  language: Locale;
  decimal: "." | ",";
};

export const FRENCH_EXCEL: CsvDialect = { separator: ";", language: "fr", decimal: "," };
export const PLAIN_CSV: CsvDialect = { separator: ",", language: "en", decimal: "." };

/** The stored choice, or the shop's language when nothing is chosen yet. */
export function frenchExcelOn(setting: boolean | null | undefined, shopLocale: string): boolean {
  return setting ?? /^fr\b/i.test(shopLocale);
}

export function csvDialect(setting: boolean | null | undefined, shopLocale: string): CsvDialect {
  return frenchExcelOn(setting, shopLocale) ? FRENCH_EXCEL : PLAIN_CSV;
}

/** "1234.5" (as Loupe's decimal texts are made) in the dialect's decimal mark. */
export function decimalCell(text: string, dialect: CsvDialect): string {
  return dialect.decimal === "," ? text.replace(".", ",") : text;
}

/** The locale whose decimal mark a file of this separator uses (see the header comment). */
export function readingLocale(separator: string): string {
  return separator === "," ? "en" : "fr-FR";
}
