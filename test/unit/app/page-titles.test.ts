// Every admin page has a document title in the admin's language (app/ui/page-titles.ts).
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { documentTitle, pageRouteOf, PAGE_TITLES } from "../../../app/ui/page-titles";

const ROUTES = path.join(__dirname, "../../../app/routes");

/** Admin page routes: app.* files that render a page (a default export), not the layout itself. */
const adminPages = fs
  .readdirSync(ROUTES)
  .filter((f) => f.startsWith("app.") && f !== "app.tsx" && f.endsWith(".tsx"))
  .filter((f) => /export default/.test(fs.readFileSync(path.join(ROUTES, f), "utf8")))
  .filter((f) => !/^app\.[a-z]+\.tsx$/.test(f) || !/<Outlet/.test(fs.readFileSync(path.join(ROUTES, f), "utf8")))
  .map((f) => `routes/${f.replace(/\.tsx$/, "")}`);

describe("document titles", () => {
  test("every admin page route is in the titles table, and the table names no route that is gone", () => {
    expect(adminPages.length).toBeGreaterThan(20);
    expect(adminPages.filter((id) => !(id in PAGE_TITLES))).toEqual([]);
    expect(Object.keys(PAGE_TITLES).filter((id) => !adminPages.includes(id))).toEqual([]);
  });

  test.each([
    ["/app/settings", "fr", "Réglages de la boutique · Loupe"],
    ["/app/settings", "en", "Shop settings · Loupe"],
    ["/app/pieces/cm123", "fr", "Pièces · Loupe"],
    ["/app/pieces/new", "en", "Receive a piece · Loupe"],
    ["/app/pieces/to-complete", "en", "Details to complete · Loupe"],
    ["/app/materials/jobs/cm9", "en", "Manufacturing jobs · Loupe"],
    ["/app", "en", "Loupe — jewelry records"],
    ["/app/nowhere", "fr", "Loupe"],
  ] as const)("%s in %s", (pathname, locale, expected) => {
    expect(documentTitle(pathname, locale)).toBe(expected);
  });

  test("every page route is reached by a path of its own", () => {
    for (const id of Object.keys(PAGE_TITLES)) {
      const path =
        "/" +
        id
          .replace(/^routes\//, "")
          .split(".")
          .filter((s) => s !== "_index")
          .map((s) => (s.startsWith("$") ? "x1" : s))
          .join("/");
      expect(pageRouteOf(path), path).toBe(id);
    }
  });
});
