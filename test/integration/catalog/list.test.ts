// The pieces list, saved views, bulk actions, the piece page's actions and the CSV export, through
// their loaders and actions with real session tokens, on both engines.
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, test } from "vitest";
import { ENGINES } from "../../setup/databases";
import { makeLocation, makePiece } from "../../factories";
import { appOn, loadApp, type App } from "../helpers/app";
import { adminRequest, installShop, knownAdmin, routeArgs, settle } from "../helpers/shopify";

const PARIS = "gid://shopify/Location/101";
const YEAR = 365 * 86_400_000;

describe.each(ENGINES)("%s", (engine) => {
  const SHOP = `list-${engine}.myshopify.com`;
  let list: typeof import("../../../app/routes/app.pieces._index");
  let page: typeof import("../../../app/routes/app.pieces.$id");
  let exportCsv: (typeof import("../../../app/routes/app.pieces.export[.csv]"))["loader"];
  let db: App["db"];
  let shopId: string;
  const loc: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const tags: Record<string, string> = {};

  beforeAll(async () => {
    ({ db } = await appOn(engine));
    list = await import("../../../app/routes/app.pieces._index");
    page = await import("../../../app/routes/app.pieces.$id");
    exportCsv = (await import("../../../app/routes/app.pieces.export[.csv]")).loader;
    shopId = (await installShop(SHOP)).id;
    await knownAdmin(SHOP, "manager");
    const actor = { kind: "system", name: "seed" } as const;
    for (const [key, name, parent] of [
      ["site", "Boutique Paris", null],
      ["safe", "Coffre 1", "site"],
      ["tray", "Plateau 5", "safe"],
      ["vitrine", "Vitrine 2", "site"],
    ] as const) {
      loc[key] = await makeLocation(
        shopId,
        { name, kind: "other", parentId: parent ? loc[parent] : null, shopifyLocationGid: PARIS },
        actor,
      );
    }
    const gold = (bp: number, mg: bigint) => ({
      metal: "gold",
      finenessBp: bp,
      grossWeightMg: mg,
      enteredWeight: "",
      enteredUnit: "g",
    });
    const make = async (key: string, input: Record<string, unknown>) => {
      const r = await makePiece(shopId, { title: key, ...input } as never, { actor });
      ids[key] = r.pieceId;
      tags[key] = r.tagCode;
    };
    await make("Solitaire diamant", {
      sku: "SOL-750-01",
      priceMinor: 425000n,
      locationId: loc.tray,
      metals: [gold(7500, 3250n)],
      stones: [{ type: "diamond", origin: "natural", millicarats: 520 }],
      certificates: [{ lab: "GIA", number: "2141438765" }],
    });
    await make("Bague saphir", {
      sku: "SAP-585-02",
      priceMinor: 189000n,
      locationId: loc.vitrine,
      metals: [gold(5850, 2900n)],
      stones: [{ type: "sapphire", origin: "natural", millicarats: 1200 }],
    });
    await make("Pendentif LAB", {
      sku: "LAB-01",
      priceMinor: 99000n,
      locationId: loc.safe,
      metals: [gold(7500, 1800n)],
      stones: [{ type: "diamond", origin: "lab_grown", millicarats: 1010 }],
      certificates: [{ lab: "IGI", number: "LG598765432" }],
    });
    await make("Broche ancienne", {
      priceMinor: 320000n,
      locationId: loc.vitrine,
      acquiredAt: new Date(Date.now() - 2 * YEAR),
      consignment: { consignorName: "Mme Verne", commissionBp: 2500, receivedAt: new Date(Date.now() - 2 * YEAR) },
    });
    await make('=HYPERLINK("http://evil.example","click")', {
      sku: "+SUM(A1)",
      priceMinor: 100n,
      costMinor: 50n,
      supplierName: "@supplier",
      notes: "-2+3",
    });
    await make("Chaîne sans emplacement", { priceMinor: 45000n });
  });

  const get = (search: Record<string, string> = {}) =>
    list.loader(routeArgs(adminRequest("/app/pieces", SHOP, { search })));
  const titles = async (search: Record<string, string>) => (await get(search)).pieces.map((p) => p.title).sort();

  test("filters combine: metal and fineness, stone type, lab, location subtree, consignment, age", async () => {
    expect(await titles({ metal: "gold", fineness: "7500" })).toEqual(["Pendentif LAB", "Solitaire diamant"]);
    expect(await titles({ stone: "sapphire" })).toEqual(["Bague saphir"]);
    expect(await titles({ lab: "IGI" })).toEqual(["Pendentif LAB"]);
    // Coffre 1 holds Plateau 5: the safe's view includes the tray.
    expect(await titles({ location: loc.safe! })).toEqual(["Pendentif LAB", "Solitaire diamant"]);
    expect(await titles({ consigned: "yes" })).toEqual(["Broche ancienne"]);
    expect((await get({ consigned: "no" })).total).toBe(5);
    expect(await titles({ age: "gt365" })).toEqual(["Broche ancienne"]);
    expect((await get({ age: "lt30" })).total).toBe(5);
    expect(await titles({ metal: "gold", stone: "diamond", lab: "GIA" })).toEqual(["Solitaire diamant"]);
    // A malformed filter value is ignored, not an error: an old bookmark still opens.
    expect((await get({ fineness: "abc", state: "nonsense" })).total).toBe(6);
  });

  test("search matches tag code, SKU and certificate number by prefix and the title anywhere, ignoring case", async () => {
    expect(await titles({ q: tags["Bague saphir"]!.slice(0, 4).toLowerCase() })).toContain("Bague saphir");
    expect(await titles({ q: "SAP-585" })).toEqual(["Bague saphir"]);
    expect(await titles({ q: "2141438" })).toEqual(["Solitaire diamant"]);
    expect(await titles({ q: "LG5987" })).toEqual(["Pendentif LAB"]);
    expect(await titles({ q: "ancienne" })).toEqual(["Broche ancienne"]);
    expect(await titles({ q: "SAPHIR" })).toEqual(["Bague saphir"]);
    expect((await get({ q: "438765" })).total).toBe(0);
  });

  test("search finds every word of the title in any order, without regard to accents or case", async () => {
    expect(await titles({ q: "diamant solitaire" })).toEqual(["Solitaire diamant"]);
    expect(await titles({ q: "EMPLACEMENT chaine" })).toEqual(["Chaîne sans emplacement"]);
    expect(await titles({ q: "chaîne" })).toEqual(["Chaîne sans emplacement"]);
    // Every word must be there: a third word the title lacks finds nothing.
    expect(await titles({ q: "bague saphir rubis" })).toEqual([]);
  });

  test("a certificate number matches with or without its lab's name and spaces", async () => {
    for (const q of ["GIA 2141438765", "gia2141438765", "2141 438 765", "GIA2141438"]) {
      expect(await titles({ q })).toEqual(["Solitaire diamant"]);
    }
    expect(await titles({ q: "IGI LG598765432" })).toEqual(["Pendentif LAB"]);
    // The lab named is the report's lab: GIA has no report LG598765432 here.
    expect(await titles({ q: "GIA LG598765432" })).toEqual([]);
  });

  test("a title changed after intake is found by its new words", async () => {
    const { updatePieceIfVersion } = await import("../../../app/models/pieces.server");
    const id = ids["Broche ancienne"]!;
    const { version } = await db.piece.findFirstOrThrow({ where: { id }, select: { version: true } });
    await db.$transaction((tx) =>
      updatePieceIfVersion(tx, shopId, { id, version }, { title: "Broche Émeraude ancienne" }),
    );
    expect(await titles({ q: "emeraude broche" })).toEqual(["Broche Émeraude ancienne"]);
    await db.$transaction((tx) =>
      updatePieceIfVersion(tx, shopId, { id, version: version + 1 }, { title: "Broche ancienne" }),
    );
  });

  test("sorting by price puts the dearest first and pieces without price last", async () => {
    const sorted = await get({ sort: "priceHigh" });
    expect(sorted.pieces.map((p) => p.title).slice(0, 3)).toEqual([
      "Solitaire diamant",
      "Broche ancienne",
      "Bague saphir",
    ]);
  });

  async function act(body: unknown, locale = "en") {
    const request = adminRequest("/app/pieces", SHOP, {
      method: "POST",
      body: JSON.stringify(body),
      search: { locale },
    });
    const { response } = await settle(() => list.action(routeArgs(request)));
    return {
      status: response!.status,
      body: (await response!.json()) as {
        ok: boolean;
        message: string;
        done?: number;
        refusals?: { tagCode: string; reason: string }[];
        id?: string;
      },
    };
  }

  test("saved views keep a list's filters under a name; a second view with that name is refused", async () => {
    const saved = await act({
      intent: "saveView",
      name: "Or 750 au coffre",
      params: { metal: "gold", fineness: "7500", location: loc.safe!, cursor: "x", bogus: "1" },
    });
    expect(saved.status).toBe(200);
    const again = await act({ intent: "saveView", name: "Or 750 au coffre", params: {} }, "fr");
    expect(again).toEqual({
      status: 409,
      body: { ok: false, message: "Une vue nommée «\u202fOr 750 au coffre\u202f» existe déjà." },
    });
    const { views } = await get();
    expect(views).toEqual([
      { id: saved.body.id, name: "Or 750 au coffre", params: { metal: "gold", fineness: "7500", location: loc.safe } },
    ]);
    expect(await titles(views[0]!.params)).toEqual(["Pendentif LAB", "Solitaire diamant"]);
    expect((await act({ intent: "deleteView", id: saved.body.id })).status).toBe(200);
    expect((await get()).views).toEqual([]);
  });

  test("bulk move changes each piece it can and names each refusal with its tag code and reason", async () => {
    const moved = await act({
      intent: "move",
      ids: [ids["Solitaire diamant"], ids["Bague saphir"], "not-a-piece"],
      locationId: loc.vitrine,
    });
    expect(moved.status).toBe(200);
    expect(moved.body.done).toBe(1);
    expect(moved.body.refusals).toEqual([
      { pieceId: ids["Bague saphir"], tagCode: tags["Bague saphir"], reason: "the piece is already there" },
      { pieceId: "not-a-piece", tagCode: "not-a-piece", reason: "the piece does not exist in this shop" },
    ]);
    expect(await db.piece.findUniqueOrThrow({ where: { id: ids["Solitaire diamant"]! } })).toMatchObject({
      locationId: loc.vitrine,
    });
    expect(await db.movement.count({ where: { pieceId: ids["Solitaire diamant"]!, kind: "location" } })).toBe(1);
  });

  test("bulk state change follows the lifecycle: untagged pieces are refused, tagged ones go on sale", async () => {
    const { markTagged } = (await loadApp()).pieces;
    await markTagged(shopId, ids["Bague saphir"]!, { kind: "system", name: "test" });
    const changed = await act(
      { intent: "state", ids: [ids["Bague saphir"], ids["Pendentif LAB"]], to: "active" },
      "fr",
    );
    expect(changed.body.message).toBe("1 pièces modifiées sur 2.");
    expect(changed.body.refusals).toEqual([
      {
        pieceId: ids["Pendentif LAB"],
        tagCode: tags["Pendentif LAB"],
        reason: "la pièce n'a pas encore d'étiquette\u202f: imprimez-la et posez-la d'abord",
      },
    ]);
    expect(await db.piece.findUniqueOrThrow({ where: { id: ids["Bague saphir"]! } })).toMatchObject({
      state: "active",
    });
    expect(await db.piece.findUniqueOrThrow({ where: { id: ids["Pendentif LAB"]! } })).toMatchObject({
      state: "receiving",
    });
  });

  test("bulk print queues a tag per piece; a piece with no location is refused by name", async () => {
    const printed = await act({ intent: "print", ids: [ids["Pendentif LAB"], ids["Chaîne sans emplacement"]] });
    expect(printed.body.done).toBe(1);
    expect(printed.body.refusals?.map((r) => r.tagCode)).toEqual([tags["Chaîne sans emplacement"]]);
    expect(await db.printJob.count({ where: { shopId, pieceId: ids["Pendentif LAB"]! } })).toBe(1);
  });

  test("bulk print on a chosen template: RFID stock queues the pieces it can and names each refusal with what to fix", async () => {
    const { saveRfidSettings } = await import("../../../app/models/kiosk-tags.server");
    // GS1's own example company prefix (fictitious for any shop).
    await saveRfidSettings(
      shopId,
      { enabled: true, companyPrefix: "0614141", filter: 3 },
      { kind: "system", name: "test" },
      "RFID labels arrived",
    );
    await db.piece.update({ where: { id: ids["Solitaire diamant"]! }, data: { gtin: "00614141000012" } });
    await db.piece.update({ where: { id: ids["Bague saphir"]! }, data: { gtin: "04006381333931" } });
    expect((await get()).templates).toEqual(
      expect.arrayContaining([{ id: "rfid-label-76x25", name: expect.stringContaining("RFID"), rfid: true }]),
    );
    const jobsBefore = await db.printJob.count({ where: { shopId } });

    const unknown = await act({ intent: "print", ids: [ids["Solitaire diamant"]], templateId: "no-such-stock" }, "fr");
    expect(unknown).toEqual({
      status: 400,
      body: { ok: false, message: "Ce modèle d'étiquette n'existe pas\u202f: choisissez-en un dans la liste." },
    });
    expect(
      (await act({ intent: "print", ids: [ids["Solitaire diamant"]], templateId: "no-such-stock" })).body.message,
    ).toBe("This tag template does not exist: choose one from the list.");

    const pick = [
      ids["Solitaire diamant"],
      ids["Bague saphir"],
      ids["Broche ancienne"],
      ids["Chaîne sans emplacement"],
    ];
    const printed = await act({ intent: "print", ids: pick, templateId: "rfid-label-76x25" }, "fr");
    expect(printed.status).toBe(200);
    expect(printed.body).toMatchObject({
      ok: false,
      done: 1,
      message: "1 étiquette envoyée à la file d'impression.",
    });
    const reasons = Object.fromEntries((printed.body.refusals ?? []).map((r) => [r.tagCode, r.reason]));
    expect(Object.keys(reasons).sort()).toEqual(
      [tags["Bague saphir"], tags["Broche ancienne"], tags["Chaîne sans emplacement"]].sort(),
    );
    expect(reasons[tags["Bague saphir"]!]).toContain("04006381333931 n'est pas sous le préfixe");
    expect(reasons[tags["Bague saphir"]!]).toContain("0614141");
    expect(reasons[tags["Broche ancienne"]!]).toMatch(/pas de GTIN/);
    const jobs = await db.printJob.findMany({
      where: { shopId },
      orderBy: { createdAt: "asc" },
      skip: jobsBefore,
      select: { pieceId: true, templateId: true },
    });
    expect(jobs).toEqual([{ pieceId: ids["Solitaire diamant"], templateId: "rfid-label-76x25" }]);
    // Queued on RFID stock: the piece has its serial; refused pieces were given none.
    const serials = await db.piece.findMany({
      where: { id: { in: pick as string[] } },
      select: { id: true, epcSerial: true },
    });
    expect(Object.fromEntries(serials.map((p) => [p.id, p.epcSerial]))).toEqual({
      [ids["Solitaire diamant"]!]: 1n,
      [ids["Bague saphir"]!]: null,
      [ids["Broche ancienne"]!]: null,
      [ids["Chaîne sans emplacement"]!]: null,
    });

    // The same pieces on ordinary stock print without any GTIN.
    const plain = await act({
      intent: "print",
      ids: [ids["Bague saphir"], ids["Broche ancienne"]],
      templateId: "shelf-50x25",
    });
    expect(plain.body).toMatchObject({ ok: true, done: 2, refusals: [] });
  });

  test("more than 250 pieces at once, or no piece, is a 400", async () => {
    expect(
      (await act({ intent: "move", ids: Array.from({ length: 251 }, (_, i) => `p${i}`), locationId: loc.safe })).body
        .message,
    ).toBe("Select at most 250 pieces at a time.");
    expect((await act({ intent: "state", ids: [], to: "active" })).status).toBe(400);
  });

  async function pieceAct(id: string, body: unknown, locale = "en") {
    const request = adminRequest(`/app/pieces/${id}`, SHOP, {
      method: "POST",
      body: JSON.stringify(body),
      search: { locale },
    });
    const { response } = await settle(() => page.action(routeArgs(request, { id })));
    return {
      status: response!.status,
      body: (await response!.json()) as { ok: boolean; message: string; code?: string },
    };
  }

  test("the piece page offers only the lifecycle's transitions, and a forced illegal one is refused with a translated reason", async () => {
    const id = ids["Pendentif LAB"]!;
    const data = await page.loader(routeArgs(adminRequest(`/app/pieces/${id}`, SHOP), { id }));
    // Untagged and owned: neither "active" (needs a tag) nor "returned to consignor" (not consigned).
    expect(data.transitions).toEqual([]);
    expect(data.provenanceUrl).toMatch(
      // The admin's link carries the staff-preview mark, so staff's own views are not counted as scans.
      new RegExp(
        `^https://${SHOP.replace(/\./g, "\\.")}/apps/loupe/[A-Za-z0-9_-]{22,}\\?loupe_preview=\\d+\\.[\\w-]+$`,
      ),
    );
    expect(data.photos).toBeNull();
    const before = await db.movement.count({ where: { pieceId: id } });
    const forced = await pieceAct(id, { intent: "transition", to: "sold" }, "fr");
    // The refusal names where the piece stands and the way forward.
    expect(forced).toEqual({
      status: 409,
      body: {
        ok: false,
        code: "ILLEGAL_TRANSITION",
        message:
          "Refusé\u202f: ce changement d'état n'est pas permis depuis l'état actuel de la pièce. La pièce est «\u202fEn réception\u202f». " +
          "Aucun changement d’état n’est possible depuis cet état. Imprimez son étiquette (Imprimer l'étiquette), posez-la sur la pièce, " +
          "puis cliquez sur Étiquette posée. Ensuite, mettez-la en vente (→ Active).",
      },
    });
    expect(data.nextStep).toBe("tag");
    expect(await db.movement.count({ where: { pieceId: id } })).toBe(before);
    expect((await pieceAct(id, { intent: "tagged" })).status).toBe(200);
    const after = await page.loader(routeArgs(adminRequest(`/app/pieces/${id}`, SHOP), { id }));
    expect(after.transitions).toEqual(["active"]);
    expect(after.nextStep).toBe("activate");
    expect(await pieceAct(id, { intent: "transition", to: "active" })).toEqual({
      status: 200,
      body: { ok: true, message: "State changed to Active." },
    });
    expect(await pieceAct(id, { intent: "move", locationId: loc.tray })).toEqual({
      status: 200,
      body: { ok: true, message: "Moved to Boutique Paris > Coffre 1 > Plateau 5." },
    });
    expect(data.templates.map((t) => t.id)).toContain("card-86x54");
    expect((await pieceAct(id, { intent: "print" })).status).toBe(200);
    expect((await pieceAct(id, { intent: "print", templateId: "card-86x54" })).status).toBe(200);
    const jobs = await db.printJob.findMany({
      where: { shopId, pieceId: id },
      orderBy: { createdAt: "asc" },
      select: { templateId: true },
    });
    expect(jobs.slice(-2).map((j) => j.templateId)).toEqual([data.defaultTemplateId, "card-86x54"]);
    expect((await pieceAct(id, { intent: "print", templateId: "no-such-stock" })).status).toBe(409);
    // RFID stock for a piece with no GTIN: refused with the tag's own reason, fully worded.
    const rfid = await pieceAct(id, { intent: "print", templateId: "rfid-label-76x25" }, "fr");
    expect(rfid.status).toBe(409);
    expect(rfid.body.code).toMatch(/^RFID_/);
    expect(rfid.body.message).toMatch(/^Refusé\u202f: .+(GTIN|RFID)/);
    expect(rfid.body.message).not.toMatch(/[{}]/);
    expect((await pieceAct(id, { intent: "transition", to: "flying" })).status).toBe(400);
  });

  async function csv(search: Record<string, string> = {}) {
    // The plain dialect (",", "." decimals, English headers); French Excel is csv-roundtrip.test.ts's.
    await db.shop.update({ where: { id: shopId }, data: { csvFrenchExcel: false } });
    const response = await exportCsv(routeArgs(adminRequest("/app/pieces/export.csv", SHOP, { search })));
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const bytes = new Uint8Array(await response.arrayBuffer());
    // Excel reads accents right only with the byte order mark.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    return parse(new TextDecoder().decode(bytes), { columns: true }) as Record<string, string>[];
  }

  test("the export has exactly the list view's pieces, with exact numbers", async () => {
    const rows = await csv({ metal: "gold", fineness: "7500" });
    expect(rows.map((r) => r.Title).sort()).toEqual(["Pendentif LAB", "Solitaire diamant"]);
    const solitaire = rows.find((r) => r.Title === "Solitaire diamant")!;
    expect(solitaire).toMatchObject({
      "Tag code": tags["Solitaire diamant"],
      Price: "4250.00",
      Fineness: "750",
      Weight: "3.250",
      "Fine weight": "2.438",
      Carats: "0.520",
      Lab: "GIA",
      "Certificate number": "2141438765",
      Location: "Boutique Paris > Vitrine 2",
    });
    expect((await csv()).length).toBe(6);
  });

  test("the export neutralises spreadsheet formulas in every cell, and hides cost from staff", async () => {
    const rows = await csv({ q: "+SUM" });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      Title: '\'=HYPERLINK("http://evil.example","click")',
      SKU: "'+SUM(A1)",
      Supplier: "'@supplier",
      Notes: "'-2+3",
      Cost: "0.50",
    });
    // Staff do not export by default: the owner lets them (the matrix), and cost still stays out.
    await db.staffMember.updateMany({ where: { shopId }, data: { role: "staff" } });
    await db.rolePermission.create({ data: { shopId, role: "staff", permission: "data.export", allowed: true } });
    try {
      const staff = await csv({ q: "+SUM" });
      expect(Object.keys(staff[0]!)).not.toContain("Cost");
      expect(Object.keys(staff[0]!)).not.toContain("Supplier");
    } finally {
      await db.staffMember.updateMany({ where: { shopId }, data: { role: "manager" } });
      await db.rolePermission.deleteMany({ where: { shopId } });
    }
  });
});
