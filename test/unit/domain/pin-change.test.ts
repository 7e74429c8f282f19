// Who may set whose kiosk PIN: the allowed pairs listed by hand, every other pair refused.
import { describe, expect, test } from "vitest";
import { ADMIN_ROLES, pinChangeRefusal } from "../../../app/domain/staff/roles";

// [setter's role, target's role] for someone else's PIN. Kiosk-only people have the staff role.
const ALLOWED: readonly (readonly [string, string])[] = [
  ["owner", "manager"],
  ["owner", "staff"],
  ["owner", "accountant"],
  ["manager", "staff"],
  ["manager", "accountant"],
];

describe("pinChangeRefusal", () => {
  test("anyone sets their own PIN, the owner included", () => {
    for (const role of ADMIN_ROLES)
      expect(pinChangeRefusal({ actor: { id: "me", role }, target: { id: "me", role } })).toBeNull();
  });

  test("someone else's PIN: only the listed pairs", () => {
    for (const actor of ADMIN_ROLES)
      for (const target of ADMIN_ROLES) {
        const refusal = pinChangeRefusal({ actor: { id: "a", role: actor }, target: { id: "b", role: target } });
        const allowed = ALLOWED.some(([a, t]) => a === actor && t === target);
        expect(refusal === null, `${actor} setting ${target}'s PIN`).toBe(allowed);
      }
  });

  test("the refusal says why: an owner's PIN, a manager's, or a role that sets only its own", () => {
    const refuse = (actor: string, target: string) =>
      pinChangeRefusal({ actor: { id: "a", role: actor }, target: { id: "b", role: target } });
    expect(refuse("manager", "owner")).toBe("PIN_OWNER_FORBIDDEN");
    expect(refuse("owner", "owner")).toBe("PIN_OWNER_FORBIDDEN");
    expect(refuse("manager", "manager")).toBe("PIN_MANAGER_FORBIDDEN");
    expect(refuse("staff", "staff")).toBe("PIN_OTHERS_FORBIDDEN");
    expect(refuse("accountant", "staff")).toBe("PIN_OTHERS_FORBIDDEN");
  });

  test("someone Loupe does not know (no staff row) sets nobody's PIN", () => {
    expect(pinChangeRefusal({ actor: { id: null, role: null }, target: { id: "b", role: "staff" } })).toBe(
      "PIN_OTHERS_FORBIDDEN",
    );
  });
});
