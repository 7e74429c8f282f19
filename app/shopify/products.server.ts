// Creates the Shopify product and variant for a piece that has none. Safe to repeat: the product
// carries a handle derived from the tag code, and a retry after a lost answer finds it (and its
// variant, by SKU) instead of creating a second one.
import { minorToDecimalString } from "../domain/money";
import { isPieceState, stockBucket } from "../domain/lifecycle";
import { appendAudit } from "../models/audit.server";
import { enqueue } from "../models/outbox.server";
import { SYSTEM_ACTOR } from "../models/actor";
import { findPieceToLink, linkPieceToProduct, type ShopifyLink } from "../models/piece-links.server";
import { inTransaction } from "../models/transaction.server";
import { ShopifyRefusedError, shopGraphql } from "./admin-client.server";
import { PRODUCT_BY_HANDLE, PRODUCT_CREATE, VARIANTS_CREATE } from "./documents";

/**
 * The handle of a piece's product exactly as Shopify stores it: lower case, every run of other
 * characters than a-z and 0-9 made one hyphen, none at either end (a tag code with a dot or a
 * space would otherwise be stored under another handle than the one asked for, and a retry would
 * not find the product it created).
 */
export function productHandle(tagCode: string): string {
  const slug = tagCode
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return `loupe-${slug}`;
}

type UserError = { field?: string[] | null; message: string; code?: string | null };
type Variant = { id: string; sku: string | null; inventoryItem: { id: string } };

export async function createProductForPiece(shop: string, shopId: string, pieceId: string): Promise<unknown> {
  const piece = await findPieceToLink(shopId, pieceId);
  if (!piece) throw new ShopifyRefusedError(`Piece ${pieceId} no longer exists`);
  if (piece.variantGid) return { skipped: "already linked", variantGid: piece.variantGid };
  const handle = productHandle(piece.tagCode);
  const sku = piece.sku ?? piece.tagCode;

  const existing = await shopGraphql<{ productByIdentifier: { id: string; variants: { nodes: Variant[] } } | null }>(
    shop,
    PRODUCT_BY_HANDLE,
    { handle },
    { estimatedCost: 5 },
  );
  let productId = existing.data.productByIdentifier?.id ?? null;
  let variant = existing.data.productByIdentifier?.variants.nodes.find((v) => v.sku === sku) ?? null;
  if (!productId) {
    const created = await shopGraphql<{ productCreate: { product: { id: string } | null; userErrors: UserError[] } }>(
      shop,
      PRODUCT_CREATE,
      {
        product: {
          title: piece.title,
          handle,
          status: "DRAFT",
          productType: "Jewelry",
          descriptionHtml: piece.description ?? undefined,
        },
      },
    );
    const { product, userErrors } = created.data.productCreate;
    if (!product || userErrors.length)
      throw new ShopifyRefusedError(`productCreate: ${userErrors.map((e) => e.message).join("; ")}`);
    productId = product.id;
  }
  if (!variant) {
    const made = await shopGraphql<{
      productVariantsBulkCreate: { productVariants: Variant[] | null; userErrors: UserError[] };
    }>(shop, VARIANTS_CREATE, {
      productId,
      variants: [
        {
          price: piece.priceMinor != null ? minorToDecimalString(piece.priceMinor, piece.currency) : "0",
          // A piece is one physical item: never sell more than there are.
          inventoryPolicy: "DENY",
          inventoryItem: { sku, tracked: true },
        },
      ],
    });
    const { productVariants, userErrors } = made.data.productVariantsBulkCreate;
    variant = productVariants?.[0] ?? null;
    if (!variant || userErrors.length)
      throw new ShopifyRefusedError(`productVariantsBulkCreate: ${userErrors.map((e) => e.message).join("; ")}`);
  }
  const link: ShopifyLink = {
    productGid: productId,
    variantGid: variant.id,
    inventoryItemGid: variant.inventoryItem.id,
  };
  await inTransaction(async (tx) => {
    if (!(await linkPieceToProduct(tx, shopId, piece.id, link))) return;
    await appendAudit(tx, shopId, {
      actor: SYSTEM_ACTOR,
      action: "piece.linked_to_shopify",
      entityType: "Piece",
      entityId: piece.id,
      reason: "product created from the piece",
      data: link,
    });
    const version = piece.version + 1;
    await enqueue(tx, shopId, "piece.mirror", { pieceId: piece.id }, `mirror-${piece.id}-v${version}`);
    const bucket = isPieceState(piece.state) ? stockBucket(piece.state) : null;
    if (bucket && piece.shopifyLocationGid) {
      await enqueue(
        tx,
        shopId,
        "inventory.adjust",
        {
          name: bucket,
          reason: "received",
          referenceDocumentUri: `gid://loupe/Piece/${piece.id}`,
          changes: [{ inventoryItemGid: variant.inventoryItem.id, locationGid: piece.shopifyLocationGid, delta: 1 }],
        },
        `stock-${piece.id}-v${version}`,
      );
    }
  });
  return link;
}
