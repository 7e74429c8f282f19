// The pieces list's server side: one page of the list with the choices its filters and bulk
// actions offer, saved views, and bulk changes reported piece by piece in the reader's language.
import { neutraliseTexts } from "../domain/bidi";
import { listPieces, pieceListQuery } from "../models/pieces.server";
import { listLocations } from "../models/locations.server";
import { countDetailsPending } from "../models/details.server";
import { deleteView, listSavedViews, saveView } from "../models/saved-views.server";
import { changePieces } from "../services/catalog/bulk-changes.server";
import { TEMPLATES } from "../domain/tags/templates";
import { defaultTagTemplate } from "../domain/shop-defaults";
import { parseListQuery } from "../domain/schemas/list";
import type { BulkAction, ListAction } from "../domain/schemas/piece-actions";
import { translate } from "../i18n";
import { permissionAnswer, reasonAnswer, type AdminContext } from "./admin-context.server";
import { statePermission } from "../domain/staff/permissions";
import { printRefusalReason } from "./kiosk-errors.server";

export type BulkAnswer = {
  ok: boolean;
  message: string;
  id?: string;
  done?: number;
  total?: number;
  refusals?: { pieceId: string; tagCode: string; reason: string }[];
};

export async function piecesListPage({ shop, locale, can }: AdminContext, search: URLSearchParams) {
  const query = parseListQuery(search);
  const [result, views, locations, detailsPending] = await Promise.all([
    listPieces(shop.id, pieceListQuery(query)),
    listSavedViews(shop.id),
    listLocations(shop.id),
    countDetailsPending(shop.id),
  ]);
  // Texts stored with direction controls (before the forms refused them, or from Shopify) are shown
  // without them (app/domain/bidi.ts).
  return {
    ...neutraliseTexts(result),
    weightUnit: shop.weightUnit,
    views,
    locations: locations.map((l) => ({ id: l.id, path: l.path })),
    templates: TEMPLATES.map((t) => ({ id: t.id, name: t.name[locale] ?? t.name.en, rfid: t.rfidCapable })),
    defaultTemplateId: defaultTagTemplate(shop.defaultTagTemplateId),
    detailsPending,
    // What this person's role lets them do from the list; the page offers nothing else.
    may: {
      receive: can("pieces.receive"),
      move: can("pieces.move"),
      state: can("pieces.state") || can("pieces.stateSensitive"),
      print: can("pieces.print"),
      export: can("data.export"),
      import: can("data.import"),
    },
  };
}

export async function listAction(context: AdminContext, input: ListAction): Promise<Response> {
  const { shop, actor, locale } = context;
  switch (input.intent) {
    case "saveView": {
      const saved = await saveView(shop.id, input.name, input.params, actor);
      return saved.ok
        ? Response.json({
            ok: true,
            id: saved.id,
            message: translate(locale, "catalog.views.saved", { name: input.name }),
          })
        : Response.json(
            {
              ok: false,
              message: translate(locale, "catalog.views.duplicate", { name: input.name }),
            } satisfies BulkAnswer,
            { status: 409 },
          );
    }
    case "deleteView": {
      const gone = await deleteView(shop.id, input.id, actor);
      return Response.json({ ok: gone, message: "" } satisfies BulkAnswer, { status: gone ? 200 : 404 });
    }
    default: {
      const gate =
        input.intent === "state" ? statePermission(input.to) : input.intent === "move" ? "pieces.move" : "pieces.print";
      const refused =
        permissionAnswer(context, gate) ??
        (input.intent === "state" ? reasonAnswer(context, input.to, input.reason) : null);
      return refused ?? bulkAnswer(context, input);
    }
  }
}

/** 200 when any piece changed (the refusals listed beside), 409 when every piece was refused. */
async function bulkAnswer({ shop, actor, locale, can }: AdminContext, change: BulkAction): Promise<Response> {
  const outcome = await changePieces(
    shop.id,
    change,
    actor,
    translate(locale, "catalog.bulk.defaultReason"),
    can("pieces.stateSensitive"),
  );
  const { done, total } = outcome;
  const refusals = outcome.refusals.map((r) => ({
    pieceId: r.pieceId,
    tagCode: r.tagCode,
    reason: printRefusalReason(locale, r),
  }));
  const message =
    change.intent === "print"
      ? translate(locale, "catalog.bulk.printed", { count: done })
      : translate(locale, "catalog.bulk.done", { done, total });
  return Response.json({ ok: refusals.length === 0, message, done, total, refusals } satisfies BulkAnswer, {
    status: done === 0 && refusals.length ? 409 : 200,
  });
}
