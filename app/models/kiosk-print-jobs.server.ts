// Print jobs: queued in the admin, claimed by a kiosk of the piece's Shopify location, reported
// printed or failed. Claims are conditional updates, so two kiosks never take the same job.
import { randomUUID } from "node:crypto";
import { db } from "../db.server";
import { appendAudit } from "./audit.server";
import type { Actor } from "./actor";

export const PRINT_STATUSES = ["queued", "claimed", "printed", "failed", "cancelled"] as const;
export type PrintStatus = (typeof PRINT_STATUSES)[number];

export async function piecesForPrinting(shopId: string, pieceIds: string[]) {
  return db.piece.findMany({
    where: { shopId, id: { in: pieceIds } },
    select: { id: true, shopifyLocationGid: true, state: true },
  });
}

export async function insertPrintJobs(
  shopId: string,
  jobs: { pieceId: string; shopifyLocationGid: string; templateId: string; reprint: boolean }[],
  actor: Actor,
  reason: string | null,
): Promise<string[]> {
  return db.$transaction(async (tx) => {
    const ids: string[] = [];
    for (const job of jobs) {
      const previous = job.reprint
        ? await tx.printJob.findFirst({
            where: { shopId, pieceId: job.pieceId, status: "printed" },
            orderBy: { printedAt: "desc" },
            select: { id: true },
          })
        : null;
      const row = await tx.printJob.create({
        data: {
          shopId,
          pieceId: job.pieceId,
          shopifyLocationGid: job.shopifyLocationGid,
          templateId: job.templateId,
          // A reprint with no earlier printed job still says it is one (the tag was made elsewhere).
          reprintOf: job.reprint ? (previous?.id ?? "unknown") : null,
          reason,
          requestedBy: actor.name,
          idempotencyKey: randomUUID(),
        },
      });
      await appendAudit(tx, shopId, {
        actor,
        action: job.reprint ? "piece.reprint_queued" : "piece.print_queued",
        entityType: "Piece",
        entityId: job.pieceId,
        reason,
        data: { printJobId: row.id, templateId: job.templateId },
      });
      ids.push(row.id);
    }
    return ids;
  });
}

/**
 * One label job for a storage place, queued at its Shopify location, with its audit entry. Asked
 * for at a kiosk (`claimedBy`), the job is born claimed by that kiosk, so no other kiosk of the
 * location takes it; it is reported printed or failed like any claimed job.
 */
export async function insertLocationLabelJob(
  shopId: string,
  job: {
    locationId: string;
    shopifyLocationGid: string;
    templateId: string;
    code: string;
    claimedBy?: { deviceId: string; at: Date };
  },
  actor: Actor,
): Promise<string> {
  return db.$transaction(async (tx) => {
    const row = await tx.printJob.create({
      data: {
        shopId,
        locationId: job.locationId,
        shopifyLocationGid: job.shopifyLocationGid,
        templateId: job.templateId,
        requestedBy: actor.name,
        idempotencyKey: randomUUID(),
        ...(job.claimedBy ? { status: "claimed", deviceId: job.claimedBy.deviceId, claimedAt: job.claimedBy.at } : {}),
      },
    });
    await appendAudit(tx, shopId, {
      actor,
      action: "location.label_print_queued",
      entityType: "Location",
      entityId: job.locationId,
      data: {
        printJobId: row.id,
        templateId: job.templateId,
        code: job.code,
        ...(job.claimedBy ? { deviceId: job.claimedBy.deviceId } : {}),
      },
    });
    return row.id;
  });
}

export async function countJobsByStatus(shopId: string, jobIds: string[]) {
  const rows = await db.printJob.groupBy({
    by: ["status"],
    where: { shopId, id: { in: jobIds } },
    _count: { _all: true },
  });
  return rows.map((r) => ({ status: r.status, count: r._count._all }));
}

export async function recentJobs(shopId: string, take = 50) {
  return db.printJob.findMany({
    where: { shopId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    include: {
      piece: { select: { tagCode: true, title: true } },
      location: { select: { path: true } },
      device: { select: { name: true } },
    },
  });
}

/** Jobs this device may take now: queued at its location, or its own claims left unreported. */
export async function claimableJobs(
  shopId: string,
  shopifyLocationGid: string,
  deviceId: string,
  staleBefore: Date,
  take: number,
) {
  return db.printJob.findMany({
    where: {
      shopId,
      shopifyLocationGid,
      OR: [{ status: "queued" }, { status: "claimed", deviceId, claimedAt: { lt: staleBefore } }],
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take,
    include: { piece: { select: { shopifyLocationGid: true, state: true } } },
  });
}

export async function claimJob(
  shopId: string,
  jobId: string,
  expected: { status: string; claimedAt: Date | null },
  deviceId: string,
  now: Date,
): Promise<boolean> {
  const taken = await db.printJob.updateMany({
    where: { id: jobId, shopId, status: expected.status, claimedAt: expected.claimedAt },
    data: { status: "claimed", deviceId, claimedAt: now },
  });
  return taken.count === 1;
}

export async function failJob(shopId: string, jobId: string, error: string) {
  await db.printJob.updateMany({
    where: { id: jobId, shopId, status: { in: ["queued", "claimed"] } },
    data: { status: "failed", error: error.slice(0, 1000) },
  });
}

export async function getDeviceJob(shopId: string, deviceId: string, jobId: string) {
  return db.printJob.findFirst({ where: { shopId, id: jobId, deviceId } });
}

export async function finishJob(
  shopId: string,
  job: { id: string; pieceId: string | null; locationId: string | null; templateId: string; reprintOf: string | null },
  status: "printed" | "failed",
  error: string | null,
  actor: Actor,
  deviceId: string,
): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const now = new Date();
    const done = await tx.printJob.updateMany({
      where: { id: job.id, shopId, deviceId, status: "claimed" },
      data:
        status === "printed"
          ? { status, printedAt: now, error: null }
          : { status, error: (error ?? "failed").slice(0, 1000) },
    });
    if (done.count !== 1) return false;
    const label = job.pieceId === null;
    await appendAudit(tx, shopId, {
      actor,
      action: label
        ? status === "printed"
          ? "location.label_printed"
          : "location.label_print_failed"
        : status === "printed"
          ? job.reprintOf
            ? "piece.tag_reprinted"
            : "piece.tag_printed"
          : "piece.tag_print_failed",
      entityType: label ? "Location" : "Piece",
      entityId: (label ? job.locationId : job.pieceId) ?? "",
      reason: error,
      data: { printJobId: job.id, templateId: job.templateId, deviceId },
      at: now,
    });
    return true;
  });
}
