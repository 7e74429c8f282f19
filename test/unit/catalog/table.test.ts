// A stock list's text read as a table: headers trimmed, blank rows dropped, quoted cells kept
// whole, and the two ways a file can hold no usable table named.
import { describe, expect, test } from "vitest";
import { firstRows, readTable } from "../../../app/domain/csv/table";

describe("reading a stock list as a table", () => {
  test("headers are trimmed, a BOM is dropped, rows with only blanks are skipped", () => {
    const text = "\uFEFF Titre ;Prix\nBague;100\n ; \nCollier;250\n";
    expect(readTable(text, ";")).toEqual({
      headers: ["Titre", "Prix"],
      rows: [
        ["Bague", "100"],
        ["Collier", "250"],
      ],
    });
  });

  test("a quoted cell keeps its separator and its line break", () => {
    expect(readTable('Title,Notes\n"Ring, gold","two\nlines"\n', ",")).toEqual({
      headers: ["Title", "Notes"],
      rows: [["Ring, gold", "two\nlines"]],
    });
  });

  test("a header without rows, or nothing at all, is EMPTY", () => {
    expect(readTable("Title;Price\n", ";")).toEqual({ code: "EMPTY" });
    expect(readTable("", ";")).toEqual({ code: "EMPTY" });
  });

  test("an unclosed quote is PARSE, with the line it was found on", () => {
    const problem = readTable('Title;Price\n"Bague;100\n', ";");
    expect(problem).toMatchObject({ code: "PARSE" });
    expect((problem as { line: number }).line).toBeGreaterThan(0);
  });

  test("the sample is the rows under the header, at most as many as asked", () => {
    const text = "Title;Price\nA;1\nB;2\nC;3\n";
    expect(firstRows(text, ";", 2)).toEqual([
      ["A", "1"],
      ["B", "2"],
    ]);
    expect(firstRows(text, ";", 5)).toHaveLength(3);
  });
});
