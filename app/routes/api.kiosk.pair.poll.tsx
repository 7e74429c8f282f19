// POST /api/kiosk/pair/poll { code, pollSecret } -> 202 waiting | 200 paired (the token, once) | 410.
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { kioskError, kioskJson, readJson } from "../http/kiosk-http.server";
import { pollPairing } from "../services/kiosk/pairing.server";

const body = z.object({ code: z.string().min(1).max(20), pollSecret: z.string().min(16).max(200) });

export const permission = { loader: "public", action: "public" } as const;

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return kioskError(405, "BAD_REQUEST", { vars: { detail: "use POST" } });
  const { code, pollSecret } = await readJson(request, body);
  const result = await pollPairing(code, pollSecret);
  if (result.status === "waiting") return kioskJson({ status: "waiting" }, 202);
  if (result.status === "error") return kioskError(result.code === "PAIRING_UNKNOWN" ? 404 : 410, result.code);
  const { status, deviceToken, deviceId, shop, shopifyLocationGid, locationName } = result;
  return kioskJson({ status, deviceToken, deviceId, shop, shopifyLocationGid, locationName });
}

export const loader = () => kioskError(405, "BAD_REQUEST", { vars: { detail: "use POST" } });
