// A public record changed behind the app's back (straight in the database) is never signed afresh
// by a later ordinary change: a move, an edit of a private field, a sale, a service event. The page
// keeps warning and verify keeps saying invalid until a manager confirms the current record on the
// admin's provenance page (audited with a reason). Changes made through Loupe still sign the next
// version in their own transaction.
import { beforeAll, describe, expect, test } from "vitest";
import { ENGINES } from "../../setup/databases";
import { makeLocation, makePiece } from "../../factories";
import { appOn, type App } from "../helpers/app";
import {
  adminRequest,
  installShop,
  knownAdmin,
  proxyRequest,
  routeArgs,
  sessionToken,
  settle,
} from "../helpers/shopify";
import { verifyEnvelope } from "../../../app/domain/provenance/signature";

const ACTOR = { kind: "admin" as const, name: "Camille" };
const USER_OF: Record<string, string> = { manager: "71", staff: "72" };
const GOLD = {
  metal: "gold" as const,
  finenessBp: 7500,
  grossWeightMg: 3210n,
  enteredWeight: "3.21",
  enteredUnit: "g",
};

describe.each(ENGINES)("%s", (engine) => {
  const SHOP = `prov-tamper-${engine}.myshopify.com`;
  let db: App["db"];
  let shopId: string;
  let locations: { a: string; b: string };
  let pieceRoute: typeof import("../../../app/routes/app.pieces.$id");
  let provRoute: typeof import("../../../app/routes/app.provenance.$id");
  let proxy: typeof import("../../../app/routes/proxy.$token");
  let forget: () => void;

  beforeAll(async () => {
    ({ db } = await appOn(engine));
    // Both engines' page views come from one test client: each engine starts with a full bucket.
    (await import("../../../app/http/provenance-proxy.server")).resetRateLimiter();
    pieceRoute = await import("../../../app/routes/app.pieces.$id");
    provRoute = await import("../../../app/routes/app.provenance.$id");
    proxy = await import("../../../app/routes/proxy.$token");
    ({ forgetProvenanceCache: forget } = await import("../../../app/services/provenance/public-record.server"));
    (await import("../../../app/services/provenance/photos.server")).usePhotoLoader(async () => []);
    shopId = (await installShop(SHOP)).id;
    for (const role of Object.keys(USER_OF)) await knownAdmin(SHOP, role, USER_OF[role]);
    const place = (name: string) =>
      makeLocation(
        shopId,
        { name, kind: "tray", parentId: null, shopifyLocationGid: "gid://shopify/Location/1" },
        ACTOR,
      );
    locations = { a: await place("Plateau A"), b: await place("Plateau B") };
  });

  const admin = (role: string, path: string, init: { method?: string; body?: string; locale?: string } = {}) => {
    const request = adminRequest(path, SHOP, {
      method: init.method,
      body: init.body,
      token: sessionToken(SHOP, { userId: USER_OF[role] }),
      search: { locale: init.locale ?? "en" },
    });
    if (init.body)
      request.headers.set(
        "Content-Type",
        init.body.startsWith("{") ? "application/json" : "application/x-www-form-urlencoded",
      );
    return request;
  };

  const proxyGet = async (token: string, extra: Record<string, string>) => {
    forget();
    return (await proxy.loader(
      routeArgs(proxyRequest(`/proxy/${encodeURIComponent(token)}`, SHOP, { extra }), { token }),
    )) as Response;
  };
  const json = async (token: string) => JSON.parse(await (await proxyGet(token, { format: "json" })).text());
  const versions = (pieceId: string) => db.provenanceVersion.count({ where: { shopId, pieceId } });

  /** A piece at Plateau A, its version 1 signed by a first view, then its metal changed in the database. */
  async function tampered() {
    const { pieceId } = await makePiece(shopId, {
      title: "Alliance",
      metals: [GOLD],
      locationId: locations.a,
      state: "active",
    });
    const token = (await db.piece.findFirstOrThrow({ where: { shopId, id: pieceId } })).publicToken;
    const signed = await json(token);
    expect(verifyEnvelope(signed)).toMatchObject({ ok: true, version: 1 });
    // Someone with the database: 750 becomes 999.9, no audit row, no signature.
    await db.pieceMetal.updateMany({ where: { shopId, pieceId }, data: { finenessBp: 9999 } });
    const bad = await json(token);
    expect(bad.record.metals[0].finenessBp).toBe(9999);
    expect(verifyEnvelope(bad).ok).toBe(false);
    return { pieceId, token };
  }

  async function move(pieceId: string, locationId: string) {
    const body = JSON.stringify({ intent: "move", locationId, reason: "vitrine" });
    const { response } = await settle(() =>
      pieceRoute.action(
        routeArgs(admin("manager", `/app/pieces/${pieceId}`, { method: "POST", body }), { id: pieceId }),
      ),
    );
    return response!;
  }

  async function stillHeld(pieceId: string, token: string) {
    const served = await json(token);
    expect(served.record.metals[0].finenessBp).toBe(9999);
    expect(served.version).toBe(1);
    expect(verifyEnvelope(served)).toEqual({ ok: false, reason: "BAD_SIGNATURE" });
    expect(await (await proxyGet(token, { locale: "en" })).text()).toContain("no longer matches its signature");
    expect(await versions(pieceId)).toBe(1);
  }

  test("a routine move in the admin does not sign the tampered record: the page still warns, verify still fails", async () => {
    const { pieceId, token } = await tampered();
    expect((await move(pieceId, locations.b)).status).toBe(200);
    await stillHeld(pieceId, token);
    // Viewed again and again, still not signed.
    await stillHeld(pieceId, token);
  });

  test("nor does an edit of a private field, a sale or a service event: each is saved, none signs", async () => {
    const { pieceId, token } = await tampered();
    const data = await pieceRoute.loader(routeArgs(admin("manager", `/app/pieces/${pieceId}`), { id: pieceId }));
    const body = JSON.stringify({
      intent: "edit",
      version: data.edit.version,
      form: { ...data.edit.form, notes: "fermoir" },
    });
    const { response } = await settle(() =>
      pieceRoute.action(
        routeArgs(admin("manager", `/app/pieces/${pieceId}`, { method: "POST", body }), { id: pieceId }),
      ),
    );
    expect(response!.status).toBe(200);
    expect(await response!.json()).toMatchObject({ ok: true, provenanceVersion: null });
    await stillHeld(pieceId, token);

    const { recordServiceEvent } = await import("../../../app/services/provenance/public-record.server");
    const at = new Date("2026-10-01T12:00:00Z");
    expect((await recordServiceEvent(shopId, pieceId, { kind: "cleaning", at, publicNote: null }, ACTOR)).ok).toBe(
      true,
    );
    const { transitionPiece } = await import("../../../app/services/catalog/piece-changes.server");
    expect((await transitionPiece(shopId, pieceId, "sold", ACTOR, { reason: "vendu en boutique" })).ok).toBe(true);
    const served = await json(token);
    expect(served.record.events.map((e: { kind: string }) => e.kind)).toEqual(
      expect.arrayContaining(["service", "sold"]),
    );
    expect(served.version).toBe(1);
    expect(verifyEnvelope(served).ok).toBe(false);
    expect(await versions(pieceId)).toBe(1);
  });

  test("the admin's provenance page shows the difference; a manager confirms it with a reason and the next version is signed", async () => {
    const { pieceId, token } = await tampered();
    await move(pieceId, locations.b);
    const page = await provRoute.loader(routeArgs(admin("staff", `/app/provenance/${pieceId}`), { id: pieceId }));
    expect(page.held).toMatchObject({ version: 1, parts: ["metals"], mayConfirm: false });
    const asManager = await provRoute.loader(
      routeArgs(admin("manager", `/app/provenance/${pieceId}`), { id: pieceId }),
    );
    expect(asManager.held).toMatchObject({ version: 1, parts: ["metals"], mayConfirm: true });

    const confirm = (role: string, fields: Record<string, string>, locale = "en") =>
      settle(() =>
        provRoute.action(
          routeArgs(
            admin(role, `/app/provenance/${pieceId}`, {
              method: "POST",
              body: new URLSearchParams({ intent: "confirm", ...fields }).toString(),
              locale,
            }),
            { id: pieceId },
          ),
        ),
      );
    // Staff may edit pieces but not vouch for a record the app did not write.
    const refused = (await confirm("staff", { reason: "vérifié" })).response!;
    expect(refused.status).toBe(403);
    // A reason is required, in the person's language.
    const noReason = (await confirm("manager", { reason: " " }, "fr")).response!;
    expect(noReason.status).toBe(422);
    expect((await noReason.json()).errors.reason).toMatch(/motif/i);
    expect(await versions(pieceId)).toBe(1);

    const done = (await confirm("manager", { reason: "Poinçon contrôlé : or 999,9" })).response!;
    expect(done.status).toBe(200);
    expect(await done.json()).toMatchObject({ ok: true });
    const served = await json(token);
    expect(served).toMatchObject({ version: 2, record: { metals: [{ finenessBp: 9999 }] } });
    expect(verifyEnvelope(served)).toMatchObject({ ok: true, version: 2 });
    expect(await (await proxyGet(token, { locale: "en" })).text()).not.toContain("no longer matches");
    const audit = await db.auditLog.findFirstOrThrow({
      where: { shopId, entityId: pieceId, action: "provenance.record_confirmed" },
    });
    expect(audit.reason).toBe("Poinçon contrôlé : or 999,9");
    expect(JSON.parse(audit.data)).toMatchObject({
      version: 2,
      replaces: 1,
      changes: { metals: { before: [{ finenessBp: 7500 }], after: [{ finenessBp: 9999 }] } },
    });
    // Nothing left to confirm: a second confirmation is refused, nothing is signed.
    expect((await confirm("manager", { reason: "encore" })).response!.status).toBe(409);
    expect(await versions(pieceId)).toBe(2);
    // From now on ordinary changes sign again.
    const { recordServiceEvent } = await import("../../../app/services/provenance/public-record.server");
    await recordServiceEvent(
      shopId,
      pieceId,
      { kind: "repair", at: new Date("2026-11-02T12:00:00Z"), publicNote: null },
      ACTOR,
    );
    expect(verifyEnvelope(await json(token))).toMatchObject({ ok: true, version: 3 });
  });

  test("changes made through Loupe sign their version in their own transaction: sale, service event, new tag, Shopify's title, bulk metal", async () => {
    const { pieceId } = await makePiece(shopId, {
      title: "Pendentif",
      metals: [GOLD],
      locationId: locations.a,
      state: "active",
      productGid: "gid://shopify/Product/9101",
      variantGid: "gid://shopify/ProductVariant/9101",
    });
    let token = (await db.piece.findFirstOrThrow({ where: { shopId, id: pieceId } })).publicToken;
    expect((await json(token)).version).toBe(1);
    const { recordServiceEvent, replacePublicToken } =
      await import("../../../app/services/provenance/public-record.server");
    const { transitionPiece } = await import("../../../app/services/catalog/piece-changes.server");
    const { applyProductUpdate } = await import("../../../app/services/sync/product-updates.server");
    const { bulkEditDetails } = await import("../../../app/services/catalog/details.server");

    await recordServiceEvent(
      shopId,
      pieceId,
      { kind: "cleaning", at: new Date("2026-09-01T12:00:00Z"), publicNote: null },
      ACTOR,
    );
    expect(await versions(pieceId)).toBe(2);
    const sold = await transitionPiece(shopId, pieceId, "sold", ACTOR, { reason: "vendu" });
    expect(sold.ok).toBe(true);
    expect(await versions(pieceId)).toBe(3);
    const back = await transitionPiece(shopId, pieceId, "to_inspect", ACTOR, { reason: "retour", refund: true });
    expect(back.ok).toBe(true);
    expect(await versions(pieceId)).toBe(4);
    await applyProductUpdate(SHOP, { id: "9101", title: "Pendentif soleil", variants: [] }, ACTOR);
    expect(await versions(pieceId)).toBe(5);
    const piece = await db.piece.findFirstOrThrow({ where: { shopId, id: pieceId } });
    const bulk = await bulkEditDetails(
      shopId,
      [{ id: pieceId, version: piece.version }],
      { metal: { metal: "gold", finenessBp: 9160, grossWeightMg: null, enteredWeight: "", enteredUnit: "g" } },
      ACTOR,
      "titre corrigé",
    );
    expect(bulk.ok).toBe(true);
    expect(await versions(pieceId)).toBe(6);
    const replaced = await replacePublicToken(shopId, pieceId, ACTOR, "abîmée");
    if (!replaced.ok) throw new Error("reissue");
    token = replaced.token;
    expect(await versions(pieceId)).toBe(7);
    const served = await json(token);
    expect(served).toMatchObject({ version: 7, record: { title: "Pendentif soleil", token } });
    expect(verifyEnvelope(served)).toMatchObject({ ok: true, version: 7 });
    expect(served.record.metals[0].finenessBp).toBe(9160);
  });
});
