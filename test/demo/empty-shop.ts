// The Shopify side of `npm run demo -- --empty`: a shop that has sold jewelry on Shopify for a while
// and has just installed Loupe. Shopify holds its catalogue (products, variants, prices, stock at
// three locations); Loupe holds nothing yet. Fixed data, so every run and test sees the same shop.
//
// What a first set-up has to cope with is here on purpose: designs stocked many times at several
// locations, one-of-a-kind pieces (one unit, often their own product), variants by ring size or
// chain length, a sold-out design, a draft product, an untracked service, vendors, product types
// and tags of several kinds. (The simulator keeps no collections: Loupe does not read them.)
import type { SeedProduct } from "../simulator/state/products";

/** The three Shopify locations, by name (the simulator gives them their gids). */
export const EMPTY_SHOP_LOCATIONS = [
  "Boutique Paris Marais",
  "Boutique Lyon Presqu'île",
  "Entrepôt Montreuil",
] as const;
type LocationName = (typeof EMPTY_SHOP_LOCATIONS)[number];

const [PARIS, LYON, DEPOT] = EMPTY_SHOP_LOCATIONS;

type Variant = {
  title?: string;
  sku: string;
  price: string;
  stock?: Partial<Record<LocationName, number>>;
  tracked?: boolean;
};
export type CatalogueProduct = Omit<SeedProduct, "shop" | "variants"> & { variants: Variant[] };

/**
 * A sold-out design (stocked at Paris, none left) whose variant a new piece can be received into: the
 * end-to-end test from an empty shop receives one unit of it by SKU.
 */
export const SOLD_OUT_SKU = "JONC-OR750-ROSE";

export const EMPTY_SHOP_CATALOGUE: CatalogueProduct[] = [
  {
    title: "Alliance classique or jaune 750",
    vendor: "Maison Aurore",
    productType: "Bague",
    tags: ["or 750", "mariage", "alliance"],
    variants: [
      { title: "Taille 50", sku: "ALL-OR750-50", price: "690.00", stock: { [PARIS]: 2, [LYON]: 1 } },
      { title: "Taille 52", sku: "ALL-OR750-52", price: "710.00", stock: { [PARIS]: 3, [LYON]: 2, [DEPOT]: 4 } },
      { title: "Taille 54", sku: "ALL-OR750-54", price: "730.00", stock: { [PARIS]: 1, [DEPOT]: 2 } },
      { title: "Taille 56", sku: "ALL-OR750-56", price: "750.00", stock: { [DEPOT]: 3 } },
    ],
  },
  {
    title: "Chaîne forçat or jaune 750",
    vendor: "Maison Aurore",
    productType: "Chaîne",
    tags: ["or 750", "chaîne"],
    variants: [
      { title: "42 cm", sku: "CHN-FORCAT-42", price: "420.00", stock: { [PARIS]: 2, [LYON]: 2 } },
      { title: "45 cm", sku: "CHN-FORCAT-45", price: "450.00", stock: { [PARIS]: 1, [DEPOT]: 5 } },
      { title: "50 cm", sku: "CHN-FORCAT-50", price: "495.00", stock: { [LYON]: 1 } },
    ],
  },
  {
    title: "Créoles argent 925",
    vendor: "Atelier Lune",
    productType: "Boucles d'oreilles",
    tags: ["argent 925", "créoles"],
    variants: [{ sku: "CRE-AG925", price: "89.00", stock: { [PARIS]: 6, [LYON]: 4, [DEPOT]: 10 } }],
  },
  {
    title: "Puces perles d'eau douce, or 375",
    vendor: "Atelier Lune",
    productType: "Boucles d'oreilles",
    tags: ["perle", "or 375"],
    variants: [{ sku: "PUC-PERLE-375", price: "145.00", stock: { [PARIS]: 3, [LYON]: 3 } }],
  },
  {
    title: "Bracelet jonc or rose 750",
    vendor: "Maison Aurore",
    productType: "Bracelet",
    tags: ["or 750", "or rose"],
    // Sold out: stocked at Paris, none left; the next unit received makes it available again.
    variants: [{ sku: SOLD_OUT_SKU, price: "1290.00", stock: { [PARIS]: 0 } }],
  },
  {
    title: "Pendentif goutte saphir, or blanc 750",
    vendor: "Maison Aurore",
    productType: "Pendentif",
    tags: ["or 750", "saphir", "pierre de couleur"],
    variants: [{ sku: "PEN-SAPH-750", price: "980.00", stock: { [PARIS]: 1, [LYON]: 1 } }],
  },
  {
    title: "Solitaire diamant 1,02 ct (GIA), platine 950",
    vendor: "Maison Aurore",
    productType: "Bague",
    tags: ["diamant", "platine 950", "pièce unique", "fiançailles"],
    variants: [{ sku: "SOL-GIA-102", price: "12800.00", stock: { [PARIS]: 1 } }],
  },
  {
    title: "Solitaire diamant de laboratoire 1,50 ct (IGI), or blanc 750",
    vendor: "Maison Aurore",
    productType: "Bague",
    tags: ["diamant de laboratoire", "or 750", "fiançailles"],
    variants: [
      { title: "Taille 52", sku: "SOL-LAB-150-52", price: "2450.00", stock: { [PARIS]: 1 } },
      { title: "Taille 54", sku: "SOL-LAB-150-54", price: "2450.00", stock: { [LYON]: 1 } },
    ],
  },
  {
    title: "Bague Art déco, platine, saphir et diamants",
    vendor: "Vintage — dépôt-vente",
    productType: "Bague",
    tags: ["vintage", "pièce unique", "dépôt-vente", "saphir"],
    variants: [{ sku: "VIN-ARTDECO-01", price: "4600.00", stock: { [PARIS]: 1 } }],
  },
  {
    title: "Broche camée coquillage, or 585",
    vendor: "Vintage — dépôt-vente",
    productType: "Broche",
    tags: ["vintage", "pièce unique", "or 585"],
    variants: [{ sku: "VIN-CAMEE-02", price: "780.00", stock: { [LYON]: 1 } }],
  },
  {
    title: "Montre de gousset, or 750 (1912)",
    vendor: "Vintage — dépôt-vente",
    productType: "Montre",
    tags: ["vintage", "pièce unique", "or 750"],
    variants: [{ sku: "VIN-GOUSSET-03", price: "2100.00", stock: { [DEPOT]: 1 } }],
  },
  {
    title: "Collier perles de Tahiti",
    vendor: "Perles du Pacifique",
    productType: "Collier",
    tags: ["perle", "Tahiti"],
    variants: [
      { title: "45 cm", sku: "COL-TAHITI-45", price: "1850.00", stock: { [PARIS]: 1, [DEPOT]: 1 } },
      { title: "50 cm", sku: "COL-TAHITI-50", price: "2050.00", stock: { [LYON]: 1 } },
    ],
  },
  {
    title: "Chevalière argent 925",
    vendor: "Atelier Lune",
    productType: "Bague",
    tags: ["argent 925", "homme"],
    variants: [
      { title: "Taille 58", sku: "CHV-AG925-58", price: "165.00", stock: { [PARIS]: 2, [DEPOT]: 2 } },
      { title: "Taille 62", sku: "CHV-AG925-62", price: "175.00", stock: { [LYON]: 1, [DEPOT]: 2 } },
    ],
  },
  {
    title: "Gourmette or jaune 375 (à graver)",
    vendor: "Maison Aurore",
    productType: "Bracelet",
    tags: ["or 375", "naissance"],
    variants: [{ sku: "GOU-OR375", price: "240.00", stock: { [PARIS]: 4, [LYON]: 2 } }],
  },
  {
    title: "Bague émeraude, or jaune 750 (en préparation)",
    status: "DRAFT",
    vendor: "Maison Aurore",
    productType: "Bague",
    tags: ["or 750", "émeraude", "pierre de couleur"],
    variants: [{ sku: "BAG-EMER-750", price: "3200.00", stock: { [DEPOT]: 1 } }],
  },
  {
    title: "Gravure personnalisée",
    vendor: "Maison Aurore",
    productType: "Service",
    tags: ["service"],
    // A service: nothing physical, Shopify does not track it.
    variants: [{ sku: "SVC-GRAVURE", price: "35.00", tracked: false }],
  },
];

/** The catalogue as the simulator's test API seeds it, with stock by location gid. */
export function catalogueSeeds(shop: string, gids: Record<LocationName, string>): SeedProduct[] {
  return EMPTY_SHOP_CATALOGUE.map(({ variants, ...product }) => ({
    ...product,
    shop,
    variants: variants.map((v) => ({
      ...(v.title ? { title: v.title } : {}),
      sku: v.sku,
      price: v.price,
      tracked: v.tracked ?? true,
      inventory: Object.fromEntries(Object.entries(v.stock ?? {}).map(([name, n]) => [gids[name as LocationName], n])),
    })),
  }));
}

/** Counts for the launcher's message. */
export function catalogueSummary(): { products: number; variants: number; units: number } {
  let variants = 0;
  let units = 0;
  for (const p of EMPTY_SHOP_CATALOGUE)
    for (const v of p.variants) {
      variants++;
      for (const n of Object.values(v.stock ?? {})) units += n;
    }
  return { products: EMPTY_SHOP_CATALOGUE.length, variants, units };
}
