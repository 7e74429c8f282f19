// GET /api/kiosk/receiving: pieces waiting to be received at this kiosk's location (or not placed yet), newest first.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { authenticateDevice } from "../http/kiosk-auth.server";
import { kioskJson } from "../http/kiosk-http.server";
import { receivingList } from "../services/kiosk/counter.server";

export const permission = { loader: "device" } as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const device = await authenticateDevice(request);
  return kioskJson({ pieces: await receivingList(device) });
}
