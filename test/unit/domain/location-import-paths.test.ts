import { describe, expect, test } from "vitest";
import {
  guessLocationKind,
  pathKey,
  resolveImportPaths,
  type ImportTreeRow,
} from "../../../app/domain/locations/import-paths";

// Boutique (site) > Vitrine 1 (showcase), Boutique > Ancien coffre (archived); Atelier Lyon > Est
// (a site whose Shopify name holds " > "); Fermé (an archived site).
const TREE: ImportTreeRow[] = [
  { id: "s1", parentId: null, name: "Boutique", path: "Boutique", archived: false },
  { id: "v1", parentId: "s1", name: "Vitrine 1", path: "Boutique > Vitrine 1", archived: false },
  { id: "old", parentId: "s1", name: "Ancien coffre", path: "Boutique > Ancien coffre", archived: true },
  { id: "s2", parentId: null, name: "Atelier Lyon > Est", path: "Atelier Lyon > Est", archived: false },
  { id: "s3", parentId: null, name: "Fermé", path: "Fermé", archived: true },
];

describe("guessLocationKind", () => {
  test.each([
    ["Coffre 2", "safe"],
    ["coffre-fort", "safe"],
    ["Safe B", "safe"],
    ["Vitrine nord", "showcase"],
    ["Showcase 3", "showcase"],
    ["Plateau bagues", "tray"],
    ["Tray 4", "tray"],
    ["Tiroir du bas", "drawer"],
    ["Drawer", "drawer"],
    ["Atelier", "workshop"],
    ["Établi 2", "workshop"],
    ["Workshop", "workshop"],
    // The first word that names a kind wins: a tray in a safe is a tray.
    ["Plateau du coffre", "tray"],
    ["Réserve", "other"],
    ["Coffrets", "other"],
  ])("%s → %s", (name, kind) => expect(guessLocationKind(name)).toBe(kind));
});

describe("resolveImportPaths", () => {
  test("without create-missing, a path is an existing live location or refused as unknown, as before", () => {
    const { resolved, planned } = resolveImportPaths(
      TREE,
      ["boutique  >vitrine 1", "Boutique > Coffre 2", "Boutique > Ancien coffre"],
      false,
    );
    expect(resolved.get("boutique > vitrine 1")).toEqual({ kind: "existing", id: "v1" });
    expect(resolved.get("boutique > coffre 2")).toEqual({
      kind: "refused",
      refusal: { message: "catalog.import.error.unknownLocation", params: { path: "Boutique > Coffre 2" } },
    });
    expect(resolved.get("boutique > ancien coffre")).toMatchObject({
      refusal: { message: "catalog.import.error.unknownLocation" },
    });
    expect(planned).toEqual([]);
  });

  test("with create-missing, each missing level is planned once, parents first, under its site's real path", () => {
    const { resolved, planned } = resolveImportPaths(
      TREE,
      [
        "boutique > Coffre 2 > Plateau 1",
        "Boutique > coffre 2",
        "BOUTIQUE > Vitrine 1 > Tiroir A",
        "Boutique > Coffre 2 > Plateau 1",
      ],
      true,
    );
    expect(planned).toEqual([
      { path: "Boutique > Coffre 2", name: "Coffre 2", kind: "safe", parentPath: "Boutique", site: "Boutique" },
      {
        path: "Boutique > Coffre 2 > Plateau 1",
        name: "Plateau 1",
        kind: "tray",
        parentPath: "Boutique > Coffre 2",
        site: "Boutique",
      },
      {
        path: "Boutique > Vitrine 1 > Tiroir A",
        name: "Tiroir A",
        kind: "drawer",
        parentPath: "Boutique > Vitrine 1",
        site: "Boutique",
      },
    ]);
    expect(resolved.get("boutique > coffre 2 > plateau 1")).toEqual({
      kind: "create",
      path: "Boutique > Coffre 2 > Plateau 1",
    });
    // Written in another case later in the file: the same place, not a second one.
    expect(resolved.get("boutique > coffre 2")).toEqual({ kind: "create", path: "Boutique > Coffre 2" });
  });

  test("a site whose name holds ' > ' is matched whole", () => {
    const { planned } = resolveImportPaths(TREE, ["Atelier Lyon > Est > Établi"], true);
    expect(planned).toEqual([
      {
        path: "Atelier Lyon > Est > Établi",
        name: "Établi",
        kind: "workshop",
        parentPath: "Atelier Lyon > Est",
        site: "Atelier Lyon > Est",
      },
    ]);
  });

  test("an unknown or archived site, an archived place on the way and an empty name are refused; nothing is planned for them", () => {
    const { resolved, planned } = resolveImportPaths(
      TREE,
      ["Réserve > Coffre", "Fermé > Coffre", "Boutique > Ancien coffre > Plateau", "Boutique >  > Plateau"],
      true,
    );
    expect(resolved.get("réserve > coffre")).toEqual({
      kind: "refused",
      refusal: {
        message: "catalog.import.error.unknownSite",
        params: { site: "Réserve", sites: "Atelier Lyon > Est, Boutique" },
      },
    });
    expect(resolved.get("fermé > coffre")).toEqual({
      kind: "refused",
      refusal: { message: "catalog.import.error.archivedLocation", params: { path: "Fermé" } },
    });
    expect(resolved.get("boutique > ancien coffre > plateau")).toEqual({
      kind: "refused",
      refusal: { message: "catalog.import.error.archivedLocation", params: { path: "Boutique > Ancien coffre" } },
    });
    expect(resolved.get(pathKey("Boutique >  > Plateau"))).toEqual({
      kind: "refused",
      refusal: { message: "catalog.import.error.locationName", params: { name: "" } },
    });
    expect(planned).toEqual([]);
  });
});
