// POST /admin/oauth/access_token: token exchange and refresh (the rules are in ../oauth.ts).
import type { IncomingMessage, ServerResponse } from "node:http";
import { exchangeToken, OAuthError, type TokenRequest } from "../oauth";
import type { ShopData } from "../state/shops";
import { applyFault } from "./fault-answers";
import { header, json, readBody } from "./http";
import type { SimulatorParts } from "./parts";

export async function handleOAuth(
  parts: SimulatorParts,
  req: IncomingMessage,
  res: ServerResponse,
  shop: ShopData,
): Promise<void> {
  const { apiKey, apiSecret, clock, faults, tokens } = parts;
  const fault = faults.take({ target: "oauth", operationName: null, rootFields: [] }, clock.now());
  if (fault && (await applyFault(parts, fault, res))) return;
  const raw = (await readBody(req)).toString("utf8");
  const type = header(req, "content-type") ?? "";
  const body: TokenRequest = type.includes("application/json")
    ? (JSON.parse(raw || "{}") as TokenRequest)
    : (Object.fromEntries(new URLSearchParams(raw)) as TokenRequest);
  try {
    return json(res, 200, exchangeToken(body, shop.domain, { apiKey, apiSecret }, tokens, clock, shop.accountOwnerId));
  } catch (error) {
    if (error instanceof OAuthError)
      return json(res, error.status, { error: error.error, error_description: error.description });
    throw error;
  }
}
