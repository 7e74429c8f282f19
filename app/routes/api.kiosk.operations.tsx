// POST /api/kiosk/operations { key, kind, pieceId, locationId?, templateId?, reprint?, at } -> { key, result }.
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { authenticateDevice, kioskActor } from "../http/kiosk-auth.server";
import { kioskPermissionRefusal, kioskRoleAllows, requireStaffWith } from "../http/kiosk-permission.server";
import { kioskError, kioskJson, readJson } from "../http/kiosk-http.server";
import { runOperation } from "../services/kiosk/counter.server";

const body = z.object({
  key: z.string().uuid(),
  kind: z.enum(["tagged", "receive", "printed"]),
  pieceId: z.string().min(1).max(64),
  locationId: z.string().min(1).max(64).optional(),
  templateId: z.string().min(1).max(64).optional(),
  reprint: z.boolean().optional(),
  at: z.string().datetime({ offset: true }),
});

export const permission = { loader: "public", action: "kiosk.use" } as const;

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return kioskError(405, "BAD_REQUEST", { vars: { detail: "use POST" } });
  const device = await authenticateDevice(request);
  const staff = await requireStaffWith(request, device, permission.action);
  const input = await readJson(request, body);
  // Receiving puts a piece into stock; marking it tagged or printed is printing.
  const missing = await kioskRoleAllows(
    device,
    staff.role,
    input.kind === "receive" ? "pieces.receive" : "pieces.print",
  );
  if (missing) return kioskPermissionRefusal(missing);
  const outcome = await runOperation(device, kioskActor(device, staff), input);
  if (!outcome.ok) return kioskError(outcome.status, outcome.code, { vars: outcome.vars });
  return kioskJson({ key: outcome.key, result: outcome.result });
}

export const loader = () => kioskError(405, "BAD_REQUEST", { vars: { detail: "use POST" } });
