// A believable small French jewelry house, generated from a fixed seed so every demo and test run
// sees the same shop: gold 750/585/375, silver 925, platinum 950; natural and lab-grown diamonds
// with GIA/IGI numbers; sapphires; pearls; a few consigned vintage pieces; safe, showcases, trays.
import type { NewPiece } from "../../app/services/catalog/intake.server";

export const DEMO_SHOP = "bijoux-demo.myshopify.com";
export const DEMO_SHOP_NAME = "Maison Aurore — Bijoux";
/** How customers reach the demo shop, as Shopify's store details hold it (provenance pages show it). */
export const DEMO_SHOP_CONTACT = {
  contactEmail: "bonjour@maison-aurore.example",
  address: {
    address1: "12 rue des Francs-Bourgeois",
    city: "Paris",
    zip: "75003",
    countryCode: "FR",
    phone: "+33142720000",
  },
  primaryHost: "maison-aurore.example",
} as const;

/** The shop's Shopify locations, by name; their gids come from Shopify (or the simulator). */
export const SHOPIFY_LOCATIONS = ["Boutique Paris Marais", "Boutique Lyon Presqu'île"] as const;
export type ShopifyLocationName = (typeof SHOPIFY_LOCATIONS)[number];

export type DemoLocation = {
  key: string;
  name: string;
  kind: "site" | "safe" | "showcase" | "tray" | "workshop";
  parent?: string;
  shopifyLocation: ShopifyLocationName;
};

const PARIS = SHOPIFY_LOCATIONS[0];
const LYON = SHOPIFY_LOCATIONS[1];

export const LOCATIONS: DemoLocation[] = [
  { key: "paris", name: "Paris Marais", kind: "site", shopifyLocation: PARIS },
  { key: "safe1", name: "Coffre 1", kind: "safe", parent: "paris", shopifyLocation: PARIS },
  { key: "tray1", name: "Plateau 1", kind: "tray", parent: "safe1", shopifyLocation: PARIS },
  { key: "tray2", name: "Plateau 2", kind: "tray", parent: "safe1", shopifyLocation: PARIS },
  { key: "tray3", name: "Plateau 3", kind: "tray", parent: "safe1", shopifyLocation: PARIS },
  { key: "show1", name: "Vitrine 1", kind: "showcase", parent: "paris", shopifyLocation: PARIS },
  { key: "show2", name: "Vitrine 2", kind: "showcase", parent: "paris", shopifyLocation: PARIS },
  { key: "atelier", name: "Atelier", kind: "workshop", parent: "paris", shopifyLocation: PARIS },
  { key: "lyon", name: "Lyon Presqu'île", kind: "site", shopifyLocation: LYON },
  { key: "show3", name: "Vitrine 3", kind: "showcase", parent: "lyon", shopifyLocation: LYON },
  { key: "tray4", name: "Plateau 4", kind: "tray", parent: "lyon", shopifyLocation: LYON },
];

/** Mulberry32: small, fast, and the same sequence on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type DemoPiece = { input: NewPiece; locationKey: string; state: "receiving" | "active"; price: bigint };

const COLOURS = ["D", "E", "F", "G", "H", "I"];
const CLARITIES = ["IF", "VVS1", "VVS2", "VS1", "VS2", "SI1"];
const CUTS = ["Excellent", "Very Good"];

export function demoCatalogue(seed = 20261126): DemoPiece[] {
  const rand = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  // Weights in milligrams, typed by staff in grams with two decimals.
  const grams = (loMg: number, hiMg: number) => {
    const mg = int(loMg / 10, hiMg / 10) * 10;
    return { mg: BigInt(mg), text: (mg / 1000).toFixed(2) };
  };
  const euros = (lo: number, hi: number) => BigInt(int(lo, hi)) * 100n;
  const pieces: DemoPiece[] = [];
  let giaSerial = 2141234560;
  let igiSerial = 612345670;
  const add = (p: Omit<DemoPiece, "price"> & { price: bigint }) => pieces.push(p);
  const base = { currency: "EUR", stones: [], certificates: [] } as const;

  // Solitaires: 18 k white gold, natural diamond with a GIA report.
  for (let i = 0; i < 8; i++) {
    const w = grams(2600, 4200);
    const ct = int(300, 1520);
    const price = euros(2400, 14800);
    // The report grades the stone: the stone carries the report's grades (app/domain/stone-grades.ts).
    const graded = { colour: pick(COLOURS), clarity: pick(CLARITIES), cut: pick(CUTS) };
    add({
      locationKey: pick(["tray1", "tray2", "show1"]),
      state: i < 7 ? "active" : "receiving",
      price,
      input: {
        ...base,
        title: `Solitaire « Aurore » diamant ${(ct / 1000).toFixed(2).replace(".", ",")} ct, or blanc 18 carats`,
        sku: `SOL-${String(i + 1).padStart(3, "0")}`,
        priceMinor: price,
        costMinor: (price * 55n) / 100n,
        supplierName: pick(["Diamants Vendôme SARL", "Antwerp Stones BV"]),
        acquiredAt: new Date(Date.UTC(2026, int(0, 9), int(1, 28))),
        metals: [
          {
            metal: "gold",
            colour: "white",
            finenessBp: 7500,
            grossWeightMg: w.mg,
            enteredWeight: w.text,
            enteredUnit: "g",
            hallmark: "tête d'aigle",
          },
        ],
        certificates: [
          {
            lab: "GIA",
            number: String(giaSerial++),
            grades: graded,
          },
        ],
        stones: [
          {
            type: "diamond",
            origin: "natural",
            shape: "round brilliant",
            millicarats: ct,
            colour: graded.colour,
            clarity: graded.clarity,
            cutGrade: graded.cut,
            position: "centre",
            certificateIndex: 0,
          },
        ],
      },
    });
  }
  // Lab-grown diamond rings with IGI reports.
  for (let i = 0; i < 6; i++) {
    const w = grams(2400, 3800);
    const ct = int(500, 2010);
    const price = euros(890, 3200);
    const graded = { colour: pick(COLOURS), clarity: pick(CLARITIES) };
    add({
      locationKey: pick(["show1", "show2", "show3"]),
      state: "active",
      price,
      input: {
        ...base,
        title: `Bague diamant de synthèse ${(ct / 1000).toFixed(2).replace(".", ",")} ct, or ${pick(["jaune", "rose"])} 18 carats`,
        sku: `LGD-${String(i + 1).padStart(3, "0")}`,
        priceMinor: price,
        costMinor: (price * 40n) / 100n,
        supplierName: "Lab Diamonds Europe",
        acquiredAt: new Date(Date.UTC(2026, int(3, 10), int(1, 28))),
        metals: [
          {
            metal: "gold",
            colour: pick(["yellow", "rose"]),
            finenessBp: 7500,
            grossWeightMg: w.mg,
            enteredWeight: w.text,
            enteredUnit: "g",
            hallmark: "tête d'aigle",
          },
        ],
        certificates: [{ lab: "IGI", number: `LG${igiSerial++}`, grades: graded }],
        stones: [
          {
            type: "diamond",
            origin: "lab_grown",
            shape: pick(["oval", "round brilliant", "emerald cut"]),
            millicarats: ct,
            colour: graded.colour,
            clarity: graded.clarity,
            position: "centre",
            certificateIndex: 0,
          },
        ],
      },
    });
  }
  // Sapphire pieces, yellow gold, with diamond melee.
  for (let i = 0; i < 6; i++) {
    const w = grams(3000, 6500);
    const price = euros(1500, 6900);
    add({
      locationKey: pick(["tray2", "tray3", "show2"]),
      state: "active",
      price,
      input: {
        ...base,
        title: `${pick(["Bague", "Pendentif", "Boucles d'oreilles"])} saphir ${pick(["de Ceylan", "du Cachemire", "de Madagascar"])} et diamants`,
        sku: `SAP-${String(i + 1).padStart(3, "0")}`,
        priceMinor: price,
        costMinor: (price * 50n) / 100n,
        supplierName: "Gemmes & Co",
        acquiredAt: new Date(Date.UTC(2025, int(0, 11), int(1, 28))),
        metals: [
          {
            metal: "gold",
            colour: "yellow",
            finenessBp: 7500,
            grossWeightMg: w.mg,
            enteredWeight: w.text,
            enteredUnit: "g",
            hallmark: "tête d'aigle",
          },
        ],
        stones: [
          {
            type: "sapphire",
            origin: "natural",
            shape: pick(["oval", "cushion"]),
            millicarats: int(800, 3200),
            colour: "blue",
            treatment: pick(["heated", "none"]),
            position: "centre",
          },
          {
            type: "diamond",
            origin: "natural",
            shape: "round brilliant",
            millicarats: int(10, 30),
            count: int(8, 24),
            colour: "G",
            clarity: "VS2",
            position: "accent",
          },
        ],
      },
    });
  }
  // 14 k and 9 k gold: chains and earrings, several pieces of one design share a variant.
  for (let i = 0; i < 8; i++) {
    const fine = i % 2 === 0 ? 5850 : 3750;
    const w = grams(1200, 9800);
    const price = euros(180, 1450);
    add({
      locationKey: pick(["tray3", "show2", "tray4"]),
      state: "active",
      price,
      input: {
        ...base,
        title:
          fine === 5850 ? `Chaîne maille forçat or jaune 14 carats, ${int(40, 55)} cm` : `Créoles or jaune 9 carats`,
        sku: fine === 5850 ? "CHN-585-45" : "CRE-375",
        priceMinor: price,
        costMinor: (price * 45n) / 100n,
        supplierName: "Chaînes de Saint-Amand",
        acquiredAt: new Date(Date.UTC(2025, int(0, 11), int(1, 28))),
        metals: [
          {
            metal: "gold",
            colour: "yellow",
            finenessBp: fine,
            grossWeightMg: w.mg,
            enteredWeight: w.text,
            enteredUnit: "g",
            hallmark: fine === 5850 ? "coquille Saint-Jacques" : "trèfle",
          },
        ],
      },
    });
  }
  // Sterling silver.
  for (let i = 0; i < 7; i++) {
    const w = grams(4000, 28000);
    const price = euros(65, 390);
    add({
      locationKey: pick(["show1", "show3", "tray4"]),
      state: i === 6 ? "receiving" : "active",
      price,
      input: {
        ...base,
        title: `${pick(["Bracelet jonc", "Manchette", "Bague chevalière", "Pendentif médaille"])} argent 925`,
        sku: `ARG-${String(i + 1).padStart(3, "0")}`,
        priceMinor: price,
        costMinor: (price * 35n) / 100n,
        supplierName: "Argenterie du Marais",
        acquiredAt: new Date(Date.UTC(2026, int(0, 10), int(1, 28))),
        metals: [
          {
            metal: "silver",
            finenessBp: 9250,
            grossWeightMg: w.mg,
            enteredWeight: w.text,
            enteredUnit: "g",
            hallmark: "Minerve 1er titre",
          },
        ],
      },
    });
  }
  // Platinum 950 wedding bands.
  for (let i = 0; i < 5; i++) {
    const w = grams(4500, 9000);
    const price = euros(950, 2400);
    add({
      locationKey: pick(["tray1", "show1"]),
      state: "active",
      price,
      input: {
        ...base,
        title: `Alliance platine 950, ${pick(["demi-jonc", "plate", "confort"])} ${int(2, 5)} mm`,
        sku: `PLT-${String(i + 1).padStart(3, "0")}`,
        priceMinor: price,
        costMinor: (price * 60n) / 100n,
        supplierName: "Platine Alliance",
        acquiredAt: new Date(Date.UTC(2026, int(0, 10), int(1, 28))),
        metals: [
          {
            metal: "platinum",
            finenessBp: 9500,
            grossWeightMg: w.mg,
            enteredWeight: w.text,
            enteredUnit: "g",
            hallmark: "tête de chien",
          },
        ],
      },
    });
  }
  // Consigned vintage pieces (dépôt-vente): no cost, a consignor and a commission.
  const vintage = [
    "Broche Art déco platine et diamants, vers 1925",
    "Bague Toi et Moi perles fines, or 18 carats",
    "Collier de perles de culture Akoya, fermoir or blanc",
    "Bague marquise diamants, or jaune 18 carats, années 1970",
    "Pendentif camée coquillage, monture or 18 carats",
  ];
  vintage.forEach((title, i) => {
    const w = grams(3000, 22000);
    const price = euros(1200, 8500);
    const platinum = title.includes("platine");
    add({
      locationKey: "safe1",
      state: "active",
      price,
      input: {
        ...base,
        title,
        sku: `VIN-${String(i + 1).padStart(3, "0")}`,
        priceMinor: price,
        acquiredAt: new Date(Date.UTC(2026, int(5, 10), int(1, 28))),
        originNotes: "Pièce ancienne, provenance familiale",
        metals: [
          {
            metal: platinum ? "platinum" : "gold",
            colour: platinum ? null : "yellow",
            finenessBp: platinum ? 9500 : 7500,
            grossWeightMg: w.mg,
            enteredWeight: w.text,
            enteredUnit: "g",
          },
        ],
        stones: title.includes("perle")
          ? [
              {
                type: "pearl",
                origin: "natural",
                millicarats: int(2000, 9000),
                count: title.includes("Collier") ? 45 : 2,
                position: "centre",
              },
            ]
          : title.includes("diamant")
            ? [
                {
                  type: "diamond",
                  origin: "natural",
                  shape: "old european cut",
                  millicarats: int(50, 400),
                  count: int(3, 18),
                  colour: "H",
                  clarity: "SI1",
                  position: "side",
                },
              ]
            : [],
        consignment: {
          consignorName: i % 2 === 0 ? "Hélène Dubois" : "Succession Marchand",
          commissionBp: 2500,
          receivedAt: new Date(Date.UTC(2026, 8, int(1, 28))),
          dueAt: new Date(Date.UTC(2027, 2, 31)),
          returnConditions: "Retour sous 8 jours sur simple demande du déposant",
        },
      },
    });
  });
  // Today's arrivals, waiting at the counter for their tags (the kiosk's receiving list).
  const arrivals = [
    ["Bague jonc or jaune 18 carats, saphir rose", "yellow", 7500, "sapphire"],
    ["Boucles d'oreilles dormeuses or 18 carats, diamants", "yellow", 7500, "diamond"],
    ["Pendentif goutte or rose 9 carats, topaze", "rose", 3750, "topaz"],
    ["Gourmette argent 925 gravée", null, 9250, null],
    ["Bague solitaire platine 950, diamant de synthèse", null, 9500, "diamond"],
  ] as const;
  arrivals.forEach(([title, colour, fineness, stone], i) => {
    const w = grams(2000, 9000);
    const price = euros(290, 3900);
    const metal = fineness === 9250 ? "silver" : fineness === 9500 ? "platinum" : "gold";
    add({
      locationKey: "atelier",
      state: "receiving",
      price,
      input: {
        ...base,
        title,
        sku: `NEW-${String(i + 1).padStart(3, "0")}`,
        priceMinor: price,
        costMinor: (price * 50n) / 100n,
        supplierName: "Atelier Lumière",
        acquiredAt: new Date(Date.UTC(2026, 10, 26)),
        metals: [{ metal, colour, finenessBp: fineness, grossWeightMg: w.mg, enteredWeight: w.text, enteredUnit: "g" }],
        stones: stone
          ? [
              {
                type: stone,
                origin: title.includes("synthèse") ? "lab_grown" : "natural",
                millicarats: int(150, 900),
                colour: stone === "diamond" ? "G" : null,
                clarity: stone === "diamond" ? "VS2" : null,
                position: "centre",
              },
            ]
          : [],
      },
    });
  });
  return pieces;
}
