// Shopify owns merchandising: when a product changes there, Loupe keeps its cached price (and the
// title of a one-of-a-kind piece) in step; when it is deleted, pieces are unlinked, never deleted.
import { z } from "zod";
import { restId, shopifyGid } from "../../shopify/ids";
import { parseMoney } from "../../domain/money";
import { appendAudit } from "../../models/audit.server";
import { piecesOfProduct, setPriceAndTitleFromShopify, unlinkFromShopify } from "../../models/pieces.server";
import { findShopByDomain } from "../../models/shop.server";
import { inTransaction } from "../../models/transaction.server";
import type { Actor } from "../../models/actor";
import { publicBaseline, signChangeInTx } from "../provenance/public-record.server";

const id = restId;

export const productPayload = z
  .object({
    id,
    admin_graphql_api_id: z.string().optional(),
    title: z.string().optional(),
    updated_at: z.string().optional(),
    variants: z
      .array(
        z
          .object({
            id,
            admin_graphql_api_id: z.string().optional(),
            price: z.union([z.string(), z.number()]).transform(String).optional(),
          })
          .passthrough(),
      )
      .default([]),
  })
  .passthrough();

export const productDeletePayload = z.object({ id }).passthrough();

const productGid = (productId: string) => shopifyGid("Product", productId);

export async function applyProductUpdate(shopDomain: string, raw: unknown, actor: Actor) {
  const product = productPayload.parse(raw);
  const shop = await findShopByDomain(shopDomain);
  if (!shop) return { updated: 0 };
  const gid = product.admin_graphql_api_id ?? productGid(product.id);
  return inTransaction(async (tx) => {
    const pieces = await piecesOfProduct(tx, shop.id, gid);
    let updated = 0;
    const onSale = pieces.filter((p) => !["archived", "written_off", "returned_to_consignor"].includes(p.state));
    for (const piece of pieces) {
      const variant = product.variants.find(
        (v) => (v.admin_graphql_api_id ?? shopifyGid("ProductVariant", v.id)) === piece.variantGid,
      );
      const priceMinor = variant?.price !== undefined ? parseMoney(variant.price, piece.currency) : piece.priceMinor;
      // Sold pieces keep the title they were sold under; a one-of-a-kind piece on sale follows Shopify's.
      const title = product.title && onSale.length === 1 && onSale[0]?.id === piece.id ? product.title : piece.title;
      if (priceMinor === piece.priceMinor && title === piece.title) continue;
      // The title is on the public record: a new one signs the record's next version.
      const baseline = title !== piece.title ? await publicBaseline(tx, shop.id, piece.id) : null;
      await setPriceAndTitleFromShopify(tx, shop.id, piece.id, { priceMinor, title });
      await appendAudit(tx, shop.id, {
        actor,
        action: "piece.updated_from_shopify",
        entityType: "Piece",
        entityId: piece.id,
        data: { price: { from: piece.priceMinor, to: priceMinor }, title: { from: piece.title, to: title } },
      });
      if (baseline) await signChangeInTx(tx, shop.id, piece.id, baseline);
      updated++;
    }
    return { updated };
  });
}

export async function applyProductDelete(shopDomain: string, raw: unknown, actor: Actor) {
  const product = productDeletePayload.parse(raw);
  const shop = await findShopByDomain(shopDomain);
  if (!shop) return { unlinked: 0 };
  const gid = productGid(product.id);
  return inTransaction(async (tx) => {
    const pieces = await piecesOfProduct(tx, shop.id, gid);
    for (const piece of pieces) {
      await unlinkFromShopify(tx, shop.id, piece.id);
      await appendAudit(tx, shop.id, {
        actor,
        action: "piece.unlinked_from_shopify",
        entityType: "Piece",
        entityId: piece.id,
        reason: "the Shopify product was deleted",
        data: { productGid: gid, variantGid: piece.variantGid },
      });
    }
    return { unlinked: pieces.length };
  });
}
