// The document title of every admin page (the browser tab, the window list, what a screen reader
// announces on arrival): "<page> · Loupe", in the admin's language. One table, read by the app
// layout's `meta` (app/routes/app.tsx), so a page cannot be added without a title unnoticed:
// test/unit/app/page-titles.test.ts checks every admin page route file is listed.
import { translate, type Locale, type MessageKey } from "../i18n";

type Title = {
  key: MessageKey;
  /** A detail page: what it is about, read from its loader data, before the section's name. */
  subject?: (data: unknown) => unknown;
};

const at = (data: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined), data);

export const PAGE_TITLES: Record<string, Title> = {
  "routes/app._index": { key: "home.title" },
  "routes/app.catalogue": { key: "catalogue.title" },
  "routes/app.drift": { key: "drift.title" },
  "routes/app.import": { key: "catalog.import.title" },
  "routes/app.kiosks._index": { key: "kiosk.title" },
  "routes/app.materials._index": { key: "materials.title" },
  "routes/app.materials.classes.$id": { key: "materials.title", subject: (d) => at(d, "cls", "label") },
  "routes/app.materials.impairment": { key: "materials.impairment.title" },
  "routes/app.materials.jobs._index": { key: "materials.jobs.title" },
  "routes/app.materials.jobs.$id": { key: "materials.jobs.title", subject: (d) => at(d, "job", "number") },
  "routes/app.materials.prices": { key: "materials.prices.title" },
  "routes/app.materials.reports": { key: "materials.reports.title" },
  "routes/app.materials.settings": { key: "materials.settings.title" },
  "routes/app.partners._index": { key: "partners.title" },
  "routes/app.partners.$id": { key: "partners.title", subject: (d) => at(d, "partner", "form", "name") },
  "routes/app.partners.import": { key: "partners.import.title" },
  "routes/app.permissions": { key: "permissions.title" },
  "routes/app.pieces._index": { key: "pieces.title" },
  "routes/app.pieces.$id": { key: "pieces.title", subject: (d) => at(d, "piece", "title") },
  "routes/app.pieces.new": { key: "catalog.new.title" },
  "routes/app.pieces.to-complete": { key: "details.title" },
  "routes/app.provenance._index": { key: "prov.admin.title" },
  "routes/app.provenance.$id": { key: "prov.admin.title", subject: (d) => at(d, "piece", "title") },
  "routes/app.settings": { key: "settings.title" },
  "routes/app.setup": { key: "setup.title" },
  "routes/app.staff": { key: "staff.title" },
  "routes/app.tags": { key: "tags.title" },
};

/** "Bague Élise · Pièces · Loupe"; a route not in the table (an error page) is just "Loupe". */
export function documentTitle(routeId: string | undefined, locale: Locale, data: unknown): string {
  const title = routeId ? PAGE_TITLES[routeId] : undefined;
  if (!title) return "Loupe";
  const section = translate(locale, title.key);
  const subject = title.subject?.(data);
  const parts = [typeof subject === "string" && subject !== "" ? subject : null, section];
  // The home page's own title already names Loupe.
  if (title.key !== "home.title") parts.push("Loupe");
  return parts.filter(Boolean).join(" · ");
}
