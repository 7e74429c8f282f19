// Editing a piece from its page: the request read with its schema, the form checked with the
// intake's rules (400 beside each field; 403 for cost sent by a role that may not see it), then
// the edit service. A piece changed meanwhile answers 409 with who changed it, when, and the
// fields that now differ; the page keeps what the person typed. Changing a consigned piece's
// consignor needs a reason typed (the default reason does not do). The same page attaches the piece
// to a Shopify variant (found by SKU or variant id, as at intake) or detaches it.
import { z } from "zod";
import { checkPieceEdit, pieceEditRequestSchema } from "../domain/schemas/piece-edit";
import { fieldErrors } from "../domain/schemas/field-errors";
import { editPiece, type EditedField } from "../services/catalog/edit-piece.server";
import { attachPieceToVariant, detachPieceFromVariant, type LinkResult } from "../services/catalog/shopify-link.server";
import { lookUpVariant } from "../shopify/variants.server";
import { formatDateTime, intlLocale, translate, type Locale, type MessageKey } from "../i18n";
import type { AdminContext } from "./admin-context.server";
import { refusedAnswer, type ActionFailure, type RefusalStatus } from "./admin-action.server";
import { invalidResponse } from "./admin-response.server";

const FIELD_LABEL: Record<EditedField, MessageKey> = {
  title: "catalog.field.title",
  description: "catalog.field.description",
  madeBy: "catalog.field.madeBy",
  originNotes: "catalog.field.originNotes",
  gtin: "catalog.field.gtin",
  sku: "catalog.field.sku",
  acquiredAt: "catalog.field.acquiredAt",
  notes: "catalog.field.notes",
  metals: "catalog.new.section.metals",
  stones: "catalog.new.section.stones",
  certificates: "catalog.new.section.certificates",
  consignment: "catalog.new.section.consignment",
  consignor: "catalog.field.consignor",
  cost: "catalog.field.cost",
  supplier: "catalog.field.supplier",
};

/** Attaching to a variant or detaching from it, with the version the page was loaded at. */
export const pieceLinkRequestSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("attach"),
    version: z.number().int().min(1),
    variantRef: z.string().trim().min(1).max(200),
    reason: z.string().trim().max(200).optional(),
  }),
  z.object({
    intent: z.literal("detach"),
    version: z.number().int().min(1),
    reason: z.string().trim().max(200).optional(),
  }),
]);
export type PieceLinkRequest = z.infer<typeof pieceLinkRequestSchema>;

const fieldName = (locale: Locale, field: EditedField, currency: string) =>
  translate(locale, FIELD_LABEL[field], { currency });

const asResponse = (answer: ReturnType<typeof refusedAnswer>, extra: Record<string, unknown> = {}) =>
  Response.json({ ...answer.data, ...extra }, answer.init ?? undefined);

const OPTIONS = { prefix: "catalog.edit.error.", fallback: "form.error.summary" } as const;

/** Who changed the piece last and when, for the 409 a stale form gets. */
function staleAnswer(
  { locale, shop }: AdminContext,
  intent: string,
  result: { by: string | null; at: Date | null; fields?: EditedField[] },
) {
  const fields = (result.fields ?? []).map((f) => fieldName(locale, f, shop.currency));
  const vars = {
    who: result.by ?? "?",
    when: result.at ? formatDateTime(result.at, locale, shop.ianaTimezone) : "?",
    fields: fields.join(", ") || "—",
  };
  return asResponse(refusedAnswer(locale, { code: "PIECE_STALE", vars, details: fields }, { ...OPTIONS, intent }), {
    conflict: { by: result.by, at: result.at, fields: result.fields ?? [] },
  });
}

export async function editPieceAnswer(context: AdminContext, id: string, body: unknown): Promise<Response> {
  const { shop, locale, canSeeCost, actor } = context;
  const request = pieceEditRequestSchema.safeParse(body);
  if (!request.success) return invalidResponse(locale, request.error, "edit");
  const checked = checkPieceEdit(request.data.form, {
    locale: intlLocale(locale),
    currency: shop.currency,
    canSeeCost,
  });
  if (!checked.ok) {
    const forbidden = checked.issues.some((i) => i.message === "catalog.error.costForbidden");
    const failure: ActionFailure = {
      ok: false,
      intent: "edit",
      message: translate(locale, forbidden ? "catalog.edit.error.COST_FORBIDDEN" : "form.error.summary"),
      errors: fieldErrors(checked.issues, locale),
    };
    return Response.json(failure, { status: forbidden ? 403 : 400 });
  }
  const reason = request.data.reason || translate(locale, "catalog.edit.defaultReason");
  const result = await editPiece(
    shop.id,
    id,
    { version: request.data.version, reason, reasonTyped: Boolean(request.data.reason), edit: checked.value },
    actor,
  );
  if (result.ok)
    return Response.json({
      ok: true,
      intent: "edit",
      version: result.version,
      changed: result.changed,
      provenanceVersion: result.provenance?.version ?? null,
      message: translate(locale, result.changed.length ? "catalog.edit.saved" : "catalog.edit.unchanged"),
    });
  const options = { ...OPTIONS, intent: "edit" } as const;
  switch (result.code) {
    case "PIECE_STALE":
      return staleAnswer(context, "edit", result);
    case "DUPLICATE_CERTIFICATE":
      return asResponse(
        refusedAnswer(
          locale,
          { code: result.code, field: result.field, vars: { lab: result.lab, number: result.number } },
          // Recorded by another request at the same moment: a conflict, said beside the field.
          { ...options, ...(result.raced ? { status: 409 as const } : {}) },
        ),
      );
    case "CONSIGNMENT_CLOSED":
    case "CONSIGNOR_LOCKED":
      return asResponse(refusedAnswer(locale, { code: result.code, field: result.field }, { ...options, status: 409 }));
    case "REASON_REQUIRED":
    case "UNKNOWN_PARTNER":
    case "SHOPIFY_OWNS_TEXT":
    case "SHOPIFY_OWNS_SKU":
    case "UNKNOWN_CERTIFICATE":
    case "NOT_CONSIGNED":
    case "DUE_BEFORE_RECEIVED":
      return asResponse(refusedAnswer(locale, { code: result.code, field: result.field }, options));
    case "PIECE_NOT_FOUND":
      return asResponse(refusedAnswer(locale, { code: result.code }, options));
  }
}

const LINK_STATUS: Partial<Record<string, RefusalStatus>> = { NOT_LINKED: 409, PIECE_SOLD: 409 };

/** Attach (the variant looked up in Shopify first, outside any transaction) or detach. */
export async function linkPieceAnswer(context: AdminContext, id: string, body: unknown): Promise<Response> {
  const { shop, locale, actor, admin } = context;
  const request = pieceLinkRequestSchema.safeParse(body);
  if (!request.success) return invalidResponse(locale, request.error, (body as { intent?: string })?.intent);
  const input = request.data;
  const reason = input.reason || translate(locale, "catalog.edit.defaultReason");
  let result: LinkResult;
  if (input.intent === "attach") {
    const found = await lookUpVariant(admin, input.variantRef);
    if (!found.ok) {
      const failure: ActionFailure = {
        ok: false,
        intent: "attach",
        message: translate(locale, "form.error.summary"),
        errors: fieldErrors([found.issue], locale),
      };
      // Shopify not answering is nobody's mistake to correct: 503, try again later.
      return Response.json(failure, { status: found.issue.message === "catalog.error.shopifyUnavailable" ? 503 : 422 });
    }
    result = await attachPieceToVariant(shop.id, id, found.variant, { version: input.version, reason }, actor);
  } else {
    result = await detachPieceFromVariant(shop.id, id, { version: input.version, reason }, actor);
  }
  if (result.ok)
    return Response.json({
      ok: true,
      intent: input.intent,
      version: result.version,
      message: translate(locale, input.intent === "attach" ? "catalog.edit.attached" : "catalog.edit.detached"),
    });
  if (result.code === "PIECE_STALE") return staleAnswer(context, input.intent, result);
  const status = LINK_STATUS[result.code];
  return asResponse(
    refusedAnswer(
      locale,
      {
        code: result.code,
        ...("field" in result ? { field: result.field } : {}),
        ...("tagCode" in result ? { vars: { tagCode: result.tagCode } } : {}),
      },
      { ...OPTIONS, intent: input.intent, ...(status ? { status } : {}) },
    ),
  );
}
