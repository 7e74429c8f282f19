// The "details to complete" page's server side: the list with each piece's completion marks (cost
// judged, and suppliers offered, only for roles that may see cost; no cost value ever goes into the
// page's data), marking pieces complete, the bulk edit of common fields, and the details sheet's
// dry run and apply. Answers are JSON for the page's fetchers, messages in the reader's language.
import { withoutBidiControls } from "../domain/bidi";
import { z } from "zod";
import { detailsCompletion, DETAILS_HEADERS, missingFields, type DetailsColumn } from "../domain/details";
import { checkBulkMetal, detailsActionSchema, type DetailsAction } from "../domain/schemas/details";
import { fieldErrors } from "../domain/schemas/field-errors";
import { intlLocale, translate, type MessageKey } from "../i18n";
import { countDetailsPending, listDetailsPending, listSuppliers } from "../models/details.server";
import { listLocations } from "../models/locations.server";
import { bulkEditDetails, markDetailsComplete, type BatchOutcome } from "../services/catalog/details.server";
import { readDetailsSheet, type SheetResult } from "../services/catalog/details-csv.server";
import { choiceOptions } from "../domain/csv/choice-words";
import { productsHavePhotos } from "../shopify/product-media.server";
import { permissionAnswer, type AdminContext } from "./admin-context.server";
import { readBody, readForm } from "./admin-action.server";
import { invalidResponse } from "./admin-response.server";

export async function detailsPage({ shop, canSeeCost, admin, can }: AdminContext, search: URLSearchParams) {
  const locationId = search.get("location") || undefined;
  const cursor = search.get("cursor") || undefined;
  const [page, total, locations, suppliers] = await Promise.all([
    listDetailsPending(shop.id, { locationId, cursor }),
    countDetailsPending(shop.id, { locationId }),
    listLocations(shop.id),
    canSeeCost ? listSuppliers(shop.id) : Promise.resolve([]),
  ]);
  const linked = page.pieces.flatMap((p) => (p.productGid ? [p.productGid] : []));
  const photos = linked.length ? await productsHavePhotos(admin, linked) : new Map<string, boolean>();
  return {
    // What this person's role lets them do here; the page offers nothing else (the action checks again).
    may: { edit: can("pieces.edit"), sheet: can("data.export") && can("data.import") },
    total,
    nextCursor: page.nextCursor,
    location: locationId ?? "",
    canSeeCost,
    locations: locations.map((l) => ({ id: l.id, path: l.path, shopifyLocationGid: l.shopifyLocationGid })),
    suppliers,
    pieces: page.pieces.map((p) => {
      const photoCount = !p.productGid ? 0 : photos === null ? null : photos.get(p.productGid) ? 1 : 0;
      const completion = detailsCompletion(
        {
          metals: p.metals,
          stones: p.stones,
          certificateCount: p.certificates.length,
          photoCount,
          ...(canSeeCost ? { costMinor: p.costMinor } : {}),
        },
        { canSeeCost },
      );
      const metal = p.metals[0];
      return {
        id: p.id,
        tagCode: p.tagCode,
        title: withoutBidiControls(p.title),
        sku: p.sku === null ? null : withoutBidiControls(p.sku),
        version: p.version,
        locationPath: p.location?.path ?? null,
        shopifyLocationGid: p.shopifyLocationGid,
        metal: metal ? { metal: metal.metal, finenessBp: metal.finenessBp } : null,
        completion,
        missing: missingFields(completion),
      };
    }),
  };
}

/** Home page and pieces list: how many pieces wait for their details. */
export const detailsPendingCount = (shopId: string) => countDetailsPending(shopId);

export type DetailsAnswer = {
  ok: boolean;
  message: string;
  errors?: Record<string, string>;
  refusals?: { pieceId: string; tagCode: string; reason: string }[];
  sheet?: SheetAnswer;
};

type SheetAnswer = Extract<SheetResult, { ok: true }> & {
  rows: (Extract<SheetResult, { ok: true }>["rows"][number] & {
    messages: { column: string; message: string }[];
    changeLines: string[];
  })[];
};

export async function detailsAction(context: AdminContext, request: Request): Promise<Response> {
  const type = request.headers.get("Content-Type") ?? "";
  if (type.includes("multipart/form-data"))
    return permissionAnswer(context, "data.import") ?? sheetAnswer(context, await readForm(request));
  const body = await readBody(request);
  const parsed = body.ok ? detailsActionSchema.safeParse(body.value) : null;
  if (!parsed?.success) return invalidResponse(context.locale, parsed ? parsed.error : null);
  return batchAnswer(context, parsed.data);
}

async function batchAnswer(context: AdminContext, input: DetailsAction): Promise<Response> {
  const { shop, locale, actor, canSeeCost } = context;
  const reason = input.reason || translate(locale, "details.defaultReason");
  if (input.intent === "complete") {
    const outcome = await markDetailsComplete(shop.id, input.pieces, actor, reason, { canSeeCost });
    return outcomeAnswer(context, outcome, "details.completed");
  }
  const moveRefused = input.locationId ? permissionAnswer(context, "pieces.move") : null;
  if (moveRefused) return moveRefused;
  // Supplier is private like cost: a role that may not see it may not set it.
  if (input.supplierId && !canSeeCost)
    return Response.json(
      {
        ok: false,
        message: translate(locale, "details.error.supplierForbidden"),
        errors: { supplierId: translate(locale, "details.error.supplierForbidden") },
      } satisfies DetailsAnswer,
      { status: 403 },
    );
  if (!input.metal && !input.supplierId && !input.locationId)
    return Response.json(
      { ok: false, message: translate(locale, "details.edit.nothing"), errors: {} } satisfies DetailsAnswer,
      { status: 400 },
    );
  let metal;
  if (input.metal) {
    const checked = checkBulkMetal(input.metal, { locale: intlLocale(locale), currency: shop.currency, canSeeCost });
    if (!checked.ok)
      return Response.json(
        {
          ok: false,
          message: translate(locale, "form.error.summary"),
          errors: fieldErrors(checked.issues, locale),
        } satisfies DetailsAnswer,
        { status: 400 },
      );
    metal = checked.value;
  }
  const outcome = await bulkEditDetails(
    shop.id,
    input.pieces,
    { metal, supplierId: input.supplierId, locationId: input.locationId },
    actor,
    reason,
  );
  return outcomeAnswer(context, outcome, "details.edit.done");
}

/** 200 when the batch was written; 409 with every refused piece and why when nothing was. */
function outcomeAnswer({ locale }: AdminContext, outcome: BatchOutcome, done: MessageKey): Response {
  if (outcome.ok)
    return Response.json({
      ok: true,
      message: translate(locale, done, { count: outcome.done }),
    } satisfies DetailsAnswer);
  const refusals = outcome.refusals.map((r) => ({
    pieceId: r.pieceId,
    tagCode: r.tagCode,
    reason: translate(locale, `details.refusal.${r.code}`),
  }));
  const status = outcome.refusals.every((r) => r.code === "NOT_FOUND") ? 404 : 409;
  return Response.json(
    {
      ok: false,
      message: translate(locale, "details.refused", { count: refusals.length }),
      refusals,
    } satisfies DetailsAnswer,
    { status },
  );
}

const sheetFormSchema = z.object({
  intent: z.enum(["check", "apply"]),
  encoding: z.enum(["utf-8", "windows-1252"]).default("utf-8"),
  markComplete: z.enum(["on", "true", "false", ""]).optional(),
  reason: z.string().trim().max(200).optional(),
});

async function sheetAnswer(context: AdminContext, form: FormData): Promise<Response> {
  const { shop, locale, actor, canSeeCost } = context;
  const fields = sheetFormSchema.safeParse(
    Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string")),
  );
  if (!fields.success) return invalidResponse(locale, fields.error);
  const file = form.get("file");
  if (!(file instanceof Blob) || file.size === 0) {
    const message = translate(locale, "details.sheet.problem.NO_FILE");
    return Response.json({ ok: false, message, errors: { file: message } } satisfies DetailsAnswer, { status: 400 });
  }
  const result = await readDetailsSheet(
    shop,
    {
      bytes: new Uint8Array(await file.arrayBuffer()),
      encoding: fields.data.encoding,
      apply: fields.data.intent === "apply",
      markComplete: fields.data.markComplete === "on" || fields.data.markComplete === "true",
      reason: fields.data.reason || translate(locale, "details.defaultReason"),
    },
    actor,
    { locale, canSeeCost },
  );
  const header = (c: DetailsColumn | "row") =>
    c === "row" ? translate(locale, "details.sheet.row", { row: "" }).trim() : DETAILS_HEADERS[locale][c];
  if (!result.ok) {
    const p = result.problem;
    const vars: Record<string, string | number> =
      p.code === "INVALID_UTF8"
        ? { offset: p.offset }
        : p.code === "PARSE"
          ? { line: p.line }
          : p.code === "TOO_MANY_ROWS"
            ? { max: p.max }
            : p.code === "MISSING_COLUMNS"
              ? { columns: p.columns.map(header).join(", ") }
              : {};
    const message = translate(locale, `details.sheet.problem.${p.code}`, vars);
    return Response.json({ ok: false, message, errors: { file: message } } satisfies DetailsAnswer, { status: 422 });
  }
  const sheet: SheetAnswer = {
    ...result,
    rows: result.rows.map((r) => ({
      ...r,
      messages: r.issues.map((i) => ({
        column: header(i.column),
        message: i.choice
          ? [
              translate(locale, i.message),
              translate(locale, "csv.issue.value", { value: i.params?.value ?? "" }),
              translate(locale, "csv.issue.options", { options: choiceOptions(i.choice, locale).join(", ") }),
            ].join(" ")
          : translate(locale, i.message, i.params ?? {}),
      })),
      changeLines: r.changes.map((c) =>
        translate(locale, "details.sheet.change", {
          column: header(c.column),
          before: c.before || "—",
          after: c.after,
        }),
      ),
    })),
  };
  const message = translate(locale, result.applied ? "details.sheet.applied" : "details.sheet.checked", result.counts);
  return Response.json({ ok: result.counts.refused === 0, message, sheet } satisfies DetailsAnswer);
}
