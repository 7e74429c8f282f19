// Which handler answers a request: the simulator's own /_sim paths (storage, console, test API),
// then a shop's OAuth and GraphQL endpoints. A shop is addressed by `Host: <shop>.myshopify.com`
// or by the `/shops/<shop-domain>/…` prefix.
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { handleConsolePost, readForm, renderConsole } from "../console";
import { normalizeShopDomain, SimulatorError } from "../state/ids-and-formats";
import { handleGraphql } from "./graphql-endpoint";
import { header, json } from "./http";
import { handleOAuth } from "./oauth-endpoint";
import type { SimulatorParts } from "./parts";
import { receiveStagedUpload, serveBulkResult, serveImage } from "./storage";
import { handleTestApi } from "./test-api";

/** The server's request listener; a handler that throws answers 500 (if nothing was sent yet). */
export function requestListener(parts: SimulatorParts): RequestListener {
  return (req, res) => {
    route(parts, req, res).catch((error: unknown) => {
      if (!res.headersSent)
        json(res, 500, { errors: `Simulator failure: ${error instanceof Error ? error.message : String(error)}` });
    });
  };
}

async function route(parts: SimulatorParts, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://simulator");
  let path = url.pathname;
  // Browsers ask for one when a person opens the console.
  if (path === "/favicon.ico") return void res.writeHead(204).end();
  if (path.startsWith("/_sim")) return routeSimulatorPath(parts, req, res, path, url.searchParams);
  let shopDomain: string | null = null;
  const prefixed = /^\/shops\/([^/]+)(\/.*)$/.exec(path);
  if (prefixed) {
    shopDomain = normalizeShopDomain(decodeURIComponent(prefixed[1]!));
    path = prefixed[2]!;
  } else {
    const host = (header(req, "host") ?? "").replace(/:\d+$/, "");
    if (host.endsWith(".myshopify.com")) shopDomain = host;
  }
  if (!shopDomain) return json(res, 404, { errors: "Not Found: address a shop by Host header or /shops/<domain>/..." });
  const shop = parts.state.findShop(shopDomain);
  if (!shop) return json(res, 404, { errors: "Not Found" });
  if (req.method === "POST" && path === "/admin/oauth/access_token") return handleOAuth(parts, req, res, shop);
  const graphql = /^\/admin\/api\/([^/]+)\/graphql\.json$/.exec(path);
  if (req.method === "POST" && graphql) return handleGraphql(parts, req, res, shop, graphql[1]!);
  return json(res, 404, { errors: "Not Found" });
}

async function routeSimulatorPath(
  parts: SimulatorParts,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  query: URLSearchParams,
): Promise<void> {
  const upload = /^\/_sim\/uploads\/([^/]+)$/.exec(path);
  if (upload) return receiveStagedUpload(parts, req, res, upload[1]!);
  const result = /^\/_sim\/bulk-results\/([0-9a-f-]+)\.jsonl$/.exec(path);
  if (result && req.method === "GET") return serveBulkResult(parts, res, result[1]!);
  if (/^\/_sim\/images\/[\w.-]+\.png$/.test(path) && req.method === "GET") return serveImage(res);
  // The console (../console.ts): the simulated shop's page for the demo and manual testing.
  if (path === "/_sim/console" && req.method === "GET") {
    const html = renderConsole(parts.state, query.get("shop") ?? "", query.get("notice") ?? "");
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(html);
    return;
  }
  const consoleAction = /^\/_sim\/console\/(sell|cancel|refund)$/.exec(path);
  if (consoleAction && req.method === "POST") {
    try {
      return await handleConsolePost(parts.state, consoleAction[1]!, await readForm(req), res);
    } catch (error) {
      if (error instanceof SimulatorError) return json(res, error.status, { error: error.message });
      throw error;
    }
  }
  return handleTestApi(parts, req, res, path, query);
}
