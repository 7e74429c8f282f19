import { describe, expect, test } from "vitest";
import { demoCatalogue } from "../../demo/catalogue";
import { gradesFromReport } from "../../../app/domain/stone-grades";

describe("the demo catalogue", () => {
  test("every stone graded by a report carries that report's grades", () => {
    const linked = demoCatalogue().flatMap((p) =>
      p.input.stones.flatMap((s) => {
        const report = s.certificateIndex != null ? p.input.certificates[s.certificateIndex] : undefined;
        return report ? [{ sku: p.input.sku, stone: s, report }] : [];
      }),
    );
    expect(linked.length).toBeGreaterThan(10);
    for (const { sku, stone, report } of linked) {
      const graded = gradesFromReport(stone, report.grades ?? {});
      expect(graded, `${sku ?? "?"}`).toMatchObject({ ok: true });
      if (graded.ok)
        expect({ colour: stone.colour, clarity: stone.clarity }).toEqual({
          colour: graded.grades.colour,
          clarity: graded.grades.clarity,
        });
    }
  });
});
