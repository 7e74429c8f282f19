// POST /api/kiosk/pair/start { deviceName } -> { code, pollSecret, expiresAt }. No auth; rate-limited per address.
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { formatPairingCode } from "../domain/kiosk/pairing";
import { kioskError, kioskJson, readJson } from "../http/kiosk-http.server";
import { clientAddress } from "../http/client-address.server";
import { startPairing, takePairingStart } from "../services/kiosk/pairing.server";

const body = z.object({ deviceName: z.string().trim().min(1).max(60) });

export const permission = { loader: "public", action: "public" } as const;

export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return kioskError(405, "BAD_REQUEST", { vars: { detail: "use POST" } });
  const limit = takePairingStart(clientAddress(request, context));
  if (!limit.ok)
    return kioskError(429, "RATE_LIMITED", {
      vars: { seconds: limit.retryAfterSeconds },
      headers: { "Retry-After": String(limit.retryAfterSeconds) },
    });
  const { deviceName } = await readJson(request, body);
  const started = await startPairing(deviceName);
  if (!started.ok)
    return kioskError(429, started.code, {
      vars: { seconds: started.retryAfterSeconds },
      headers: { "Retry-After": String(started.retryAfterSeconds) },
    });
  return kioskJson({
    code: formatPairingCode(started.code),
    pollSecret: started.pollSecret,
    expiresAt: started.expiresAt.toISOString(),
  });
}

export const loader = () => kioskError(405, "BAD_REQUEST", { vars: { detail: "use POST" } });
