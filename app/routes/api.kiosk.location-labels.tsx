// POST /api/kiosk/location-labels { locationId } -> { job } | 404 UNKNOWN_LOCATION | 409 LOCATION_ARCHIVED
// | 422 TEXT_UNPRINTABLE. "Print label" on the kiosk's screen: the label of a place of this kiosk's
// Shopify location, as a print job already claimed by this kiosk (the same template and audit as
// the tree's "Print label"); the kiosk prints `job` and reports it on /api/kiosk/print-jobs/:id.
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { authenticateDevice, kioskActor } from "../http/kiosk-auth.server";
import { requireStaffWith } from "../http/kiosk-permission.server";
import { kioskError, kioskJson, readJson } from "../http/kiosk-http.server";
import { kioskLocationLabel } from "../services/kiosk/print-queue.server";

const body = z.object({ locationId: z.string().min(1).max(64) });

export const permission = { loader: "public", action: "pieces.print" } as const;

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return kioskError(405, "BAD_REQUEST", { vars: { detail: "use POST" } });
  const device = await authenticateDevice(request);
  const staff = await requireStaffWith(request, device, permission.action);
  const { locationId } = await readJson(request, body);
  const result = await kioskLocationLabel(device, locationId, kioskActor(device, staff));
  if (result.ok) return kioskJson({ job: result.job, code: result.code, path: result.path });
  if (result.code === "TEXT_UNPRINTABLE")
    return kioskError(422, "TEXT_UNPRINTABLE", { messageKey: "setup.error.TEXT_UNPRINTABLE", vars: result.vars });
  if (result.code === "LOCATION_ARCHIVED")
    return kioskError(409, "LOCATION_ARCHIVED", { messageKey: "setup.error.LOCATION_ARCHIVED" });
  return kioskError(404, "UNKNOWN_LOCATION");
}

export const loader = () => kioskError(405, "BAD_REQUEST", { vars: { detail: "use POST" } });
