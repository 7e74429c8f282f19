// Receiving a piece: the record, its metals, stones, certificates and consignment, a ledger row and
// an audit row, all in one transaction. Expected refusals come back as a result, not an exception.
import { randomBytes } from "node:crypto";
import { db, type Tx } from "../../db.server";
import { generateTagCode } from "../../domain/tagcode";
import { fineWeightMg } from "../../domain/metals";
import { appendAudit } from "../../models/audit.server";
import { enqueue } from "../../models/outbox.server";
import { actorLabel, type Actor } from "../../models/actor";
import type { CheckedPiece, Issue } from "../../domain/schemas/piece";

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
  /** The scan in Shopify Files (uploaded through stagedUploadsCreate + fileCreate). */
  scanFileGid?: string | null;
  scanUrl?: string | null;
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
  /** A tag code the piece already carries (imports); otherwise Loupe assigns one. */
  tagCode?: string | null;
  title: string;
  description?: string | null;
  sku?: string | null;
  /** GTIN-14 assigned by the shop (RFID EPCs use it when the variant's barcode is not a GTIN). */
  gtin?: string | null;
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
  | { code: "BAD_CERTIFICATE_REFERENCE"; field: string }
  | { code: "DUPLICATE_TAG_CODE"; field: "tagCode"; tagCode: string }
  | { code: "VARIANT_ONE_OF_A_KIND"; field: "variantRef"; tagCode: string };

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

/**
 * The piece whose Shopify product was created from it (a one-of-a-kind product), if this variant
 * belongs to one. Rule: many identical pieces may share a variant that exists in Shopify on its
 * own, but a variant Loupe created for one piece stays that piece's, so its stock and its
 * product page describe exactly one object.
 */
export async function oneOfAKindOwner(
  tx: Tx,
  shopId: string,
  variantGid: string,
): Promise<{ id: string; tagCode: string } | null> {
  const linked = await tx.piece.findMany({
    where: { shopId, variantGid },
    select: { id: true, tagCode: true },
    take: 500,
  });
  if (!linked.length) return null;
  const created = await tx.outboxEntry.findFirst({
    where: { shopId, kind: "product.create", idempotencyKey: { in: linked.map((p) => `product-create-${p.id}`) } },
    select: { idempotencyKey: true },
  });
  return created ? (linked.find((p) => `product-create-${p.id}` === created.idempotencyKey) ?? null) : null;
}

export async function createPiece(
  shopId: string,
  input: NewPiece,
  actor: Actor,
  reason = "received",
  options: CreatePieceOptions = {},
): Promise<IntakeResult> {
  return db.$transaction((tx) => createPieceInTx(tx, shopId, input, actor, reason, options));
}

/**
 * createPiece inside a transaction the caller owns (the CSV import writes a chunk of rows and its
 * progress in one). A refusal writes nothing; the caller decides whether to go on.
 */
export async function createPieceInTx(
  tx: Tx,
  shopId: string,
  input: NewPiece,
  actor: Actor,
  reason = "received",
  options: CreatePieceOptions = {},
): Promise<IntakeResult> {
  const errors: IntakeRefusal[] = [];
  if (input.tagCode) {
    const taken = await tx.piece.findFirst({ where: { shopId, tagCode: input.tagCode }, select: { id: true } });
    if (taken) errors.push({ code: "DUPLICATE_TAG_CODE", field: "tagCode", tagCode: input.tagCode });
  }
  if (input.variantGid) {
    const owner = await oneOfAKindOwner(tx, shopId, input.variantGid);
    if (owner) errors.push({ code: "VARIANT_ONE_OF_A_KIND", field: "variantRef", tagCode: owner.tagCode });
  }
  const shopifyLocation = input.locationId
    ? await tx.location.findFirst({ where: { shopId, id: input.locationId }, select: { shopifyLocationGid: true } })
    : null;
  if (input.locationId && !shopifyLocation) errors.push({ code: "UNKNOWN_LOCATION", field: "locationId" });
  for (const [i, cert] of input.certificates.entries()) {
    const taken = await tx.certificate.findFirst({
      where: { shopId, lab: cert.lab, number: cert.number },
      select: { id: true },
    });
    const twice = input.certificates.findIndex((c) => c.lab === cert.lab && c.number === cert.number) !== i;
    if (taken || twice)
      errors.push({
        code: "DUPLICATE_CERTIFICATE",
        field: `certificates.${i}.number`,
        lab: cert.lab,
        number: cert.number,
      });
  }
  for (const [i, stone] of input.stones.entries()) {
    if (stone.certificateIndex != null && !input.certificates[stone.certificateIndex]) {
      errors.push({ code: "BAD_CERTIFICATE_REFERENCE", field: `stones.${i}.certificateIndex` });
    }
  }
  if (errors.length) return { ok: false as const, errors };

  const supplier = input.supplierName ? await findOrCreateParty(tx, shopId, input.supplierName, "supplier") : null;
  const tagCode = input.tagCode ?? (await uniqueTagCode(tx, shopId));
  const state = input.state ?? "receiving";
  const piece = await tx.piece.create({
    data: {
      shopId,
      tagCode,
      publicToken: newPublicToken(),
      title: input.title,
      description: input.description ?? null,
      sku: input.sku ?? null,
      gtin: input.gtin ?? null,
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
        scanFileGid: c.scanFileGid ?? null,
        scanUrl: c.scanUrl ?? null,
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
}

/** The intake schema's checked values (app/domain/schemas/piece.ts) as a new piece. */
export function newPieceFromForm(
  checked: CheckedPiece,
  context: {
    currency: string;
    variant?: { productGid: string; variantGid: string; inventoryItemGid: string | null; sku: string | null } | null;
  },
): NewPiece {
  return {
    tagCode: checked.tagCode,
    title: checked.title,
    description: checked.description,
    sku: checked.sku ?? context.variant?.sku ?? null,
    gtin: checked.gtin ?? null,
    productGid: context.variant?.productGid ?? null,
    variantGid: context.variant?.variantGid ?? null,
    inventoryItemGid: context.variant?.inventoryItemGid ?? null,
    currency: context.currency,
    priceMinor: checked.priceMinor,
    costMinor: checked.costMinor,
    supplierName: checked.supplierName,
    acquiredAt: checked.acquiredAt,
    locationId: checked.locationId,
    notes: checked.notes,
    metals: checked.metals,
    stones: checked.stones,
    certificates: checked.certificates,
    consignment: checked.consignment,
  };
}

/** A refusal as a schema issue, so the form shows it beside its field like any other error. */
export function refusalIssue(refusal: IntakeRefusal): Issue {
  switch (refusal.code) {
    case "DUPLICATE_CERTIFICATE":
      return {
        path: refusal.field,
        message: "catalog.error.certificateDuplicate",
        params: { lab: refusal.lab, number: refusal.number },
      };
    case "UNKNOWN_LOCATION":
      return { path: "locationId", message: "catalog.error.unknownLocation" };
    case "BAD_CERTIFICATE_REFERENCE":
      return { path: refusal.field, message: "catalog.error.certificateReference" };
    case "DUPLICATE_TAG_CODE":
      return { path: "tagCode", message: "catalog.error.tagCodeTaken", params: { code: refusal.tagCode } };
    case "VARIANT_ONE_OF_A_KIND":
      return { path: "variantRef", message: "catalog.error.variantOneOfAKind", params: { tagCode: refusal.tagCode } };
  }
}

// ---------------------------------------------------------------- Shopify side of intake

/** The part of the Admin client (requireAdmin(request).admin) that intake uses. */
export type AdminGraphql = {
  graphql: (query: string, options?: { variables?: Record<string, unknown> }) => Promise<Response>;
};

async function adminQuery<T>(
  admin: AdminGraphql,
  query: string,
  variables: Record<string, unknown>,
): Promise<T | null> {
  try {
    const response = await admin.graphql(query, { variables });
    const body = (await response.json()) as { data?: T; errors?: unknown };
    return body.errors || !body.data ? null : body.data;
  } catch {
    // The library throws on GraphQL errors and network faults alike; the caller says "try again".
    return null;
  }
}

const VARIANT_FIELDS = `id sku title displayName price product { id title } inventoryItem { id }`;

export const VARIANT_BY_ID = `#graphql
  query LoupeVariantById($id: ID!) { productVariant(id: $id) { ${VARIANT_FIELDS} } }`;

export const VARIANTS_BY_SKU = `#graphql
  query LoupeVariantsBySku($query: String!) { productVariants(first: 5, query: $query) { nodes { ${VARIANT_FIELDS} } } }`;

type VariantNode = {
  id: string;
  sku: string | null;
  title: string;
  displayName: string;
  price: string;
  product: { id: string; title: string };
  inventoryItem: { id: string } | null;
};

export type LinkedVariant = {
  productGid: string;
  variantGid: string;
  inventoryItemGid: string | null;
  sku: string | null;
  title: string;
};

export type VariantLookup = { ok: true; variant: LinkedVariant } | { ok: false; issue: Issue };

/**
 * What the App Bridge resource picker would return, from what a person can type instead: a
 * variant id (numeric or gid) or a SKU. One SKU shared by several variants is refused as
 * ambiguous rather than guessed.
 */
export async function lookUpVariant(admin: AdminGraphql, ref: string): Promise<VariantLookup> {
  const trimmed = ref.trim();
  const gid = /^gid:\/\/shopify\/ProductVariant\/\d+$/.test(trimmed)
    ? trimmed
    : /^\d{1,20}$/.test(trimmed)
      ? `gid://shopify/ProductVariant/${trimmed}`
      : null;
  const toLinked = (v: VariantNode): LinkedVariant => ({
    productGid: v.product.id,
    variantGid: v.id,
    inventoryItemGid: v.inventoryItem?.id ?? null,
    sku: v.sku,
    title: v.displayName,
  });
  if (gid) {
    const data = await adminQuery<{ productVariant: VariantNode | null }>(admin, VARIANT_BY_ID, { id: gid });
    if (!data) return { ok: false, issue: { path: "variantRef", message: "catalog.error.shopifyUnavailable" } };
    if (data.productVariant) return { ok: true, variant: toLinked(data.productVariant) };
    // A numeric SKU is possible too: fall through to the SKU search.
    if (trimmed.startsWith("gid://"))
      return { ok: false, issue: { path: "variantRef", message: "catalog.error.variantNotFound" } };
  }
  const data = await adminQuery<{ productVariants: { nodes: VariantNode[] } }>(admin, VARIANTS_BY_SKU, {
    query: `sku:"${trimmed.replace(/["\\]/g, "")}"`,
  });
  if (!data) return { ok: false, issue: { path: "variantRef", message: "catalog.error.shopifyUnavailable" } };
  const exact = data.productVariants.nodes.filter((v) => v.sku === trimmed);
  if (exact.length === 1) return { ok: true, variant: toLinked(exact[0]!) };
  if (exact.length > 1)
    return {
      ok: false,
      issue: { path: "variantRef", message: "catalog.error.variantAmbiguous", params: { count: String(exact.length) } },
    };
  return { ok: false, issue: { path: "variantRef", message: "catalog.error.variantNotFound" } };
}

export const STAGED_UPLOADS_CREATE = `#graphql
  mutation LoupeStagedUpload($input: [StagedUploadInput!]!) {
    stagedUploadsCreate(input: $input) { stagedTargets { url resourceUrl parameters { name value } } userErrors { field message } }
  }`;

export const FILE_CREATE = `#graphql
  mutation LoupeFileCreate($files: [FileCreateInput!]!) {
    fileCreate(files: $files) {
      files { id fileStatus ... on GenericFile { url } ... on MediaImage { image { url } } }
      userErrors { field message code }
    }
  }`;

export const SCAN_TYPES = ["application/pdf", "image/jpeg", "image/png"] as const;
export const MAX_SCAN_BYTES = 20 * 1024 * 1024;

export type ScanUpload = { ok: true; scanFileGid: string; scanUrl: string | null } | { ok: false; issue: Issue };

/**
 * A certificate scan into Shopify Files: stagedUploadsCreate gives a target, the bytes go there,
 * fileCreate turns the upload into a file. Nothing is stored in Loupe until the piece is saved
 * with the returned gid (a scan uploaded for a form never submitted stays an unused file).
 */
export async function uploadCertificateScan(
  admin: AdminGraphql,
  file: { name: string; type: string; bytes: Uint8Array },
  alt: string,
): Promise<ScanUpload> {
  const fail = (reason: string): ScanUpload => ({
    ok: false,
    issue: { path: "scan", message: "catalog.error.uploadFailed", params: { reason } },
  });
  if (
    !(SCAN_TYPES as readonly string[]).includes(file.type) ||
    file.bytes.length === 0 ||
    file.bytes.length > MAX_SCAN_BYTES
  ) {
    return { ok: false, issue: { path: "scan", message: "catalog.error.uploadType" } };
  }
  const filename = file.name.replace(/[^\w.\- ]+/g, "_").slice(-120) || "certificate";
  const staged = await adminQuery<{
    stagedUploadsCreate: {
      stagedTargets: { url: string; resourceUrl: string; parameters: { name: string; value: string }[] }[];
      userErrors: { message: string }[];
    };
  }>(admin, STAGED_UPLOADS_CREATE, {
    input: [
      {
        filename,
        mimeType: file.type,
        resource: file.type === "application/pdf" ? "FILE" : "IMAGE",
        httpMethod: "POST",
        fileSize: String(file.bytes.length),
      },
    ],
  });
  const target = staged?.stagedUploadsCreate.stagedTargets[0];
  if (!staged || !target) return fail(staged?.stagedUploadsCreate.userErrors[0]?.message ?? "stagedUploadsCreate");
  const form = new FormData();
  for (const p of target.parameters) form.append(p.name, p.value);
  form.append("file", new Blob([new Uint8Array(file.bytes)], { type: file.type }), filename);
  try {
    const put = await fetch(target.url, { method: "POST", body: form, signal: AbortSignal.timeout(30_000) });
    if (!put.ok) return fail(`upload HTTP ${put.status}`);
  } catch (error) {
    return fail((error as Error).message);
  }
  const created = await adminQuery<{
    fileCreate: {
      files: { id: string; url?: string | null; image?: { url: string } | null }[] | null;
      userErrors: { message: string }[];
    };
  }>(admin, FILE_CREATE, {
    files: [
      { originalSource: target.resourceUrl, contentType: file.type === "application/pdf" ? "FILE" : "IMAGE", alt },
    ],
  });
  const made = created?.fileCreate.files?.[0];
  if (!made) return fail(created?.fileCreate.userErrors[0]?.message ?? "fileCreate");
  return { ok: true, scanFileGid: made.id, scanUrl: made.url ?? made.image?.url ?? null };
}

export const PRODUCT_MEDIA = `#graphql
  query LoupeProductMedia($id: ID!) {
    product(id: $id) { id media(first: 12) { nodes { id alt mediaContentType ... on MediaImage { image { url altText } } } } }
  }`;

export type ProductPhotos = { ok: true; photos: { id: string; url: string; alt: string | null }[] } | { ok: false };

/** The Shopify product's images for the piece page; `ok: false` when Shopify cannot say now. */
export async function productPhotos(admin: AdminGraphql, productGid: string): Promise<ProductPhotos> {
  const data = await adminQuery<{
    product: {
      media: { nodes: { id: string; alt: string | null; image?: { url: string; altText: string | null } | null }[] };
    } | null;
  }>(admin, PRODUCT_MEDIA, { id: productGid });
  if (!data) return { ok: false };
  const nodes = data.product?.media.nodes ?? [];
  return {
    ok: true,
    photos: nodes.flatMap((n) => (n.image ? [{ id: n.id, url: n.image.url, alt: n.image.altText ?? n.alt }] : [])),
  };
}
