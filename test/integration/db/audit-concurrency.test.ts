// Two app instances appending to one shop's audit chain at once, each after writing a row that
// references the shop (as every change does: the foreign key takes a share lock on the shop's row).
// The append's per-shop lock must queue them, never deadlock them. PostgreSQL only: SQLite has one
// writer at a time and takes no row locks.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { makeShop } from "../../factories";
import { appOn, type App } from "../helpers/app";
import type { Actor } from "../../../app/models/actor";

const actor: Actor = { kind: "admin", name: "Test manager" };

/** Resolves for everyone once `parties` callers have arrived. */
function barrier(parties: number): () => Promise<void> {
  let arrived = 0;
  let release!: () => void;
  const open = new Promise<void>((resolve) => (release = resolve));
  return () => {
    arrived += 1;
    if (arrived === parties) release();
    return open;
  };
}

describe("postgresql", () => {
  let app: App;
  let audit: typeof import("../../../app/models/audit.server");

  beforeAll(async () => {
    app = await appOn("postgresql");
    audit = await import("../../../app/models/audit.server");
  });

  afterAll(async () => {
    await app.disconnectDb();
  });

  test("two transactions that each wrote a row of the shop append to its audit chain one after the other", async () => {
    const shop = await makeShop();
    const bothWrote = barrier(2);
    const change = (n: number) =>
      app.db.$transaction(
        async (tx) => {
          await tx.location.create({
            data: {
              shopId: shop.id,
              shopifyLocationGid: "gid://shopify/Location/1",
              name: `Site ${n}`,
              kind: "site",
              path: `Site ${n}`,
            },
          });
          // Both transactions now hold the shop row's key-share lock before either appends.
          await bothWrote();
          await audit.appendAudit(tx, shop.id, {
            actor,
            action: "location.create",
            entityType: "Location",
            entityId: `site-${n}`,
            data: { n },
          });
        },
        { timeout: 120_000 },
      );

    const results = await Promise.allSettled([change(1), change(2)]);
    expect(results.map((r) => (r.status === "rejected" ? String(r.reason) : "ok"))).toEqual(["ok", "ok"]);
    const entries = await app.db.auditLog.findMany({ where: { shopId: shop.id }, orderBy: { seq: "asc" } });
    expect(entries.filter((e) => e.action === "location.create").map((e) => e.seq)).toHaveLength(2);
    expect((await audit.verifyShopAudit(shop.id)).ok).toBe(true);
  });
});
