// Someone with the database, on both engines: the four attacks of the hardening issue (REPLACE INTO
// past the append-only triggers, an edited entry with every later hash recomputed, the newest entry
// dropped, a movement edited) are each found or refused; ordinary appends, many at once and
// concurrent, keep verifying; a chain from before keying keeps its plain part and is keyed from
// then on; the background check goes on from its checkpoint and finds an old row's edit by its
// sweep; the home page shows the last result without verifying anything itself.
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ENGINES } from "../../setup/databases";
import { makePiece, makeShop } from "../../factories";
import { appOn, type App } from "../helpers/app";
import { adminRequest, installShop, knownAdmin, routeArgs, sessionToken } from "../helpers/shopify";
import { auditHash, type AuditEntry } from "../../../app/domain/audit";
import type { Actor } from "../../../app/models/actor";

const actor: Actor = { kind: "admin", name: "Test manager" };

describe.each(ENGINES)("%s", (engine) => {
  let app: App;
  let audit: typeof import("../../../app/models/audit.server");
  let check: typeof import("../../../app/models/audit-check.server");

  beforeAll(async () => {
    app = await appOn(engine);
    audit = await import("../../../app/models/audit.server");
    check = await import("../../../app/models/audit-check.server");
  });

  afterAll(async () => {
    await app.disconnectDb();
  });

  /** Runs SQL with a table's append-only triggers off, as someone with the database can. */
  async function behindLoupesBack(table: "AuditLog" | "Movement", ...statements: string[]) {
    const sqliteTriggers = [`${table}_append_only_update`, `${table}_append_only_delete`];
    if (engine === "sqlite") {
      const saved = await app.db.$queryRawUnsafe<{ sql: string }[]>(
        `SELECT "sql" FROM sqlite_master WHERE type = 'trigger' AND name IN (${sqliteTriggers.map((t) => `'${t}'`).join(", ")})`,
      );
      for (const t of sqliteTriggers) await app.db.$executeRawUnsafe(`DROP TRIGGER "${t}"`);
      for (const s of statements) await app.db.$executeRawUnsafe(s);
      for (const { sql } of saved) await app.db.$executeRawUnsafe(sql);
    } else {
      await app.db.$executeRawUnsafe(`ALTER TABLE "${table}" DISABLE TRIGGER "${table}_append_only"`);
      for (const s of statements) await app.db.$executeRawUnsafe(s);
      await app.db.$executeRawUnsafe(`ALTER TABLE "${table}" ENABLE TRIGGER "${table}_append_only"`);
    }
  }

  /** A shop with three pieces received, two of them tagged and put on sale: 7 entries, 5 movements. */
  async function shopWithHistory(name: string) {
    const shop = await makeShop({ domain: `${name}-${engine}.myshopify.com` });
    const pieces = [];
    for (let i = 0; i < 3; i++) pieces.push(await makePiece(shop.id, { title: `Bague ${i}` }, { actor }));
    for (const p of pieces.slice(0, 2)) {
      expect(await app.pieces.markTagged(shop.id, p.pieceId, actor)).toMatchObject({ ok: true });
      const moved = await app.pieces.transitionPiece(shop.id, p.pieceId, "active", actor, { reason: "on sale" });
      expect(moved).toMatchObject({ ok: true });
    }
    expect(await check.verifyShopAudit(shop.id)).toEqual({ ok: true, count: 7 });
    return shop;
  }

  const entries = (shopId: string) => app.db.auditLog.findMany({ where: { shopId }, orderBy: { seq: "asc" } });

  test("REPLACE INTO an entry's id or place in the chain is refused, and the entry is unchanged", async () => {
    const shop = await shopWithHistory("replace");
    const [, second] = await entries(shop.id);
    const movement = await app.db.movement.findFirstOrThrow({ where: { shopId: shop.id, seq: 2 } });
    if (engine === "sqlite") {
      const copy = (id: string) =>
        `REPLACE INTO "AuditLog" ("id","shopId","seq","at","actor","action","entityType","entityId","reason","data","prevHash","hash")
         SELECT ${id},"shopId","seq","at",'Intruder (admin)',"action","entityType","entityId","reason","data","prevHash","hash"
         FROM "AuditLog" WHERE "id" = '${second!.id}'`;
      // Same id (REPLACE deletes the original without firing the DELETE trigger), or a new id taking its seq.
      await expect(app.db.$executeRawUnsafe(copy(`"id"`))).rejects.toThrow(/append-only/);
      await expect(app.db.$executeRawUnsafe(copy(`'forged-id'`))).rejects.toThrow(/append-only/);
      await expect(
        app.db.$executeRawUnsafe(
          `INSERT OR REPLACE INTO "Movement" ("id","shopId","pieceId","kind","quantity","actorName","reason","at","seq","hash")
           SELECT "id","shopId","pieceId",'sale',"quantity","actorName","reason","at","seq","hash"
           FROM "Movement" WHERE "id" = '${movement.id}'`,
        ),
      ).rejects.toThrow(/append-only/);
    } else {
      // PostgreSQL has no REPLACE; its upsert takes the UPDATE path, which the trigger refuses.
      await expect(
        app.db.$executeRawUnsafe(
          `INSERT INTO "AuditLog" SELECT * FROM "AuditLog" WHERE "id" = '${second!.id}'
           ON CONFLICT ("id") DO UPDATE SET "actor" = 'Intruder (admin)'`,
        ),
      ).rejects.toThrow(/append-only/);
    }
    expect(await app.db.auditLog.findUniqueOrThrow({ where: { id: second!.id } })).toEqual(second);
    expect(await app.db.movement.findUniqueOrThrow({ where: { id: movement.id } })).toEqual(movement);
    expect(await check.verifyShopAudit(shop.id)).toEqual({ ok: true, count: 7 });
  });

  test("an entry edited with every later hash recomputed (plain SHA-256, head moved to match) is found", async () => {
    const shop = await shopWithHistory("rehash");
    const rows = await entries(shop.id);
    // The attacker rewrites entry 2 and re-chains 2..7 with the published plain scheme.
    let prev = rows[0]!.hash;
    const statements: string[] = [];
    for (const row of rows.slice(1)) {
      const entry: AuditEntry = {
        ...row,
        actor: row.seq === 2 ? "Intruder (admin)" : row.actor,
        data: JSON.parse(row.data),
      };
      const hash = auditHash(prev, entry);
      statements.push(
        `UPDATE "AuditLog" SET "actor" = '${entry.actor}', "prevHash" = '${prev}', "hash" = '${hash}' WHERE "id" = '${row.id}'`,
      );
      prev = hash;
    }
    await behindLoupesBack("AuditLog", ...statements);
    await app.db.$executeRawUnsafe(`UPDATE "AuditHead" SET "hash" = '${prev}' WHERE "shopId" = '${shop.id}'`);
    expect(await check.verifyShopAudit(shop.id)).toMatchObject({ ok: false, chain: "audit" });
    // Even with the head left alone, the rewritten entries themselves do not verify.
    const rows2 = await entries(shop.id);
    await app.db.$executeRawUnsafe(`UPDATE "AuditHead" SET "hash" = '${rows[6]!.hash}' WHERE "shopId" = '${shop.id}'`);
    expect(rows2[1]!.actor).toBe("Intruder (admin)");
    expect(await check.verifyShopAudit(shop.id)).toEqual({
      ok: false,
      chain: "audit",
      brokenAtSeq: 2,
      reason: "HASH_MISMATCH",
    });
  });

  test("the newest entry dropped is found, with or without the head moved back onto the one before", async () => {
    const shop = await shopWithHistory("drop");
    const rows = await entries(shop.id);
    await behindLoupesBack("AuditLog", `DELETE FROM "AuditLog" WHERE "id" = '${rows[6]!.id}'`);
    expect(await check.verifyShopAudit(shop.id)).toEqual({
      ok: false,
      chain: "audit",
      brokenAtSeq: 7,
      reason: "HEAD_MISMATCH",
    });
    // Moving the head back needs its seal, which takes the app secret.
    await app.db.$executeRawUnsafe(
      `UPDATE "AuditHead" SET "seq" = 6, "hash" = '${rows[5]!.hash}' WHERE "shopId" = '${shop.id}'`,
    );
    expect(await check.verifyShopAudit(shop.id)).toMatchObject({ ok: false, reason: "HEAD_MISMATCH" });
    // Nor may the head pass itself off as the migration's unsealed one (which had nothing keyed after it).
    await app.db.$executeRawUnsafe(`UPDATE "AuditHead" SET "mac" = NULL WHERE "shopId" = '${shop.id}'`);
    expect(await check.verifyShopAudit(shop.id)).toMatchObject({ ok: false, reason: "HEAD_MISMATCH" });
  });

  test("a movement edited, dropped or slipped in is found", async () => {
    const shop = await shopWithHistory("movement");
    const moves = await app.db.movement.findMany({ where: { shopId: shop.id }, orderBy: { seq: "asc" } });
    expect(moves.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
    await behindLoupesBack("Movement", `UPDATE "Movement" SET "toState" = 'sold' WHERE "id" = '${moves[3]!.id}'`);
    expect(await check.verifyShopAudit(shop.id)).toEqual({
      ok: false,
      chain: "movements",
      brokenAtSeq: 4,
      reason: "HASH_MISMATCH",
    });

    const other = await shopWithHistory("movement-drop");
    const last = await app.db.movement.findFirstOrThrow({ where: { shopId: other.id }, orderBy: { seq: "desc" } });
    await behindLoupesBack("Movement", `DELETE FROM "Movement" WHERE "id" = '${last.id}'`);
    expect(await check.verifyShopAudit(other.id)).toMatchObject({
      ok: false,
      chain: "movements",
      reason: "HEAD_MISMATCH",
    });

    const third = await shopWithHistory("movement-added");
    await app.db.movement.create({
      data: { shopId: third.id, kind: "state", fromState: "on_hold", toState: "lost", actorName: "x", reason: "x" },
    });
    expect(await check.verifyShopAudit(third.id)).toMatchObject({
      ok: false,
      chain: "movements",
      reason: "UNCHAINED_MOVEMENT",
    });
  });

  test("a shop whose head row was deleted is still listed for checking, and the check says the head is gone", async () => {
    const shop = await shopWithHistory("head-gone");
    await app.db.auditHead.delete({ where: { shopId: shop.id } });
    expect(await check.shopsWithAuditChains()).toContain(shop.id);
    expect(await check.verifyShopAudit(shop.id)).toMatchObject({ ok: false, reason: "HEAD_MISSING" });
  });

  test("npm run verify -- --audit names the intact and the broken shop, where and why, and exits 1", async () => {
    const intact = await shopWithHistory("cli-intact");
    const edited = await shopWithHistory("cli-edited");
    const moves = await app.db.movement.findMany({ where: { shopId: edited.id }, orderBy: { seq: "asc" } });
    await behindLoupesBack("Movement", `UPDATE "Movement" SET "reason" = 'forged' WHERE "id" = '${moves[1]!.id}'`);
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ["--import", "tsx", "app/bin/verify.ts", "--audit", ...args], {
        encoding: "utf8",
        env: { ...process.env },
        timeout: 120_000,
      });
    const one = run(`cli-intact-${engine}.myshopify.com`);
    expect(one.stdout).toBe(
      `INTACT: cli-intact-${engine}.myshopify.com, 7 audit entries and the movement ledger verified\n`,
    );
    expect(one.status).toBe(0);
    const all = run();
    expect(all.stdout).toContain(
      `BROKEN: cli-edited-${engine}.myshopify.com, movement 2: the row no longer matches its keyed hash`,
    );
    expect(all.stdout).toContain(`INTACT: ${intact.domain}, 7 audit entries`);
    expect(all.status).toBe(1);
    expect(run("nobody.myshopify.com").status).toBe(2);
  });

  test("appendAuditMany and concurrent changes keep one gapless chain that verifies", async () => {
    const shop = await makeShop({ domain: `busy-${engine}.myshopify.com` });
    const { inTransaction } = await import("../../../app/models/transaction.server");
    const { insertMovement } = await import("../../../app/models/movements.server");
    await inTransaction((tx) =>
      audit.appendAuditMany(
        tx,
        shop.id,
        Array.from({ length: 1200 }, (_, i) => ({ actor, action: "test.bulk", entityType: "Test", entityId: `${i}` })),
      ),
    );
    const changes = Array.from({ length: 8 }, (_, i) =>
      inTransaction(async (tx) => {
        const m = await insertMovement(tx, shop.id, null as unknown as string, actor, {
          kind: "count",
          reason: `n${i}`,
        });
        await audit.appendAudit(tx, shop.id, {
          actor,
          action: "test.one",
          entityType: "Test",
          entityId: `c${i}`,
          data: { movementId: m.id },
        });
      }),
    );
    expect((await Promise.allSettled(changes)).map((r) => r.status)).toEqual(Array(8).fill("fulfilled"));
    const seqs = (await entries(shop.id)).map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: 1208 }, (_, i) => i + 1));
    const moveSeqs = (await app.db.movement.findMany({ where: { shopId: shop.id }, orderBy: { seq: "asc" } })).map(
      (m) => m.seq,
    );
    expect(moveSeqs).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(await check.verifyShopAudit(shop.id)).toEqual({ ok: true, count: 1208 });
  });

  test("a chain from before keying keeps its plain entries, is keyed from the next one, and a plain rewrite is found", async () => {
    const shop = await makeShop({ domain: `legacy-${engine}.myshopify.com` });
    // What the keyed-chain migration finds and leaves: three plain entries, one unchained movement,
    // and an unsealed head that keys the chain from entry 4.
    let prev: string | null = null;
    for (let seq = 1; seq <= 3; seq++) {
      const entry = {
        shopId: shop.id,
        seq,
        at: new Date(Date.UTC(2026, 0, seq)),
        actor: "Old (admin)",
        action: "piece.created",
        entityType: "Piece",
        entityId: `old${seq}`,
        reason: null,
        data: { n: seq },
      };
      const hash = auditHash(prev, entry);
      await app.db.auditLog.create({ data: { ...entry, data: JSON.stringify(entry.data), prevHash: prev, hash } });
      prev = hash;
    }
    await app.db.movement.create({ data: { shopId: shop.id, kind: "intake", actorName: "Old", reason: "old" } });
    await app.db.auditHead.create({
      data: { shopId: shop.id, seq: 3, hash: prev, keyedFromSeq: 4, movementSeq: 0, legacyMovements: 1 },
    });
    expect(await check.verifyShopAudit(shop.id)).toEqual({ ok: true, count: 3 });

    await makePiece(shop.id, {}, { actor });
    expect(await check.verifyShopAudit(shop.id)).toEqual({ ok: true, count: 4 });
    const head = await app.db.auditHead.findUniqueOrThrow({ where: { shopId: shop.id } });
    expect(head).toMatchObject({ seq: 4, keyedFromSeq: 4, movementSeq: 1, legacyMovements: 1 });
    expect(head.mac).toMatch(/^[0-9a-f]{64}$/);
    const fourth = (await entries(shop.id))[3]!;
    expect(fourth.hash).not.toBe(auditHash(fourth.prevHash, { ...fourth, data: JSON.parse(fourth.data) }));

    // A plain entry rewritten with its plain successors recomputed no longer leads to the keyed entry 4.
    const rows = await entries(shop.id);
    let chained = rows[0]!.hash;
    const statements: string[] = [];
    for (const row of rows.slice(1, 3)) {
      const entry = { ...row, actor: "Intruder (admin)", data: JSON.parse(row.data) };
      const hash = auditHash(chained, entry);
      statements.push(
        `UPDATE "AuditLog" SET "actor" = 'Intruder (admin)', "prevHash" = '${chained}', "hash" = '${hash}' WHERE "id" = '${row.id}'`,
      );
      chained = hash;
    }
    await behindLoupesBack("AuditLog", ...statements);
    expect(await check.verifyShopAudit(shop.id)).toEqual({
      ok: false,
      chain: "audit",
      brokenAtSeq: 4,
      reason: "PREV_MISMATCH",
    });
  });

  test("the background check goes on from its checkpoint, finds an old entry's edit by its sweep, and a rollback", async () => {
    const shop = await shopWithHistory("background");
    expect(await check.lastAuditCheck(shop.id)).toBeNull();
    expect(await check.runAuditCheck(shop.id, { sweepRows: 2 })).toEqual({ ok: true, count: 7 });
    expect(await app.db.auditCheck.findUniqueOrThrow({ where: { shopId: shop.id } })).toMatchObject({
      ok: true,
      seq: 7,
      movementSeq: 5,
      sweepSeq: 0,
    });
    await makePiece(shop.id, {}, { actor });
    expect(await check.lastAuditCheck(shop.id)).toMatchObject({ ok: true, seq: 7, newer: 1 });

    // Entry 3 edited behind Loupe's back: the next run checks entry 8 and re-checks entries 1-2…
    const third = (await entries(shop.id))[2]!;
    await behindLoupesBack("AuditLog", `UPDATE "AuditLog" SET "reason" = 'forged' WHERE "id" = '${third.id}'`);
    expect(await check.runAuditCheck(shop.id, { sweepRows: 2 })).toEqual({ ok: true, count: 8 });
    expect(await app.db.auditCheck.findUniqueOrThrow({ where: { shopId: shop.id } })).toMatchObject({ sweepSeq: 2 });
    // …and the one after reaches entry 3.
    expect(await check.runAuditCheck(shop.id, { sweepRows: 2 })).toEqual({
      ok: false,
      chain: "audit",
      brokenAtSeq: 3,
      reason: "HASH_MISMATCH",
    });
    expect(await check.lastAuditCheck(shop.id)).toMatchObject({ ok: false, brokenChain: "audit", brokenAtSeq: 3 });

    // The newest rows dropped and the head restored from an earlier copy (genuinely sealed): only
    // the checkpoint, which already proved more, tells.
    const other = await shopWithHistory("rollback");
    const before = await app.db.auditHead.findUniqueOrThrow({ where: { shopId: other.id } });
    await makePiece(other.id, {}, { actor });
    expect(await check.runAuditCheck(other.id)).toEqual({ ok: true, count: 8 });
    await behindLoupesBack("AuditLog", `DELETE FROM "AuditLog" WHERE "shopId" = '${other.id}' AND "seq" = 8`);
    await behindLoupesBack("Movement", `DELETE FROM "Movement" WHERE "shopId" = '${other.id}' AND "seq" = 6`);
    await app.db.auditHead.update({ where: { shopId: other.id }, data: before });
    expect(await check.verifyShopAudit(other.id)).toEqual({ ok: true, count: 7 });
    expect(await check.runAuditCheck(other.id)).toEqual({
      ok: false,
      chain: "audit",
      brokenAtSeq: 8,
      reason: "ROLLED_BACK",
    });
  });

  test("the home page shows the last background result and its time, never verifying itself", async () => {
    const SHOP = `home-audit-${engine}.myshopify.com`;
    const { id: shopId } = await installShop(SHOP);
    await knownAdmin(SHOP, "manager", "1");
    const home = await import("../../../app/routes/app._index");
    const load = async () =>
      (await home.loader(routeArgs(adminRequest("/app", SHOP, { token: sessionToken(SHOP, { userId: "1" }) })))).audit;
    expect(await load()).toBeNull();
    await makePiece(shopId, {}, { actor });
    // Appending does not verify: still nothing to show until the background run.
    expect(await load()).toBeNull();
    const at = new Date("2026-12-07T10:00:00Z");
    await check.runAuditCheck(shopId, { now: () => at });
    expect(await load()).toMatchObject({ ok: true, seq: 1, newer: 0, checkedAt: at });
    await makePiece(shopId, {}, { actor });
    expect(await load()).toMatchObject({ ok: true, seq: 1, newer: 1 });
  });
});
