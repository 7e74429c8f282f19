// Loupe's Admin GraphQL client for background work: one shop's offline session, the cost-based
// rate limit read from every answer (extensions.cost.throttleStatus), waits instead of THROTTLED
// errors, and errors sorted into "try again" (outcome unknown or temporary) and "refused".
import { unauthenticated, API_VERSION } from "../shopify.server";

export type ThrottleStatus = { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };

/** The request may or may not have reached Shopify, or Shopify was briefly unable: retry as is. */
export class ShopifyTransientError extends Error {
  override name = "ShopifyTransientError";
}

/** Shopify answered and will not do it (bad document, missing scope, uninstalled shop…). */
export class ShopifyRefusedError extends Error {
  override name = "ShopifyRefusedError";
}

type Bucket = ThrottleStatus & { at: number };

const buckets = new Map<string, Bucket>();

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Points this shop can spend now, by Shopify's last word plus what has been restored since. */
export function estimatedAvailable(shop: string, now = Date.now()): number | null {
  const b = buckets.get(shop);
  if (!b) return null;
  return Math.min(b.maximumAvailable, b.currentlyAvailable + ((now - b.at) / 1000) * b.restoreRate);
}

async function waitForPoints(shop: string, cost: number): Promise<void> {
  const b = buckets.get(shop);
  const available = estimatedAvailable(shop);
  if (!b || available === null || available >= cost) return;
  await sleep(Math.ceil(((cost - available) / b.restoreRate) * 1000));
}

function record(shop: string, status: ThrottleStatus | undefined, spent?: number): void {
  if (!status) {
    const b = buckets.get(shop);
    if (b && spent)
      buckets.set(shop, {
        ...b,
        currentlyAvailable: Math.max(0, (estimatedAvailable(shop) ?? 0) - spent),
        at: Date.now(),
      });
    return;
  }
  buckets.set(shop, { ...status, at: Date.now() });
}

export type GraphqlAnswer<T> = {
  data: T;
  cost?: { requestedQueryCost: number; actualQueryCost: number | null; throttleStatus: ThrottleStatus };
};

type RawAnswer = {
  data?: unknown;
  errors?: { message: string; extensions?: { code?: string } }[] | string;
  extensions?: { cost?: GraphqlAnswer<unknown>["cost"] };
};

const TIMEOUT_MS = Number(process.env.LOUPE_SHOPIFY_TIMEOUT_MS ?? 15_000);

/**
 * Runs one document for a shop. `estimatedCost` lets the client wait before spending points the
 * bucket does not have; a THROTTLED answer is waited out and retried (up to `throttleRetries`).
 */
export async function shopGraphql<T>(
  shop: string,
  query: string,
  variables: Record<string, unknown> = {},
  options: { estimatedCost?: number; throttleRetries?: number } = {},
): Promise<GraphqlAnswer<T>> {
  // No offline session yet (or a refresh that failed): the shop may authenticate again at any
  // time, so the write waits and is retried, never dropped.
  const { session } = await unauthenticated.admin(shop).catch((error: unknown) => {
    throw new ShopifyTransientError(`No usable session for ${shop} yet: ${(error as Error).message ?? String(error)}`);
  });
  if (!session.accessToken) throw new ShopifyRefusedError(`No access token for ${shop}`);
  const retries = options.throttleRetries ?? 20;
  for (let attempt = 0; ; attempt++) {
    await waitForPoints(shop, options.estimatedCost ?? 10);
    let response: Response;
    try {
      response = await fetch(`https://${shop}/admin/api/${API_VERSION}/graphql.json`, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "X-Shopify-Access-Token": session.accessToken,
          Accept: "application/json",
        },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new ShopifyTransientError(`Shopify did not answer: ${(error as Error).message}`);
    }
    if (response.status === 429 || response.status >= 500) {
      throw new ShopifyTransientError(`Shopify answered ${response.status}`);
    }
    if (response.status === 401 || response.status === 403 || response.status === 404) {
      throw new ShopifyRefusedError(`Shopify answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
    }
    let body: RawAnswer;
    try {
      body = (await response.json()) as RawAnswer;
    } catch {
      throw new ShopifyTransientError(`Shopify answered ${response.status} with a body that is not JSON`);
    }
    const cost = body.extensions?.cost;
    record(shop, cost?.throttleStatus, cost?.actualQueryCost ?? undefined);
    const errors = typeof body.errors === "string" ? [{ message: body.errors }] : (body.errors ?? []);
    if (errors.some((e) => e.extensions?.code === "THROTTLED")) {
      if (attempt >= retries) throw new ShopifyTransientError("Shopify kept answering THROTTLED");
      // Wait for the points this request needs (its requested cost when Shopify told us).
      const needed = cost?.requestedQueryCost ?? options.estimatedCost ?? 10;
      const status = cost?.throttleStatus;
      const waitMs = status
        ? Math.ceil((Math.max(0, needed - status.currentlyAvailable) / status.restoreRate) * 1000) + 50
        : 1000;
      await sleep(waitMs);
      continue;
    }
    if (errors.length > 0) {
      throw new ShopifyRefusedError(`Shopify refused the request: ${errors.map((e) => e.message).join("; ")}`);
    }
    return { data: body.data as T, cost };
  }
}
