/**
 * The shop's location tree as plain rows: who descends from whom, and the paths a rename or a move
 * gives a node and everything under it. Walked by parentId, never by path prefix, because a
 * Shopify location's name may itself contain " > ".
 */

export type TreeRow = { id: string; parentId: string | null; name: string; path: string };

export const PATH_SEPARATOR = " > ";

export function pathOf(parentPath: string | null, name: string): string {
  return parentPath === null ? name : `${parentPath}${PATH_SEPARATOR}${name}`;
}

/** Every row under `id` (children, their children…), nearest first. */
export function descendantsOf<T extends TreeRow>(rows: readonly T[], id: string): T[] {
  const children = new Map<string, T[]>();
  for (const row of rows) {
    if (row.parentId === null) continue;
    const list = children.get(row.parentId) ?? [];
    list.push(row);
    children.set(row.parentId, list);
  }
  const out: T[] = [];
  const queue = [...(children.get(id) ?? [])];
  while (queue.length > 0) {
    const next = queue.shift()!;
    out.push(next);
    queue.push(...(children.get(next.id) ?? []));
  }
  return out;
}

/** True when `candidate` is `id` itself or lies under it: a node cannot move there. */
export function isSelfOrDescendant(rows: readonly TreeRow[], id: string, candidate: string): boolean {
  return candidate === id || descendantsOf(rows, id).some((r) => r.id === candidate);
}

/**
 * The new path of `id` and of each row under it after it is renamed to `name` and/or placed under
 * `parentPath` (null for a site). Rows whose path does not change are left out.
 */
export function repath(
  rows: readonly TreeRow[],
  id: string,
  change: { name: string; parentPath: string | null },
): { id: string; from: string; to: string }[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const node = byId.get(id);
  if (!node) return [];
  const newPaths = new Map<string, string>([[id, pathOf(change.parentPath, change.name)]]);
  for (const row of descendantsOf(rows, id)) {
    // Nearest first, so the parent's new path is always known.
    newPaths.set(row.id, pathOf(newPaths.get(row.parentId!) ?? null, row.name));
  }
  return [...newPaths]
    .map(([rowId, to]) => ({ id: rowId, from: byId.get(rowId)!.path, to }))
    .filter((c) => c.from !== c.to);
}

/** Paths that `changes` would take from rows outside the changed set (the unique path would refuse them). */
export function pathClashes(
  rows: readonly TreeRow[],
  changes: readonly { id: string; to: string }[],
): { id: string; to: string }[] {
  const moving = new Set(changes.map((c) => c.id));
  const taken = new Set(rows.filter((r) => !moving.has(r.id)).map((r) => r.path));
  return changes.filter((c) => taken.has(c.to));
}
