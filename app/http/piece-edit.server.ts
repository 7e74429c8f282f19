// Editing a piece from its page: the request read with its schema, the form checked with the
// intake's rules (400 beside each field; 403 for cost sent by a role that may not see it), then
// the edit service. A piece changed meanwhile answers 409 with who changed it, when, and the
// fields that now differ; the page keeps what the person typed.
import { checkPieceEdit, pieceEditRequestSchema } from "../domain/schemas/piece-edit";
import { fieldErrors } from "../domain/schemas/field-errors";
import { editPiece, type EditedField } from "../services/catalog/edit-piece.server";
import { formatDateTime, intlLocale, translate, type Locale, type MessageKey } from "../i18n";
import type { AdminContext } from "./admin-context.server";
import { refusedAnswer, type ActionFailure } from "./admin-action.server";
import { invalidResponse } from "./admin-response.server";

const FIELD_LABEL: Record<EditedField, MessageKey> = {
  title: "catalog.field.title",
  description: "catalog.field.description",
  madeBy: "catalog.field.madeBy",
  originNotes: "catalog.field.originNotes",
  gtin: "catalog.field.gtin",
  notes: "catalog.field.notes",
  metals: "catalog.new.section.metals",
  stones: "catalog.new.section.stones",
  certificates: "catalog.new.section.certificates",
  cost: "catalog.field.cost",
  supplier: "catalog.field.supplier",
};

const fieldName = (locale: Locale, field: EditedField, currency: string) =>
  translate(locale, FIELD_LABEL[field], { currency });

const asResponse = (answer: ReturnType<typeof refusedAnswer>, extra: Record<string, unknown> = {}) =>
  Response.json({ ...answer.data, ...extra }, answer.init ?? undefined);

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
  const result = await editPiece(shop.id, id, { version: request.data.version, reason, edit: checked.value }, actor);
  if (result.ok)
    return Response.json({
      ok: true,
      intent: "edit",
      version: result.version,
      changed: result.changed,
      message: translate(locale, result.changed.length ? "catalog.edit.saved" : "catalog.edit.unchanged"),
    });
  const options = { prefix: "catalog.edit.error.", fallback: "form.error.summary", intent: "edit" } as const;
  switch (result.code) {
    case "PIECE_STALE": {
      const fields = result.fields.map((f) => fieldName(locale, f, shop.currency));
      const vars = {
        who: result.by ?? "?",
        when: result.at ? formatDateTime(result.at, locale, shop.ianaTimezone) : "?",
        fields: fields.join(", ") || "—",
      };
      return asResponse(refusedAnswer(locale, { code: result.code, vars, details: fields }, options), {
        conflict: { by: result.by, at: result.at, fields: result.fields },
      });
    }
    case "DUPLICATE_CERTIFICATE":
      return asResponse(
        refusedAnswer(
          locale,
          { code: result.code, field: result.field, vars: { lab: result.lab, number: result.number } },
          options,
        ),
      );
    case "SHOPIFY_OWNS_TEXT":
    case "UNKNOWN_CERTIFICATE":
      return asResponse(refusedAnswer(locale, { code: result.code, field: result.field }, options));
    case "PIECE_NOT_FOUND":
      return asResponse(refusedAnswer(locale, { code: result.code }, options));
  }
}
