// Stock differences (/app/drift): what the page shows and what its two forms do (check now, resolve
// one difference with a note that goes into the audit log).
import { z } from "zod";
import { readForm } from "./admin-action.server";
import { requireAdmin } from "./admin-context.server";
import { openDrifts, reconcileShop, resolveDrift } from "../services/sync/reconcile.server";
import { deadEntries, outboxCounts } from "../models/outbox.server";
import { pieceLabelsOfVariants, siteNames } from "../models/stock-differences.server";
import { translate } from "../i18n";

export async function driftPage(request: Request) {
  const { shop } = await requireAdmin(request, "pieces.view");
  const [drifts, counts, dead, sites] = await Promise.all([
    openDrifts(shop.id),
    outboxCounts(shop.id),
    deadEntries(shop.id),
    siteNames(shop.id),
  ]);
  const pieces = await pieceLabelsOfVariants(
    shop.id,
    drifts.map((d) => d.variantGid),
  );
  return {
    drifts: drifts.map((d) => ({
      ...d,
      piece: pieces.find((p) => p.variantGid === d.variantGid) ?? null,
      locationName: sites.find((s) => s.shopifyLocationGid === d.shopifyLocationGid)?.name ?? d.shopifyLocationGid,
    })),
    pending: (counts.pending ?? 0) + (counts.in_flight ?? 0),
    dead: dead.map((d) => ({ id: d.id, kind: d.kind, lastError: d.lastError, createdAt: d.createdAt })),
    timeZone: shop.ianaTimezone,
  };
}

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("check") }),
  z.object({
    intent: z.literal("resolve"),
    driftId: z.string().min(1).max(64),
    resolution: z.enum(["set_shopify_to_loupe", "checked_no_change"]),
    note: z.string().trim().min(1).max(500),
  }),
]);

export async function driftAction(request: Request) {
  const { shop, actor, locale } = await requireAdmin(request, "stock.resolve");
  const parsed = actionSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) {
    const noteMissing = parsed.error.issues.some((i) => i.path[0] === "note");
    return Response.json(
      { error: translate(locale, noteMissing ? "drift.noteRequired" : "error.title") },
      { status: 422 },
    );
  }
  if (parsed.data.intent === "check") {
    const result = await reconcileShop(shop.id);
    return { message: translate(locale, "drift.checked", { checked: result.checked, drifts: result.drifts }) };
  }
  const result = await resolveDrift(shop.id, parsed.data.driftId, parsed.data.resolution, actor, parsed.data.note);
  if (!result.ok && result.code === "ALREADY_RESOLVED")
    return Response.json({ error: translate(locale, "drift.alreadyResolved") }, { status: 409 });
  if (!result.ok) return Response.json({ error: translate(locale, "drift.notFound") }, { status: 404 });
  return { message: translate(locale, "drift.resolved") };
}
