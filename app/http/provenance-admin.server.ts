// One piece's provenance in the admin, server side: its public link, service events and token
// history, whether its record differs from its signature (changed outside Loupe), recording a
// service event, replacing the public token, and a manager's confirmation of the current record. Refusals are
// { ok: false, errors } with each message beside its field ("form" for the whole form).
import { withoutBidiControls } from "../domain/bidi";
import { z } from "zod";
import {
  confirmCurrentRecord,
  heldRecord,
  publicProvenanceUrl,
  staffPreviewUrl,
  recordServiceEvent,
  replacePublicToken,
} from "../services/provenance/public-record.server";
import { findPieceForAdmin, listServiceEvents, tokenHistory } from "../models/provenance.server";
import { SERVICE_KINDS } from "../domain/provenance/record";
import { isoDay } from "../domain/days";
import { translate, type Locale, type MessageKey } from "../i18n";
import { permissionAnswer, type AdminContext } from "./admin-context.server";

export async function provenancePage({ shop, locale, can }: AdminContext, id: string) {
  const piece = await findPieceForAdmin(shop.id, id);
  if (!piece) throw new Response(translate(locale, "prov.admin.pieceNotFound"), { status: 404 });
  const [events, history, held] = await Promise.all([
    listServiceEvents(shop.id, piece.id),
    tokenHistory(shop.id, piece.id),
    heldRecord(shop.id, piece.id),
  ]);
  return {
    held: held ? { ...held, mayConfirm: can(CONFIRM_GATE) } : null,
    piece: { id: piece.id, title: withoutBidiControls(piece.title), tagCode: piece.tagCode, state: piece.state },
    publicUrl: publicProvenanceUrl(shop.domain, piece.publicToken),
    // The link opens the same page marked as staff's preview: not counted as a customer scan.
    previewUrl: staffPreviewUrl(shop.domain, piece.publicToken),
    events,
    history,
    timeZone: shop.ianaTimezone,
  };
}

const today = () => isoDay(new Date());

const serviceSchema = z.object({
  intent: z.literal("service"),
  kind: z.enum(SERVICE_KINDS, { errorMap: () => ({ message: "prov.error.kind" }) }),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "prov.error.date")
    .refine((d) => !Number.isNaN(Date.parse(`${d}T12:00:00Z`)) && d <= today(), "prov.error.date"),
  note: z.string().trim().max(500, "prov.error.note").optional(),
});

const reissueSchema = z.object({
  intent: z.literal("reissue"),
  reason: z.string().trim().max(200, "prov.error.reason").optional(),
});

const confirmSchema = z.object({
  intent: z.literal("confirm"),
  reason: z.string().trim().min(1, "prov.error.confirmReason").max(200, "prov.error.confirmReason"),
});

/** Vouching for a record the app did not write is a manager's (matrix: provenance.confirm). */
export const CONFIRM_GATE = "provenance.confirm" as const;

export type ActionResult = { ok: true; message: string } | { ok: false; errors: Record<string, string> };

function fieldErrors(error: z.ZodError, locale: Locale): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "form");
    out[field] ??= translate(
      locale,
      (issue.message.startsWith("prov.") ? issue.message : "prov.error.intent") as MessageKey,
    );
  }
  return out;
}

/** Record a service event or replace the piece's public token: the form's fields as sent. */
export async function provenanceAction(
  context: AdminContext,
  id: string,
  form: Record<string, FormDataEntryValue>,
): Promise<Response> {
  const { shop, actor, locale } = context;
  const respond = (status: number, body: ActionResult) =>
    new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

  if (form.intent === "service") {
    const parsed = serviceSchema.safeParse(form);
    if (!parsed.success) return respond(422, { ok: false, errors: fieldErrors(parsed.error, locale) });
    // Noon UTC: the chosen calendar day stays the same day in every shop time zone.
    const at = new Date(`${parsed.data.date}T12:00:00Z`);
    const result = await recordServiceEvent(
      shop.id,
      id,
      { kind: parsed.data.kind, at, publicNote: parsed.data.note || null },
      actor,
    );
    if (!result.ok) return respond(404, { ok: false, errors: { form: translate(locale, "prov.admin.pieceNotFound") } });
    return respond(200, { ok: true, message: translate(locale, "prov.admin.added") });
  }
  if (form.intent === "reissue") {
    const parsed = reissueSchema.safeParse(form);
    if (!parsed.success) return respond(422, { ok: false, errors: fieldErrors(parsed.error, locale) });
    const result = await replacePublicToken(shop.id, id, actor, parsed.data.reason || null);
    if (!result.ok) return respond(404, { ok: false, errors: { form: translate(locale, "prov.admin.pieceNotFound") } });
    return respond(200, { ok: true, message: translate(locale, "prov.admin.reissued") });
  }
  if (form.intent === "confirm") {
    const refused = permissionAnswer(context, CONFIRM_GATE);
    if (refused) return refused;
    const parsed = confirmSchema.safeParse(form);
    if (!parsed.success) return respond(422, { ok: false, errors: fieldErrors(parsed.error, locale) });
    const result = await confirmCurrentRecord(shop.id, id, actor, parsed.data.reason);
    if (result.ok)
      return respond(200, {
        ok: true,
        message: translate(locale, "prov.admin.confirmed", { version: result.version.version }),
      });
    if (result.code === "NOT_FOUND")
      return respond(404, { ok: false, errors: { form: translate(locale, "prov.admin.pieceNotFound") } });
    return respond(409, { ok: false, errors: { form: translate(locale, "prov.admin.nothingToConfirm") } });
  }
  return respond(400, { ok: false, errors: { form: translate(locale, "prov.error.intent") } });
}
