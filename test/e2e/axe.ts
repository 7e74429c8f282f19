// axe-core (the npm package, injected into the page by playwright-core): the accessibility rules a
// page breaks, kept to the critical and serious ones, each with the elements that break it.
import fs from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export type AxeProblem = { rule: string; impact: string; help: string; nodes: string[] };

/** Critical and serious violations on the page as it is now (an empty list is a pass). */
export async function seriousAxeViolations(page: Page): Promise<AxeProblem[]> {
  // Evaluated through the DevTools protocol, so a page's Content-Security-Policy does not block it.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<unknown> } }).axe;
    const result = (await axe.run(document, { resultTypes: ["violations"] })) as {
      violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
    };
    return result.violations.map((v) => ({
      rule: v.id,
      impact: v.impact ?? "",
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
    }));
  });
  return violations.filter((v) => v.impact === "critical" || v.impact === "serious");
}

/** Visible controls a finger cannot reliably hit: smaller than `min` CSS pixels either way. */
export async function smallTapTargets(page: Page, min = 44): Promise<string[]> {
  return page.evaluate((least) => {
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>(
      "button, a[href], input, select, textarea, [role=button]",
    )) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      if (box.width < least || box.height < least)
        out.push(
          `${el.tagName.toLowerCase()}#${el.id || ""} "${(el.textContent ?? "").trim().slice(0, 30)}" ${Math.round(box.width)}×${Math.round(box.height)}`,
        );
    }
    return out;
  }, min);
}
