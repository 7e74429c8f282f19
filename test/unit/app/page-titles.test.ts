// Every admin page has a document title in the admin's language (app/ui/page-titles.ts).
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { documentTitle, PAGE_TITLES } from "../../../app/ui/page-titles";

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
    ["routes/app.settings", "fr", undefined, "Réglages de la boutique · Loupe"],
    ["routes/app.settings", "en", undefined, "Shop settings · Loupe"],
    ["routes/app.pieces.$id", "fr", { piece: { title: "Bague Élise" } }, "Bague Élise · Pièces · Loupe"],
    ["routes/app.pieces.$id", "en", {}, "Pieces · Loupe"],
    ["routes/app._index", "en", undefined, "Loupe — jewelry records"],
    ["routes/unknown", "fr", undefined, "Loupe"],
  ] as const)("%s in %s", (route, locale, data, expected) => {
    expect(documentTitle(route, locale, data)).toBe(expected);
  });
});
