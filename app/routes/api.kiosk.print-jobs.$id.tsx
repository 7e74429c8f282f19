// POST /api/kiosk/print-jobs/:id { status: "printed" | "failed", error? } (X-Loupe-Staff optional here).
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { authenticateDevice, kioskActor, optionalStaff } from "../http/kiosk-auth.server";
import { kioskError, kioskJson, readJson } from "../http/kiosk-http.server";
import { reportPrintJob } from "../services/kiosk/print-queue.server";

const body = z.object({ status: z.enum(["printed", "failed"]), error: z.string().max(1000).optional() });

export const permission = { loader: "public", action: "device" } as const;

export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== "POST") return kioskError(405, "BAD_REQUEST", { vars: { detail: "use POST" } });
  const device = await authenticateDevice(request);
  // Jobs queued in the admin print on an unattended kiosk too; a signed-in person is named when present.
  const staff = await optionalStaff(request, device);
  const { status, error } = await readJson(request, body);
  const result = await reportPrintJob(
    device,
    (params.id ?? "").slice(0, 64),
    status,
    error ?? null,
    kioskActor(device, staff),
  );
  if (!result.ok)
    return result.code === "JOB_NOT_FOUND"
      ? kioskError(404, "JOB_NOT_FOUND")
      : kioskError(409, "JOB_NOT_CLAIMED", { vars: { status: result.status } });
  return kioskJson({ id: params.id, status: result.status });
}

export const loader = () => kioskError(405, "BAD_REQUEST", { vars: { detail: "use POST" } });
