// The Staff page's server side (the route declares staff.manage, checked by requireAdmin): the
// admin users with their roles, the kiosk-only people, and the changes to either. Role changes
// follow app/domain/staff/roles; kiosk-only people are added with a name and a PIN (hashed as the
// kiosk's sign-in expects), given a new PIN (app/services/staff/pins.server.ts, shared with the
// Kiosks page), deactivated or reactivated. Everything is audited.
import { z } from "zod";
import { checkNewPin } from "../domain/kiosk/pin";
import { ADMIN_ROLES, pinChangeRefusal } from "../domain/staff/roles";
import { listAdminStaff, listKioskOnlyStaff, otherPinHashes } from "../models/staff.server";
import { lastPinChanges } from "../models/kiosk-staff.server";
import { changeStaffRole } from "../services/staff/roles.server";
import { addKioskPerson, setKioskPersonActive } from "../services/staff/kiosk-people.server";
import { changeStaffPin, pinChangeView } from "../services/staff/pins.server";
import { translate } from "../i18n";
import type { AdminContext } from "./admin-context.server";
import { invalidAnswer, parseBody, refusedAnswer } from "./admin-action.server";
import { hashPin, verifyPin } from "./kiosk-auth.server";

export const roleChangeSchema = z.object({
  intent: z.literal("role"),
  staffId: z.string().min(1),
  role: z.enum(ADMIN_ROLES),
});
const pin = z.string().trim().max(32);
// A form without an intent is the role change (the page's first form).
const withIntent = (v: unknown) => (v && typeof v === "object" && !("intent" in v) ? { ...v, intent: "role" } : v);
export const staffActionSchema = z.preprocess(
  withIntent,
  z.discriminatedUnion("intent", [
    roleChangeSchema,
    z.object({ intent: z.literal("addKiosk"), name: z.string().trim().min(1).max(80), pin }),
    z.object({ intent: z.literal("kioskPin"), staffId: z.string().min(1).max(64), pin }),
    z.object({
      intent: z.literal("kioskActive"),
      staffId: z.string().min(1).max(64),
      active: z.enum(["true", "false"]),
    }),
  ]),
);

export async function staffPage(context: AdminContext) {
  const me = context.staff!;
  const [people, kioskOnly] = await Promise.all([listAdminStaff(context.shop.id), listKioskOnlyStaff(context.shop.id)]);
  // Who last set or removed each PIN, and when: the person sees it here (and on their home page).
  const pinChanges = await lastPinChanges(
    context.shop.id,
    [...people, ...kioskOnly].map((p) => p.id),
  );
  return {
    me: { id: me.id, role: me.role },
    timeZone: context.shop.ianaTimezone,
    people: people.map((p) => ({
      id: p.id,
      name: p.name,
      email: p.email,
      role: p.role,
      locale: p.locale,
      accountOwner: p.accountOwner === true,
      since: p.createdAt.toISOString(),
      pinChange: pinChangeView(pinChanges.get(p.id)),
    })),
    kioskOnly: kioskOnly.map((p) => ({
      id: p.id,
      name: p.name,
      active: p.active,
      hasPin: p.hasPin,
      since: p.createdAt.toISOString(),
      pinChange: pinChangeView(pinChanges.get(p.id)),
      maySetPin: pinChangeRefusal({ actor: { id: me.id, role: me.role }, target: p }) === null,
    })),
  };
}

const staffRefusal = (context: AdminContext, intent: string, code: string, field?: string) =>
  refusedAnswer(
    context.locale,
    { code, ...(field ? { field } : {}) },
    {
      prefix: "staff.error.",
      fallback: "staff.error.unknown",
      intent,
    },
  );

/** A PIN a new or changed kiosk person may take: well formed, not trivially guessable, nobody else's. */
async function pinRefusal(shopId: string, value: string, exceptId: string | null): Promise<string | null> {
  const check = checkNewPin(value);
  if (!check.ok) return check.code;
  // Sign-in is by PIN alone, so a PIN must name exactly one person (scrypt checks, outside any transaction).
  for (const other of await otherPinHashes(shopId, exceptId)) if (await verifyPin(value, other)) return "PIN_TAKEN";
  return null;
}

export async function staffAction(context: AdminContext, request: Request) {
  const me = context.staff!;
  const parsed = await parseBody(request, staffActionSchema);
  if (!parsed.ok) return invalidAnswer(context.locale, parsed.error);
  const input = parsed.data;
  const { shop, actor, locale } = context;
  switch (input.intent) {
    case "role": {
      const result = await changeStaffRole(shop.id, { actor, staffId: me.id, role: me.role }, input);
      if (!result.ok) return refusedAnswer(locale, result, { prefix: "staff.error.", fallback: "staff.error.unknown" });
      return { ok: true as const, intent: "role", changed: result.changed, staffId: input.staffId, role: input.role };
    }
    case "addKiosk": {
      // A new person's first PIN follows the rule for setting anyone's PIN (kiosk-only people are
      // staff): someone who may not set it may not choose it at creation either.
      const rights = pinChangeRefusal({ actor: { id: me.id, role: me.role }, target: { id: "", role: "staff" } });
      if (rights) return staffRefusal(context, input.intent, rights, "pin");
      const refusal = await pinRefusal(shop.id, input.pin, null);
      if (refusal) return staffRefusal(context, input.intent, refusal, "pin");
      const done = await addKioskPerson(shop.id, actor, input.name, await hashPin(input.pin));
      if (!done.ok) return staffRefusal(context, input.intent, done.code);
      return {
        ok: true as const,
        intent: input.intent,
        message: translate(locale, "staff.kiosk.added", { name: done.name }),
      };
    }
    case "kioskPin": {
      const done = await changeStaffPin(shop.id, { actor, staffId: me.id, role: me.role }, input.staffId, input.pin);
      if (!done.ok)
        return staffRefusal(
          context,
          `${input.intent}:${input.staffId}`,
          done.code,
          done.field === "pin" ? "pin" : undefined,
        );
      return {
        ok: true as const,
        intent: input.intent,
        message: translate(locale, "staff.kiosk.pinSaved", { name: done.name }),
      };
    }
    case "kioskActive": {
      const active = input.active === "true";
      const done = await setKioskPersonActive(shop.id, actor, input.staffId, active);
      if (!done.ok) return staffRefusal(context, `${input.intent}:${input.staffId}`, done.code);
      const key = active ? "staff.kiosk.reactivated" : "staff.kiosk.deactivated";
      return { ok: true as const, intent: input.intent, message: translate(locale, key, { name: done.name }) };
    }
  }
}
