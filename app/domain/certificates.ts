// Grading laboratories and where the public can check one of their reports.
export const LABS = ["GIA", "IGI", "AGS", "HRD", "LFG", "GRS", "SSEF", "Gübelin", "other"] as const;
export type Lab = (typeof LABS)[number];

// The labs' own report-check pages, by report number. Labs without a public lookup have none:
// the page then shows the number only. Change a pattern here if a lab moves its page.
const REPORT_CHECK: Partial<Record<string, (number: string) => string>> = {
  GIA: (n) => `https://www.gia.edu/report-check?reportno=${encodeURIComponent(n)}`,
  IGI: (n) => `https://www.igi.org/verify-your-report/?r=${encodeURIComponent(n)}`,
};

export function reportCheckUrl(lab: string, number: string): string | null {
  const build = REPORT_CHECK[lab];
  return build && number.trim() ? build(number.trim()) : null;
}
