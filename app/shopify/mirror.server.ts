// Mirrors the public part of a piece's record to its Shopify product (app-owned metafields and
// metaobjects declared in shopify.app.toml). Built in the catalog work; see README.
export async function mirrorPiece(_shop: string, _shopId: string, pieceId: string): Promise<unknown> {
  throw new Error(`Mirroring piece ${pieceId} to Shopify is not built yet`);
}
