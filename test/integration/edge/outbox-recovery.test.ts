// After a kill -9, rows the dead worker had in flight were sent again only when their 60 s lease
// ran out (60–75 s). A worker starting on the same instance now takes back, at once, the leases
// of holders that are certainly gone — and only those: a live worker's rows (another process here,
// another instance) are left alone, or they would be sent twice at the same time.
import { spawnSync } from "node:child_process";
import { hostname } from "node:os";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ENGINES } from "../../setup/databases";
import { makeLocation, makePiece, makeShop } from "../../factories";
import { appOn, type App } from "../helpers/app";
import { simulatedShop, type SimShop } from "../helpers/simulator";

/** A process id that existed and is gone now. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(child.stdout);
}

describe.each(ENGINES)("%s", (engine) => {
  const SHOP = `lease-${engine}.myshopify.com`;
  let s: SimShop;
  let m: App;
  let shopId: string;
  let vitrine: string;
  const actor = { kind: "staff", name: "Léa" } as const;

  beforeAll(async () => {
    m = await appOn(engine);
    s = await simulatedShop(SHOP, { locations: ["Paris"] });
    shopId = (await makeShop({ domain: SHOP })).id;
    vitrine = await makeLocation(shopId, { name: "Vitrine", kind: "showcase", shopifyLocationGid: s.locations.Paris! });
  });

  afterAll(async () => {
    await s.close();
  });

  /** A piece linked to a Shopify variant: its mirror row is queued, not delivered. */
  async function queuedRow(sku: string): Promise<string> {
    const product = s.sim.state.seedProduct({
      shop: SHOP,
      title: `Bague ${sku}`,
      variants: [{ sku, price: "990", inventory: { Paris: 0 } }],
    });
    const v = product.variants[0]!;
    const r = await makePiece(
      shopId,
      {
        title: `Bague ${sku}`,
        sku,
        productGid: product.productId,
        variantGid: v.variantId,
        inventoryItemGid: v.inventoryItemId,
        locationId: vitrine,
      },
      { actor },
    );
    const row = await m.db.outboxEntry.findFirstOrThrow({
      where: { shopId, status: "pending", payload: { contains: r.pieceId } },
    });
    return row.id;
  }

  /** What a worker killed in the middle of delivering leaves: the row in flight, leased for another minute. */
  async function leaseTo(id: string, holder: string) {
    await m.db.outboxEntry.update({
      where: { id },
      data: { status: "in_flight", lockedBy: holder, lockedUntil: new Date(Date.now() + 60_000) },
    });
  }

  test("a starting worker sends at once what its instance's killed process left in flight, and nothing a live worker holds", async () => {
    const here = hostname();
    const killed = await queuedRow(`K9-${engine}`);
    const otherProcessHere = await queuedRow(`LIVE-${engine}`);
    const otherInstance = await queuedRow(`AWAY-${engine}`);
    await leaseTo(killed, `${here}:${deadPid()}:deadbeef`);
    await leaseTo(otherProcessHere, `${here}:${process.ppid}:a1b2c3d4`);
    await leaseTo(otherInstance, `another-pod-7f9c:${deadPid()}:0badf00d`);

    const log = console.log;
    console.log = () => {};
    const stop = m.worker.startOutboxWorker(50);
    try {
      // Well inside the minute the lease would otherwise hold it (the one limit this test has:
      // it is what the test is about).
      const deadline = Date.now() + 40_000;
      while ((await m.db.outboxEntry.findUniqueOrThrow({ where: { id: killed } })).status !== "done") {
        if (Date.now() > deadline) throw new Error("the killed worker's row was not sent again within 40 s");
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await stop();
      console.log = log;
    }
    const others = await m.db.outboxEntry.findMany({
      where: { id: { in: [otherProcessHere, otherInstance] } },
      select: { status: true, lockedBy: true },
    });
    expect(others.map((r) => r.status)).toEqual(["in_flight", "in_flight"]);
    expect(others.map((r) => r.lockedBy).sort()).toEqual(
      [`${here}:${process.ppid}:a1b2c3d4`, expect.stringMatching(/^another-pod-7f9c:/)].sort(),
    );
  });
});
