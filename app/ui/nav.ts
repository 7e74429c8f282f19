// The admin's navigation. Each area flips `ready` when its page exists, so no link leads nowhere.
import type { MessageKey } from "../i18n";

/** `staffManagers`: shown only to those who may manage staff (owner and managers); the page checks again. */
export type NavItem = { path: string; label: MessageKey; ready: boolean; staffManagers?: boolean };

export const NAV: NavItem[] = [
  { path: "/app/pieces", label: "nav.pieces", ready: true },
  { path: "/app/pieces/new", label: "nav.receive", ready: true },
  { path: "/app/import", label: "nav.import", ready: true },
  { path: "/app/catalogue", label: "nav.catalogue", ready: true },
  { path: "/app/drift", label: "nav.drift", ready: true },
  { path: "/app/setup", label: "nav.locations", ready: true },
  { path: "/app/kiosks", label: "nav.kiosks", ready: true },
  { path: "/app/tags", label: "nav.tags", ready: true },
  { path: "/app/provenance", label: "nav.provenance", ready: true },
  { path: "/app/materials", label: "nav.materials", ready: true },
  { path: "/app/staff", label: "nav.staff", ready: true, staffManagers: true },
];

/** The links a person sees: ready pages, the staff-management ones only for those allowed. */
export function visibleNav(canManageStaff: boolean): NavItem[] {
  return NAV.filter((n) => n.ready && (!n.staffManagers || canManageStaff));
}
