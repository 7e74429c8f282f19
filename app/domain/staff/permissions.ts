// What each role may do in Loupe: the shop's permission matrix. The defaults below are what a shop
// gets; the owner changes any cell except the fixed ones (FIXED), and each change is stored as an
// override of the default (model RolePermission) and audited.
//
// Decisions beyond the table:
// - The owner holds every permission, always: an owner cannot lock the shop out of the matrix.
// - Editing the matrix is the owner's alone, always (a manager who could grant themselves anything
//   would be an owner).
// - Changing a piece to sold (outside Shopify), lost, written off or returned to consignor is its
//   own permission (managers by default), and always needs a reason, whoever makes it. So is
//   releasing a piece that came back from a customer (any change out of to_inspect): someone
//   answerable says it was checked (stones, damage) before it goes back on sale.
// - Least privilege for staff: no cost, no supplier, no import or export, no materials, no
//   settings. The accountant reads pieces (no change of any kind), sees cost and supplier, and has
//   the materials ledger and the exports in full.
// - Seeing the materials pages also needs cost.see: they are made of costs.
// - Confirming a public record that was changed outside Loupe (provenance.confirm) signs it for the
//   shop: managers by default, not staff who may edit pieces.
import type { AdminRole } from "./roles";
import { ADMIN_ROLES } from "./roles";

export const PERMISSIONS = [
  "pieces.view",
  "cost.see",
  "pieces.receive",
  "pieces.edit",
  "pieces.move",
  "pieces.state",
  "pieces.stateSensitive",
  "pieces.print",
  "data.import",
  "data.export",
  "stock.resolve",
  "provenance.confirm",
  "materials.view",
  "materials.post",
  "materials.close",
  "materials.methods",
  "materials.impairment",
  "kiosk.use",
  "kiosks.manage",
  "settings.manage",
  "staff.manage",
  "permissions.edit",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}

const ALL: readonly Permission[] = PERMISSIONS;

/** Each role's permissions in a shop that changed nothing. */
export const DEFAULT_MATRIX: Readonly<Record<AdminRole, readonly Permission[]>> = {
  owner: ALL,
  manager: ALL.filter((p) => p !== "permissions.edit"),
  staff: ["pieces.view", "pieces.receive", "pieces.edit", "pieces.move", "pieces.state", "pieces.print", "kiosk.use"],
  accountant: [
    "pieces.view",
    "cost.see",
    "data.export",
    "materials.view",
    "materials.post",
    "materials.close",
    "materials.methods",
    "materials.impairment",
  ],
};

/** Cells nobody changes: the owner's row, and the matrix's own row. */
export function isFixed(role: AdminRole, permission: Permission): boolean {
  return role === "owner" || permission === "permissions.edit";
}

/** Piece states whose change needs pieces.stateSensitive and a reason. */
export const SENSITIVE_STATES: readonly string[] = ["sold", "lost", "written_off", "returned_to_consignor"];

/** States a piece leaves only through pieces.stateSensitive, with a reason. */
export const RELEASE_STATES: readonly string[] = ["to_inspect"];

/** The permission a change of state to `to` (from `from`, when known) needs. */
export function statePermission(to: string, from?: string): Permission {
  return SENSITIVE_STATES.includes(to) || (from !== undefined && RELEASE_STATES.includes(from))
    ? "pieces.stateSensitive"
    : "pieces.state";
}

/** Whether a change of state from `from` to `to` needs a reason typed. */
export function reasonNeeded(to: string, from?: string): boolean {
  return SENSITIVE_STATES.includes(to) || (from !== undefined && RELEASE_STATES.includes(from));
}

/** What each form of a material class's page needs beyond seeing it (moves otherwise: materials.post). */
export const CLASS_INTENT_PERMISSION: Readonly<Record<string, Permission>> = {
  method: "materials.methods",
  standard: "materials.methods",
  nrv: "materials.impairment",
};

export type Override = { role: string; permission: string; allowed: boolean };
export type Matrix = Readonly<Record<AdminRole, ReadonlySet<Permission>>>;

/**
 * The shop's matrix: defaults, then the roles the shop's older cost setting (Shop.costRoles) names
 * for cost.see, then the owner's overrides. Fixed cells ignore overrides. Unknown roles or
 * permissions in stored rows are ignored (a permission removed from the code grants nothing).
 */
export function buildMatrix(overrides: readonly Override[], costRoles = ""): Matrix {
  const sets = Object.fromEntries(ADMIN_ROLES.map((r) => [r, new Set<Permission>(DEFAULT_MATRIX[r])])) as Record<
    AdminRole,
    Set<Permission>
  >;
  for (const role of costRoles.split(",").map((r) => r.trim()))
    if ((ADMIN_ROLES as readonly string[]).includes(role)) sets[role as AdminRole].add("cost.see");
  for (const o of overrides) {
    if (!(ADMIN_ROLES as readonly string[]).includes(o.role) || !isPermission(o.permission)) continue;
    if (isFixed(o.role as AdminRole, o.permission)) continue;
    if (o.allowed) sets[o.role as AdminRole].add(o.permission);
    else sets[o.role as AdminRole].delete(o.permission);
  }
  return sets;
}

/** Whether `role` holds `permission` in `matrix`; an unknown role or no role holds nothing. */
export function allows(matrix: Matrix, role: string | null | undefined, permission: Permission): boolean {
  if (!role || !(ADMIN_ROLES as readonly string[]).includes(role)) return false;
  return matrix[role as AdminRole].has(permission);
}

/**
 * What a route's loader or action asks of the caller, declared by every file in app/routes as
 * `export const permission = { loader: …, action: … }` (a test calls every admin route as every
 * role and checks the answer follows the matrix):
 * - a permission, or several (all needed): an admin user (or, on api.kiosk.*, the person signed
 *   in at the kiosk with a PIN) whose role holds them;
 * - "signed-in": any admin user of the shop (the layout, the home page);
 * - "device": a paired kiosk, whoever stands at it;
 * - "shopify": a request signed by Shopify (webhooks, app proxy, OAuth);
 * - "public": anyone (kiosk pairing codes, demo-only routes, the landing redirect).
 */
export type Gate = Permission | readonly Permission[] | "signed-in" | "device" | "shopify" | "public";
export type RoutePermission = { loader?: Gate; action?: Gate };

/** The permissions a gate needs of a person (none for the gates that are not about people). */
export function gatePermissions(gate: Gate): readonly Permission[] {
  if (typeof gate !== "string") return gate;
  return isPermission(gate) ? [gate] : [];
}

/** What a role's answer from a gate should be: true when the role passes it. */
export function gateAllows(matrix: Matrix, role: string | null | undefined, gate: Gate): boolean {
  return gatePermissions(gate).every((p) => allows(matrix, role, p));
}
