// Changing a consigned piece's consignor after intake, through the piece page's loader and action
// (real session tokens, both engines, an empty shop): chosen from the partners register or typed as
// a new name, with a reason, audited with before and after, under the page's version; refused with a
// clear message in English and French once the piece is sold or returned or its consignment settled;
// a partner no longer usable refused beside the field; a role without pieces.edit refused (403).
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
  provenanceVersion?: number | null;
  errors?: Record<string, string>;
  conflict?: { by: string | null; at: string | null; fields: string[] };
};
type Form = Record<string, unknown> & { consignment?: Record<string, string> };

const DAY = 86_400_000;
const actor = { kind: "admin", name: "Léa" } as const;

describe.each(ENGINES)("%s", (engine) => {
  const SHOP = `edit-consignor-${engine}.myshopify.com`;
  let route: typeof import("../../../app/routes/app.pieces.$id");
  let changes: typeof import("../../../app/services/catalog/piece-changes.server");
  let db: App["db"];
  let shopId: string;

  beforeAll(async () => {
    ({ db } = await appOn(engine));
    route = await import("../../../app/routes/app.pieces.$id");
    changes = await import("../../../app/services/catalog/piece-changes.server");
    shopId = (await installShop(SHOP)).id;
    await knownAdmin(SHOP, "manager", "1");
    await knownAdmin(SHOP, "staff", "2");
    await knownAdmin(SHOP, "accountant", "3");
  });

  const token = (userId = "1") => sessionToken(SHOP, { userId });

  async function post(id: string, body: unknown, options: { locale?: string; userId?: string } = {}) {
    const request = adminRequest(`/app/pieces/${id}`, SHOP, {
      method: "POST",
      body: JSON.stringify(body),
      search: { locale: options.locale ?? "en" },
      token: token(options.userId),
    });
    request.headers.set("Content-Type", "application/json");
    const { response } = await settle(() => route.action(routeArgs(request, { id })));
    if (!response) throw new Error("the action answered without a Response");
    return { status: response.status, body: (await response.json()) as Answer };
  }

  async function pageOf(id: string, userId = "1") {
    const data = await route.loader(
      routeArgs(adminRequest(`/app/pieces/${id}`, SHOP, { token: token(userId), search: { locale: "en" } }), { id }),
    );
    return { ...data.edit, form: data.edit.form as unknown as Form };
  }

  /** The page's form with another consignor: chosen (id and name) or typed (name alone). */
  const withConsignor = (form: Form, consignor: { id?: string; name: string }) => ({
    ...form,
    consignment: { ...form.consignment, consignorId: consignor.id ?? "", consignorName: consignor.name },
  });

  const consigned = (title: string, consignorName: string, state = "active") =>
    makePiece(shopId, {
      title,
      state,
      consignment: { consignorName, commissionBp: 3000, receivedAt: new Date(Date.now() - 5 * DAY) },
    } as never);

  const consignorOf = async (pieceId: string) =>
    (await db.consignment.findFirstOrThrow({ where: { shopId, pieceId }, include: { consignor: true } })).consignor;

  test("the consignor changes to a partner chosen from the register, with a reason: audited before and after, nothing private in the public record", async () => {
    const { pieceId } = await consigned("Broche ancienne", "Mme Martin");
    // Received for another consignor: she is in the register as one.
    await consigned("Bague ancienne", "Mme Bernard");
    const martin = await consignorOf(pieceId);
    const page = await pageOf(pieceId);
    expect(page.consignorEditable).toBe(true);
    expect(page.form.consignment).toMatchObject({ consignorId: martin.id, consignorName: "Mme Martin" });
    const bernard = page.consignors.find((c) => c.name === "Mme Bernard")!;
    expect(bernard).toBeTruthy();

    const answer = await post(pieceId, {
      intent: "edit",
      version: page.version,
      reason: "recorded under the wrong name at intake",
      form: withConsignor(page.form, bernard),
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ ok: true, version: page.version + 1, changed: ["consignor"] });
    // The consignor is private: no signed public record names either consignor.
    const envelopes = await db.provenanceVersion.findMany({ where: { shopId, pieceId } });
    expect(envelopes.length).toBeGreaterThan(0);
    for (const v of envelopes) expect(v.envelope).not.toMatch(/Martin|Bernard/);
    expect((await consignorOf(pieceId)).id).toBe(bernard.id);
    const entry = await db.auditLog.findFirstOrThrow({ where: { shopId, entityId: pieceId, action: "piece.edited" } });
    expect(entry.reason).toBe("recorded under the wrong name at intake");
    expect(entry.actor).toContain("Shopify user 1");
    expect(JSON.parse(entry.data)).toMatchObject({
      version: page.version + 1,
      changes: {
        consignor: { before: { id: martin.id, name: "Mme Martin" }, after: { id: bernard.id, name: "Mme Bernard" } },
      },
    });
    // The terms did not change with it.
    expect(await db.consignment.findFirstOrThrow({ where: { shopId, pieceId } })).toMatchObject({ commissionBp: 3000 });
  });

  test("without a reason typed it is refused beside the reason in English and French; a new name typed joins the register", async () => {
    const { pieceId } = await consigned("Collier perles", "M. Durand");
    const page = await pageOf(pieceId);
    const before = { audit: await db.auditLog.count({ where: { shopId } }), consignor: await consignorOf(pieceId) };
    const form = withConsignor(page.form, { name: "Galerie Dupuis" });
    const en = await post(pieceId, { intent: "edit", version: page.version, form });
    expect(en.status).toBe(422);
    expect(en.body.errors?.reason).toBe(
      "Say why the consignor changes (for example: recorded under the wrong name at intake).",
    );
    const fr = await post(pieceId, { intent: "edit", version: page.version, form }, { locale: "fr" });
    expect(fr.body.errors?.reason).toBe(
      "Indiquez pourquoi le déposant change (par exemple\u202f: enregistré sous un mauvais nom à la réception).",
    );
    expect(await db.auditLog.count({ where: { shopId } })).toBe(before.audit);
    expect((await consignorOf(pieceId)).id).toBe(before.consignor.id);
    expect(await db.party.count({ where: { shopId, name: "Galerie Dupuis" } })).toBe(0);

    // The consignment block carries the agreed net price (the shop's cost): staff, who do not see
    // cost, get no terms in their form and a block sent anyway is refused; a manager's goes through.
    const withReason = { intent: "edit", version: page.version, form, reason: "dépôt fait par la galerie" };
    expect((await post(pieceId, withReason, { userId: "2" })).status).toBe(403);
    const saved = await post(pieceId, withReason);
    expect(saved.status).toBe(200);
    const now = await consignorOf(pieceId);
    expect(now).toMatchObject({ name: "Galerie Dupuis", isConsignor: true });
    // The new partner's own entry in the register's audit.
    expect(await db.auditLog.count({ where: { shopId, entityId: now.id } })).toBeGreaterThan(0);
  });

  test("once the piece is sold or returned, or its consignment settled, the consignor no longer changes (409 in English and French), shown read-only", async () => {
    const sold = await consigned("Montre gousset", "Mme Roy");
    const settled = await consigned("Camée", "Mme Roy");
    const returned = await consigned("Bracelet jonc", "Mme Roy");
    const other = (await consigned("Pendentif", "M. Faure")).pieceId;
    const faure = await consignorOf(other);
    const pages = {
      sold: await pageOf(sold.pieceId),
      settled: await pageOf(settled.pieceId),
      returned: await pageOf(returned.pieceId),
    };
    expect(
      await changes.transitionPiece(shopId, sold.pieceId, "sold", actor, { reason: "vendue en boutique" }),
    ).toMatchObject({ ok: true });
    await db.consignment.updateMany({ where: { shopId, pieceId: settled.pieceId }, data: { settledAt: new Date() } });
    expect(
      await changes.transitionPiece(shopId, returned.pieceId, "returned_to_consignor", actor, { reason: "reprise" }),
    ).toMatchObject({ ok: true });
    const audit = await db.auditLog.count({ where: { shopId } });

    const refuse = async (pieceId: string, page: Awaited<ReturnType<typeof pageOf>>, locale: string) => {
      const current = await db.piece.findFirstOrThrow({ where: { shopId, id: pieceId } });
      return post(
        pieceId,
        {
          intent: "edit",
          version: current.version,
          reason: "erreur",
          form: withConsignor(page.form, { id: faure.id, name: faure.name }),
        },
        { locale },
      );
    };
    const soldAnswer = await refuse(sold.pieceId, pages.sold, "en");
    expect(soldAnswer.status).toBe(409);
    expect(soldAnswer.body.errors?.["consignment.consignorName"]).toBe(
      "The consignor can no longer be changed: the piece is sold or returned, or its consignment settled, and what was owed or given back was for this consignor. Nothing was saved.",
    );
    const settledAnswer = await refuse(settled.pieceId, pages.settled, "fr");
    expect(settledAnswer.status).toBe(409);
    expect(settledAnswer.body.errors?.["consignment.consignorName"]).toBe(
      "Le déposant ne peut plus changer\u202f: la pièce est vendue ou rendue, ou son dépôt réglé, et ce qui était dû ou rendu l'était à ce déposant. Rien n'a été enregistré.",
    );
    expect((await refuse(returned.pieceId, pages.returned, "en")).status).toBe(409);
    expect(await db.auditLog.count({ where: { shopId } })).toBe(audit);
    for (const { pieceId } of [sold, settled, returned]) {
      expect((await consignorOf(pieceId)).name).toBe("Mme Roy");
      const page = await pageOf(pieceId);
      expect(page.consignorEditable).toBe(false);
      expect(page.consignors).toEqual([{ id: (await consignorOf(pieceId)).id, name: "Mme Roy", detail: null }]);
    }
  });

  test("a stale form is refused (409) naming the consignor as changed; an archived partner is refused beside the field; an accountant may not edit (403)", async () => {
    const { pieceId } = await consigned("Chevalière", "Mme Leroy");
    const other = (await consigned("Alliance", "M. Petit")).pieceId;
    const petit = await consignorOf(other);
    const first = await pageOf(pieceId);
    const second = await pageOf(pieceId);
    const saved = await post(pieceId, {
      intent: "edit",
      version: first.version,
      reason: "erreur de saisie",
      form: withConsignor(first.form, { id: petit.id, name: petit.name }),
    });
    expect(saved.status).toBe(200);
    const stale = await post(pieceId, {
      intent: "edit",
      version: second.version,
      reason: "autre",
      form: withConsignor(second.form, { name: "Mme Leroy-Martin" }),
    });
    expect(stale.status).toBe(409);
    expect(stale.body.conflict).toMatchObject({ fields: ["consignor"] });
    expect((await consignorOf(pieceId)).id).toBe(petit.id);

    const { setArchived } = await import("../../../app/services/partners/register.server");
    const leroy = await consignorOf((await consigned("Broche", "Mme Gautier")).pieceId);
    expect(await setArchived(shopId, { id: leroy.id, archived: true }, actor)).toMatchObject({ ok: true });
    const now = await pageOf(pieceId);
    const archived = await post(pieceId, {
      intent: "edit",
      version: now.version,
      reason: "retour à la déposante",
      form: withConsignor(now.form, { id: leroy.id, name: leroy.name }),
    });
    expect(archived.status).toBe(404);
    expect(archived.body.errors?.["consignment.consignorName"]).toContain("not in the partners register");

    const accountant = await post(
      pieceId,
      { intent: "edit", version: now.version, reason: "x", form: withConsignor(now.form, { name: "Quelqu'un" }) },
      { userId: "3" },
    );
    expect(accountant.status).toBe(403);
    expect((await consignorOf(pieceId)).id).toBe(petit.id);
    expect((await db.piece.findFirstOrThrow({ where: { shopId, id: pieceId } })).version).toBe(now.version);
  });
});
