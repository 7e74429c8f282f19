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
