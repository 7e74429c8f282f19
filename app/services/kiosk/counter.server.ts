// The kiosk's counter work: its context, the receiving list, lookups by tag code, and operations
// (tagged, receive, printed) delivered with the kiosk's own idempotency key, possibly late and
// possibly twice: the KioskOperation row is written in the same transaction as the change, so a
// redelivery returns the first result and changes nothing.
import { validateTagCode } from "../../domain/tagcode";
import { kioskTimeRefusal, pieceIsHere } from "../../domain/kiosk/bounds";
import { findTemplate } from "../../domain/tags";
import { isOutOfHand } from "../../domain/lifecycle";
import { appendAudit } from "../../models/audit.server";
import type { Actor } from "../../models/actor";
import { shopifyLocationsOf } from "../../models/devices.server";
import {
  findOperation,
  insertOperation,
  locationsAt,
  pieceCardFacts,
  pieceForOperation,
  pieceSummaryByTagCode,
  receivingPieces,
  setOperationResult,
} from "../../models/kiosk-operations.server";
import { locationTree } from "../../models/locations.server";
import { locationCodeOf } from "../locations/labels.server";
import { inTransaction } from "../../models/transaction.server";
import { markTagged, movePiece, transitionPiece } from "../catalog/piece-changes.server";
import type { KioskDevice } from "../../http/kiosk-auth.server";
import { DEFAULT_TEMPLATE_ID, tagForTemplate, type TagRefusal } from "./tags.server";
import type { TagData } from "../../domain/kiosk/tag-data";

type SummaryRow = {
  id: string;
  tagCode: string;
  title: string;
  state: string;
  sku: string | null;
  taggedAt: Date | null;
  location: { path: string } | null;
};

export type PieceSummary = {
  id: string;
  tagCode: string;
  title: string;
  state: string;
  sku: string | null;
  locationPath: string | null;
  taggedAt: string | null;
};

/**
 * The lookup's card: what staff check the piece in hand against. Raw codes and exact integers
 * (minor units, milligrams, millicarats, basis points), worded and formatted by the kiosk in the
 * reader's language.
 */
export type PieceCard = {
  priceMinor: string | null;
  currency: string;
  metals: { metal: string; colour: string | null; finenessBp: number; grossWeightMg: string }[];
  stones: {
    type: string;
    origin: string;
    shape: string | null;
    millicarats: number;
    count: number;
    colour: string | null;
    clarity: string | null;
  }[];
  /** A tag was printed before (a kiosk or the admin): the counter offers Reprint, not Print. */
  tagPrinted: boolean;
};

export function pieceSummary(row: SummaryRow): PieceSummary {
  return {
    id: row.id,
    tagCode: row.tagCode,
    title: row.title,
    state: row.state,
    sku: row.sku,
    locationPath: row.location?.path ?? null,
    taggedAt: row.taggedAt?.toISOString() ?? null,
  };
}

export async function kioskContext(device: KioskDevice) {
  const [tree, shopify] = await Promise.all([locationTree(device.shopId), shopifyLocationsOf(device.shopId)]);
  const here = tree.filter((row) => row.shopifyLocationGid === device.shopifyLocationGid);
  // Each place with its label's code, so a scanned label is read on the kiosk even offline; the
  // archived ones' codes only so the kiosk can say that a scanned label is out of use.
  const locations = here
    .filter((row) => row.archivedAt === null)
    .map((row) => ({ id: row.id, path: row.path, code: locationCodeOf(row.id) }));
  const archivedLocationCodes = here.filter((row) => row.archivedAt !== null).map((row) => locationCodeOf(row.id));
  return {
    shop: device.shop.domain,
    shopName: device.shop.name ?? device.shop.domain,
    currency: device.shop.currency,
    locale: device.shop.locale,
    shopifyLocationGid: device.shopifyLocationGid,
    locationName: shopify.find((l) => l.gid === device.shopifyLocationGid)?.name ?? device.shopifyLocationGid,
    deviceName: device.name,
    locations,
    archivedLocationCodes,
  };
}

export async function receivingList(device: KioskDevice): Promise<PieceSummary[]> {
  return (await receivingPieces(device.shopId, device.shopifyLocationGid)).map(pieceSummary);
}

export type LookupResult =
  | {
      ok: true;
      piece: PieceSummary & { card: PieceCard };
      tag: TagData | null;
      tagError: TagRefusal | null;
      templateId: string;
    }
  | { ok: false; code: "TAG_CODE_INVALID"; reason: "LENGTH" | "CHARACTER" | "CHECK" }
  | { ok: false; code: "PIECE_NOT_FOUND" }
  | { ok: false; code: "TEMPLATE_UNKNOWN" };

/**
 * A scanned or typed tag code. The check character catches typos before any lookup; a code of
 * another shop is simply not found here (the same answer as an unknown code). The tag comes with
 * it, checked on the template, or the reason it cannot be printed. A lookup changes nothing: on
 * RFID stock a piece without a serial shows the next one, marked provisional (see `tagToPrint`).
 */
export async function lookupByTagCode(
  device: KioskDevice,
  input: string,
  templateId = DEFAULT_TEMPLATE_ID,
): Promise<LookupResult> {
  const valid = validateTagCode(input);
  if (!valid.ok) return { ok: false, code: "TAG_CODE_INVALID", reason: valid.reason };
  if (!findTemplate(templateId)) return { ok: false, code: "TEMPLATE_UNKNOWN" };
  const row = await pieceSummaryByTagCode(device.shopId, valid.code);
  if (!row) return { ok: false, code: "PIECE_NOT_FOUND" };
  const [tag, facts] = await Promise.all([
    tagForTemplate(device.shop, row.id, templateId),
    pieceCardFacts(device.shopId, row.id),
  ]);
  if (!facts) return { ok: false, code: "PIECE_NOT_FOUND" };
  const card: PieceCard = {
    priceMinor: facts.priceMinor === null ? null : facts.priceMinor.toString(),
    currency: device.shop.currency,
    metals: facts.metals.map((m) => ({ ...m, grossWeightMg: m.grossWeightMg.toString() })),
    stones: facts.stones,
    tagPrinted: facts.tagPrinted || row.taggedAt !== null,
  };
  return {
    ok: true,
    piece: { ...pieceSummary(row), card },
    tag: tag.ok ? tag.tag : null,
    tagError: tag.ok ? null : tag.refusal,
    templateId,
  };
}

export type TagToPrintResult =
  | { ok: true; tag: TagData; templateId: string }
  | { ok: false; code: "PIECE_NOT_FOUND" | "TEMPLATE_UNKNOWN" }
  | { ok: false; code: "PIECE_AT_OTHER_LOCATION"; location: string }
  | { ok: false; code: "OUT_OF_HAND"; state: string }
  | { ok: false; code: "TAG_REFUSED"; refusal: TagRefusal };

/** The name a person knows a Shopify location by ("Site (Shopify location)"), for a refusal. */
async function locationName(shopId: string, gid: string): Promise<string> {
  return (await shopifyLocationsOf(shopId)).find((l) => l.gid === gid)?.name ?? gid;
}

/**
 * The tag the kiosk is about to print, asked for when staff press Print: on RFID stock this is
 * where the piece gets its SGTIN serial (once, audited with the person's name), so the EPC the
 * printer writes is final. Asking again (a retry, a reprint) gives the same EPC. Only for a piece
 * at the kiosk's own Shopify location (or at none yet).
 */
export async function tagToPrint(
  device: KioskDevice,
  actor: Actor,
  pieceId: string,
  templateId: string,
): Promise<TagToPrintResult> {
  if (!findTemplate(templateId)) return { ok: false, code: "TEMPLATE_UNKNOWN" };
  const piece = await pieceForOperation(device.shopId, pieceId);
  if (!piece) return { ok: false, code: "PIECE_NOT_FOUND" };
  // Sold, returned or written off: no tag goes on a piece the shop no longer holds.
  if (isOutOfHand(piece.state)) return { ok: false, code: "OUT_OF_HAND", state: piece.state };
  // Before any serial is given: a kiosk prints only pieces at its own location.
  if (!pieceIsHere(piece.shopifyLocationGid, device.shopifyLocationGid))
    return {
      ok: false,
      code: "PIECE_AT_OTHER_LOCATION",
      location: await locationName(device.shopId, piece.shopifyLocationGid!),
    };
  const tag = await tagForTemplate(device.shop, piece.id, templateId, undefined, { printedBy: actor });
  if (!tag.ok)
    return tag.refusal.code === "PIECE_NOT_FOUND"
      ? { ok: false, code: "PIECE_NOT_FOUND" }
      : { ok: false, code: "TAG_REFUSED", refusal: tag.refusal };
  return { ok: true, tag: tag.tag, templateId };
}

export type OperationInput = {
  key: string;
  kind: "tagged" | "receive" | "printed";
  pieceId: string;
  locationId?: string;
  templateId?: string;
  reprint?: boolean;
  at: string;
};

export type OperationResult = {
  pieceId: string;
  kind: OperationInput["kind"];
  state?: string;
  locationId?: string | null;
  reprint?: boolean;
  at: string;
};

export type OperationOutcome =
  | { ok: true; key: string; result: OperationResult; replayed: boolean }
  | { ok: false; status: 400 | 404 | 409 | 422; code: string; vars?: Record<string, string> };

/** The operation's own time, when the kiosk could have acted then (app/domain/kiosk/bounds.ts). */
function timeRefusal(device: KioskDevice, at: string, now: Date): OperationOutcome | null {
  const code = kioskTimeRefusal(new Date(at), device.createdAt, now);
  if (!code) return null;
  return {
    ok: false,
    status: 422,
    code,
    vars: { at: new Date(at).toISOString(), paired: device.createdAt.toISOString(), now: now.toISOString() },
  };
}

class Refused extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

const isUniqueViolation = (error: unknown) =>
  typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";

async function replay(key: string, device: KioskDevice, input: OperationInput): Promise<OperationOutcome | null> {
  const existing = await findOperation(device.shopId, key);
  if (!existing) return null;
  if (existing === "OTHER_SHOP") return { ok: false, status: 409, code: "KEY_REUSED" };
  const result = JSON.parse(existing.result) as OperationResult;
  if (existing.kind !== input.kind || result.pieceId !== input.pieceId) {
    return { ok: false, status: 409, code: "KEY_REUSED" };
  }
  return { ok: true, key, result, replayed: true };
}

/**
 * Every operation is refused, changing nothing, when its time is out of bounds or its piece is at
 * another Shopify location than the kiosk's (a redelivery of one already done still answers as
 * the first time: it changes nothing either).
 */
export async function runOperation(
  device: KioskDevice,
  actor: Actor,
  input: OperationInput,
  now = new Date(),
): Promise<OperationOutcome> {
  const first = await replay(input.key, device, input);
  if (first) return first;
  const badTime = timeRefusal(device, input.at, now);
  if (badTime) return badTime;
  if (input.templateId !== undefined && !findTemplate(input.templateId))
    return { ok: false, status: 422, code: "TEMPLATE_UNKNOWN" };
  const piece = await pieceForOperation(device.shopId, input.pieceId);
  if (!piece) return { ok: false, status: 404, code: "PIECE_NOT_FOUND" };
  if (!pieceIsHere(piece.shopifyLocationGid, device.shopifyLocationGid))
    return {
      ok: false,
      status: 409,
      code: "PIECE_AT_OTHER_LOCATION",
      vars: { location: await locationName(device.shopId, piece.shopifyLocationGid!) },
    };

  let location: { id: string; path: string } | undefined;
  if (input.kind === "receive") {
    if (!input.locationId) return { ok: false, status: 400, code: "LOCATION_REQUIRED" };
    // Only places inside this kiosk's Shopify location: the stock it reports must be where it stands.
    location = (await locationsAt(device.shopId, device.shopifyLocationGid)).find((l) => l.id === input.locationId);
    if (!location) return { ok: false, status: 422, code: "UNKNOWN_LOCATION" };
    if (piece.state !== "receiving")
      return { ok: false, status: 409, code: "ILLEGAL_TRANSITION", vars: { state: piece.state } };
  }

  try {
    const result = await inTransaction(async (tx) => {
      // First, so a concurrent delivery of the same key waits here and then fails on the key.
      await insertOperation(tx, device.shopId, {
        key: input.key,
        deviceId: device.id,
        kind: input.kind,
        result: "{}",
      });
      // Tagging, moving and activating commit together with the operation's key, or not at all.
      if ((input.kind === "receive" && !piece.taggedAt) || input.kind === "tagged") {
        const tagged = await markTagged(
          device.shopId,
          piece.id,
          actor,
          input.kind === "receive" ? "tag attached at intake" : "tag attached",
          { tx },
        );
        if (!tagged.ok) throw new Refused(tagged.code);
      }
      let result: OperationResult = { pieceId: piece.id, kind: input.kind, at: input.at };
      if (input.kind === "receive" && location) {
        if (piece.locationId !== location.id) {
          const moved = await movePiece(device.shopId, piece.id, location.id, actor, `received into ${location.path}`, {
            tx,
            source: `kiosk:${input.key}`,
          });
          if (!moved.ok) throw new Refused(moved.code);
        }
        const active = await transitionPiece(device.shopId, piece.id, "active", actor, {
          reason: "received at the counter",
          source: `kiosk:${input.key}`,
          tx,
        });
        if (!active.ok) throw new Refused(active.code);
        result = { ...result, state: "active", locationId: location.id };
      } else if (input.kind === "printed") {
        await appendAudit(tx, device.shopId, {
          actor,
          action: input.reprint ? "piece.tag_reprinted" : "piece.tag_printed",
          entityType: "Piece",
          entityId: piece.id,
          reason: input.reprint ? "reprint at the kiosk" : "printed at the kiosk",
          data: { deviceId: device.id, templateId: input.templateId ?? null, kioskAt: input.at, operation: input.key },
        });
        result = { ...result, reprint: input.reprint === true };
      } else {
        result = { ...result, state: piece.state };
      }
      await setOperationResult(tx, device.shopId, input.key, JSON.stringify(result));
      return result;
    });
    return { ok: true, key: input.key, result, replayed: false };
  } catch (error) {
    if (error instanceof Refused) {
      const status = error.code === "NOT_FOUND" ? 404 : error.code === "UNKNOWN_LOCATION" ? 422 : 409;
      return {
        ok: false,
        status,
        code: error.code === "NOT_FOUND" ? "PIECE_NOT_FOUND" : error.code,
        vars: { state: piece.state },
      };
    }
    if (isUniqueViolation(error)) {
      const again = await replay(input.key, device, input);
      if (again) return again;
    }
    throw error;
  }
}
