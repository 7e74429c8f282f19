// GET /api/kiosk/print-jobs: claims up to 20 queued jobs for this kiosk's Shopify location.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { authenticateDevice } from "../http/kiosk-auth.server";
import { kioskJson } from "../http/kiosk-http.server";
import { claimPrintJobs } from "../services/kiosk/print-queue.server";

export const permission = { loader: "device" } as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const device = await authenticateDevice(request);
  return kioskJson({ jobs: await claimPrintJobs(device) });
}
