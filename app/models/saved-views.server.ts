// Pieces-list views a person saved under a name: the list's URL parameters as JSON.
import { db } from "../db.server";
import { appendAudit } from "./audit.server";
import { actorLabel, type Actor } from "./actor";
import { parseListQuery, viewParams } from "../domain/schemas/list";

export type SavedViewRow = { id: string; name: string; params: Record<string, string> };

export async function listSavedViews(shopId: string): Promise<SavedViewRow[]> {
  const rows = await db.savedView.findMany({ where: { shopId }, orderBy: { name: "asc" } });
  // Re-read through the list schema: a view saved before a filter changed still opens.
  return rows.map((r) => ({ id: r.id, name: r.name, params: viewParams(parseListQuery(safeJson(r.query))) }));
}

function safeJson(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export type SaveViewResult = { ok: true; id: string } | { ok: false; code: "DUPLICATE_NAME" };

export async function saveView(
  shopId: string,
  name: string,
  params: Record<string, string>,
  actor: Actor,
): Promise<SaveViewResult> {
  return db.$transaction(async (tx) => {
    const clash = await tx.savedView.findFirst({ where: { shopId, name }, select: { id: true } });
    if (clash) return { ok: false as const, code: "DUPLICATE_NAME" as const };
    const clean = viewParams(parseListQuery(params));
    const row = await tx.savedView.create({
      data: { shopId, name, query: JSON.stringify(clean), createdBy: actorLabel(actor) },
    });
    await appendAudit(tx, shopId, {
      actor,
      action: "view.saved",
      entityType: "SavedView",
      entityId: row.id,
      data: { name, params: clean },
    });
    return { ok: true as const, id: row.id };
  });
}

export async function deleteView(shopId: string, id: string, actor: Actor): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const row = await tx.savedView.findFirst({ where: { shopId, id } });
    if (!row) return false;
    await tx.savedView.delete({ where: { id: row.id } });
    await appendAudit(tx, shopId, {
      actor,
      action: "view.deleted",
      entityType: "SavedView",
      entityId: row.id,
      data: { name: row.name },
    });
    return true;
  });
}
