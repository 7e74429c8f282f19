// Receiving a piece: the record, its metals, stones, certificates and consignment, a ledger row and
// an audit row, all in one transaction. Expected refusals come back as a result, not an exception.
import { randomBytes } from "node:crypto";
import { db, type Tx } from "../db.server";
import { generateTagCode } from "../domain/tagcode";
import { fineWeightMg } from "../domain/metals";
import { appendAudit } from "../models/audit.server";
import { enqueue } from "../models/outbox.server";
import { actorLabel, type Actor } from "../models/actor";

export type NewPieceMetal = {
  metal: string;
  colour?: string | null;
  finenessBp: number;
  grossWeightMg: bigint;
  enteredWeight: string;
  enteredUnit: string;
  hallmark?: string | null;
};

export type NewPieceCertificate = {
  lab: string;
  number: string;
  issuedAt?: Date | null;
  grades?: Record<string, string>;
};

export type NewPieceStone = {
  type: string;
  origin: "natural" | "lab_grown" | "simulant";
  shape?: string | null;
  millicarats: number;
  count?: number;
  colour?: string | null;
  clarity?: string | null;
  cutGrade?: string | null;
  measurements?: string | null;
  treatment?: string | null;
  position?: "centre" | "side" | "accent";
  /** Index into `certificates` of the report that grades this stone. */
  certificateIndex?: number | null;
};

export type NewPiece = {
  title: string;
  description?: string | null;
  sku?: string | null;
  productGid?: string | null;
  variantGid?: string | null;
  inventoryItemGid?: string | null;
  currency: string;
  priceMinor?: bigint | null;
  costMinor?: bigint | null;
  supplierName?: string | null;
  acquiredAt?: Date | null;
  locationId?: string | null;
  madeBy?: string | null;
  originNotes?: string | null;
  notes?: string | null;
  state?: "receiving" | "active";
  metals: readonly NewPieceMetal[];
  stones: readonly NewPieceStone[];
  certificates: readonly NewPieceCertificate[];
  consignment?: {
    consignorName: string;
    commissionBp?: number | null;
    agreedNetMinor?: bigint | null;
    receivedAt: Date;
    dueAt?: Date | null;
    returnConditions?: string | null;
  } | null;
};

export type IntakeRefusal =
  | { code: "DUPLICATE_CERTIFICATE"; field: string; lab: string; number: string }
  | { code: "UNKNOWN_LOCATION"; field: "locationId" }
  | { code: "BAD_CERTIFICATE_REFERENCE"; field: string };

export type IntakeResult = { ok: true; pieceId: string; tagCode: string } | { ok: false; errors: IntakeRefusal[] };

async function findOrCreateParty(tx: Tx, shopId: string, name: string, kind: "supplier" | "consignor") {
  const existing = await tx.party.findFirst({ where: { shopId, name } });
  if (existing) {
    if (existing.kind !== kind && existing.kind !== "both") {
      return tx.party.update({ where: { id: existing.id }, data: { kind: "both" } });
    }
    return existing;
  }
  return tx.party.create({ data: { shopId, name, kind } });
}

async function uniqueTagCode(tx: Tx, shopId: string): Promise<string> {
  // 32^6 codes: a collision is rare, but a shop with many pieces must never get a duplicate.
  for (let attempt = 0; attempt < 10; attempt++) {
    const code = generateTagCode((n) => randomBytes(n));
    const taken = await tx.piece.findFirst({ where: { shopId, tagCode: code }, select: { id: true } });
    if (!taken) return code;
  }
  throw new Error("Could not find a free tag code after 10 attempts");
}

export function newPublicToken(): string {
  return randomBytes(16).toString("base64url");
}

export type CreatePieceOptions = {
  /** Create the Shopify product and variant from the piece (through the outbox, same transaction). */
  createShopifyProduct?: boolean;
};

export async function createPiece(shopId: string, input: NewPiece, actor: Actor, reason = "received", options: CreatePieceOptions = {}): Promise<IntakeResult> {
  return db.$transaction(async (tx) => {
    const errors: IntakeRefusal[] = [];
    const shopifyLocation = input.locationId
      ? await tx.location.findFirst({ where: { shopId, id: input.locationId }, select: { shopifyLocationGid: true } })
      : null;
    if (input.locationId && !shopifyLocation) errors.push({ code: "UNKNOWN_LOCATION", field: "locationId" });
    for (const [i, cert] of input.certificates.entries()) {
      const taken = await tx.certificate.findFirst({ where: { shopId, lab: cert.lab, number: cert.number }, select: { id: true } });
      const twice = input.certificates.findIndex((c) => c.lab === cert.lab && c.number === cert.number) !== i;
      if (taken || twice) errors.push({ code: "DUPLICATE_CERTIFICATE", field: `certificates.${i}.number`, lab: cert.lab, number: cert.number });
    }
    for (const [i, stone] of input.stones.entries()) {
      if (stone.certificateIndex != null && !input.certificates[stone.certificateIndex]) {
        errors.push({ code: "BAD_CERTIFICATE_REFERENCE", field: `stones.${i}.certificateIndex` });
      }
    }
    if (errors.length) return { ok: false as const, errors };

    const supplier = input.supplierName ? await findOrCreateParty(tx, shopId, input.supplierName, "supplier") : null;
    const tagCode = await uniqueTagCode(tx, shopId);
    const state = input.state ?? "receiving";
    const piece = await tx.piece.create({
      data: {
        shopId,
        tagCode,
        publicToken: newPublicToken(),
        title: input.title,
        description: input.description ?? null,
        sku: input.sku ?? null,
        productGid: input.productGid ?? null,
        variantGid: input.variantGid ?? null,
        inventoryItemGid: input.inventoryItemGid ?? null,
        currency: input.currency,
        priceMinor: input.priceMinor ?? null,
        costMinor: input.costMinor ?? null,
        supplierId: supplier?.id ?? null,
        acquiredAt: input.acquiredAt ?? null,
        locationId: input.locationId ?? null,
        shopifyLocationGid: shopifyLocation?.shopifyLocationGid ?? null,
        madeBy: input.madeBy ?? null,
        originNotes: input.originNotes ?? null,
        notes: input.notes ?? null,
        state,
        taggedAt: state === "active" ? new Date() : null,
      },
    });
    for (const [i, m] of input.metals.entries()) {
      await tx.pieceMetal.create({
        data: {
          shopId,
          pieceId: piece.id,
          metal: m.metal,
          colour: m.colour ?? null,
          finenessBp: m.finenessBp,
          grossWeightMg: m.grossWeightMg,
          fineWeightMg: fineWeightMg(m.grossWeightMg, m.finenessBp),
          enteredWeight: m.enteredWeight,
          enteredUnit: m.enteredUnit,
          hallmark: m.hallmark ?? null,
          sortOrder: i,
        },
      });
    }
    const certificateIds: string[] = [];
    for (const c of input.certificates) {
      const cert = await tx.certificate.create({
        data: {
          shopId,
          pieceId: piece.id,
          lab: c.lab,
          number: c.number,
          issuedAt: c.issuedAt ?? null,
          grades: JSON.stringify(c.grades ?? {}),
        },
      });
      certificateIds.push(cert.id);
    }
    for (const [i, s] of input.stones.entries()) {
      await tx.stone.create({
        data: {
          shopId,
          pieceId: piece.id,
          type: s.type,
          origin: s.origin,
          shape: s.shape ?? null,
          millicarats: s.millicarats,
          count: s.count ?? 1,
          colour: s.colour ?? null,
          clarity: s.clarity ?? null,
          cutGrade: s.cutGrade ?? null,
          measurements: s.measurements ?? null,
          treatment: s.treatment ?? null,
          position: s.position ?? "centre",
          certificateId: s.certificateIndex != null ? (certificateIds[s.certificateIndex] ?? null) : null,
          sortOrder: i,
        },
      });
    }
    if (input.consignment) {
      const consignor = await findOrCreateParty(tx, shopId, input.consignment.consignorName, "consignor");
      await tx.consignment.create({
        data: {
          shopId,
          pieceId: piece.id,
          consignorId: consignor.id,
          commissionBp: input.consignment.commissionBp ?? null,
          agreedNetMinor: input.consignment.agreedNetMinor ?? null,
          receivedAt: input.consignment.receivedAt,
          dueAt: input.consignment.dueAt ?? null,
          returnConditions: input.consignment.returnConditions ?? null,
        },
      });
    }
    await tx.movement.create({
      data: {
        shopId,
        pieceId: piece.id,
        kind: "intake",
        toState: state,
        toLocationId: input.locationId ?? null,
        toShopifyLocationGid: shopifyLocation?.shopifyLocationGid ?? null,
        actorId: actor.id ?? null,
        actorName: actorLabel(actor),
        reason,
      },
    });
    await appendAudit(tx, shopId, {
      actor,
      action: "piece.created",
      entityType: "Piece",
      entityId: piece.id,
      reason,
      // The public-safe shape of what was recorded; cost and parties are named, not valued, here.
      data: {
        tagCode,
        title: input.title,
        state,
        metals: input.metals.map((m) => ({ metal: m.metal, finenessBp: m.finenessBp, grossWeightMg: m.grossWeightMg })),
        stones: input.stones.length,
        certificates: input.certificates.map((c) => `${c.lab} ${c.number}`),
        consigned: Boolean(input.consignment),
        costRecorded: input.costMinor != null,
      },
    });
    if (options.createShopifyProduct && !input.variantGid) {
      await enqueue(tx, shopId, "product.create", { pieceId: piece.id }, `product-create-${piece.id}`);
    } else if (input.productGid) {
      await enqueue(tx, shopId, "piece.mirror", { pieceId: piece.id }, `mirror-${piece.id}-v1`);
    }
    return { ok: true as const, pieceId: piece.id, tagCode };
  });
}
