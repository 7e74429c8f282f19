// GET /api/kiosk/context: the shop, this kiosk's Shopify location and the internal locations under it.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { authenticateDevice } from "../services/kiosk-auth.server";
import { kioskJson } from "../services/kiosk-http.server";
import { kioskContext } from "../services/kiosk.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const device = await authenticateDevice(request);
  return kioskJson(await kioskContext(device));
}
