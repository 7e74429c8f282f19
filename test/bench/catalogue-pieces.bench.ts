/**
 * Pieces from a 10,000-variant Shopify catalogue: `npm run bench -- catalogue-pieces`
 *
 * Seeds the Shopify simulator (Standard plan) with 5,000 products of 2 variants, each variant
 * stocked with 1 unit at each of 2 locations (10,000 variants, 20,000 levels, 20,000 units), then
 * does what the catalogue page does, on SQLite and on PostgreSQL (LOUPE_TEST_PG_URL):
 *   read   — one bulkOperationRunQuery, Shopify's run (the simulator), the JSONL applied;
 *   create — "Create pieces" for the whole catalogue: 20,000 pieces in chunks of 1,000 units.
 * Prints the time of each part, the Admin API calls and their cost against the rate limit.
 *
 * Baselines measured in the same run: reading the same catalogue with paged queries
 * (products(first: 5) with their variants and levels, the usual alternative), counting the calls,
 * their cost and the seconds of a Standard plan's rate limit (100 points/s) they need; and making
 * pieces one by one as the intake form does (one transaction per piece, one appendAudit each), timed
 * on BASELINE_PIECES units and shown per piece beside the chunked rate.
 */
import { performance } from "node:perf_hooks";
import { buildTemplates, dropCreatedDatabases, freshDatabase } from "../setup/databases";
import type { Provider } from "../../app/db/providers";

const PRODUCTS = Number(process.env.CATALOGUE_BENCH_PRODUCTS ?? 5_000);
const BASELINE_PIECES = Number(process.env.CATALOGUE_BENCH_BASELINE ?? 500);
const STANDARD_RESTORE = 100;
/** Pages of the paged baseline actually read (5 products each); the rest is scaled from them. */
const PAGED_SAMPLE_PAGES = Number(process.env.CATALOGUE_BENCH_PAGED_SAMPLE ?? 50);
process.env.SHOPIFY_API_KEY ??= "bench-key";
process.env.SHOPIFY_API_SECRET ??= "bench-secret-0123456789";
process.env.SHOPIFY_APP_URL ??= "https://loupe.bench";

/** Sums the cost Shopify reported for every GraphQL answer the app received. */
function meterCosts(): { calls: number; points: number; reset(): void } {
  const meter = { calls: 0, points: 0, reset: () => ((meter.calls = 0), (meter.points = 0)) };
  const real = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const response = await real(input, init);
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (url.includes("/graphql.json")) {
      const body = (await response.clone().json()) as { extensions?: { cost?: { actualQueryCost?: number } } };
      meter.calls++;
      meter.points += body.extensions?.cost?.actualQueryCost ?? 0;
    }
    return response;
  };
  return meter;
}

const PAGED = `query Page($after: String) {
  products(first: 5, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id title vendor productType tags
      collections(first: 3) { nodes { id title } }
      variants(first: 5) { nodes {
        id title sku price
        inventoryItem { id tracked inventoryLevels(first: 3) { nodes { location { id name } quantities(names: ["available", "on_hand", "reserved", "quality_control"]) { name quantity } } } }
      } }
    }
  }
}`;

async function bench(engine: Provider) {
  process.env.DATABASE_URL = await freshDatabase(engine);
  const { db } = await import("../../app/db.server");
  const { createLocation } = await import("../../app/models/locations.server");
  const { createPiece } = await import("../../app/services/catalog/intake.server");
  const service = await import("../../app/services/catalogue/pieces.server");
  const bulk = await import("../../app/shopify/bulk-products.server");
  const { verifyShopAudit } = await import("../../app/models/audit.server");
  const domain = `catalogue-${engine}.myshopify.com`;
  const shop = await db.shop.create({ data: { domain, currency: "EUR" } });
  const actor = { kind: "admin", name: "bench" } as const;
  const { startSimulator, shopifyRedirectDispatcher } = await import("../simulator");
  const sim = await startSimulator({
    apiKey: process.env.SHOPIFY_API_KEY,
    apiSecret: process.env.SHOPIFY_API_SECRET,
    // Plus, so the paged baseline's sample is never held up by the bucket; costs are reported
    // against the Standard plan's 100 points/s, the smallest shops' limit.
    plan: "plus",
    shops: [{ domain, plan: "plus", locations: [{ name: "Paris" }, { name: "Lyon" }] }],
  });
  const { setGlobalDispatcher } = await import("undici");
  setGlobalDispatcher(shopifyRedirectDispatcher(sim.url));
  const { env } = await import("../../app/env.server");
  const token = sim.issueAccessToken(domain);
  await db.session.create({
    data: {
      id: `offline_${domain}`,
      shop: domain,
      state: "",
      isOnline: false,
      scope: env().SCOPES,
      accessToken: token,
    },
  });
  const locations = sim.state.seedShop({ domain }).locations;
  for (const l of locations) {
    const site = await createLocation(shop.id, { name: l.name, kind: "site", shopifyLocationGid: l.id }, actor);
    if (!site.ok) throw new Error(site.code);
  }
  const s0 = performance.now();
  for (let p = 0; p < PRODUCTS; p++) {
    sim.state.seedProduct({
      shop: domain,
      title: `Bague ${p}`,
      vendor: p % 2 ? "Atelier Aurore" : "Maison Bernard",
      productType: p % 3 ? "Bague" : "Collier",
      tags: ["or"],
      collections: [p % 2 ? "Mariage" : "Classiques"],
      variants: [
        { sku: `B${p}-52`, title: "52", price: "1250.00", inventory: { Paris: 1, Lyon: 1 } },
        { sku: `B${p}-54`, title: "54", price: "1250.00", inventory: { Paris: 1, Lyon: 1 } },
      ],
    });
  }
  const seedMs = performance.now() - s0;
  const meter = meterCosts();

  // Read: one bulk query, Shopify's run, the JSONL applied.
  const r0 = performance.now();
  await service.requestCatalogueRead(shop.id, actor);
  const r1 = performance.now();
  await sim.bulk.idle();
  const r2 = performance.now();
  await bulk.advanceBulkOperations({ shopId: shop.id, now: new Date(Date.now() + 60_000) });
  const r3 = performance.now();
  const readCalls = meter.calls;
  const readPoints = meter.points;
  const levels = await db.catalogueLevel.count({ where: { shopId: shop.id } });
  const op = await db.shopifyBulkOperation.findFirstOrThrow({ where: { shopId: shop.id } });
  if (op.status !== "done") throw new Error(`The catalogue read stopped at ${op.status}: ${op.lastError}`);

  // Create: every unit of the catalogue.
  const c0 = performance.now();
  const made = await service.createPiecesFromCatalogue(shop.id, { filter: {} }, actor);
  const c1 = performance.now();
  if (!made.ok) throw new Error(made.code);
  const again = await service.createPiecesFromCatalogue(shop.id, { filter: {} }, actor);
  const c2 = performance.now();
  const chain = await verifyShopAudit(shop.id);

  // Baseline 1: the same catalogue read with paged queries.
  meter.reset();
  const p0 = performance.now();
  let after: string | null = null;
  let pagedVariants = 0;
  let pages = 0;
  do {
    const send = () =>
      fetch(sim.graphqlUrl(domain), {
        method: "POST",
        headers: { "content-type": "application/json", "x-shopify-access-token": token },
        body: JSON.stringify({ query: PAGED, variables: { after } }),
      });
    // A kept-alive socket the server closed while the pieces were written: once more on a new one.
    const response = await send().catch(send);
    const body = (await response.json()) as {
      data?: {
        products: {
          pageInfo: { hasNextPage: boolean; endCursor: string };
          nodes: { variants: { nodes: unknown[] } }[];
        };
      };
      errors?: { extensions?: { code?: string } }[];
    };
    if (body.errors?.some((e) => e.extensions?.code === "THROTTLED")) {
      await new Promise((r) => setTimeout(r, 1_000));
      continue;
    }
    if (!body.data) throw new Error(JSON.stringify(body.errors));
    for (const p of body.data.products.nodes) pagedVariants += p.variants.nodes.length;
    after = body.data.products.pageInfo.hasNextPage ? body.data.products.pageInfo.endCursor : null;
    pages++;
  } while (after && pages < PAGED_SAMPLE_PAGES);
  // The sample's calls and points, scaled to the whole catalogue (every page costs the same here).
  const allPages = Math.ceil(PRODUCTS / 5);
  const pagedCalls = allPages;
  const pagedPoints = Math.round((meter.points / pages) * allPages);
  const p1 = performance.now();

  // Baseline 2: pieces one by one, as the intake form makes them, in a shop of their own.
  const other = await db.shop.create({ data: { domain: `baseline-${engine}.myshopify.com`, currency: "EUR" } });
  const site = await createLocation(
    other.id,
    { name: "Paris", kind: "site", shopifyLocationGid: locations[0]!.id },
    actor,
  );
  if (!site.ok) throw new Error(site.code);
  const o0 = performance.now();
  for (let i = 0; i < BASELINE_PIECES; i++) {
    const one = await createPiece(
      other.id,
      {
        title: `Bague ${i}`,
        currency: "EUR",
        metals: [],
        stones: [],
        certificates: [],
        variantGid: `gid://shopify/ProductVariant/${9_000_000 + i}`,
        locationId: site.id,
        state: "active",
      },
      actor,
      "made from the Shopify catalogue",
    );
    if (!one.ok) throw new Error(JSON.stringify(one.errors));
  }
  const o1 = performance.now();

  const perPiece = (c1 - c0) / Math.max(1, made.created);
  const perPieceBaseline = (o1 - o0) / BASELINE_PIECES;
  console.log(
    `\n${engine}: ${PRODUCTS.toLocaleString("en")} products, ${(PRODUCTS * 2).toLocaleString("en")} variants, ${levels.toLocaleString("en")} levels read (simulator seeded in ${(seedMs / 1000).toFixed(1)} s)`,
  );
  console.log(
    `  read: start ${(r1 - r0).toFixed(0)} ms · Shopify's run (simulator) ${((r2 - r1) / 1000).toFixed(1)} s · JSONL applied ${((r3 - r2) / 1000).toFixed(1)} s · ${readCalls} Admin API calls, ${readPoints} points (${(readPoints / STANDARD_RESTORE).toFixed(1)} s of a Standard plan's rate limit)`,
  );
  console.log(
    `  create: ${made.created.toLocaleString("en")} pieces in ${((c1 - c0) / 1000).toFixed(1)} s (${perPiece.toFixed(2)} ms a piece, chunks of ${service.CATALOGUE_CHUNK_UNITS} units) · run again: ${again.ok ? again.created : "refused"} more in ${((c2 - c1) / 1000).toFixed(1)} s · audit chain ${chain.ok ? "exact" : "BROKEN"} · 0 Admin API calls`,
  );
  console.log(
    `  baseline, paged read (products(first: 5), nested variants and levels: the most a page may cost): ${pagedCalls.toLocaleString("en")} calls, ${pagedPoints.toLocaleString("en")} points = ${(pagedPoints / STANDARD_RESTORE / 60).toFixed(1)} min of a Standard plan's rate limit (scaled from ${pages} pages read here: ${meter.calls} calls, ${meter.points.toLocaleString("en")} points, ${pagedVariants} variants, ${((p1 - p0) / 1000).toFixed(1)} s)`,
  );
  console.log(
    `  baseline, one piece per transaction as at intake: ${BASELINE_PIECES} pieces in ${((o1 - o0) / 1000).toFixed(1)} s (${perPieceBaseline.toFixed(2)} ms a piece: ${(perPieceBaseline / perPiece).toFixed(1)}× the chunked rate; ${((perPieceBaseline * made.created) / 1000).toFixed(0)} s for ${made.created.toLocaleString("en")})`,
  );
  await sim.close();
}

async function main() {
  process.env.LOG_LEVEL ??= "error";
  await buildTemplates();
  const engines = (process.env.CATALOGUE_BENCH_ENGINES ?? "sqlite,postgresql").split(",") as Provider[];
  try {
    for (const engine of engines) await bench(engine);
  } finally {
    await dropCreatedDatabases();
  }
}

await main();
