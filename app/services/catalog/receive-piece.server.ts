// Receiving a piece from the intake form: the form checked again (the server is the authority),
// the Shopify variant it names looked up, then the piece written whole. Composes the intake
// service; every refusal comes back as issues on the form's fields.
import type { Actor } from "../../models/actor";
import { checkPieceForm, type Issue } from "../../domain/schemas/piece";
import {
  createPiece,
  lookUpVariant,
  newPieceFromForm,
  refusalIssue,
  type AdminGraphql,
  type LinkedVariant,
} from "./intake.server";

export type ReceiveRefusalCode =
  /** The form does not pass the schema. */
  | "INVALID"
  /** Cost or supplier sent by a role that may not see them: a permission problem, not a typing one. */
  | "COST_FORBIDDEN"
  /** The variant to attach could not be looked up because Shopify did not answer. */
  | "SHOPIFY_UNAVAILABLE"
  /** The variant to attach does not exist or may not be shared. */
  | "VARIANT_REFUSED"
  /** The database refused the piece (a taken tag code, a duplicate certificate…). */
  | "REFUSED";

export type ReceiveResult =
  { ok: true; pieceId: string; tagCode: string } | { ok: false; code: ReceiveRefusalCode; issues: Issue[] };

export async function receivePiece(
  shop: { id: string; currency: string },
  admin: AdminGraphql,
  form: unknown,
  actor: Actor,
  context: { locale: string; canSeeCost: boolean },
): Promise<ReceiveResult> {
  const checked = checkPieceForm(form, {
    locale: context.locale,
    currency: shop.currency,
    canSeeCost: context.canSeeCost,
  });
  if (!checked.ok) {
    const forbidden = checked.issues.some((i) => i.message === "catalog.error.costForbidden");
    return { ok: false, code: forbidden ? "COST_FORBIDDEN" : "INVALID", issues: checked.issues };
  }
  const piece = checked.value;
  let variant: LinkedVariant | null = null;
  if (piece.link === "attach" && piece.variantRef) {
    const found = await lookUpVariant(admin, piece.variantRef);
    if (!found.ok) {
      const unavailable = found.issue.message === "catalog.error.shopifyUnavailable";
      return { ok: false, code: unavailable ? "SHOPIFY_UNAVAILABLE" : "VARIANT_REFUSED", issues: [found.issue] };
    }
    variant = found.variant;
  }
  const result = await createPiece(
    shop.id,
    newPieceFromForm(piece, { currency: shop.currency, variant }),
    actor,
    "received",
    {
      createShopifyProduct: piece.link === "create",
    },
  );
  if (!result.ok) return { ok: false, code: "REFUSED", issues: result.errors.map(refusalIssue) };
  return { ok: true, pieceId: result.pieceId, tagCode: result.tagCode };
}
