/**
 * Location paths named by an imported stock list ("Boutique > Coffre 2 > Plateau 1"), read against
 * the shop's tree: the location each one names, or, when the person ticked "Create missing
 * locations", the places to create for it (parents first), or why it cannot be.
 *
 * Decisions beyond "create what is missing":
 * - Paths are compared without case (French rules) and with any spacing around ">", as the import
 *   always has; a new place takes the name as first written in the file.
 * - A path must start with an existing site (Shopify locations are the sites; Loupe never makes
 *   one), matched by its whole name, so a site whose name itself holds " > " still works.
 * - An archived place on the way refuses the path rather than creating a twin (its path is still
 *   taken, and archiving it said "no more pieces here").
 * - A new place's kind is guessed from the first word of its name that names a kind (French or
 *   English), else "other".
 */
import { locationName, type ChildKind } from "./forms";
import { PATH_SEPARATOR, pathOf } from "./tree";

export type ImportTreeRow = { id: string; parentId: string | null; name: string; path: string; archived: boolean };

/** A place the import would create: its path, its name and kind, its parent's path, its site. */
export type PlannedLocation = { path: string; name: string; kind: ChildKind; parentPath: string; site: string };

export type PathRefusal =
  | { message: "catalog.import.error.unknownLocation"; params: { path: string } }
  | { message: "catalog.import.error.unknownSite"; params: { site: string; sites: string } }
  | { message: "catalog.import.error.archivedLocation"; params: { path: string } }
  | { message: "catalog.import.error.locationName"; params: { name: string } };

export type PathResolution =
  | { kind: "existing"; id: string }
  /** To be created: `path` is the key of its entry in `planned` (the last one for this path). */
  | { kind: "create"; path: string }
  | { kind: "refused"; refusal: PathRefusal };

/** How an import compares paths: spacing around ">" and case do not matter. */
export function pathKey(path: string): string {
  return path
    .trim()
    .replace(/\s*>\s*/g, PATH_SEPARATOR)
    .toLocaleLowerCase("fr");
}

const KIND_WORDS: readonly [ChildKind, readonly string[]][] = [
  ["safe", ["coffre", "coffre-fort", "safe"]],
  ["showcase", ["vitrine", "showcase"]],
  ["tray", ["plateau", "tray"]],
  ["drawer", ["tiroir", "drawer"]],
  ["workshop", ["atelier", "etabli", "workshop", "workbench"]],
];

/** "Coffre 2" → safe, "Plateau bagues" → tray, "Réserve" → other. */
export function guessLocationKind(name: string): ChildKind {
  const words = name
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .split(/[^\p{L}-]+/u)
    .filter(Boolean);
  for (const word of words) {
    const found = KIND_WORDS.find(([, names]) => names.includes(word));
    if (found) return found[0];
  }
  return "other";
}

/**
 * Resolves each path (as written in the file) against `rows` (every location of the shop, archived
 * ones included). With `createMissing` off a path is either an existing, live location or refused
 * as unknown, exactly as before the option existed.
 */
export function resolveImportPaths(
  rows: readonly ImportTreeRow[],
  paths: readonly string[],
  createMissing: boolean,
): { resolved: Map<string, PathResolution>; planned: PlannedLocation[] } {
  const byKey = new Map(rows.map((r) => [pathKey(r.path), r]));
  const sites = rows.filter((r) => r.parentId === null);
  const liveSiteNames = sites
    .filter((s) => !s.archived)
    .map((s) => s.name)
    .sort((a, b) => a.localeCompare(b, "fr"));
  const planned = new Map<string, PlannedLocation>();
  const resolved = new Map<string, PathResolution>();

  const resolve = (written: string): PathResolution => {
    const key = pathKey(written);
    const found = byKey.get(key);
    if (found && !found.archived) return { kind: "existing", id: found.id };
    if (!createMissing)
      return {
        kind: "refused",
        refusal: { message: "catalog.import.error.unknownLocation", params: { path: written } },
      };
    if (found) return { kind: "refused", refusal: archived(found.path) };
    if (planned.has(key)) return { kind: "create", path: planned.get(key)!.path };
    // The longest site name the path starts with.
    const site = sites
      .filter((s) => key === pathKey(s.path) || key.startsWith(pathKey(s.path) + PATH_SEPARATOR))
      .sort((a, b) => b.path.length - a.path.length)[0];
    if (!site) {
      const first = written.split(">")[0]!.trim();
      return {
        kind: "refused",
        refusal: {
          message: "catalog.import.error.unknownSite",
          params: { site: first, sites: liveSiteNames.join(", ") },
        },
      };
    }
    if (site.archived) return { kind: "refused", refusal: archived(site.path) };
    // The rest of the path, as written, one name per level under the site.
    const names = written
      .trim()
      .replace(/\s*>\s*/g, PATH_SEPARATOR)
      .slice(site.path.length + PATH_SEPARATOR.length)
      .split(PATH_SEPARATOR);
    const toCreate: PlannedLocation[] = [];
    let parentPath = site.path;
    for (const raw of names) {
      const name = locationName.safeParse(raw);
      if (!name.success)
        return { kind: "refused", refusal: { message: "catalog.import.error.locationName", params: { name: raw } } };
      const path = pathOf(parentPath, name.data);
      const existing = byKey.get(pathKey(path));
      if (existing?.archived) return { kind: "refused", refusal: archived(existing.path) };
      const known = existing?.path ?? planned.get(pathKey(path))?.path;
      if (known) {
        parentPath = known;
        continue;
      }
      toCreate.push({ path, name: name.data, kind: guessLocationKind(name.data), parentPath, site: site.name });
      parentPath = path;
    }
    for (const p of toCreate) planned.set(pathKey(p.path), p);
    return { kind: "create", path: parentPath };
  };

  for (const written of paths) if (!resolved.has(pathKey(written))) resolved.set(pathKey(written), resolve(written));
  return { resolved, planned: [...planned.values()] };
}

const archived = (path: string): PathRefusal => ({
  message: "catalog.import.error.archivedLocation",
  params: { path },
});
