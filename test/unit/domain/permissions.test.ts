// The default permission matrix, written out by hand role by role, and how a shop's overrides and
// its older cost setting change it.
import { describe, expect, test } from "vitest";
import {
  allows,
  buildMatrix,
  gateAllows,
  isFixed,
  PERMISSIONS,
  reasonNeeded,
  statePermission,
  type Permission,
} from "../../../app/domain/staff/permissions";
import { ADMIN_ROLES } from "../../../app/domain/staff/roles";

// Each role's defaults, listed by hand (not copied from the table under test).
const EXPECTED: Record<string, Permission[]> = {
  owner: [...PERMISSIONS],
  manager: PERMISSIONS.filter((p) => p !== "permissions.edit"),
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

describe("the default matrix", () => {
  const matrix = buildMatrix([]);
  test.each(ADMIN_ROLES.flatMap((role) => PERMISSIONS.map((p) => [role, p] as const)))(
    "%s / %s",
    (role, permission) => {
      expect(allows(matrix, role, permission)).toBe(EXPECTED[role]!.includes(permission));
    },
  );

  test("an unknown role, or nobody, holds nothing", () => {
    expect(PERMISSIONS.some((p) => allows(matrix, "emperor", p))).toBe(false);
    expect(PERMISSIONS.some((p) => allows(matrix, null, p))).toBe(false);
  });
});

describe("overrides", () => {
  test("the owner's choices replace the defaults, cell by cell", () => {
    const matrix = buildMatrix([
      { role: "staff", permission: "pieces.move", allowed: false },
      { role: "staff", permission: "data.export", allowed: true },
      { role: "accountant", permission: "cost.see", allowed: false },
    ]);
    expect(allows(matrix, "staff", "pieces.move")).toBe(false);
    expect(allows(matrix, "staff", "data.export")).toBe(true);
    expect(allows(matrix, "accountant", "cost.see")).toBe(false);
    expect(allows(matrix, "manager", "pieces.move")).toBe(true);
  });

  test("fixed cells ignore stored rows: the owner keeps everything, nobody else edits the matrix", () => {
    const matrix = buildMatrix([
      { role: "owner", permission: "cost.see", allowed: false },
      { role: "manager", permission: "permissions.edit", allowed: true },
    ]);
    expect(allows(matrix, "owner", "cost.see")).toBe(true);
    expect(allows(matrix, "manager", "permissions.edit")).toBe(false);
    expect(isFixed("owner", "pieces.view")).toBe(true);
    expect(isFixed("staff", "permissions.edit")).toBe(true);
    expect(isFixed("staff", "pieces.view")).toBe(false);
  });

  test("rows for permissions or roles the code no longer knows grant nothing", () => {
    const matrix = buildMatrix([
      { role: "staff", permission: "pieces.teleport", allowed: true },
      { role: "intern", permission: "cost.see", allowed: true },
    ]);
    expect(allows(matrix, "intern", "cost.see")).toBe(false);
    expect([...matrix.staff].sort()).toEqual([...EXPECTED.staff!].sort());
  });

  test("the shop's older cost roles add to who sees cost; an override still wins", () => {
    expect(allows(buildMatrix([], "owner,manager,staff"), "staff", "cost.see")).toBe(true);
    expect(allows(buildMatrix([], "owner,manager"), "accountant", "cost.see")).toBe(true);
    const overridden = buildMatrix([{ role: "staff", permission: "cost.see", allowed: false }], "owner,staff");
    expect(allows(overridden, "staff", "cost.see")).toBe(false);
  });
});

describe("gates", () => {
  const matrix = buildMatrix([]);
  test("a list needs every permission in it; the special gates need none", () => {
    expect(gateAllows(matrix, "accountant", ["materials.view", "cost.see", "data.export"])).toBe(true);
    expect(gateAllows(matrix, "staff", ["pieces.view", "cost.see"])).toBe(false);
    expect(gateAllows(matrix, "staff", "signed-in")).toBe(true);
  });

  test("sold, lost, written off and returned to consignor need the manager-level permission", () => {
    expect(["sold", "lost", "written_off", "returned_to_consignor"].map((to) => statePermission(to))).toEqual(
      Array(4).fill("pieces.stateSensitive"),
    );
    expect(["active", "on_hold", "memo_out", "at_repair", "shown"].map((to) => statePermission(to))).toEqual(
      Array(5).fill("pieces.state"),
    );
  });

  test("releasing a piece returned by a customer needs the manager-level permission and a reason, whatever its next state", () => {
    for (const to of ["active", "at_repair", "written_off", "lost", "returned_to_consignor"]) {
      expect(statePermission(to, "to_inspect")).toBe("pieces.stateSensitive");
      expect(reasonNeeded(to, "to_inspect")).toBe(true);
    }
    expect(statePermission("active", "on_hold")).toBe("pieces.state");
    expect(reasonNeeded("active", "on_hold")).toBe(false);
    expect(reasonNeeded("lost", "active")).toBe(true);
  });
});
