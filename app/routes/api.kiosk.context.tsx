// GET /api/kiosk/context: the shop, this kiosk's Shopify location and the internal locations under it.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { authenticateDevice } from "../http/kiosk-auth.server";
import { kioskJson } from "../http/kiosk-http.server";
import { kioskContext } from "../services/kiosk/counter.server";

export const permission = { loader: "device" } as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const device = await authenticateDevice(request);
  return kioskJson(await kioskContext(device));
}
