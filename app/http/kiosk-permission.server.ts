// The kiosk acts for the person signed in with their PIN: what it does on their behalf (receive,
// print, sign in at all) needs their role's permission in the shop's matrix, as in the admin.
// Refused: 403 STAFF_FORBIDDEN naming the permission, in both languages.
import { translate, type MessageKey } from "../i18n";
import { shopMatrix } from "../services/staff/permissions.server";
import { allows, gatePermissions, PERMISSIONS, type Gate, type Permission } from "../domain/staff/permissions";
import { requireStaff, type KioskDevice, type KioskStaff } from "./kiosk-auth.server";
import { getStaff } from "../models/kiosk-staff.server";
import { kioskError } from "./kiosk-http.server";

export function kioskPermissionRefusal(permission: Permission): Response {
  const name = `permissions.name.${permission}` as MessageKey;
  return kioskError(403, "STAFF_FORBIDDEN", {
    messageKey: "permissions.refused",
    vars: { permission: translate("en", name) },
    varsFr: { permission: translate("fr", name) },
    extra: { permission },
  });
}

/** Whether `role` holds every permission of `gate` in the device's shop. */
export async function kioskRoleAllows(device: KioskDevice, role: string, gate: Gate): Promise<Permission | null> {
  const matrix = await shopMatrix(device.shop);
  return gatePermissions(gate).find((p) => !allows(matrix, role, p)) ?? null;
}

/** The signed-in person, when their role holds `gate` (kiosk.use is always needed); a 403 thrown otherwise. */
export async function requireStaffWith(request: Request, device: KioskDevice, gate: Gate): Promise<KioskStaff> {
  const staff = await requireStaff(request, device);
  const missing = await kioskRoleAllows(device, staff.role, ["kiosk.use", ...gatePermissions(gate)]);
  if (missing) throw kioskPermissionRefusal(missing);
  return staff;
}

/** After a good PIN: the 403 when the person's role may not use a kiosk (nothing is handed out), else null. */
export async function signedInRefusal(device: KioskDevice, staffId: string, gate: Gate): Promise<Response | null> {
  const staff = await getStaff(device.shopId, staffId);
  const missing = staff ? await kioskRoleAllows(device, staff.role, gate) : "kiosk.use";
  return missing ? kioskPermissionRefusal(missing) : null;
}

/** What the signed-in person's role may do (the kiosk's screen hides the rest; the server checks anyway). */
export async function kioskStaffPermissions(device: KioskDevice, staffId: string): Promise<Permission[]> {
  const [staff, matrix] = await Promise.all([getStaff(device.shopId, staffId), shopMatrix(device.shop)]);
  return staff ? PERMISSIONS.filter((p) => allows(matrix, staff.role, p)) : [];
}
