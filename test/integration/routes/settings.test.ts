// The settings page (/app/settings) from an EMPTY shop, both engines: the owner and managers read
// and save it, staff get 403; a save writes the settings and the opening hours with one audit entry
// (before and after of what changed); bad input is answered 400 with one message per field in the
// admin's language and writes nothing; two saves from the same page version: the second is refused
// (409) and names who saved first; the currency is refused once amounts are recorded in it; a
// template on RFID stock is refused while RFID is off. The defaults reach the pages that use them.
import { beforeAll, describe, expect, test } from "vitest";
import { ENGINES } from "../../setup/databases";
import { makeLocation, makePiece } from "../../factories";
import { appOn, type App } from "../helpers/app";
import { adminRequest, installShop, knownAdmin, routeArgs, sessionToken, settle } from "../helpers/shopify";
import { unwrap } from "../setup/answers";

const OWNER = "7001";
const CLERK = "7002";

describe.each(ENGINES)("%s", (engine) => {
  const SHOP = `settings-${engine}.myshopify.com`;
  let db: App["db"];
  let shopId: string;
  let route: typeof import("../../../app/routes/app.settings");

  const as = (userId: string, locale = "en", init: { method?: string; body?: BodyInit } = {}) =>
    adminRequest("/app/settings", SHOP, { ...init, token: sessionToken(SHOP, { userId }), search: { locale } });
  const page = () => route.loader(routeArgs(as(OWNER)));

  /** The page's form as the browser sends it, with `changes` over what the page was loaded with. */
  const formOf = (loaded: Awaited<ReturnType<typeof page>>, changes: Record<string, string> = {}) => ({
    version: String(loaded.version),
    currency: loaded.values.currency,
    weightUnit: loaded.values.weightUnit,
    ianaTimezone: loaded.values.ianaTimezone,
    defaultTagTemplateId: loaded.values.defaultTagTemplateId,
    printerDpi: loaded.values.printerDpi,
    kioskIdleMinutes: loaded.values.kioskIdleMinutes,
    reason: "",
    ...loaded.values.hours,
    ...changes,
  });
  const save = async (fields: Record<string, string>, options: { userId?: string; locale?: string } = {}) => {
    const request = as(options.userId ?? OWNER, options.locale ?? "en", {
      method: "POST",
      body: new URLSearchParams(fields),
    });
    const { value, response } = await settle(() => route.action(routeArgs(request)));
    if (response) return { status: response.status, body: { text: await response.text() } as never };
    const answer = unwrap(value);
    return answer as { status: number; body: { ok: boolean; errors?: Record<string, string>; changed?: string[] } };
  };
  const shopRow = () => db.shop.findUniqueOrThrow({ where: { id: shopId } });
  const auditCount = () => db.auditLog.count({ where: { shopId, action: "shop.settings_changed" } });

  beforeAll(async () => {
    ({ db } = await appOn(engine));
    shopId = (await installShop(SHOP)).id;
    await knownAdmin(SHOP, "owner", OWNER);
    await knownAdmin(SHOP, "staff", CLERK);
    route = await import("../../../app/routes/app.settings");
  });

  test("a new shop's page shows Loupe's defaults; staff are refused in their language", async () => {
    const loaded = await page();
    expect(loaded).toMatchObject({
      version: 0,
      amounts: 0,
      values: {
        currency: "EUR",
        weightUnit: "g",
        ianaTimezone: "Europe/Paris",
        defaultTagTemplateId: "barbell-56x13",
        printerDpi: "203",
        hours: {},
      },
      rfid: { enabled: false },
    });
    expect(loaded.currencies).toContainEqual({ code: "JPY", decimals: 0 });
    expect(loaded.currencies).toContainEqual({ code: "KWD", decimals: 3 });
    expect(loaded.timeZones).toContain("Asia/Tokyo");

    const refused = await settle(() => route.loader(routeArgs(as(CLERK, "fr"))));
    expect(refused.response?.status).toBe(403);
    expect(await refused.response!.text()).toBe(
      "Votre rôle ne permet pas ceci\u202f: Réglages de la boutique et emplacements. Demandez au propriétaire de la boutique ou à un responsable.",
    );
    const post = await save(formOf(loaded, { weightUnit: "ozt" }), { userId: CLERK });
    expect(post.status).toBe(403);
    expect((await shopRow()).weightUnit).toBe("g");
  });

  test("bad input is answered 400 with a message beside each field, in French, and nothing is written", async () => {
    const before = await shopRow();
    const answer = await save(
      formOf(await page(), {
        currency: "ZZZ",
        printerDpi: "250",
        ianaTimezone: "Europe/Atlantis",
        weightUnit: "ozt",
        "hours.2.0.opens": "10:00",
        "hours.2.0.closes": "09:00",
        "hours.3.0.opens": "10:00",
      }),
      { locale: "fr" },
    );
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual({
      currency: "Choisissez une devise de la liste (un code ISO 4217 comme EUR, JPY ou KWD).",
      printerDpi: "Choisissez 203, 300 ou 600 dpi.",
      ianaTimezone: "Fuseau horaire inconnu\u202f: écrivez-le sous la forme Région/Ville, par exemple Europe/Paris.",
      "hours.2.0.closes": "La fermeture doit venir après l'ouverture (24:00 pour minuit).",
      "hours.3.0.closes": "Indiquez l'heure d'ouverture et l'heure de fermeture, ou aucune des deux.",
    });
    expect(await shopRow()).toEqual(before);
    expect(await db.shopOpeningHours.count({ where: { shopId } })).toBe(0);
    expect(await auditCount()).toBe(0);
  });

  test("a save writes every setting and the hours, bumps the version and audits before and after", async () => {
    const answer = await save(
      formOf(await page(), {
        currency: "jpy",
        weightUnit: "dwt",
        ianaTimezone: "Asia/Tokyo",
        defaultTagTemplateId: "small-25x15",
        printerDpi: "300",
        reason: "opening in Tokyo",
        "hours.1.0.opens": "10:00",
        "hours.1.0.closes": "12:30",
        "hours.1.1.opens": "13:30",
        "hours.1.1.closes": "19:00",
        "hours.6.0.opens": "11:00",
        "hours.6.0.closes": "24:00",
      }),
    );
    expect(answer).toMatchObject({ status: 200, body: { ok: true } });
    expect(await shopRow()).toMatchObject({
      currency: "JPY",
      weightUnit: "dwt",
      ianaTimezone: "Asia/Tokyo",
      defaultTagTemplateId: "small-25x15",
      printerDpi: 300,
      settingsVersion: 1,
    });
    const hours = await db.shopOpeningHours.findMany({
      where: { shopId },
      orderBy: [{ weekday: "asc" }, { opensMinute: "asc" }],
      select: { weekday: true, opensMinute: true, closesMinute: true },
    });
    expect(hours).toEqual([
      { weekday: 1, opensMinute: 600, closesMinute: 750 },
      { weekday: 1, opensMinute: 810, closesMinute: 1140 },
      { weekday: 6, opensMinute: 660, closesMinute: 1440 },
    ]);
    const audit = await db.auditLog.findFirstOrThrow({ where: { shopId, action: "shop.settings_changed" } });
    expect(audit).toMatchObject({ entityType: "Shop", entityId: shopId, reason: "opening in Tokyo" });
    expect(audit.actor).toContain(`Shopify user ${OWNER}`);
    expect(JSON.parse(audit.data)).toEqual({
      before: {
        currency: "EUR",
        weightUnit: "g",
        ianaTimezone: "Europe/Paris",
        defaultTagTemplateId: "barbell-56x13",
        printerDpi: 203,
        hours: [],
      },
      after: {
        currency: "JPY",
        weightUnit: "dwt",
        ianaTimezone: "Asia/Tokyo",
        defaultTagTemplateId: "small-25x15",
        printerDpi: 300,
        hours: ["1 10:00-12:30", "1 13:30-19:00", "6 11:00-24:00"],
      },
      version: 1,
    });
    // The page shows what was saved, hours included.
    const loaded = await page();
    expect(loaded.version).toBe(1);
    expect(loaded.values.hours).toEqual({
      "hours.1.0.opens": "10:00",
      "hours.1.0.closes": "12:30",
      "hours.1.1.opens": "13:30",
      "hours.1.1.closes": "19:00",
      "hours.6.0.opens": "11:00",
      "hours.6.0.closes": "24:00",
    });
  });

  test("saving what is already there writes nothing", async () => {
    const before = await auditCount();
    const answer = await save(formOf(await page()));
    expect(answer).toMatchObject({ status: 200, body: { ok: true, changed: [] } });
    expect(await auditCount()).toBe(before);
    expect((await shopRow()).settingsVersion).toBe(1);
  });

  test("a save from a page loaded before someone else's save is refused (409), naming them", async () => {
    const stalePage = await page();
    expect((await save(formOf(stalePage, { printerDpi: "600" }))).status).toBe(200);
    const audits = await auditCount();
    const late = await save(formOf(stalePage, { weightUnit: "ozt" }), { locale: "fr" });
    expect(late.status).toBe(409);
    expect(late.body.errors!._form).toMatch(
      new RegExp(
        `^Shopify user ${OWNER} .*a enregistré les réglages à .+, après l'ouverture de cette page\\. Rien n'a été enregistré`,
      ),
    );
    expect(await shopRow()).toMatchObject({ weightUnit: "dwt", printerDpi: 600, settingsVersion: 2 });
    expect(await auditCount()).toBe(audits);
  });

  test("two saves at once from the same page: one is written, the other refused", async () => {
    const loaded = await page();
    const answers = await Promise.all([
      save(formOf(loaded, { weightUnit: "g", reason: "first" })),
      save(formOf(loaded, { weightUnit: "ozt", reason: "second" })),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const winner = answers[0]!.status === 200 ? "g" : "ozt";
    expect(await shopRow()).toMatchObject({ weightUnit: winner, settingsVersion: loaded.version + 1 });
    const last = await db.auditLog.findFirstOrThrow({
      where: { shopId, action: "shop.settings_changed" },
      orderBy: { seq: "desc" },
    });
    expect(last.reason).toBe(winner === "g" ? "first" : "second");
    expect(JSON.parse(last.data).version).toBe(loaded.version + 1);
  });

  test("the kiosk idle sign-out: 10 minutes on a new shop, refused outside 1 to 240 minutes in French, saved and audited", async () => {
    const loaded = await page();
    expect(loaded.values.kioskIdleMinutes).toBe("10");
    const audits = await auditCount();
    for (const wrong of ["0", "241", "2.5", "dix", ""]) {
      const refused = await save(formOf(loaded, { kioskIdleMinutes: wrong }), { locale: "fr" });
      expect(refused.status, wrong).toBe(400);
      expect(refused.body.errors, wrong).toEqual({
        kioskIdleMinutes: "Saisissez un nombre entier de minutes, de 1 à 240.",
      });
    }
    expect(await auditCount()).toBe(audits);
    const saved = await save(formOf(loaded, { kioskIdleMinutes: " 3 ", reason: "busy counter" }));
    expect(saved).toMatchObject({ status: 200, body: { ok: true, changed: ["kioskIdleMinutes"] } });
    expect((await shopRow()).kioskIdleMinutes).toBe(3);
    const audit = await db.auditLog.findFirstOrThrow({
      where: { shopId, action: "shop.settings_changed" },
      orderBy: { seq: "desc" },
    });
    expect(JSON.parse(audit.data)).toMatchObject({ before: { kioskIdleMinutes: 10 }, after: { kioskIdleMinutes: 3 } });
    expect((await page()).values.kioskIdleMinutes).toBe("3");
  });

  test("a template on RFID stock is refused as the default while RFID is off", async () => {
    const answer = await save(formOf(await page(), { defaultTagTemplateId: "rfid-label-76x25" }));
    expect(answer.status).toBe(422);
    expect(answer.body.errors).toEqual({
      defaultTagTemplateId:
        "This template writes RFID tags and RFID is off: turn RFID on under Tag templates → RFID first, or choose another template.",
    });
    expect((await shopRow()).defaultTagTemplateId).toBe("small-25x15");
  });

  test("once a piece has a price, the currency cannot change (other settings still can)", async () => {
    const site = await makeLocation(shopId, {
      name: "Tokyo",
      kind: "site",
      shopifyLocationGid: "gid://shopify/Location/81",
    });
    await makePiece(shopId, { title: "Bague", currency: "JPY", priceMinor: 185000n, locationId: site });
    const loaded = await page();
    expect(loaded.amounts).toBe(1);
    const audits = await auditCount();
    const refused = await save(formOf(loaded, { currency: "KWD", weightUnit: "ozt" }));
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual({
      currency:
        "The currency cannot change from JPY to KWD: 1 amount is already recorded in JPY, kept in its minor units (0 decimals), and would be read in the wrong currency. Nothing was saved.",
    });
    expect(await shopRow()).toMatchObject({ currency: "JPY", settingsVersion: loaded.version });
    expect(await auditCount()).toBe(audits);
    expect((await save(formOf(loaded, { weightUnit: "ozt" }))).status).toBe(200);
  });

  test("the defaults reach the pages that use them: print tags, the tag editor, the intake form", async () => {
    const piece = await db.piece.findFirstOrThrow({ where: { shopId }, select: { id: true } });
    const piecePage = await import("../../../app/routes/app.pieces.$id");
    const shown = await piecePage.loader(
      routeArgs(adminRequest(`/app/pieces/${piece.id}`, SHOP, { token: sessionToken(SHOP, { userId: OWNER }) }), {
        id: piece.id,
      }),
    );
    expect(shown.defaultTemplateId).toBe("small-25x15");
    const list = await import("../../../app/routes/app.pieces._index");
    const listed = await list.loader(
      routeArgs(adminRequest("/app/pieces", SHOP, { token: sessionToken(SHOP, { userId: OWNER }) })),
    );
    expect(listed.defaultTemplateId).toBe("small-25x15");
    const tags = await import("../../../app/routes/app.tags");
    const editor = await tags.loader(
      routeArgs(adminRequest("/app/tags", SHOP, { token: sessionToken(SHOP, { userId: OWNER }) })),
    );
    expect(editor).toMatchObject({ defaultTemplateId: "small-25x15", dpi: 600 });
    const intake = await import("../../../app/routes/app.pieces.new");
    const form = await intake.loader(
      routeArgs(adminRequest("/app/pieces/new", SHOP, { token: sessionToken(SHOP, { userId: OWNER }) })),
    );
    expect(form).toMatchObject({ weightUnit: "ozt", currency: "JPY" });

    // A print with no template chosen (the product page's block) uses the shop's default.
    const { queuePrintJobs } = await import("../../../app/services/kiosk/print-queue.server");
    const queued = await queuePrintJobs(shopId, [piece.id], { kind: "admin", name: "t" });
    expect(queued.ok).toBe(true);
    const job = await db.printJob.findFirstOrThrow({ where: { shopId, pieceId: piece.id } });
    expect(job.templateId).toBe("small-25x15");
  });

  test("CSV files for French Excel: on by default in a French shop, off once chosen, audited, and the export follows", async () => {
    const loaded = await page();
    // A new shop's locale is French: its exports open in French Excel until someone chooses.
    expect(loaded.values.csvFrenchExcel).toBe("on");
    expect((await shopRow()).csvFrenchExcel).toBeNull();
    const exportCsv = (await import("../../../app/routes/app.pieces.export[.csv]")).loader;
    const header = async () => {
      const response = await exportCsv(
        routeArgs(adminRequest("/app/pieces/export.csv", SHOP, { token: sessionToken(SHOP, { userId: OWNER }) })),
      );
      const text = await response.text();
      return text.slice(0, text.indexOf("\r\n"));
    };
    expect(await header()).toMatch(/^\ufeff?Code étiquette;Désignation;/);

    const before = await auditCount();
    const answer = await save({ ...formOf(loaded), csvFrenchExcel: "off", reason: "logiciel comptable" });
    expect(answer).toMatchObject({ status: 200, body: { ok: true, changed: ["csvFrenchExcel"] } });
    expect((await shopRow()).csvFrenchExcel).toBe(false);
    const entry = await db.auditLog.findFirstOrThrow({
      where: { shopId, action: "shop.settings_changed" },
      orderBy: { seq: "desc" },
    });
    expect(await auditCount()).toBe(before + 1);
    expect(JSON.parse(entry.data)).toMatchObject({
      before: { csvFrenchExcel: true },
      after: { csvFrenchExcel: false },
    });
    expect((await page()).values.csvFrenchExcel).toBe("off");
    expect(await header()).toMatch(/^\ufeff?Tag code,Title,/);
    const bad = await save({ ...formOf(await page()), csvFrenchExcel: "maybe" });
    expect(bad.status).toBe(400);
    await db.shop.update({ where: { id: shopId }, data: { csvFrenchExcel: null } });
  });
});
