// The file a bulk operation runs: one productSet input per line, an upsert by the handle
// loupe-<tag code>, so running the same line twice changes nothing twice.
import { minorToDecimalString } from "../../domain/money";
import type { ProductPiece } from "../../models/piece-links.server";
import { productSetMetafields } from "../mirror.server";
import { productHandle } from "../products.server";

/** One JSONL line: the piece as its own product (draft, one variant, overselling denied). */
export function productSetLine(
  shop: string,
  piece: ProductPiece,
): { identifier: { handle: string }; input: Record<string, unknown> } {
  const handle = productHandle(piece.tagCode);
  const metafields = productSetMetafields(shop, piece);
  return {
    identifier: { handle },
    input: {
      title: piece.title,
      handle,
      status: "DRAFT",
      productType: "Jewelry",
      ...(piece.description ? { descriptionHtml: piece.description } : {}),
      productOptions: [{ name: "Title", values: [{ name: "Default Title" }] }],
      variants: [
        {
          optionValues: [{ optionName: "Title", name: "Default Title" }],
          price: piece.priceMinor != null ? minorToDecimalString(piece.priceMinor, piece.currency) : "0",
          sku: piece.sku ?? piece.tagCode,
          // A piece is one physical item: never sell more than there are.
          inventoryPolicy: "DENY",
          inventoryItem: { tracked: true },
          // Stocks the item at the piece's location with nothing in it: the quantity itself comes
          // through the inventory API (compare-and-set, idempotency key) like every other change.
          ...(piece.shopifyLocationGid
            ? { inventoryQuantities: [{ locationId: piece.shopifyLocationGid, name: "available", quantity: 0 }] }
            : {}),
        },
      ],
      ...(metafields ? { metafields } : {}),
    },
  };
}

/** The whole file, its lines in the order of `pieces` (line n of the file is pieces[n]). */
export function productSetJsonl(shop: string, pieces: ProductPiece[]): Buffer {
  return Buffer.from(`${pieces.map((p) => JSON.stringify(productSetLine(shop, p))).join("\n")}\n`);
}
