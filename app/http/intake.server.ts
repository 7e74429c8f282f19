// The intake form's server side: what the form needs to start, saving a piece (the form checked
// again here, where it is the authority), looking a Shopify variant up, and uploading a
// certificate scan. Every refusal is { ok: false, errors, message }, each message beside its field.
import { z } from "zod";
import { listLocations } from "../models/locations.server";
import { partnerChoices } from "../models/parties.server";
import { lookUpVariant, uploadCertificateScan } from "../services/catalog/intake.server";
import { receivePiece, type ReceiveRefusalCode } from "../services/catalog/receive-piece.server";
import { fieldErrors } from "../domain/schemas/field-errors";
import type { Issue } from "../domain/schemas/piece";
import { intlLocale, translate, type Locale } from "../i18n";
import type { AdminContext } from "./admin-context.server";
import { refusalStatus } from "./admin-action.server";

/** The form's JSON requests: save the form (checked by the piece schema after), or look a variant up. */
export const intakeRequestSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("save"), form: z.unknown() }),
  z.object({ intent: z.literal("lookup"), ref: z.string().trim().min(1).max(200) }),
]);
export type IntakeRequest = z.infer<typeof intakeRequestSchema>;

/** A certificate scan, sent as a file with the index of its certificate in the form. */
export const scanUploadSchema = z.object({
  scan: z.instanceof(File, { message: "catalog.error.uploadType" }),
  index: z.coerce.number().int().min(0).max(19),
  alt: z.string().optional(),
});

export async function intakePage({ shop, canSeeCost }: AdminContext) {
  const [locations, suppliers, consignors] = await Promise.all([
    listLocations(shop.id),
    // Suppliers are for the roles that see cost; consignors are on the form for everyone.
    canSeeCost ? partnerChoices(shop.id, "supplier") : Promise.resolve([]),
    partnerChoices(shop.id, "consignor"),
  ]);
  const detail = (p: { city: string | null; siren: string | null }) => [p.city, p.siren].filter(Boolean).join(" · ");
  return {
    currency: shop.currency,
    canSeeCost,
    weightUnit: shop.weightUnit,
    locations: locations.map((l) => ({ id: l.id, path: l.path })),
    suppliers: suppliers.map((p) => ({ id: p.id, name: p.name, detail: detail(p) })),
    consignors: consignors.map((p) => ({
      id: p.id,
      name: p.name,
      detail: detail(p),
      terms: { commissionBp: p.termsCommissionBp, returnDays: p.termsReturnDays, notes: p.termsNotes },
    })),
  };
}

function issuesAnswer(locale: Locale, issues: readonly Issue[], status: number): Response {
  return Response.json(
    { ok: false, errors: fieldErrors(issues, locale), message: translate(locale, "catalog.error.form") },
    { status },
  );
}

/** Shopify not answering is nobody's mistake to correct: 503, so the person tries again later. */
const receiveStatus = (code: ReceiveRefusalCode) => (code === "SHOPIFY_UNAVAILABLE" ? 503 : refusalStatus(code));

export async function intakeRequest(context: AdminContext, input: IntakeRequest): Promise<Response> {
  const { shop, admin, actor, locale, canSeeCost } = context;
  if (input.intent === "lookup") {
    const found = await lookUpVariant(admin, input.ref);
    return found.ok ? Response.json({ ok: true, variant: found.variant }) : issuesAnswer(locale, [found.issue], 422);
  }
  const received = await receivePiece(shop, admin, input.form, actor, { locale: intlLocale(locale), canSeeCost });
  if (!received.ok) return issuesAnswer(locale, received.issues, receiveStatus(received.code));
  return Response.json({ ok: true, pieceId: received.pieceId, tagCode: received.tagCode });
}

export async function uploadScan(
  { admin, locale }: AdminContext,
  input: z.infer<typeof scanUploadSchema>,
): Promise<Response> {
  const { scan, index } = input;
  const bytes = new Uint8Array(await scan.arrayBuffer());
  const alt = (input.alt ?? "").slice(0, 200) || "certificate";
  const uploaded = await uploadCertificateScan(admin, { name: scan.name, type: scan.type, bytes }, alt);
  if (!uploaded.ok) return issuesAnswer(locale, [{ ...uploaded.issue, path: `certificates.${index}.scan` }], 422);
  return Response.json({ ok: true, index, scanFileGid: uploaded.scanFileGid, scanUrl: uploaded.scanUrl });
}
