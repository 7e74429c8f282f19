/**
 * A stone linked to a grading report carries the report's grades (README design decision
 * "2026-12-08 — A stone graded by a report carries the report's grades").
 *
 * The stone keeps its own colour, clarity and cut grade columns, as a copy checked equal to its
 * report's: every reader (tags, CSV export, Shopify's metafields, the signed record) keeps reading
 * the stone, and finds what the report says. Rules, per grade:
 * - the report has none: the stone's own value stands (a report may grade colour and clarity only);
 * - the stone has none, or the same one written another way ("vvs2", "VVS 2"): it takes the report's;
 * - they differ: refused, with both values, so a person decides which is wrong.
 */

/** The stone's grade fields and the report's key for each. */
export const GRADE_FIELDS = [
  { stone: "colour", report: "colour" },
  { stone: "clarity", report: "clarity" },
  { stone: "cutGrade", report: "cut" },
] as const;

export type GradeField = (typeof GRADE_FIELDS)[number]["stone"];

export type StoneGrades = { colour: string | null; clarity: string | null; cutGrade: string | null };

export type GradeConflict = { field: GradeField; stone: string; report: string };

/** A grade as written by a person, compared without case or spaces ("vvs 2" is "VVS2"). */
function sameGrade(a: string, b: string): boolean {
  const norm = (s: string) => s.replace(/\s+/g, "").toUpperCase();
  return norm(a) === norm(b);
}

const present = (s: string | null | undefined): string | null => (s && s.trim() ? s.trim() : null);

/**
 * The grades a stone linked to a report with `reportGrades` carries, or the grades on which the
 * two disagree. `reportGrades` is the report's grades object ({ colour, clarity, cut }).
 */
export function gradesFromReport(
  stone: Partial<StoneGrades>,
  reportGrades: Readonly<Record<string, string | undefined>>,
): { ok: true; grades: StoneGrades } | { ok: false; conflicts: GradeConflict[] } {
  const grades: StoneGrades = { colour: null, clarity: null, cutGrade: null };
  const conflicts: GradeConflict[] = [];
  for (const { stone: field, report: key } of GRADE_FIELDS) {
    const own = present(stone[field]);
    const reported = present(reportGrades[key]);
    if (reported === null || own === null || sameGrade(own, reported)) grades[field] = reported ?? own;
    else conflicts.push({ field, stone: own, report: reported });
  }
  return conflicts.length ? { ok: false, conflicts } : { ok: true, grades };
}

/**
 * The grades to show for a stone as stored: its report's where the report has one. Rows written
 * before the check (README) may still hold other grades than their report; what is shown is the
 * report's, and the piece's next save stores it.
 */
export function shownGrades(
  stone: StoneGrades,
  reportGrades: Readonly<Record<string, string | undefined>> | null,
): StoneGrades {
  if (!reportGrades) return { colour: stone.colour, clarity: stone.clarity, cutGrade: stone.cutGrade };
  const out = { ...stone };
  for (const { stone: field, report: key } of GRADE_FIELDS) out[field] = present(reportGrades[key]) ?? stone[field];
  return { colour: out.colour, clarity: out.clarity, cutGrade: out.cutGrade };
}

/** A report's stored grades (JSON text): an object of strings, or {} when unreadable. */
export function parseReportGrades(json: string | null | undefined): Record<string, string> {
  if (!json) return {};
  try {
    const value = JSON.parse(json) as unknown;
    if (!value || typeof value !== "object" || Array.isArray(value)) return {};
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === "string"),
    );
  } catch {
    return {};
  }
}
