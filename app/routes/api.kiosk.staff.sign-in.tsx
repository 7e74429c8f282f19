// POST /api/kiosk/staff/sign-in { pin, staffId? } -> { staffSession, staffId, name, expiresAt, permissions, idleSignOutMinutes }
// | 401 PIN_WRONG { attemptsLeft } | 403 PIN_LOCKED (this kiosk) / PIN_SHOP_LOCKED (every kiosk) { lockedUntil }.
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { formatDateTime } from "../i18n";
import { authenticateDevice, signIn } from "../http/kiosk-auth.server";
import { kioskError, kioskJson, readJson } from "../http/kiosk-http.server";
import { kioskStaffPermissions, signedInRefusal } from "../http/kiosk-permission.server";

const body = z.object({ pin: z.string().max(32), staffId: z.string().min(1).max(64).optional() });

export const permission = { loader: "public", action: "kiosk.use" } as const;

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return kioskError(405, "BAD_REQUEST", { vars: { detail: "use POST" } });
  const device = await authenticateDevice(request);
  const { pin, staffId } = await readJson(request, body);
  const result = await signIn(device, pin, staffId);
  const refused = result.ok ? await signedInRefusal(device, result.staffId, permission.action) : null;
  if (refused) return refused;
  if (result.ok)
    return kioskJson({
      staffSession: result.staffSession,
      staffId: result.staffId,
      name: result.name,
      expiresAt: result.expiresAt.toISOString(),
      // For the kiosk's screen to hide what the role may not do.
      permissions: await kioskStaffPermissions(device, result.staffId),
      // The shop's setting: the kiosk signs the person out after this long without an action.
      idleSignOutMinutes: device.shop.kioskIdleMinutes,
    });
  if (result.code === "PIN_WRONG")
    return kioskError(401, "PIN_WRONG", {
      vars: { attemptsLeft: result.attemptsLeft },
      extra: { attemptsLeft: result.attemptsLeft },
    });
  const tz = device.shop.ianaTimezone;
  return kioskError(403, result.code, {
    vars: { until: formatDateTime(result.until, "en", tz) },
    varsFr: { until: formatDateTime(result.until, "fr", tz) },
    extra: { lockedUntil: result.until.toISOString() },
  });
}

export const loader = () => kioskError(405, "BAD_REQUEST", { vars: { detail: "use POST" } });
