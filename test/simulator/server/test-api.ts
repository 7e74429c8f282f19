// The test API: JSON under /_sim/<name> (POST body or GET query) that drives sim.state, tokens,
// faults, webhooks and bulk operations from another process (the demo, e2e tests).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { FaultSpec } from "../faults";
import { SimulatorError } from "../state/ids-and-formats";
import { json, readBody } from "./http";
import { issueAccessToken, type SimulatorParts } from "./parts";

/**
 * A test API body taken as the input a state method expects (inferred from the call). The API
 * trusts its callers (tests and the demo's own processes): the JSON is passed on unchecked, and
 * the state methods themselves reject unknown shops and ids.
 */
function trustedInput<I>(body: Record<string, unknown>): I {
  return body as I;
}

export async function handleTestApi(
  parts: SimulatorParts,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  query: URLSearchParams,
): Promise<void> {
  const { state, tokens, faults, webhooks, bulk, rateLimits, apiVersion } = parts;
  const name = path.replace(/^\/_sim\/?/, "");
  const input: Record<string, unknown> =
    req.method === "GET"
      ? Object.fromEntries(query)
      : (JSON.parse((await readBody(req)).toString("utf8") || "{}") as Record<string, unknown>);
  const api: Record<string, (input: Record<string, unknown>) => unknown> = {
    "seed-shop": (i) => state.seedShop(trustedInput(i)),
    "seed-product": (i) => state.seedProduct(trustedInput(i)),
    "locations/create": (i) => state.createLocation(trustedInput(i)),
    "locations/rename": (i) => state.renameLocation(trustedInput(i)),
    "locations/deactivate": (i) => state.deactivateLocation(trustedInput(i)),
    "locations/activate": (i) => state.activateLocation(trustedInput(i)),
    "locations/delete": (i) => state.deleteLocation(trustedInput(i)),
    orders: (i) => state.createOrder(trustedInput(i)),
    "orders/fulfill": (i) => state.fulfillOrder(trustedInput(i)),
    "orders/cancel": (i) => state.cancelOrder(trustedInput(i)),
    "orders/refund": (i) => state.refundOrder(trustedInput(i)),
    "inventory-levels": (i) => state.inventoryLevels(trustedInput(i)),
    "inventory-history": (i) => state.inventoryHistory(trustedInput(i)),
    metafields: (i) => state.metafields(trustedInput(i)),
    metaobjects: (i) => state.metaobjects(trustedInput(i)),
    "request-counts": (i) => state.requestCounts(trustedInput(i)),
    "app-uninstalled": (i) => {
      const out = state.uninstallApp(trustedInput(i));
      tokens.revokeShop(out.shop);
      return out;
    },
    tokens: (i) => ({ accessToken: issueAccessToken(parts, String(i.shop), { expiring: Boolean(i.expiring) }) }),
    faults: (i) => (req.method === "DELETE" ? faults.clear() : faults.inject(i as FaultSpec)),
    "faults/clear": () => faults.clear(),
    webhooks: () => webhooks.deliveries.map(({ payload: _payload, ...rest }) => rest),
    "webhooks/redeliver": (i) => webhooks.redeliver(String(i.id)),
    "webhooks/hold": () => webhooks.hold(),
    "webhooks/release": (i) => webhooks.release((i.order as "fifo" | "reverse" | undefined) ?? "fifo"),
    "product-media": (i) =>
      state.attachProductImage({
        ...trustedInput<{ shop: string; productId: string; alt?: string | null }>(i),
        url:
          typeof i.url === "string"
            ? i.url
            : `${parts.baseUrl}/_sim/images/${encodeURIComponent(String(i.productId).split("/").pop() ?? "photo")}.png`,
      }),
    "bulk-operations": (i) => [...state.shop(String(i.shop)).bulkOperations.values()],
    "bulk/release": () => ({ released: bulk.release() }),
    "throttle-status": (i) => rateLimits.throttleStatus(state.shop(String(i.shop))),
    health: () => ({ ok: true, apiVersion }),
  };
  const fn = api[name];
  if (!fn) return json(res, 404, { error: `Unknown simulator test API ${name}`, available: Object.keys(api) });
  try {
    const out = await fn(input);
    return json(res, 200, out ?? { ok: true });
  } catch (error) {
    if (error instanceof SimulatorError) return json(res, error.status, { error: error.message });
    throw error;
  }
}
