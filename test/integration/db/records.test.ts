// Records on both engines: exact money and weights, the append-only ledger and audit log, the
// audit hash chain, and shop/redact removing every row of a shop and nothing of another.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ENGINES } from "../../setup/databases";
import { makeLocation, makePiece, makeShop } from "../../factories";
import { appOn, type App } from "../helpers/app";
import type { NewPiece } from "../../../app/services/catalog/intake.server";
import type { Actor } from "../../../app/models/actor";

const actor: Actor = { kind: "admin", name: "Test manager" };

describe.each(ENGINES)("%s", (engine) => {
  let mod: App & {
    verifyShopAudit: (typeof import("../../../app/models/audit.server"))["verifyShopAudit"];
  };

  beforeAll(async () => {
    const app = await appOn(engine);
    mod = { ...app, verifyShopAudit: (await import("../../../app/models/audit.server")).verifyShopAudit };
  });

  afterAll(async () => {
    await mod.disconnectDb();
  });

  async function ringIn(shopId: string, overrides: Partial<NewPiece> = {}) {
    return makePiece(
      shopId,
      {
        title: "Solitaire diamant, or blanc 18 carats",
        priceMinor: 1234567890123456789n,
        costMinor: 99n,
        metals: [
          {
            metal: "gold",
            colour: "white",
            finenessBp: 7500,
            grossWeightMg: 3421n,
            enteredWeight: "3.421",
            enteredUnit: "g",
          },
        ],
        stones: [{ type: "diamond", origin: "natural", millicarats: 1, certificateIndex: 0 }],
        certificates: [{ lab: "GIA", number: `21${Math.floor(Math.random() * 1e8)}` }],
        ...overrides,
      },
      { actor },
    );
  }

  test("uses the engine it was given", () => {
    expect(mod.dbProvider()).toBe(engine);
  });

  test("12,345,678,901,234,567.89 EUR and 0.001 ct come back exactly", async () => {
    const shop = await makeShop({ domain: `exact-${engine}.myshopify.com` });
    const { pieceId } = await ringIn(shop.id);
    const piece = await mod.db.piece.findUniqueOrThrow({
      where: { id: pieceId },
      include: { stones: true, metals: true },
    });
    expect(piece.priceMinor).toBe(1234567890123456789n);
    expect(piece.stones[0]?.millicarats).toBe(1);
    expect(piece.metals[0]?.grossWeightMg).toBe(3421n);
    // 3.421 g of 750 gold = 2.56575 g fine, rounded half-up to the milligram.
    expect(piece.metals[0]?.fineWeightMg).toBe(2566n);
    const sum = await mod.db.piece.aggregate({ where: { id: pieceId }, _sum: { priceMinor: true } });
    expect(sum._sum.priceMinor).toBe(1234567890123456789n);
  });

  test("a duplicate certificate for the same lab is refused and nothing is written", async () => {
    const shop = await makeShop({ domain: `dupcert-${engine}.myshopify.com` });
    await ringIn(shop.id, { certificates: [{ lab: "GIA", number: "2141234567" }] });
    const before = await mod.db.piece.count({ where: { shopId: shop.id } });
    const again = await mod.createPiece(
      shop.id,
      {
        title: "Another",
        currency: "EUR",
        metals: [],
        stones: [],
        certificates: [{ lab: "GIA", number: "2141234567" }],
      },
      actor,
    );
    expect(again).toEqual({
      ok: false,
      errors: [{ code: "DUPLICATE_CERTIFICATE", field: "certificates.0.number", lab: "GIA", number: "2141234567" }],
    });
    expect(await mod.db.piece.count({ where: { shopId: shop.id } })).toBe(before);
  });

  test("ledger and audit rows cannot be updated or deleted", async () => {
    const shop = await makeShop({ domain: `immutable-${engine}.myshopify.com` });
    const { pieceId } = await ringIn(shop.id);
    const movement = await mod.db.movement.findFirstOrThrow({ where: { pieceId } });
    const audit = await mod.db.auditLog.findFirstOrThrow({ where: { shopId: shop.id } });
    // The triggers raise "<table> rows are append-only"; Prisma's SQLite adapter reports any
    // trigger abort as a constraint violation, so the refusal itself and the unchanged rows are
    // what is checked on both engines.
    await expect(
      mod.db.movement.update({ where: { id: movement.id }, data: { reason: "rewritten" } }),
    ).rejects.toThrow();
    await expect(mod.db.movement.delete({ where: { id: movement.id } })).rejects.toThrow();
    await expect(
      mod.db.auditLog.update({ where: { id: audit.id }, data: { actor: "someone else" } }),
    ).rejects.toThrow();
    await expect(mod.db.auditLog.deleteMany({ where: { shopId: shop.id } })).rejects.toThrow();
    expect(await mod.db.movement.findUniqueOrThrow({ where: { id: movement.id } })).toEqual(movement);
    expect(await mod.db.auditLog.findUniqueOrThrow({ where: { id: audit.id } })).toEqual(audit);
    if (engine === "postgresql") {
      await expect(
        mod.db.$executeRawUnsafe(`UPDATE "Movement" SET "reason" = 'x' WHERE "id" = '${movement.id}'`),
      ).rejects.toThrow(/append-only/);
    }
  });

  test("the audit chain verifies, and an entry altered behind Loupe's back breaks it", async () => {
    const shop = await makeShop({ domain: `chain-${engine}.myshopify.com` });
    for (let i = 0; i < 3; i++) await ringIn(shop.id);
    const ok = await mod.verifyShopAudit(shop.id);
    expect(ok).toEqual({ ok: true, count: 3 });
    // Someone with database access drops the guard and edits the second entry.
    const table = '"AuditLog"';
    if (engine === "sqlite") {
      await mod.db.$executeRawUnsafe(`DROP TRIGGER "AuditLog_append_only_update"`);
      await mod.db.$executeRawUnsafe(
        `UPDATE ${table} SET "actor" = 'Intruder (admin)' WHERE "shopId" = '${shop.id}' AND "seq" = 2`,
      );
    } else {
      await mod.db.$executeRawUnsafe(`ALTER TABLE ${table} DISABLE TRIGGER "AuditLog_append_only"`);
      await mod.db.$executeRawUnsafe(
        `UPDATE ${table} SET "actor" = 'Intruder (admin)' WHERE "shopId" = '${shop.id}' AND "seq" = 2`,
      );
      await mod.db.$executeRawUnsafe(`ALTER TABLE ${table} ENABLE TRIGGER "AuditLog_append_only"`);
    }
    const broken = await mod.verifyShopAudit(shop.id);
    expect(broken).toMatchObject({ ok: false, brokenAtSeq: 2 });
  });

  test("shop/redact removes every row of that shop and leaves other shops alone", async () => {
    const gone = await makeShop({ domain: `gone-${engine}.myshopify.com` });
    const kept = await makeShop({ domain: `kept-${engine}.myshopify.com` });
    for (const shop of [gone, kept]) {
      const loc = await makeLocation(
        shop.id,
        { name: "Coffre", kind: "safe", shopifyLocationGid: "gid://shopify/Location/1" },
        actor,
      );
      await ringIn(shop.id, {
        locationId: loc,
        supplierName: "Fournisseur",
        consignment: { consignorName: "Déposante", commissionBp: 2500, receivedAt: new Date() },
      });
      await mod.db.session.create({
        data: { id: `offline_${shop.domain}`, shop: shop.domain, state: "", accessToken: "t" },
      });
    }
    const perShop = async (shopId: string) => {
      const d = mod.db;
      return [
        await d.piece.count({ where: { shopId } }),
        await d.pieceMetal.count({ where: { shopId } }),
        await d.stone.count({ where: { shopId } }),
        await d.certificate.count({ where: { shopId } }),
        await d.party.count({ where: { shopId } }),
        await d.consignment.count({ where: { shopId } }),
        await d.location.count({ where: { shopId } }),
        await d.movement.count({ where: { shopId } }),
        await d.auditLog.count({ where: { shopId } }),
      ];
    };
    expect((await perShop(gone.id)).every((n) => n > 0)).toBe(true);
    const keptBefore = await perShop(kept.id);

    expect(await mod.deleteShopData(gone.domain)).toEqual({ deleted: true });

    expect(await perShop(gone.id)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(await mod.db.shop.count({ where: { domain: gone.domain } })).toBe(0);
    expect(await mod.db.session.count({ where: { shop: gone.domain } })).toBe(0);
    expect(await perShop(kept.id)).toEqual(keptBefore);
    expect(await mod.db.session.count({ where: { shop: kept.domain } })).toBe(1);
    expect(await mod.verifyShopAudit(kept.id)).toMatchObject({ ok: true });
  });

  test("every table that holds shop data has a shopId, and shop/redact leaves none of the shop's rows in any of them", async () => {
    const { Prisma } = await import("../../../prisma/sqlite/client/client");
    const shop = await makeShop({ domain: `every-${engine}.myshopify.com` });
    await ringIn(shop.id, {
      supplierName: "F",
      consignment: { consignorName: "D", commissionBp: 1000, receivedAt: new Date() },
    });
    // Tables keyed otherwise, and why they are still covered by the redaction.
    const keyedByDomain = new Set(["Session", "WebhookReceipt"]); // deleted by shop domain
    const notShopData = new Set(["Shop", "PairingCode"]); // the shop itself; unconfirmed pairing codes carry no shop data
    const delegates = mod.db as unknown as Record<string, { count(args: object): Promise<number> }>;
    const models = Object.keys(Prisma.ModelName);
    const withShop: string[] = [];
    for (const model of models) {
      const fields =
        (Prisma as unknown as Record<string, Record<string, string> | undefined>)[`${model}ScalarFieldEnum`] ?? {};
      if ("shopId" in fields) withShop.push(model);
      else expect(keyedByDomain.has(model) || notShopData.has(model), `${model} has no shopId`).toBe(true);
    }
    expect(withShop.length).toBeGreaterThan(20);
    // Each of them must go with its shop: a foreign key from shopId to Shop with ON DELETE CASCADE.
    for (const model of withShop) {
      const cascades =
        engine === "sqlite"
          ? (
              await mod.db.$queryRawUnsafe<{ from: string; table: string; on_delete: string }[]>(
                `PRAGMA foreign_key_list("${model}")`,
              )
            ).some((fk) => fk.from === "shopId" && fk.table === "Shop" && fk.on_delete === "CASCADE")
          : (
              await mod.db.$queryRawUnsafe<{ n: bigint }[]>(
                `SELECT count(*) AS n FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey)
                 WHERE c.contype = 'f' AND c.conrelid = '"${model}"'::regclass AND c.confrelid = '"Shop"'::regclass AND a.attname = 'shopId' AND c.confdeltype = 'c'`,
              )
            )[0]!.n > 0n;
      expect(cascades, `${model}.shopId cascades from Shop`).toBe(true);
    }
    const delegate = (model: string) => delegates[model.charAt(0).toLowerCase() + model.slice(1)]!;
    await mod.deleteShopData(shop.domain);
    for (const model of withShop) {
      expect(await delegate(model).count({ where: { shopId: shop.id } }), model).toBe(0);
    }
  });
});
