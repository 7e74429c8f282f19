// The shop's Shopify catalogue as Loupe reads it (one bulk query, see app/shopify/bulk/catalogue.server.ts)
// and how many pieces a variant's stock at a location calls for. Pure: no IO.
import { parseMoney } from "../money";

/** One variant stocked at one Shopify location, with the quantities pieces are made from. */
export type CatalogueLevel = {
  productGid: string;
  productTitle: string;
  variantGid: string;
  variantTitle: string;
  inventoryItemGid: string;
  sku: string | null;
  priceMinor: bigint | null;
  vendor: string;
  productType: string;
  tags: string[];
  collections: { id: string; title: string }[];
  variantsOfProduct: number;
  shopifyLocationGid: string;
  locationName: string;
  available: number;
  reserved: number;
  qualityControl: number;
  onHand: number;
};

type Line = Record<string, unknown> & { id?: string; __parentId?: string };

const typeOf = (gid: unknown): string | null =>
  typeof gid === "string" ? (/^gid:\/\/shopify\/([A-Za-z]+)\//.exec(gid)?.[1] ?? null) : null;

/**
 * The result file's lines (products, their collections, their variants, each variant's inventory
 * levels: Shopify's JSONL, children pointing at their parent with `__parentId`) as one level per
 * variant and location. Lines may come in any order. A price Shopify writes in a form the shop's
 * currency cannot hold is left empty rather than guessed.
 */
export function catalogueLevelsFromLines(lines: Iterable<Line>, currency: string): CatalogueLevel[] {
  type ProductNode = { line: Line; collections: { id: string; title: string }[]; variants: VariantNode[] };
  type VariantNode = { line: Line; levels: Line[] };
  const products = new Map<string, ProductNode>();
  const variants = new Map<string, VariantNode>();
  const pending: Line[] = [];
  for (const line of lines) {
    const kind = typeOf(line.id);
    if (kind === "Product") products.set(line.id!, { line, collections: [], variants: [] });
    else if (kind === "ProductVariant") variants.set(line.id!, { line, levels: [] });
    else pending.push(line);
  }
  for (const v of variants.values()) products.get(String(v.line.__parentId))?.variants.push(v);
  for (const line of pending) {
    if (typeOf(line.id) === "Collection")
      products.get(String(line.__parentId))?.collections.push({ id: line.id!, title: String(line.title ?? "") });
    else variants.get(String(line.__parentId))?.levels.push(line);
  }
  const out: CatalogueLevel[] = [];
  for (const { line: p, collections, variants: ofProduct } of products.values()) {
    for (const { line: v, levels } of ofProduct) {
      const item = (v.inventoryItem ?? null) as { id?: string; tracked?: boolean } | null;
      // An item Shopify does not track has no quantities to make pieces from.
      if (!item?.id || item.tracked === false) continue;
      for (const level of levels) {
        const location = (level.location ?? null) as { id?: string; name?: string } | null;
        if (!location?.id) continue;
        const q = new Map(
          ((level.quantities ?? []) as { name: string; quantity: number }[]).map((x) => [x.name, x.quantity]),
        );
        out.push({
          productGid: p.id!,
          productTitle: String(p.title ?? ""),
          variantGid: v.id!,
          variantTitle: String(v.title ?? ""),
          inventoryItemGid: item.id,
          sku: typeof v.sku === "string" && v.sku.trim() !== "" ? v.sku : null,
          priceMinor: priceOf(v.price, currency),
          vendor: String(p.vendor ?? ""),
          productType: String(p.productType ?? ""),
          tags: Array.isArray(p.tags) ? p.tags.map(String) : [],
          collections,
          variantsOfProduct: ofProduct.length,
          shopifyLocationGid: location.id,
          locationName: String(location.name ?? location.id),
          available: q.get("available") ?? 0,
          reserved: q.get("reserved") ?? 0,
          qualityControl: q.get("quality_control") ?? 0,
          onHand: q.get("on_hand") ?? 0,
        });
      }
    }
  }
  return out;
}

function priceOf(price: unknown, currency: string): bigint | null {
  if (typeof price !== "string") return null;
  try {
    return parseMoney(price, currency);
  } catch {
    return null;
  }
}

/** ",a,b," — so a filter is one `contains ",a,"` in SQL on both engines. Tags never hold commas in Shopify. */
export function listColumn(values: readonly string[]): string {
  return values.length ? `,${values.join(",")},` : "";
}

export function listColumnValues(column: string): string[] {
  return column.split(",").filter((v) => v !== "");
}

/**
 * Which state a piece made for a unit takes, by the Shopify quantity the unit is in (DESIGN.md
 * stock rule, app/domain/lifecycle.ts stockBucket): a unit in `available` becomes an active piece
 * (counted in available), one in `reserved` a piece on hold, one in `quality_control` a piece at
 * repair. Units committed to orders, damaged or in safety stock get no piece: no state counts in
 * those quantities, so a piece for them would make Loupe expect more than Shopify has.
 */
export const UNIT_STATES = [
  { quantity: "available", state: "active" },
  { quantity: "reserved", state: "on_hold" },
  { quantity: "qualityControl", state: "at_repair" },
] as const;

export type MadeState = (typeof UNIT_STATES)[number]["state"];

/** Pieces Loupe already has for a variant at a location, by the Shopify quantity they count in. */
export type ExistingPieces = { available: number; reserved: number; qualityControl: number };

/**
 * How many pieces to make in each state so that, with the pieces already there, Loupe counts what
 * Shopify counts: never fewer than zero, so running it again makes nothing more. `oneOfAKind`
 * (a variant Loupe created for one piece) caps the variant at the one piece it has.
 */
export function piecesToMake(
  level: Pick<CatalogueLevel, "available" | "reserved" | "qualityControl">,
  existing: ExistingPieces,
  oneOfAKind = false,
): Record<MadeState, number> {
  const out: Record<MadeState, number> = { active: 0, on_hold: 0, at_repair: 0 };
  if (oneOfAKind) return out;
  for (const { quantity, state } of UNIT_STATES) out[state] = Math.max(0, level[quantity] - existing[quantity]);
  return out;
}

export function totalToMake(made: Record<MadeState, number>): number {
  return made.active + made.on_hold + made.at_repair;
}
