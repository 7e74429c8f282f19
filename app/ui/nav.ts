// The admin's navigation. Each area flips `ready` when its page exists, so no link leads nowhere.
import type { MessageKey } from "../i18n";

export type NavItem = { path: string; label: MessageKey; ready: boolean };

export const NAV: NavItem[] = [
  { path: "/app/pieces", label: "nav.pieces", ready: true },
  { path: "/app/pieces/new", label: "nav.receive", ready: true },
  { path: "/app/import", label: "nav.import", ready: true },
  { path: "/app/drift", label: "nav.drift", ready: true },
  { path: "/app/setup", label: "nav.locations", ready: true },
  { path: "/app/kiosks", label: "nav.kiosks", ready: true },
  { path: "/app/tags", label: "nav.tags", ready: true },
  { path: "/app/provenance", label: "nav.provenance", ready: true },
  { path: "/app/materials", label: "nav.materials", ready: true },
];
