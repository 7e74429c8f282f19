// A stock list's text as a table: its header row and the rows that hold anything. Quoted cells
// may hold the separator and line breaks; a byte order mark is dropped; empty lines are skipped.
import { parse } from "csv-parse/sync";

export type Table = { headers: string[]; rows: string[][] };

export type TableProblem = { code: "EMPTY" } | { code: "PARSE"; line: number; reason: string };

export function readTable(text: string, separator: string): Table | TableProblem {
  let records: string[][];
  try {
    records = parse(text, {
      delimiter: separator,
      relax_column_count: true,
      skip_empty_lines: true,
      bom: true,
      trim: false,
    }) as string[][];
  } catch (error) {
    const e = error as { lines?: number; message: string };
    return { code: "PARSE", line: e.lines ?? 0, reason: e.message.replace(/^Invalid [^:]*: /, "").slice(0, 200) };
  }
  const [headers, ...rows] = records;
  if (!headers || rows.length === 0) return { code: "EMPTY" };
  return { headers: headers.map((h) => h.trim()), rows: rows.filter((r) => r.some((c) => c.trim() !== "")) };
}

/** The first `rows` rows under the header, read no further (the mapping screen's sample). */
export function firstRows(text: string, separator: string, rows: number): string[][] {
  const records = parse(text, {
    delimiter: separator,
    relax_column_count: true,
    skip_empty_lines: true,
    to_line: rows + 1,
  }) as string[][];
  return records.slice(1);
}
