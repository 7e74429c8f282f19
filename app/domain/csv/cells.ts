/**
 * CSV cells that a spreadsheet cannot turn into formulas. Excel, LibreOffice and Google Sheets
 * evaluate a cell starting with = + - @ (and, after a tab or carriage return, whatever follows),
 * so a piece titled "=HYPERLINK(…)" would run on the merchant's machine. Such cells get a leading
 * apostrophe, which spreadsheets show as text and do not evaluate (OWASP's advice).
 */
import { withoutBidiControls } from "../bidi";

const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralizeFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** RFC 4180 quoting: quotes around cells with a separator, quote or line break; quotes doubled. */
export function quoteCell(value: string, separator = ","): string {
  return value.includes(separator) || /["\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvCell(value: string | number | bigint | null | undefined, separator = ","): string {
  if (value === null || value === undefined) return "";
  // Direction controls dropped first (app/domain/bidi.ts): one hidden before "=" would hide the formula.
  return quoteCell(neutralizeFormula(withoutBidiControls(String(value))), separator);
}

/** One line, CRLF-terminated as RFC 4180 and Excel expect. */
export function csvLine(values: readonly (string | number | bigint | null | undefined)[], separator = ","): string {
  return `${values.map((v) => csvCell(v, separator)).join(separator)}\r\n`;
}

/** Excel opens a UTF-8 CSV correctly (accents) only when it starts with a byte order mark. */
export const UTF8_BOM = "\ufeff";
