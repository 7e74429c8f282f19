// The set-up page (/app/setup): the location tree it shows and the changes its forms make.
import { requireAdmin } from "./admin-context.server";
import { invalidAnswer, readBody, refusedAnswer } from "./admin-action.server";
import { locationTree, shopifyLocationNames } from "../models/locations.server";
import { syncSitesFromShopify } from "../services/locations/sites.server";
import { locationCodeOf, queueLocationLabel } from "../services/locations/labels.server";
import {
  addChildLocation,
  archiveLocation,
  moveLocation,
  renameLocation,
  type TreeResult,
} from "../services/locations/tree.server";
import { setupForm } from "../domain/locations/forms";
import { translate, type Locale, type MessageKey } from "../i18n";

export async function setupPage(request: Request) {
  const { shop } = await requireAdmin(request, "settings.manage");
  const showArchived = new URL(request.url).searchParams.get("archived") === "1";
  const [rows, names] = await Promise.all([locationTree(shop.id), shopifyLocationNames(shop.id)]);
  return {
    showArchived,
    rows: rows
      .filter((r) => showArchived || r.archivedAt === null)
      .map((r) => ({
        id: r.id,
        parentId: r.parentId,
        name: r.name,
        path: r.path,
        kind: r.kind,
        code: locationCodeOf(r.id),
        archived: r.archivedAt !== null,
        shopifyName: r.parentId === null ? (names.get(r.shopifyLocationGid)?.name ?? null) : null,
      })),
  };
}

type Saved = { ok: true; intent: string; message: string; conflicts: string[] };

const saved = (locale: Locale, intent: "add" | "rename" | "move" | "archive", result: TreeResult & { ok: true }) =>
  ({
    ok: true,
    intent,
    message: translate(locale, `setup.saved.${intent}` as MessageKey, { path: result.path }),
    conflicts: [],
  }) satisfies Saved;

export async function setupAction(request: Request) {
  const { shop, admin, actor, locale } = await requireAdmin(request, "settings.manage");
  const body = await readBody(request);
  if (!body.ok) return invalidAnswer(locale, null);
  const named = (body.value as { intent?: unknown } | null)?.intent;
  const parsed = setupForm.safeParse(body.value);
  // Named after the form it came from, so the page shows each message beside the right field.
  if (!parsed.success) return invalidAnswer(locale, parsed.error, typeof named === "string" ? named : undefined);
  const input = parsed.data;
  const refused = (refusal: { code: string; field?: string; vars?: Record<string, string | number> }) =>
    refusedAnswer(locale, refusal, { prefix: "setup.error.", fallback: "setup.error.refused", intent: input.intent });

  if (input.intent === "import") {
    const result = await syncSitesFromShopify(shop.id, admin, actor);
    if (!result.ok) return refused({ code: result.code });
    return {
      ok: true,
      intent: "import",
      message: translate(locale, "setup.import.done", {
        created: result.created,
        renamed: result.renamed,
        archived: result.archived,
        restored: result.restored,
      }),
      conflicts: result.conflicts.map((c) => translate(locale, "setup.import.conflict", { name: c.name })),
    } satisfies Saved;
  }
  if (input.intent === "label") {
    const queued = await queueLocationLabel(shop.id, input, actor);
    if (!queued.ok) return refused(queued);
    return {
      ok: true,
      intent: "label",
      message: translate(locale, "setup.saved.label", { path: queued.path, code: queued.code }),
      conflicts: [],
    } satisfies Saved;
  }
  const result =
    input.intent === "add"
      ? await addChildLocation(shop.id, input, actor)
      : input.intent === "rename"
        ? await renameLocation(shop.id, input, actor)
        : input.intent === "move"
          ? await moveLocation(shop.id, input, actor)
          : await archiveLocation(shop.id, input, actor);
  return result.ok ? saved(locale, input.intent, result) : refused(result);
}
