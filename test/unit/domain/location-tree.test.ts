import { describe, expect, test } from "vitest";
import {
  descendantsOf,
  isSelfOrDescendant,
  pathClashes,
  repath,
  type TreeRow,
} from "../../../app/domain/locations/tree";
import { planSiteSync, type SiteRow } from "../../../app/domain/locations/site-sync";

// Paris > Coffre 1 > Plateau 1; Paris > Vitrine 1; Lyon
const rows: TreeRow[] = [
  { id: "paris", parentId: null, name: "Paris", path: "Paris" },
  { id: "safe", parentId: "paris", name: "Coffre 1", path: "Paris > Coffre 1" },
  { id: "tray", parentId: "safe", name: "Plateau 1", path: "Paris > Coffre 1 > Plateau 1" },
  { id: "show", parentId: "paris", name: "Vitrine 1", path: "Paris > Vitrine 1" },
  { id: "lyon", parentId: null, name: "Lyon", path: "Lyon" },
];

describe("the location tree", () => {
  test("descendants are found by parent, nearest first", () => {
    expect(descendantsOf(rows, "paris").map((r) => r.id)).toEqual(["safe", "show", "tray"]);
    expect(descendantsOf(rows, "tray")).toEqual([]);
  });

  test("a node cannot go under itself or its descendants, but may go anywhere else", () => {
    expect(isSelfOrDescendant(rows, "safe", "safe")).toBe(true);
    expect(isSelfOrDescendant(rows, "safe", "tray")).toBe(true);
    expect(isSelfOrDescendant(rows, "safe", "show")).toBe(false);
  });

  test("a rename rewrites the node's path and those under it; untouched rows are left out", () => {
    expect(repath(rows, "safe", { name: "Coffre A", parentPath: "Paris" })).toEqual([
      { id: "safe", from: "Paris > Coffre 1", to: "Paris > Coffre A" },
      { id: "tray", from: "Paris > Coffre 1 > Plateau 1", to: "Paris > Coffre A > Plateau 1" },
    ]);
    expect(repath(rows, "safe", { name: "Coffre 1", parentPath: "Paris" })).toEqual([]);
  });

  test("a path held outside the moving set is a clash; one held inside it is not", () => {
    const move = repath(rows, "tray", { name: "Plateau 1", parentPath: "Paris > Vitrine 1" });
    expect(pathClashes(rows, move)).toEqual([]);
    const onto = repath(rows, "show", { name: "Coffre 1", parentPath: "Paris" });
    expect(pathClashes(rows, onto)).toEqual([{ id: "show", from: "Paris > Vitrine 1", to: "Paris > Coffre 1" }]);
  });
});

describe("Shopify locations as sites", () => {
  const site = (id: string, name: string, gid: string, archivedAt: Date | null = null): SiteRow => ({
    id,
    parentId: null,
    name,
    path: name,
    shopifyLocationGid: gid,
    archivedAt,
  });

  test("an empty shop gets one site per active location, none for an inactive one", () => {
    const plan = planSiteSync(
      [
        { gid: "g1", name: "Paris", isActive: true },
        { gid: "g2", name: "Entrepôt", isActive: false },
      ],
      [],
      new Map(),
    );
    expect(plan).toEqual({ steps: [{ kind: "create", gid: "g1", name: "Paris" }], conflicts: [] });
  });

  test("a site follows a rename only while it bears Shopify's last name for its location", () => {
    const shopify = [{ gid: "g1", name: "Paris Rivoli", isActive: true }];
    const follows = planSiteSync(shopify, [site("s1", "Paris", "g1")], new Map([["g1", "Paris"]]));
    expect(follows.steps).toEqual([
      {
        kind: "rename",
        id: "s1",
        gid: "g1",
        from: "Paris",
        to: "Paris Rivoli",
        paths: [{ id: "s1", from: "Paris", to: "Paris Rivoli" }],
      },
    ]);
    const ownName = planSiteSync(shopify, [site("s1", "Boutique Paris", "g1")], new Map([["g1", "Paris"]]));
    expect(ownName.steps).toEqual([]);
  });

  test("inactive or vanished locations archive their sites; active again, they are restored", () => {
    const plan = planSiteSync(
      [
        { gid: "g1", name: "Paris", isActive: false },
        { gid: "g3", name: "Nice", isActive: true },
      ],
      [site("s1", "Paris", "g1"), site("s2", "Lyon", "g2"), site("s3", "Nice", "g3", new Date(0))],
      new Map([["g3", "Nice"]]),
    );
    expect(plan.steps).toEqual([
      { kind: "restore", id: "s3", gid: "g3" },
      { kind: "archive", id: "s1", gid: "g1", cause: "deactivated" },
      { kind: "archive", id: "s2", gid: "g2", cause: "deleted" },
    ]);
  });

  test("a name whose path another location holds is reported, not applied", () => {
    const plan = planSiteSync(
      [{ gid: "g2", name: "Lyon", isActive: true }],
      [site("s1", "Lyon", "g1", new Date(0))],
      new Map(),
    );
    expect(plan).toEqual({ steps: [], conflicts: [{ gid: "g2", name: "Lyon" }] });
  });
});
