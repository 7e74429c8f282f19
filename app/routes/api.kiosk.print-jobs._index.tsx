// GET /api/kiosk/print-jobs: claims up to 20 queued jobs for this kiosk's Shopify location.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { authenticateDevice } from "../services/kiosk-auth.server";
import { kioskJson } from "../services/kiosk-http.server";
import { claimPrintJobs } from "../services/print-queue.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const device = await authenticateDevice(request);
  return kioskJson({ jobs: await claimPrintJobs(device) });
}
