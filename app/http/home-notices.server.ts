// What the home page tells a person about kiosk sign-in (there is no alerts inbox yet): to those who
// manage kiosks, sign-in locks from the last 7 days (kiosk.pin_locked audit entries); to anyone, a
// change of their own kiosk PIN made by someone else in the last 30 days.
import { lastPinChanges, recentPinLocks } from "../models/kiosk-staff.server";
import type { AdminContext } from "./admin-context.server";

const DAY_MS = 86_400_000;
export const PIN_LOCK_NOTICE_DAYS = 7;
export const PIN_CHANGE_NOTICE_DAYS = 30;

export type PinLockNotice = { scope: string; device: string; failures: number; at: string; until: string };

export async function homeNotices(context: Pick<AdminContext, "shop" | "staff" | "can">, now = new Date()) {
  const shopId = context.shop.id;
  const me = context.staff;
  const [locks, changes] = await Promise.all([
    context.can("kiosks.manage")
      ? recentPinLocks(shopId, new Date(now.getTime() - PIN_LOCK_NOTICE_DAYS * DAY_MS))
      : Promise.resolve([]),
    me ? lastPinChanges(shopId, [me.id]) : Promise.resolve(new Map()),
  ]);
  const pinLocks: PinLockNotice[] = locks.map((row) => {
    const d = JSON.parse(row.data) as { scope?: string; device?: string; failures?: number; until?: string };
    return {
      scope: d.scope ?? "device",
      device: d.device ?? "",
      failures: d.failures ?? 0,
      at: row.at.toISOString(),
      until: d.until ?? row.at.toISOString(),
    };
  });
  const mine = me ? changes.get(me.id) : undefined;
  const recent = mine && !mine.self && mine.at.getTime() >= now.getTime() - PIN_CHANGE_NOTICE_DAYS * DAY_MS;
  return { pinLocks, pinChanged: recent ? { by: mine.by, at: mine.at.toISOString() } : null };
}
