// Who may do what with people's roles in the embedded admin. Least privilege: only the Shopify
// account owner starts above staff; everyone else is given a role by someone allowed to.
export const ADMIN_ROLES = ["owner", "manager", "staff", "accountant"] as const;
export type AdminRole = (typeof ADMIN_ROLES)[number];

export function isAdminRole(value: string): value is AdminRole {
  return (ADMIN_ROLES as readonly string[]).includes(value);
}

/** The role a Shopify user gets on first sight: owner for the account owner, staff otherwise (also when unknown). */
export function firstRole(accountOwner: boolean | null): AdminRole {
  return accountOwner === true ? "owner" : "staff";
}

/** The Staff page is the owner's and managers'. */
export function canManageStaff(role: string | null | undefined): boolean {
  return role === "owner" || role === "manager";
}

/** Roles a manager may hand out and take back; owners and managers are the owner's to make. */
const MANAGER_GRANTABLE: readonly string[] = ["staff", "accountant"];

export type RoleChange = {
  actor: { id: string; role: string };
  target: { id: string; role: string; accountOwner: boolean | null };
  role: AdminRole;
};

/**
 * Why a role change is refused, or null when it is allowed. Nobody changes their own role (an owner
 * cannot lock the shop out of this page by mistake) nor the Shopify account owner's.
 */
export function roleChangeRefusal(change: RoleChange): string | null {
  const { actor, target, role } = change;
  if (!canManageStaff(actor.role)) return "STAFF_FORBIDDEN";
  if (actor.id === target.id) return "SELF_ROLE_FORBIDDEN";
  if (target.accountOwner === true) return "ACCOUNT_OWNER_FORBIDDEN";
  if (actor.role === "owner") return null;
  if (!MANAGER_GRANTABLE.includes(target.role) || !MANAGER_GRANTABLE.includes(role)) return "MANAGER_ROLE_FORBIDDEN";
  return null;
}

export type PinChangeRefusal = "PIN_OWNER_FORBIDDEN" | "PIN_MANAGER_FORBIDDEN" | "PIN_OTHERS_FORBIDDEN";

/**
 * Who may set or remove a person's kiosk PIN, on top of opening the page that does it (the matrix's
 * kiosks.manage or staff.manage): whoever holds a PIN signs in at the kiosk as its person, so it is
 * the person's own, or given from above. Anyone sets their own; an owner's PIN is that owner's alone
 * (another owner or a manager setting it could act at the kiosk as the owner); the owner sets
 * managers', staff's, accountants' and kiosk-only people's; a manager those of staff, accountants and
 * kiosk-only people (who act with the staff role). Any other role sets only its own.
 */
export function pinChangeRefusal(change: {
  actor: { id: string | null; role: string | null };
  target: { id: string; role: string };
}): PinChangeRefusal | null {
  const { actor, target } = change;
  if (actor.id !== null && actor.id === target.id) return null;
  if (target.role === "owner") return "PIN_OWNER_FORBIDDEN";
  if (actor.role === "owner") return null;
  if (actor.role !== "manager") return "PIN_OTHERS_FORBIDDEN";
  return MANAGER_GRANTABLE.includes(target.role) ? null : "PIN_MANAGER_FORBIDDEN";
}
