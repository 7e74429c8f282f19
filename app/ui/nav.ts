// The admin's navigation. Each area flips `ready` when its page exists, so no link leads nowhere.
import type { MessageKey } from "../i18n";
import type { Permission } from "../domain/staff/permissions";

/** `permission`: shown only to those whose role holds it (the page checks again on the server). */
export type NavItem = {
  path: string;
  label: MessageKey;
  ready: boolean;
  permission?: Permission | readonly Permission[];
};

export const NAV: NavItem[] = [
  { path: "/app/pieces", label: "nav.pieces", ready: true, permission: "pieces.view" },
  { path: "/app/pieces/new", label: "nav.receive", ready: true, permission: "pieces.receive" },
  { path: "/app/import", label: "nav.import", ready: true, permission: "data.import" },
  { path: "/app/catalogue", label: "nav.catalogue", ready: true, permission: "data.import" },
  { path: "/app/drift", label: "nav.drift", ready: true, permission: "pieces.view" },
  { path: "/app/setup", label: "nav.locations", ready: true, permission: "settings.manage" },
  { path: "/app/kiosks", label: "nav.kiosks", ready: true, permission: "pieces.print" },
  { path: "/app/tags", label: "nav.tags", ready: true, permission: "pieces.print" },
  { path: "/app/provenance", label: "nav.provenance", ready: true, permission: "pieces.view" },
  { path: "/app/materials", label: "nav.materials", ready: true, permission: ["materials.view", "cost.see"] },
  { path: "/app/partners", label: "nav.partners", ready: true, permission: "cost.see" },
  { path: "/app/staff", label: "nav.staff", ready: true, permission: "staff.manage" },
  { path: "/app/permissions", label: "nav.permissions", ready: true, permission: "permissions.edit" },
  { path: "/app/settings", label: "nav.settings", ready: true, permission: "settings.manage" },
];

/** The links a person sees: ready pages whose permission their role holds. */
export function visibleNav(can: (permission: Permission) => boolean): NavItem[] {
  return NAV.filter((n) => n.ready && [n.permission ?? []].flat().every(can));
}
