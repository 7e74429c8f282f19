// Mirrors the public part of a piece's record to its Shopify product: the app-owned metafields and
// the stone/certificate metaobjects declared in shopify.app.toml. Only public fields go there:
// never cost, supplier, consignor or customer. One metafieldsSet call (at most 25 entries).
import { caratTotal } from "../domain/units";
import { scaledToDecimalText } from "../domain/decimal-input";
import { finenessLabel, type Metal } from "../domain/metals";
import { reportCheckUrl } from "../domain/certificates";
import { isoDay } from "../domain/days";
import { piecesPerProduct, piecesToMirror, type MirrorPiece } from "../models/piece-links.server";
import { env } from "../env.server";
import { ShopifyRefusedError, shopGraphql } from "./admin-client.server";
import {
  METAFIELDS_SET,
  METAOBJECT_DEFINITION,
  METAOBJECT_DEFINITION_CREATE,
  METAOBJECT_UPSERT,
  VARIANT_POLICIES,
  VARIANTS_UPDATE,
} from "./documents";

type UserError = { field?: string[] | null; message: string; code?: string | null };

export const METAFIELDS_PER_CALL = 25;

/** Exact decimal text of an integer scaled by 10^places, without trailing zeros ("3420", 3 → "3.42"). */
export const scaledToDecimal = (value: bigint | number, places: number) =>
  scaledToDecimalText(BigInt(value), places, { trimZeros: true });

// The app-owned metaobject types, as declared in shopify.app.toml. They exist once the app is
// deployed; a store without them (the simulator, an app not yet deployed) gets them created here.
const DEFINITIONS = {
  "$app:stone": {
    name: "Stone",
    fields: [
      ["type", "single_line_text_field"],
      ["origin", "single_line_text_field"],
      ["shape", "single_line_text_field"],
      ["carat", "number_decimal"],
      ["count", "number_integer"],
      ["colour", "single_line_text_field"],
      ["clarity", "single_line_text_field"],
      ["cut", "single_line_text_field"],
      ["position", "single_line_text_field"],
    ],
  },
  "$app:certificate": {
    name: "Grading certificate",
    fields: [
      ["lab", "single_line_text_field"],
      ["number", "single_line_text_field"],
      ["date", "date"],
      ["report_url", "url"],
    ],
  },
} as const;

const knownDefinitions = new Set<string>();

async function ensureDefinition(shop: string, type: keyof typeof DEFINITIONS): Promise<void> {
  if (knownDefinitions.has(`${shop}|${type}`)) return;
  const found = await shopGraphql<{ metaobjectDefinitionByType: { id: string } | null }>(
    shop,
    METAOBJECT_DEFINITION,
    { type },
    { estimatedCost: 2 },
  );
  if (!found.data.metaobjectDefinitionByType) {
    const d = DEFINITIONS[type];
    const created = await shopGraphql<{ metaobjectDefinitionCreate: { userErrors: UserError[] } }>(
      shop,
      METAOBJECT_DEFINITION_CREATE,
      {
        definition: {
          type,
          name: d.name,
          access: { storefront: "PUBLIC_READ" },
          fieldDefinitions: d.fields.map(([key, fieldType]) => ({ key, name: key, type: fieldType })),
        },
      },
    );
    const errors = created.data.metaobjectDefinitionCreate.userErrors.filter((e) => e.code !== "TAKEN");
    if (errors.length)
      throw new ShopifyRefusedError(
        `Could not create metaobject definition ${type}: ${errors.map((e) => e.message).join("; ")}`,
      );
  }
  knownDefinitions.add(`${shop}|${type}`);
}

async function upsertMetaobject(
  shop: string,
  type: keyof typeof DEFINITIONS,
  handle: string,
  fields: Record<string, string | null>,
): Promise<string> {
  await ensureDefinition(shop, type);
  const answer = await shopGraphql<{
    metaobjectUpsert: { metaobject: { id: string } | null; userErrors: UserError[] };
  }>(shop, METAOBJECT_UPSERT, {
    handle: { type, handle },
    metaobject: {
      fields: Object.entries(fields)
        .filter(([, v]) => v !== null && v !== "")
        .map(([key, value]) => ({ key, value: String(value) })),
    },
  });
  const { metaobject, userErrors } = answer.data.metaobjectUpsert;
  if (userErrors.length || !metaobject)
    throw new ShopifyRefusedError(`metaobjectUpsert ${type}/${handle}: ${userErrors.map((e) => e.message).join("; ")}`);
  return metaobject.id;
}

export function provenanceUrl(shopDomain: string, publicToken: string): string {
  const config = env();
  return `https://${shopDomain}/${config.LOUPE_PROXY_PREFIX}/${config.LOUPE_PROXY_SUBPATH}/${publicToken}`;
}

const handleOf = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

/**
 * A piece is one physical item: its variant must never sell more than there are. Variants linked
 * to pieces that still allow overselling are switched to DENY (one read for the whole batch, one
 * update per product that needs it).
 */
export async function ensureNoOverselling(shop: string, variantGids: string[]): Promise<number> {
  if (variantGids.length === 0) return 0;
  const answer = await shopGraphql<{
    nodes: ({ id: string; inventoryPolicy: string; product: { id: string } } | null)[];
  }>(shop, VARIANT_POLICIES, { ids: variantGids }, { estimatedCost: 2 + variantGids.length * 2 });
  const byProduct = new Map<string, string[]>();
  for (const node of answer.data.nodes) {
    if (node && node.inventoryPolicy !== "DENY")
      byProduct.set(node.product.id, [...(byProduct.get(node.product.id) ?? []), node.id]);
  }
  for (const [productId, ids] of byProduct) {
    const updated = await shopGraphql<{ productVariantsBulkUpdate: { userErrors: UserError[] } }>(
      shop,
      VARIANTS_UPDATE,
      {
        productId,
        variants: ids.map((id) => ({ id, inventoryPolicy: "DENY" })),
      },
    );
    const errors = updated.data.productVariantsBulkUpdate.userErrors;
    if (errors.length)
      throw new ShopifyRefusedError(`productVariantsBulkUpdate: ${errors.map((e) => e.message).join("; ")}`);
  }
  return [...byProduct.values()].reduce((n, ids) => n + ids.length, 0);
}

export type MetafieldEntry = { ownerId: string; namespace: string; key: string; type: string; value: string };
export type MirrorPlan =
  | { skipped: string }
  | { entries: MetafieldEntry[]; variantGid: string | null; summary: { stones: number; certificate: boolean } };

/** Sends metafields in as few calls as the 25-per-call limit allows; all or nothing per call. */
export async function sendMetafields(shop: string, metafields: MetafieldEntry[]): Promise<void> {
  for (let i = 0; i < metafields.length; i += METAFIELDS_PER_CALL) {
    const answer = await shopGraphql<{ metafieldsSet: { userErrors: UserError[] } }>(shop, METAFIELDS_SET, {
      metafields: metafields.slice(i, i + METAFIELDS_PER_CALL),
    });
    const errors = answer.data.metafieldsSet.userErrors;
    if (errors.length)
      throw new ShopifyRefusedError(
        `metafieldsSet: ${errors.map((e) => `${e.field?.join(".")}: ${e.message}`).join("; ")}`,
      );
  }
}

/** Pieces no longer stocked: they do not make a product one of several identical pieces. */
const GONE_STATES = ["archived", "written_off", "returned_to_consignor"];

/**
 * Plans several pieces' mirrors with two queries in all (the pieces, and how many pieces share
 * each product); a piece missing from the answer no longer exists. A failure planning one piece
 * (a metaobject refused) is that piece's result, not the batch's.
 */
export async function planMirrors(
  shop: string,
  shopId: string,
  pieceIds: string[],
): Promise<Map<string, MirrorPlan | Error>> {
  const pieces = await piecesToMirror(shopId, pieceIds);
  const productGids = [...new Set(pieces.map((p) => p.productGid).filter((g): g is string => g !== null))];
  const siblingsOf = await piecesPerProduct(shopId, productGids, GONE_STATES);
  const plans = new Map<string, MirrorPlan | Error>();
  for (const piece of pieces) {
    try {
      plans.set(piece.id, await planOne(shop, piece, siblingsOf.get(piece.productGid) ?? 0));
    } catch (error) {
      plans.set(piece.id, error as Error);
    }
  }
  return plans;
}

/**
 * Everything but the metafields call for one piece: upserts its stone and certificate metaobjects
 * (idempotent by handle), and returns the metafield entries to send.
 */
async function planOne(shop: string, piece: MirrorPiece, siblings: number): Promise<MirrorPlan> {
  if (!piece.productGid) return { skipped: "not linked to a Shopify product" };
  // A product stocked as several identical pieces shows the design (metals, stones); a
  // certificate and a provenance page belong to one piece, so only a one-of-a-kind product gets them.
  const unique = siblings <= 1;

  const stoneIds: string[] = [];
  for (const [i, s] of piece.stones.entries()) {
    stoneIds.push(
      await upsertMetaobject(
        shop,
        "$app:stone",
        `loupe-${handleOf(piece.productGid.split("/").pop() ?? piece.id)}-stone-${i + 1}`,
        {
          type: s.type,
          origin: s.origin,
          shape: s.shape,
          carat: scaledToDecimal(s.millicarats, 3),
          count: String(s.count),
          colour: s.colour,
          clarity: s.clarity,
          cut: s.cutGrade,
          position: s.position,
        },
      ),
    );
  }
  const certificate = unique ? piece.certificates[0] : undefined;
  const certificateId = certificate
    ? await upsertMetaobject(
        shop,
        "$app:certificate",
        `loupe-${handleOf(`${certificate.lab}-${certificate.number}`)}`,
        {
          lab: certificate.lab,
          number: certificate.number,
          date: certificate.issuedAt ? isoDay(certificate.issuedAt) : null,
          report_url: reportCheckUrl(certificate.lab, certificate.number),
        },
      )
    : null;

  const entries = publicEntries(shop, piece, unique, stoneIds, certificateId);

  const productGid = piece.productGid;
  return {
    entries: entries.map((e) => ({ ownerId: productGid, namespace: "$app", ...e })),
    variantGid: piece.variantGid,
    summary: { stones: stoneIds.length, certificate: Boolean(certificateId) },
  };
}

type EntryPiece = Pick<MirrorPiece, "metals" | "stones" | "publicToken">;

/** The public metafields of a piece (without owner): the same whether sent by metafieldsSet or inside a productSet. */
function publicEntries(
  shop: string,
  piece: EntryPiece,
  unique: boolean,
  stoneIds: string[],
  certificateId: string | null,
): { key: string; type: string; value: string }[] {
  const metal = piece.metals[0];
  const gross = piece.metals.reduce((sum, m) => sum + m.grossWeightMg, 0n);
  const fine = piece.metals.reduce((sum, m) => sum + m.fineWeightMg, 0n);
  const carats = caratTotal(piece.stones);
  const entries: { key: string; type: string; value: string }[] = [];
  if (metal) {
    entries.push({
      key: "metal",
      type: "single_line_text_field",
      value: finenessLabelSafe(metal.metal, metal.finenessBp),
    });
    entries.push({ key: "fineness", type: "number_decimal", value: scaledToDecimal(metal.finenessBp, 1) });
    // The weight is written as JSON text from the exact decimal, never through a float.
    entries.push({
      key: "gross_weight",
      type: "weight",
      value: `{"value":${scaledToDecimal(gross, 3)},"unit":"GRAMS"}`,
    });
    entries.push({ key: "fine_weight", type: "weight", value: `{"value":${scaledToDecimal(fine, 3)},"unit":"GRAMS"}` });
  }
  if (carats > 0) entries.push({ key: "carat_total", type: "number_decimal", value: scaledToDecimal(carats, 3) });
  entries.push({ key: "stones", type: "list.metaobject_reference", value: JSON.stringify(stoneIds) });
  if (certificateId) entries.push({ key: "certificate", type: "metaobject_reference", value: certificateId });
  if (unique) entries.push({ key: "provenance_url", type: "url", value: provenanceUrl(shop, piece.publicToken) });

  return entries;
}

/**
 * The metafields a bulk productSet can carry for a piece becoming its own product, or null when
 * the piece has stones or certificates: those reference metaobjects whose handles come from the
 * product id, so they are mirrored once the product exists (the usual piece.mirror row).
 */
export function productSetMetafields(
  shop: string,
  piece: EntryPiece & { certificates: unknown[] },
): MetafieldEntryInput[] | null {
  if (piece.stones.length > 0 || piece.certificates.length > 0) return null;
  return publicEntries(shop, piece, true, [], null).map((e) => ({ namespace: "$app", ...e }));
}

export type MetafieldEntryInput = { namespace: string; key: string; type: string; value: string };

function finenessLabelSafe(metal: string, bp: number): string {
  const name = metal.charAt(0).toUpperCase() + metal.slice(1);
  try {
    return `${name} ${finenessLabel(bp, metal as Metal, "en")}`;
  } catch {
    return `${name} ${scaledToDecimal(bp, 1)} ‰`;
  }
}
