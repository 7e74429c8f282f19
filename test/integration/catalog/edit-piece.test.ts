// Editing a piece after intake, through the piece page's action with real session tokens, on both
// engines and from an empty shop: one audit entry with before/after and the mirror's outbox row;
// a certificate added a week later; a stale version refused whole with who and when; cost kept
// from roles that may not see it; field messages in French; a duplicate report number refused.
import { beforeAll, describe, expect, test } from "vitest";
import { ENGINES } from "../../setup/databases";
import { makePiece } from "../../factories";
import { appOn, type App } from "../helpers/app";
import { adminRequest, installShop, knownAdmin, routeArgs, sessionToken, settle } from "../helpers/shopify";

type Answer = {
  ok: boolean;
  message: string;
  version?: number;
  changed?: string[];
  errors?: Record<string, string>;
  conflict?: { by: string | null; at: string | null; fields: string[] };
};

const DAY = 86_400_000;

describe.each(ENGINES)("%s", (engine) => {
  const SHOP = `edit-${engine}.myshopify.com`;
  let route: typeof import("../../../app/routes/app.pieces.$id");
  let db: App["db"];
  let shopId: string;

  beforeAll(async () => {
    ({ db } = await appOn(engine));
    route = await import("../../../app/routes/app.pieces.$id");
    shopId = (await installShop(SHOP)).id;
    // New Shopify users start as staff; this file's editor is a manager.
    await knownAdmin(SHOP, "manager", "1");
  });

  const managerToken = () => sessionToken(SHOP, { userId: "1" });

  async function post(id: string, body: unknown, options: { locale?: string; token?: string } = {}) {
    const request = adminRequest(`/app/pieces/${id}`, SHOP, {
      method: "POST",
      body: JSON.stringify(body),
      search: { locale: options.locale ?? "en" },
      token: options.token ?? managerToken(),
    });
    request.headers.set("Content-Type", "application/json");
    const { response } = await settle(() => route.action(routeArgs(request, { id })));
    if (!response) throw new Error("the action answered without a Response");
    return { status: response.status, body: (await response.json()) as Answer };
  }

  async function page(id: string, token = managerToken()) {
    return route.loader(
      routeArgs(adminRequest(`/app/pieces/${id}`, SHOP, { token, search: { locale: "en" } }), { id }),
    );
  }

  const edit = (id: string, version: number, form: unknown, reason?: string) =>
    post(id, { intent: "edit", version, form, ...(reason ? { reason } : {}) });

  const goldRing = (extra: Record<string, unknown> = {}) =>
    makePiece(shopId, {
      title: "Bague or",
      metals: [{ metal: "gold", finenessBp: 7500, grossWeightMg: 3250n, enteredWeight: "3.25", enteredUnit: "g" }],
      ...extra,
    });

  test("editing notes and metal writes one audit entry with before and after, and the mirror's outbox row", async () => {
    const { pieceId } = await goldRing({ productGid: "gid://shopify/Product/901", costMinor: 60000n });
    const before = await db.piece.findFirstOrThrow({ where: { shopId, id: pieceId } });
    // The loader's form, as the page starts it (photos are skipped: the product is not in a simulator here).
    const { form } = await formOf(pieceId);
    const answer = await edit(
      pieceId,
      before.version,
      { ...form, notes: "Poinçon tête d'aigle", metals: [{ ...form.metals[0], fineness: "585", weight: "3.40" }] },
      "report from the assayer",
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ ok: true, version: before.version + 1, changed: ["notes", "metals"] });
    const piece = await db.piece.findFirstOrThrow({ where: { shopId, id: pieceId }, include: { metals: true } });
    expect(piece.notes).toBe("Poinçon tête d'aigle");
    expect(piece.costMinor).toBe(60000n);
    expect(piece.metals).toHaveLength(1);
    expect(piece.metals[0]).toMatchObject({ finenessBp: 5850, grossWeightMg: 3400n, fineWeightMg: 1989n });
    const audit = await db.auditLog.findMany({ where: { shopId, entityId: pieceId, action: "piece.edited" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.reason).toBe("report from the assayer");
    const data = JSON.parse(audit[0]!.data) as { changes: Record<string, { before: unknown; after: unknown }> };
    expect(Object.keys(data.changes).sort()).toEqual(["metals", "notes"]);
    expect(data.changes.notes!.after).toBe("Poinçon tête d'aigle");
    expect(data.changes.metals).toEqual({
      before: [{ metal: "gold", colour: null, finenessBp: 7500, grossWeightMg: "3250", hallmark: null }],
      after: [{ metal: "gold", colour: null, finenessBp: 5850, grossWeightMg: "3400", hallmark: null }],
    });
    const outbox = await db.outboxEntry.findMany({
      where: { shopId, idempotencyKey: `mirror-${pieceId}-v${before.version + 1}` },
    });
    expect(outbox.map((o) => o.kind)).toEqual(["piece.mirror"]);
  });

  test("a piece on Shopify keeps Shopify's title: changing it here is refused beside the field; an unlinked piece's title changes", async () => {
    const linked = await goldRing({ productGid: "gid://shopify/Product/902" });
    const before = await db.piece.findFirstOrThrow({ where: { shopId, id: linked.pieceId } });
    const { form } = await formOf(linked.pieceId);
    const refused = await edit(linked.pieceId, before.version, { ...form, title: "Bague or rose" }, "");
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      ok: false,
      errors: { title: expect.stringContaining("Shopify") },
    });
    expect(await db.piece.findFirstOrThrow({ where: { shopId, id: linked.pieceId } })).toMatchObject({
      title: "Bague or",
      version: before.version,
    });

    const own = await goldRing();
    const ownBefore = await db.piece.findFirstOrThrow({ where: { shopId, id: own.pieceId } });
    const ownForm = (await formOf(own.pieceId)).form;
    const saved = await edit(own.pieceId, ownBefore.version, { ...ownForm, title: "Bague or rose" }, "");
    expect(saved.body).toMatchObject({ ok: true, changed: ["title"] });
    expect((await db.piece.findFirstOrThrow({ where: { shopId, id: own.pieceId } })).title).toBe("Bague or rose");
  });

  test("a grading report that arrives a week later is added, and a stone is graded by it", async () => {
    const { pieceId } = await goldRing({
      acquiredAt: new Date(Date.now() - 8 * DAY),
      stones: [{ type: "diamond", origin: "natural", millicarats: 520 }],
    });
    const { form, version } = await formOf(pieceId);
    const weekAgo = new Date(Date.now() - 7 * DAY).toISOString().slice(0, 10);
    const answer = await edit(pieceId, version, {
      ...form,
      certificates: [
        {
          lab: "GIA",
          number: "7411223344",
          issuedAt: weekAgo,
          scanUrl: "https://www.gia.edu/report-check?reportno=7411223344",
        },
      ],
      stones: [{ ...form.stones[0], certificateIndex: "0" }],
    });
    expect(answer.status).toBe(200);
    const piece = await db.piece.findFirstOrThrow({
      where: { shopId, id: pieceId },
      include: { certificates: true, stones: true },
    });
    expect(piece.certificates).toHaveLength(1);
    expect(piece.certificates[0]).toMatchObject({ lab: "GIA", number: "7411223344" });
    expect(piece.certificates[0]!.issuedAt?.toISOString().slice(0, 10)).toBe(weekAgo);
    expect(piece.stones[0]).toMatchObject({ millicarats: 520, certificateId: piece.certificates[0]!.id });
    // No product: nothing for Shopify.
    expect(await db.outboxEntry.count({ where: { shopId, payload: { contains: pieceId } } })).toBe(0);
  });

  test("a form loaded before someone else's change is refused with 409, who and when, and nothing is written", async () => {
    const { pieceId } = await goldRing();
    const { form, version } = await formOf(pieceId);
    const first = await edit(pieceId, version, { ...form, notes: "poli le 3" });
    expect(first.status).toBe(200);
    const counts = async () => ({
      audit: await db.auditLog.count({ where: { shopId } }),
      certificates: await db.certificate.count({ where: { shopId } }),
      outbox: await db.outboxEntry.count({ where: { shopId } }),
    });
    const before = await counts();
    const stale = await edit(pieceId, version, {
      ...form,
      title: "Bague or jaune",
      certificates: [{ lab: "IGI", number: "LG5550001" }],
    });
    expect(stale.status).toBe(409);
    expect(stale.body.ok).toBe(false);
    expect(stale.body.conflict?.by).toBeTruthy();
    expect(stale.body.conflict?.at).toBeTruthy();
    expect(stale.body.conflict?.fields).toEqual(expect.arrayContaining(["title", "notes", "certificates"]));
    expect(stale.body.errors?._form).toContain(stale.body.conflict!.by!);
    expect(stale.body.errors?._form).toContain("Title");
    const piece = await db.piece.findFirstOrThrow({ where: { shopId, id: pieceId } });
    expect(piece).toMatchObject({ title: "Bague or", notes: "poli le 3", version: version + 1 });
    expect(await counts()).toEqual(before);
  });

  test("staff without cost rights see no cost in the page's data and cannot post cost (403)", async () => {
    const { pieceId } = await goldRing({ costMinor: 60000n, supplierName: "Fournisseur secret" });
    const staffToken = sessionToken(SHOP, { userId: "2" });
    await page(pieceId, staffToken).catch(() => undefined);
    await db.staffMember.updateMany({ where: { shopId, shopifyUserId: "2" }, data: { role: "staff" } });
    const data = await page(pieceId, staffToken);
    expect(data.cost).toBeNull();
    expect(data.edit.form).not.toHaveProperty("cost");
    expect(data.edit.form).not.toHaveProperty("supplierName");
    const text = JSON.stringify(data, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
    expect(text).not.toContain("Fournisseur secret");
    // As a whole number: generated ids may contain the digits by chance.
    expect(text).not.toMatch(/(?<![0-9A-Za-z])60000(?![0-9])/);
    const auditBefore = await db.auditLog.count({ where: { shopId } });
    const answer = await post(
      pieceId,
      { intent: "edit", version: data.edit.version, form: { ...data.edit.form, cost: "1,00" } },
      { token: staffToken },
    );
    expect(answer.status).toBe(403);
    expect(answer.body.errors?.cost).toBeTruthy();
    expect((await db.piece.findFirstOrThrow({ where: { shopId, id: pieceId } })).costMinor).toBe(60000n);
    expect(await db.auditLog.count({ where: { shopId } })).toBe(auditBefore);
    // Without cost in the form, the same person edits the rest and the cost stays.
    const ok = await post(
      pieceId,
      { intent: "edit", version: data.edit.version, form: { ...data.edit.form, title: "Bague" } },
      { token: staffToken },
    );
    expect(ok.status).toBe(200);
    expect((await db.piece.findFirstOrThrow({ where: { shopId, id: pieceId } })).costMinor).toBe(60000n);
  });

  test("a bad weight is answered beside its field in French, and nothing is written", async () => {
    const { pieceId } = await goldRing();
    const { form, version } = await formOf(pieceId);
    const answer = await post(
      pieceId,
      { intent: "edit", version, form: { ...form, title: "", metals: [{ ...form.metals[0], weight: "3,2555" }] } },
      { locale: "fr" },
    );
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.title).toBe("Obligatoire.");
    expect(answer.body.errors?.["metals.0.weight"]).toBe("Au plus 3 décimales en g.");
    expect((await db.piece.findFirstOrThrow({ where: { shopId, id: pieceId } })).version).toBe(version);
  });

  test("a report number already recorded in the shop is refused beside its field", async () => {
    await goldRing({ certificates: [{ lab: "GIA", number: "5500000001" }] });
    const { pieceId } = await goldRing();
    const { form, version } = await formOf(pieceId);
    const answer = await edit(pieceId, version, {
      ...form,
      title: "Autre",
      certificates: [{ lab: "GIA", number: "5500000001" }],
    });
    expect(answer.status).toBe(422);
    expect(answer.body.errors?.["certificates.0.number"]).toBe(
      "GIA report 5500000001 is already recorded in this shop.",
    );
    const piece = await db.piece.findFirstOrThrow({ where: { shopId, id: pieceId } });
    expect(piece).toMatchObject({ title: "Bague or", version });
  });

  async function formOf(pieceId: string) {
    // The page's own loader, with the product unset for the read so it does not ask Shopify for photos.
    const piece = await db.piece.findFirstOrThrow({ where: { shopId, id: pieceId } });
    if (piece.productGid) {
      const { pieceEditForm } = await import("../../../app/domain/schemas/piece-edit");
      const full = await db.piece.findFirstOrThrow({
        where: { shopId, id: pieceId },
        include: { supplier: true, metals: true, stones: true, certificates: true, consignment: true },
      });
      return { form: pieceEditForm(full, { locale: "en", canSeeCost: true }), version: full.version };
    }
    const data = await page(pieceId);
    return { form: data.edit.form as Record<string, unknown> & typeof data.edit.form, version: data.edit.version };
  }
});
