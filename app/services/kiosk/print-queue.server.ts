// "Print tags" from the admin: jobs queued per piece at the piece's Shopify location, taken by a
// kiosk paired there, reported printed or failed; the admin follows the counts.
import { findTemplate } from "../../domain/tags";
import { pieceIsHere } from "../../domain/kiosk/bounds";
import { isOutOfHand } from "../../domain/lifecycle";
import type { Actor } from "../../models/actor";
import { ensureEpcSerial, shopForTags } from "../../models/kiosk-tags.server";
import {
  claimableJobs,
  claimJob,
  countJobsByStatus,
  failJob,
  finishJob,
  getDeviceJob,
  insertPrintJobs,
  piecesForPrinting,
  PRINT_STATUSES,
  type PrintStatus,
} from "../../models/kiosk-print-jobs.server";
import { defaultTagTemplate } from "../../domain/shop-defaults";
import { tagForTemplate, type TagRefusal, type TagShopRow } from "./tags.server";
import type { TagData } from "../../domain/kiosk/tag-data";
import { locationLabel, queueLocationLabel, type LabelRefusal } from "../locations/labels.server";
import { LOCATION_LABEL_TEMPLATE_ID } from "../../domain/locations/label";
import type { FieldOverrides } from "../../domain/tags";

export const MAX_JOBS_PER_REQUEST = 200;
export const CLAIM_BATCH = 20;
/** A kiosk that took jobs and went quiet gets them again after this long (it dedupes by id). */
export const RECLAIM_AFTER_MS = 5 * 60_000;

/** `state`: the piece's state, when it is why nothing is queued (OUT_OF_HAND). */
export type QueueResult =
  { ok: true; jobIds: string[] } | { ok: false; code: string; pieceId?: string; refusal?: TagRefusal; state?: string };

/**
 * Queues one job per piece, all or none: every piece is checked first (it exists in this shop,
 * has a Shopify location, and its tag prints on the template), writing nothing, so a refusal
 * queues nothing and gives no RFID serial. Queuing is the print request: on RFID stock each piece
 * then gets its SGTIN serial (once, audited), so the job's EPC is fixed when it is queued.
 */
export async function queuePrintJobs(
  shopId: string,
  pieceIds: string[],
  actor: Actor,
  options: { templateId?: string; reprint?: boolean; reason?: string } = {},
): Promise<QueueResult> {
  const unique = [...new Set(pieceIds)];
  if (unique.length === 0) return { ok: false, code: "NO_PIECES" };
  if (unique.length > MAX_JOBS_PER_REQUEST) return { ok: false, code: "TOO_MANY" };
  const shop = await shopForTags(shopId);
  if (!shop) return { ok: false, code: "PIECE_NOT_FOUND" };
  // No template chosen (the product page's block, an older page): the shop's default (Settings).
  const templateId = options.templateId ?? defaultTagTemplate(shop.defaultTagTemplateId);
  if (!findTemplate(templateId)) return { ok: false, code: "TEMPLATE_UNKNOWN" };
  const pieces = new Map((await piecesForPrinting(shopId, unique)).map((p) => [p.id, p]));
  for (const id of unique) {
    const piece = pieces.get(id);
    if (!piece) return { ok: false, code: "PIECE_NOT_FOUND", pieceId: id };
    // Sold, returned or written off: no tag goes on a piece the shop no longer holds.
    if (isOutOfHand(piece.state)) return { ok: false, code: "OUT_OF_HAND", pieceId: id, state: piece.state };
    if (!piece.shopifyLocationGid) return { ok: false, code: "PIECE_WITHOUT_LOCATION", pieceId: id };
    const tag = await tagForTemplate(shop, id, templateId);
    if (!tag.ok) return { ok: false, code: tag.refusal.code, pieceId: id, refusal: tag.refusal };
  }
  if (findTemplate(templateId)?.rfidCapable) {
    for (const id of unique) {
      // The tag was checked above; the kiosk builds it again when it claims the job. Serials given
      // before a refusal here (serials exhausted) stay with their pieces for their next print.
      const given = await ensureEpcSerial(shopId, id, actor);
      if (!given.ok) return { ok: false, code: given.code, pieceId: id };
    }
  }
  const jobIds = await insertPrintJobs(
    shopId,
    unique.map((id) => ({
      pieceId: id,
      shopifyLocationGid: pieces.get(id)!.shopifyLocationGid!,
      templateId,
      reprint: options.reprint === true,
    })),
    actor,
    options.reason ?? null,
  );
  return { ok: true, jobIds };
}

export type PrintProgress = Record<PrintStatus, number> & { total: number };

export async function printJobProgress(shopId: string, jobIds: string[]): Promise<PrintProgress> {
  const counts = Object.fromEntries(PRINT_STATUSES.map((s) => [s, 0])) as Record<PrintStatus, number>;
  let total = 0;
  for (const row of await countJobsByStatus(shopId, jobIds)) {
    if ((PRINT_STATUSES as readonly string[]).includes(row.status)) counts[row.status as PrintStatus] += row.count;
    total += row.count;
  }
  return { ...counts, total };
}

export type ClaimedJob = {
  id: string;
  /** Null for a location label (`locationId` then names the place). */
  pieceId: string | null;
  locationId: string | null;
  templateId: string;
  copies: number;
  reprint: boolean;
  tag: TagData;
  overrides: FieldOverrides;
};

/**
 * Up to CLAIM_BATCH jobs for this device's Shopify location, taken by conditional updates. The
 * tag is built afresh (the piece may have changed since it was queued); a job whose tag no
 * longer prints right fails with the reason instead of printing wrongly.
 */
export async function claimPrintJobs(
  device: { id: string; name?: string; shopId: string; shopifyLocationGid: string; shop: TagShopRow },
  now = new Date(),
): Promise<ClaimedJob[]> {
  const candidates = await claimableJobs(
    device.shopId,
    device.shopifyLocationGid,
    device.id,
    new Date(now.getTime() - RECLAIM_AFTER_MS),
    CLAIM_BATCH,
  );
  const claimed: ClaimedJob[] = [];
  for (const job of candidates) {
    if (!(await claimJob(device.shopId, job.id, { status: job.status, claimedAt: job.claimedAt }, device.id, now)))
      continue;
    if (job.pieceId === null) {
      // A location label, built afresh too (the place may have been renamed or archived since).
      const label = job.locationId ? await locationLabel(device.shopId, job.locationId) : null;
      if (!label?.ok) {
        await failJob(device.shopId, job.id, label?.code ?? "UNKNOWN_LOCATION");
        continue;
      }
      claimed.push({
        id: job.id,
        pieceId: null,
        locationId: job.locationId,
        templateId: job.templateId,
        copies: job.copies,
        reprint: false,
        tag: label.data,
        overrides: {},
      });
      continue;
    }
    // Sold (or returned, written off) after the job was queued: its tag is no longer printed.
    if (job.piece && isOutOfHand(job.piece.state)) {
      await failJob(device.shopId, job.id, "OUT_OF_HAND");
      continue;
    }
    // The piece left this kiosk's location after the job was queued: not printed here, and no serial given.
    if (!pieceIsHere(job.piece?.shopifyLocationGid ?? null, device.shopifyLocationGid)) {
      await failJob(device.shopId, job.id, "PIECE_AT_OTHER_LOCATION");
      continue;
    }
    // Printing now: a job queued before its piece had a serial (none should) gets it here.
    const tag = await tagForTemplate(device.shop, job.pieceId, job.templateId, undefined, {
      printedBy: { kind: "kiosk", name: device.name ?? "Kiosk" },
    });
    if (!tag.ok) {
      await failJob(device.shopId, job.id, tag.refusal.code);
      continue;
    }
    claimed.push({
      id: job.id,
      pieceId: job.pieceId,
      locationId: null,
      templateId: job.templateId,
      copies: job.copies,
      reprint: job.reprintOf !== null,
      tag: tag.tag,
      overrides: tag.overrides,
    });
  }
  return claimed;
}

/**
 * "Print label" at the kiosk: the place's label as a job claimed by this kiosk, handed back at once
 * for its printer (the tree's own path, so the same template and bytes); the kiosk reports it
 * printed or failed like the jobs it polls.
 */
export async function kioskLocationLabel(
  device: { id: string; shopId: string; shopifyLocationGid: string },
  locationId: string,
  actor: Actor,
): Promise<{ ok: true; job: ClaimedJob; code: string; path: string } | LabelRefusal> {
  const queued = await queueLocationLabel(device.shopId, { id: locationId }, actor, {
    deviceId: device.id,
    shopifyLocationGid: device.shopifyLocationGid,
  });
  if (!queued.ok) return queued;
  return {
    ok: true,
    code: queued.code,
    path: queued.path,
    job: {
      id: queued.jobId,
      pieceId: null,
      locationId,
      templateId: LOCATION_LABEL_TEMPLATE_ID,
      copies: 1,
      reprint: false,
      tag: queued.data,
      overrides: {},
    },
  };
}

export type ReportResult =
  | { ok: true; status: "printed" | "failed" }
  | { ok: false; code: "JOB_NOT_FOUND" }
  | { ok: false; code: "JOB_NOT_CLAIMED"; status: string };

export async function reportPrintJob(
  device: { id: string; shopId: string },
  jobId: string,
  status: "printed" | "failed",
  error: string | null,
  actor: Actor,
): Promise<ReportResult> {
  const job = await getDeviceJob(device.shopId, device.id, jobId);
  if (!job) return { ok: false, code: "JOB_NOT_FOUND" };
  // The kiosk repeats a report whose answer it lost: the same outcome again is a success.
  if (job.status === status) return { ok: true, status };
  if (job.status !== "claimed") return { ok: false, code: "JOB_NOT_CLAIMED", status: job.status };
  if (await finishJob(device.shopId, job, status, error, actor, device.id)) return { ok: true, status };
  const now = await getDeviceJob(device.shopId, device.id, jobId);
  return now?.status === status
    ? { ok: true, status }
    : { ok: false, code: "JOB_NOT_CLAIMED", status: now?.status ?? "unknown" };
}
