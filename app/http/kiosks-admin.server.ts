// The kiosks page's server side: paired kiosks, staff and their PINs, the print queue's progress
// (and the locations whose waiting jobs no kiosk can print), and the changes the page makes.
// Refusals are { ok: false, intent, field, message } beside the field of the form that sent them.
import { data } from "@remix-run/node";
import { z } from "zod";
import {
  confirmPairingCode,
  MAX_UNCOLLECTED_PER_SHOP,
  refreshShopifyLocationNames,
} from "../services/kiosk/pairing.server";
import { printJobProgress } from "../services/kiosk/print-queue.server";
import { locationCodeOf } from "../services/locations/labels.server";
import { pinChangeRefusal } from "../domain/staff/roles";
import { listDevices, revokeDevice, shopifyLocationsOf } from "../models/devices.server";
import { addStaff, lastPinChanges, listStaff, unlockStaff } from "../models/kiosk-staff.server";
import { recentJobs } from "../models/kiosk-print-jobs.server";
import { findPinHolder } from "../models/staff.server";
import { changeStaffPin, pinChangeView, type PinChangeResult } from "../services/staff/pins.server";
import { translate, type MessageKey } from "../i18n";
import type { AdminContext } from "./admin-context.server";

/**
 * `jobs`: the print batch the page follows (comma-separated job ids), else the recent jobs. Whoever
 * prints tags follows the queue here; pairing, removing kiosks and the PINs are for `kiosks.manage`
 * (`rights.manage`): without it the page gets no staff list and shows none of those forms.
 */
export async function kiosksPage({ shop, admin, staff: me, can }: AdminContext, jobs: string | null) {
  const rights = { manage: can("kiosks.manage") };
  // Where a person picks or sees a kiosk's location: show Shopify's own name beside Loupe's site.
  await refreshShopifyLocationNames(shop.id, admin);
  const batch = (jobs ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .slice(0, 500);
  const [devices, locations, staff, recent] = await Promise.all([
    listDevices(shop.id),
    shopifyLocationsOf(shop.id),
    rights.manage ? listStaff(shop.id) : [],
    recentJobs(shop.id),
  ]);
  const now = new Date();
  const pinChanges = await lastPinChanges(
    shop.id,
    staff.map((s) => s.id),
  );
  const activeLocations = new Set(devices.filter((d) => !d.revokedAt).map((d) => d.shopifyLocationGid));
  const waiting = recent.filter((j) => j.status === "queued" || j.status === "claimed");
  return {
    rights,
    timeZone: shop.ianaTimezone,
    locations,
    devices: devices.map((d) => ({
      id: d.id,
      name: d.name,
      location: locations.find((l) => l.gid === d.shopifyLocationGid)?.name ?? d.shopifyLocationGid,
      createdBy: d.createdBy,
      lastSeenAt: d.lastSeenAt?.toISOString() ?? null,
      revokedAt: d.revokedAt?.toISOString() ?? null,
    })),
    staff: staff.map((s) => ({
      id: s.id,
      name: s.name,
      hasPin: s.pinHash !== null,
      lockedUntil: s.lockedUntil && s.lockedUntil > now ? s.lockedUntil.toISOString() : null,
      // The PIN form only where the server would take it (the person, or someone above them).
      maySetPin: pinChangeRefusal({ actor: { id: me?.id ?? null, role: me?.role ?? null }, target: s }) === null,
      pinChange: pinChangeView(pinChanges.get(s.id)),
    })),
    jobs: recent.map((j) => ({
      id: j.id,
      // A location label's job shows the place's path where a piece's shows its title.
      tagCode: j.piece?.tagCode ?? (j.locationId ? locationCodeOf(j.locationId) : ""),
      title: j.piece?.title ?? j.location?.path ?? "",
      templateId: j.templateId,
      status: j.status,
      reprint: j.reprintOf !== null,
      requestedBy: j.requestedBy,
      createdAt: j.createdAt.toISOString(),
      device: j.device?.name ?? null,
      error: j.error,
    })),
    progress: await printJobProgress(shop.id, batch.length ? batch : recent.map((j) => j.id)),
    // Locations with waiting jobs and no kiosk to print them: said plainly instead of waiting forever.
    unserved: [...new Set(waiting.map((j) => j.shopifyLocationGid))]
      .filter((gid) => !activeLocations.has(gid))
      .map((gid) => locations.find((l) => l.gid === gid)?.name ?? gid),
  };
}

const pairSchema = z.object({
  intent: z.literal("pair"),
  code: z.string().trim().min(1).max(20),
  name: z.string().trim().min(1).max(60),
  shopifyLocationGid: z.string().min(1).max(200),
});
const revokeSchema = z.object({ intent: z.literal("revoke"), deviceId: z.string().min(1).max(64) });
const addStaffSchema = z.object({ intent: z.literal("addStaff"), name: z.string().trim().min(1).max(80) });
const setPinSchema = z.object({
  intent: z.literal("setPin"),
  staffId: z.string().min(1).max(64),
  pin: z.string().max(32),
});
const staffSchema = z.object({ intent: z.enum(["removePin", "unlock"]), staffId: z.string().min(1).max(64) });
const intentSchema = z.discriminatedUnion("intent", [
  pairSchema,
  revokeSchema,
  addStaffSchema,
  setPinSchema,
  staffSchema.extend({ intent: z.literal("removePin") }),
  staffSchema.extend({ intent: z.literal("unlock") }),
]);

export type ActionAnswer =
  { ok: true; message: string } | { ok: false; intent: string; field: string; message: string };

const refuse = (intent: string, field: string, message: string, status = 422) =>
  data<ActionAnswer>({ ok: false, intent, field, message }, { status });

const PAIR_MESSAGES: Record<string, { field: string; key: MessageKey; status: number }> = {
  CODE_INVALID: { field: "code", key: "kiosk.pair.codeInvalid", status: 422 },
  PAIRING_UNKNOWN: { field: "code", key: "kiosk.error.PAIRING_UNKNOWN", status: 404 },
  PAIRING_EXPIRED: { field: "code", key: "kiosk.error.PAIRING_EXPIRED", status: 410 },
  PAIRING_CONFIRMED: { field: "code", key: "kiosk.error.PAIRING_CONFIRMED", status: 409 },
  LOCATION_INVALID: { field: "shopifyLocationGid", key: "kiosk.pair.locationInvalid", status: 422 },
  PAIRING_SHOP_BUSY: { field: "code", key: "kiosks.error.PAIRING_SHOP_BUSY", status: 429 },
};

const PIN_CHANGE_STATUS: Record<Exclude<PinChangeResult, { ok: true }>["code"], number> = {
  PIN_FORMAT: 422,
  PIN_TOO_SIMPLE: 422,
  PIN_TAKEN: 409,
  STAFF_NOT_FOUND: 404,
  STAFF_STALE: 409,
  PIN_OWNER_FORBIDDEN: 403,
  PIN_MANAGER_FORBIDDEN: 403,
  PIN_OTHERS_FORBIDDEN: 403,
};

function pinChangeKey(code: keyof typeof PIN_CHANGE_STATUS): MessageKey {
  if (code === "PIN_FORMAT" || code === "PIN_TOO_SIMPLE" || code === "PIN_TAKEN") return `kiosk.staff.${code}`;
  if (code === "STAFF_NOT_FOUND") return "kiosk.staff.unknown";
  return `staff.error.${code}`;
}

/** Pair or remove a kiosk, add staff, set, remove or unlock a PIN: the form's fields as sent. */
export async function kiosksAction(
  { shop, actor, locale, staff: me }: AdminContext,
  form: Record<string, FormDataEntryValue>,
) {
  const parsed = intentSchema.safeParse(form);
  const t = (key: MessageKey, vars?: Record<string, string | number>) => translate(locale, key, vars);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue?.path[0] ?? "intent");
    const key: MessageKey =
      field === "name"
        ? form.intent === "pair"
          ? "kiosk.pair.nameInvalid"
          : "kiosk.staff.nameInvalid"
        : field === "code"
          ? "kiosk.pair.codeInvalid"
          : field === "shopifyLocationGid"
            ? "kiosk.pair.locationInvalid"
            : "kiosk.staff.PIN_FORMAT";
    return refuse(String(form.intent ?? ""), field, t(key), 400);
  }
  const input = parsed.data;
  switch (input.intent) {
    case "pair": {
      const result = await confirmPairingCode(shop.id, input, actor);
      if (!result.ok) {
        const m = PAIR_MESSAGES[result.code]!;
        return refuse("pair", m.field, t(m.key, { count: MAX_UNCOLLECTED_PER_SHOP }), m.status);
      }
      return data<ActionAnswer>({ ok: true, message: t("kiosk.pair.done", { name: input.name }) });
    }
    case "revoke": {
      const result = await revokeDevice(shop.id, input.deviceId, actor);
      if (!result.ok) return refuse("revoke", "deviceId", t("kiosk.error.DEVICE_UNKNOWN"), 404);
      return data<ActionAnswer>({ ok: true, message: t("kiosk.devices.revoked.done", { name: result.name }) });
    }
    case "addStaff": {
      await addStaff(shop.id, input.name, actor);
      return data<ActionAnswer>({ ok: true, message: input.name });
    }
    case "setPin":
    case "removePin": {
      const by = { actor, staffId: me?.id ?? null, role: me?.role ?? null };
      const result = await changeStaffPin(shop.id, by, input.staffId, input.intent === "setPin" ? input.pin : null);
      if (!result.ok)
        return refuse(input.intent, result.field, t(pinChangeKey(result.code)), PIN_CHANGE_STATUS[result.code]);
      return data<ActionAnswer>({
        ok: true,
        message: input.intent === "setPin" ? t("kiosk.staff.saved", { name: result.name }) : "",
      });
    }
    case "unlock": {
      // Lifting a person's lock opens their PIN to guesses again: the same rule as setting it.
      const target = await findPinHolder(shop.id, input.staffId);
      if (!target) return refuse(input.intent, "staffId", t("kiosk.staff.unknown"), 404);
      const refusal = pinChangeRefusal({ actor: { id: me?.id ?? null, role: me?.role ?? null }, target });
      if (refusal) return refuse(input.intent, "staffId", t(pinChangeKey(refusal)), PIN_CHANGE_STATUS[refusal]);
      if (!(await unlockStaff(shop.id, input.staffId, actor)))
        return refuse(input.intent, "staffId", t("kiosk.staff.unknown"), 404);
      return data<ActionAnswer>({ ok: true, message: "" });
    }
  }
}
