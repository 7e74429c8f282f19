// The piece page's server side: the record as the page shows it (cost only for roles allowed to
// see it), and one change at a time, answered { ok, message } or { ok: false, code, message }.
import { neutraliseTexts } from "../domain/bidi";
import { getPiece } from "../models/pieces.server";
import { partnerChoices } from "../models/parties.server";
import { auditForPiece } from "../models/audit.server";
import { salesOfPiece, shopifyUserNames } from "../models/ledger.server";
import { ledgerLines } from "../domain/ledger";
import { dueStatus } from "../domain/due-dates";
import { nextStep } from "../domain/next-step";
import { nextStepSentence } from "../ui/next-step";
import { listLocations } from "../models/locations.server";
import { markTagged, movePiece, transitionPiece } from "../services/catalog/piece-changes.server";
import { queuePrintJobs } from "../services/kiosk/print-queue.server";
import { productPhotos, type ProductPhotos } from "../services/catalog/intake.server";
import { staffPreviewUrl } from "../services/provenance/public-record.server";
import { defaultTagTemplate } from "../domain/shop-defaults";
import { TEMPLATES } from "../domain/tags/templates";
import { allowedTransitions, isOutOfHand, isPieceState } from "../domain/lifecycle";
import { pieceActionSchema, type PieceAction } from "../domain/schemas/piece-actions";
import { pieceEditForm } from "../domain/schemas/piece-edit";
import { parseReportGrades, shownGrades } from "../domain/stone-grades";
import { intlLocale, translate } from "../i18n";
import { label } from "../ui/format";
import { permissionAnswer, reasonAnswer, type AdminContext } from "./admin-context.server";
import { reasonNeeded, statePermission, type Permission } from "../domain/staff/permissions";
import { printRefusalReason } from "./kiosk-errors.server";
import { readBody } from "./admin-action.server";
import { invalidResponse } from "./admin-response.server";
import { editPieceAnswer, linkPieceAnswer } from "./piece-edit.server";

export async function piecePage({ shop, locale, canSeeCost, admin, can }: AdminContext, id: string) {
  const piece = await getPiece(shop.id, id);
  if (!piece) throw new Response(translate(locale, "piece.notFound"), { status: 404 });
  const consignorEditable =
    piece.consignment !== null &&
    !piece.consignment.settledAt &&
    !piece.consignment.returnedAt &&
    !CONSIGNOR_FIXED_STATES.includes(piece.state) &&
    can("pieces.edit") &&
    // The consignor belongs to the consignment terms, which carry the agreed net price (cost).
    canSeeCost;
  const [audit, sales, names, locations, consignors, photos] = await Promise.all([
    auditForPiece(shop.id, piece.id),
    salesOfPiece(shop.id, piece.id),
    shopifyUserNames(shop.id),
    listLocations(shop.id),
    consignorEditable ? partnerChoices(shop.id, "consignor") : Promise.resolve([]),
    // Photos are Shopify's (merchandising); the page still works when Shopify cannot answer.
    piece.productGid ? productPhotos(admin, piece.productGid) : Promise.resolve<ProductPhotos | null>(null),
  ]);
  // Cost and supplier leave the server only for roles allowed to see them; so does a consigned
  // piece's agreed net price (what the shop pays the consignor is its cost).
  const { costMinor, supplier, publicToken, ...shown } = piece;
  const withConsignment =
    canSeeCost || !shown.consignment
      ? shown
      : { ...shown, consignment: { ...shown.consignment, agreedNetMinor: null } };
  // A stone graded by a report shows the report's grades, even on a row stored before the check.
  const visible = {
    ...withConsignment,
    stones: withConsignment.stones.map((s) => ({
      ...s,
      ...shownGrades(s, s.certificate ? parseReportGrades(s.certificate.grades) : null),
    })),
  };
  const transitions = isPieceState(piece.state)
    ? allowedTransitions(piece.state, {
        consigned: piece.consignment !== null,
        tagged: piece.taggedAt !== null,
        release: can("pieces.stateSensitive"),
      }).filter((to) => can(statePermission(to, piece.state)))
    : [];
  // A piece no longer in the shop's hands is neither moved nor printed (the action refuses it too).
  const inHand = !isOutOfHand(piece.state);
  // Texts stored with direction controls (before the forms refused them, or from Shopify) are shown
  // without them, the edit form included (app/domain/bidi.ts).
  return neutraliseTexts({
    piece: visible,
    transitions,
    // What this person's role lets them do here; the page offers nothing else (the action checks again).
    may: { edit: can("pieces.edit"), move: inHand && can("pieces.move"), print: inHand && can("pieces.print") },
    reasonRequired: transitions.filter((to) => reasonNeeded(to, piece.state)),
    locations: locations.map((l) => ({ id: l.id, path: l.path })),
    photos,
    // Staff's link to the public page: marked, so their views are not counted as customer scans.
    provenanceUrl: staffPreviewUrl(shop.domain, publicToken),
    cost: canSeeCost ? { costMinor, supplierName: supplier?.name ?? null } : null,
    // The history as the shop's ledger reads, in the person's language (the rows stay as stored).
    ledger: ledgerLines(
      { audit, movements: piece.movements, sales },
      {
        locale,
        timeZone: shop.ianaTimezone,
        currency: piece.currency,
        shopifyUserNames: names,
        locationPaths: new Map(locations.map((l) => [l.id, l.path])),
      },
    ),
    // What to do next (after intake: tag, then put on sale), said above the actions.
    nextStep: nextStep(piece.state, stepFacts(piece)),
    // A consignment still open past its due date is flagged (counted in the shop's days).
    consignmentDue:
      piece.consignment?.dueAt && !piece.consignment.settledAt && !piece.consignment.returnedAt
        ? dueStatus(piece.consignment.dueAt, new Date(), shop.ianaTimezone)
        : null,
    weightUnit: shop.weightUnit,
    timeZone: shop.ianaTimezone,
    templates: TEMPLATES.map((t) => ({ id: t.id, name: t.name[locale] ?? t.name.en })),
    defaultTemplateId: defaultTagTemplate(shop.defaultTagTemplateId),
    // The edit form starts from the record; cost and supplier are in it only for roles that see them.
    edit: {
      version: piece.version,
      form: pieceEditForm(piece, { locale: intlLocale(locale), canSeeCost }),
      recordedCertificates: piece.certificates.length,
      currency: piece.currency,
      canSeeCost,
      linked: piece.variantGid ? { variantGid: piece.variantGid, sku: piece.sku } : null,
      consignmentOpen: piece.consignment !== null && !piece.consignment.settledAt && !piece.consignment.returnedAt,
      // The register's consignors to choose from, while the consignor may still change.
      consignorEditable,
      consignors: consignorOptions(consignors, piece.consignment?.consignor ?? null),
    },
  });
}

function stepFacts(piece: {
  taggedAt: Date | null;
  detailsPendingAt: Date | null;
  consignment: { settledAt: Date | null; returnedAt: Date | null } | null;
}) {
  return {
    consigned: piece.consignment !== null,
    tagged: piece.taggedAt !== null,
    detailsPending: piece.detailsPendingAt !== null,
    consignmentOpen: piece.consignment !== null && !piece.consignment.settledAt && !piece.consignment.returnedAt,
  };
}

/** States in which a consigned piece's consignor no longer changes (the edit service refuses it too). */
const CONSIGNOR_FIXED_STATES: readonly string[] = ["sold", "archived", "returned_to_consignor"];

/** The chooser's list: the register's consignors, and the piece's own even when archived or merged since. */
function consignorOptions(
  partners: readonly { id: string; name: string; city: string | null }[],
  current: { id: string; name: string } | null,
) {
  const options = partners.map((p) => ({ id: p.id, name: p.name, detail: p.city }));
  if (current && !options.some((o) => o.id === current.id))
    options.unshift({ id: current.id, name: current.name, detail: null });
  return options;
}

/**
 * What the page posts: an edit of the record (intent "edit"), attaching to or detaching from a
 * Shopify variant ("attach", "detach"), or one change of state, place or tag.
 */
export async function pieceAction(context: AdminContext, id: string, request: Request): Promise<Response> {
  const body = await readBody(request);
  if (!body.ok) return invalidResponse(context.locale, null);
  const intent = (body.value as { intent?: unknown } | null)?.intent;
  if (intent === "edit") return permissionAnswer(context, "pieces.edit") ?? editPieceAnswer(context, id, body.value);
  if (intent === "attach" || intent === "detach")
    return permissionAnswer(context, "pieces.edit") ?? linkPieceAnswer(context, id, body.value);
  const input = pieceActionSchema.safeParse(body.value);
  if (!input.success) return invalidResponse(context.locale, input.error);
  // A change of state's permission and reason depend on the state it leaves (a release).
  const current = input.data.intent === "transition" ? await getPiece(context.shop.id, id) : null;
  const refused = permissionAnswer(context, pieceActionPermission(input.data, current?.state));
  if (refused) return refused;
  if (input.data.intent === "transition" && current && transitionLegal(current, input.data.to)) {
    // Asked only of a change the lifecycle allows: an illegal one is refused as such (409) below.
    const noReason = reasonAnswer(context, input.data.to, input.data.reason, current.state);
    if (noReason) return noReason;
  }
  return changePiece(context, id, input.data);
}

function transitionLegal(piece: { state: string; consignment: unknown; taggedAt: Date | null }, to: string): boolean {
  if (!isPieceState(piece.state)) return false;
  // A release's permission was checked before this; its reason is what is asked here.
  const context = { consigned: piece.consignment !== null, tagged: piece.taggedAt !== null, release: true };
  return (allowedTransitions(piece.state, context) as readonly string[]).includes(to);
}

/** What one change from the piece page needs of the person's role (`from`: the piece's state, for a change of state). */
export function pieceActionPermission(input: PieceAction, from?: string): Permission {
  switch (input.intent) {
    case "transition":
      return statePermission(input.to, from);
    case "move":
      return "pieces.move";
    case "print":
    case "tagged":
      return "pieces.print";
  }
}

function changeOf({ shop, actor, locale, can }: AdminContext, id: string, input: PieceAction) {
  const reason = ("reason" in input && input.reason) || translate(locale, "catalog.piece.defaultReason");
  switch (input.intent) {
    case "transition":
      return transitionPiece(shop.id, id, input.to, actor, {
        reason,
        expectedVersion: input.version,
        // Reached only past the permission and reason checks a release needs (pieceAction).
        release: Boolean(input.reason?.trim()) && can("pieces.stateSensitive"),
      });
    case "move":
      return movePiece(shop.id, id, input.locationId, actor, reason);
    case "tagged":
      return markTagged(shop.id, id, actor);
    case "print":
      return queuePrintJobs(shop.id, [id], actor, {
        reason: "printed from the piece page",
        ...(input.templateId ? { templateId: input.templateId } : {}),
      });
  }
}

async function doneMessage({ shop, locale }: AdminContext, input: PieceAction): Promise<string> {
  switch (input.intent) {
    case "transition":
      return translate(locale, "catalog.piece.changed", { state: label(locale, "state", input.to) });
    case "print":
      return translate(locale, "catalog.piece.printQueued");
    case "move": {
      const path = (await listLocations(shop.id)).find((l) => l.id === input.locationId)?.path ?? "";
      return translate(locale, "catalog.piece.moved", { path });
    }
    case "tagged":
      return translate(locale, "catalog.piece.markTagged");
  }
}

/**
 * One change to the piece. The buttons offer only what the lifecycle allows; a forced request is
 * checked all the same. A missing piece is 404; any other refusal (an unknown location included)
 * is 409: the buttons only offer what the page loaded, so a refusal means the piece or the shop
 * changed since, not that the person typed something wrong.
 */
export async function changePiece(context: AdminContext, id: string, input: PieceAction): Promise<Response> {
  const result = await changeOf(context, id, input);
  if (result.ok) return Response.json({ ok: true, message: await doneMessage(context, input) });
  const reason = printRefusalReason(context.locale, result);
  const message =
    input.intent === "transition"
      ? await refusedInState(context, id, reason)
      : translate(context.locale, "catalog.piece.refused", { reason });
  return Response.json(
    { ok: false, code: result.code, message },
    { status: result.code === "NOT_FOUND" || result.code === "PIECE_NOT_FOUND" ? 404 : 409 },
  );
}

/**
 * A refused change of state names where the piece stands and the way forward: the states it can go
 * to from here, and the next step when one waits on a person (a tag to attach before sale).
 */
async function refusedInState({ shop, locale, can }: AdminContext, id: string, reason: string): Promise<string> {
  const piece = await getPiece(shop.id, id);
  if (!piece) return translate(locale, "catalog.piece.refused", { reason });
  const facts = stepFacts(piece);
  const allowed = isPieceState(piece.state)
    ? allowedTransitions(piece.state, facts).filter((to) => can(statePermission(to)))
    : [];
  const step = nextStep(piece.state, facts);
  return [
    translate(locale, "record.refusedInState", {
      reason: reason.replace(/\.$/, ""),
      state: label(locale, "state", piece.state),
    }),
    allowed.length
      ? translate(locale, "record.refusedAllowed", {
          allowed: allowed.map((to) => label(locale, "state", to)).join(", "),
        })
      : translate(locale, "record.refusedNothing"),
    step ? nextStepSentence(locale, step) : null,
  ]
    .filter(Boolean)
    .join(" ");
}
