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
  committed: number;
  damaged: number;
  safetyStock: number;
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
          committed: q.get("committed") ?? 0,
          damaged: q.get("damaged") ?? 0,
          safetyStock: q.get("safety_stock") ?? 0,
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
 * stock rule, app/domain/lifecycle.ts pieceQuantity), so that Loupe counts what Shopify counts and
 * no stock is sent: a unit in `available` becomes an active piece, one in `reserved` a piece on
 * hold, one in `quality_control` a piece at repair; a `damaged` unit becomes a piece at repair held
 * in `damaged` (to inspect or repair), a `safety_stock` unit a piece on hold held in `safety_stock`.
 *
 * Units `committed` to orders not yet fulfilled get no piece (COMMITTED_NOT_MADE says why on the
 * page): Loupe takes a piece out of stock when the order arrives (sold, then archived, linked to the
 * order's line so a cancellation or refund brings it back). A piece for a unit whose order Loupe
 * never saw would have no line: the order's fulfilment would leave it on hand for ever, and its
 * cancellation would give Shopify the unit back while Loupe kept it sold. When the order is
 * cancelled with restock the unit is `available` again, and the next read makes its piece.
 */
export const UNIT_STATES = [
  { quantity: "available", state: "active", heldIn: null },
  { quantity: "reserved", state: "on_hold", heldIn: null },
  { quantity: "qualityControl", state: "at_repair", heldIn: null },
  { quantity: "damaged", state: "at_repair", heldIn: "damaged" },
  { quantity: "safetyStock", state: "on_hold", heldIn: "safety_stock" },
] as const;

export type UnitQuantity = (typeof UNIT_STATES)[number]["quantity"];
export type MadeState = (typeof UNIT_STATES)[number]["state"];
/** Pieces made (or to make) by the Shopify quantity their units are in. */
export type MadeCounts = Record<UnitQuantity, number>;

export const noneMade = (): MadeCounts => ({
  available: 0,
  reserved: 0,
  qualityControl: 0,
  damaged: 0,
  safetyStock: 0,
});

/** Pieces Loupe already has for a variant at a location, by the Shopify quantity they count in. */
export type ExistingPieces = MadeCounts;

/** Units of a level that pieces are made from (committed units are not). */
export function unitsForPieces(level: Pick<CatalogueLevel, UnitQuantity>): number {
  return UNIT_STATES.reduce((n, { quantity }) => n + level[quantity], 0);
}

/**
 * How many pieces to make for each quantity so that, with the pieces already there, Loupe counts
 * what Shopify counts: never fewer than zero, so running it again makes nothing more. `oneOfAKind`
 * (a variant Loupe created for one piece) caps the variant at the one piece it has.
 */
export function piecesToMake(
  level: Pick<CatalogueLevel, UnitQuantity>,
  existing: ExistingPieces,
  oneOfAKind = false,
): MadeCounts {
  const out = noneMade();
  if (oneOfAKind) return out;
  for (const { quantity } of UNIT_STATES) out[quantity] = Math.max(0, level[quantity] - existing[quantity]);
  return out;
}

export function totalToMake(made: MadeCounts): number {
  return UNIT_STATES.reduce((n, { quantity }) => n + made[quantity], 0);
}

/** Made pieces by state, as the page says them: the damaged are at repair, the safety stock on hold. */
export function madeByState(made: MadeCounts): Record<MadeState, number> {
  const out: Record<MadeState, number> = { active: 0, on_hold: 0, at_repair: 0 };
  for (const { quantity, state } of UNIT_STATES) out[state] += made[quantity];
  return out;
}
