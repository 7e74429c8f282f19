// The document title of every admin page (the browser tab, the window list, what a screen reader
// announces on arrival): "<page> · Loupe", in the admin's language. One table, read by the app
// layout's `meta` (app/routes/app.tsx), so a page cannot be added without a title unnoticed:
// test/unit/app/page-titles.test.ts checks every admin page route file is listed.
import { translate, type Locale, type MessageKey } from "../i18n";

type Title = { key: MessageKey };

export const PAGE_TITLES: Record<string, Title> = {
  "routes/app._index": { key: "home.title" },
  "routes/app.catalogue": { key: "catalogue.title" },
  "routes/app.drift": { key: "drift.title" },
  "routes/app.import": { key: "catalog.import.title" },
  "routes/app.kiosks._index": { key: "kiosk.title" },
  "routes/app.materials._index": { key: "materials.title" },
  "routes/app.materials.classes.$id": { key: "materials.title" },
  "routes/app.materials.impairment": { key: "materials.impairment.title" },
  "routes/app.materials.jobs._index": { key: "materials.jobs.title" },
  "routes/app.materials.jobs.$id": { key: "materials.jobs.title" },
  "routes/app.materials.prices": { key: "materials.prices.title" },
  "routes/app.materials.reports": { key: "materials.reports.title" },
  "routes/app.materials.settings": { key: "materials.settings.title" },
  "routes/app.partners._index": { key: "partners.title" },
  "routes/app.partners.$id": { key: "partners.title" },
  "routes/app.partners.import": { key: "partners.import.title" },
  "routes/app.permissions": { key: "permissions.title" },
  "routes/app.pieces._index": { key: "pieces.title" },
  "routes/app.pieces.$id": { key: "pieces.title" },
  "routes/app.pieces.new": { key: "catalog.new.title" },
  "routes/app.pieces.to-complete": { key: "details.title" },
  "routes/app.provenance._index": { key: "prov.admin.title" },
  "routes/app.provenance.$id": { key: "prov.admin.title" },
  "routes/app.settings": { key: "settings.title" },
  "routes/app.setup": { key: "setup.title" },
  "routes/app.staff": { key: "staff.title" },
  "routes/app.tags": { key: "tags.title" },
};

/** The page route a path is served by, from the table's route ids ("$id" is any one segment; a fixed segment wins over it). */
const PATTERNS = Object.keys(PAGE_TITLES)
  .map((id) => {
    const segments = id
      .replace(/^routes\//, "")
      .split(".")
      .filter((s) => s !== "_index");
    const params = segments.filter((s) => s.startsWith("$")).length;
    const source = segments.map((s) => (s.startsWith("$") ? "[^/]+" : s.replace(/[-]/g, "\\-"))).join("/");
    return { id, params, pattern: new RegExp(`^/${source}/?$`) };
  })
  .sort((a, b) => a.params - b.params);

export function pageRouteOf(pathname: string): string | undefined {
  return PATTERNS.find((p) => p.pattern.test(pathname))?.id;
}

/**
 * "Réglages de la boutique · Loupe"; a path no page serves (an error page) is just "Loupe". Read
 * from the path because Remix gives a layout's `meta` only the matches down to the layout itself.
 */
export function documentTitle(pathname: string, locale: Locale): string {
  const id = pageRouteOf(pathname);
  const title = id ? PAGE_TITLES[id] : undefined;
  if (!title) return "Loupe";
  const section = translate(locale, title.key);
  // The home page's own title already names Loupe.
  return title.key === "home.title" ? section : `${section} · Loupe`;
}
