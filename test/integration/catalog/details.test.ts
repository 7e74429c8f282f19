// The "details to complete" page and its details sheet, through the route's loader and action with
// real session tokens, on both engines, from an empty shop: the list and its marks (cost only for
// cost roles), the location filter, marking complete (audited, all-or-nothing), the bulk edit of
// metal, supplier and place, and the CSV round trip: export, fill, dry run (writes nothing), apply.
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, test } from "vitest";
import { ENGINES } from "../../setup/databases";
import { makeLocation, makePiece, makeShop } from "../../factories";
import { appOn, type App } from "../helpers/app";
import { adminRequest, installShop, knownAdmin, routeArgs, sessionToken, settle } from "../helpers/shopify";

const PARIS = "gid://shopify/Location/101";
const LYON = "gid://shopify/Location/202";
const actor = { kind: "system", name: "seed" } as const;

type Answer = {
  ok: boolean;
  message: string;
  errors?: Record<string, string>;
  refusals?: { pieceId: string; tagCode: string; reason: string }[];
  sheet?: {
    applied: boolean;
    counts: { change: number; unchanged: number; refused: number; completes: number };
    rows: {
      row: number;
      tagCode: string;
      status: string;
      completes: boolean;
      applied?: boolean;
      changes: { column: string; before: string; after: string }[];
      messages: { column: string; message: string }[];
    }[];
  };
};

const json = (value: unknown) => JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));

describe.each(ENGINES)("%s", (engine) => {
  const SHOP = `details-${engine}.myshopify.com`;
  let route: typeof import("../../../app/routes/app.pieces.to-complete");
  let exportRoute: typeof import("../../../app/routes/app.pieces.to-complete.export[.csv]");
  let db: App["db"];
  let shopId: string;
  const loc: Record<string, string> = {};

  beforeAll(async () => {
    ({ db } = await appOn(engine));
    route = await import("../../../app/routes/app.pieces.to-complete");
    exportRoute = await import("../../../app/routes/app.pieces.to-complete.export[.csv]");
    shopId = (await installShop(SHOP)).id;
    await knownAdmin(SHOP, "manager", "1");
    await knownAdmin(SHOP, "staff", "2");
    for (const [key, name, parent, site] of [
      ["paris", "Paris", null, PARIS],
      ["safe", "Coffre 1", "paris", PARIS],
      ["tray", "Plateau 5", "safe", PARIS],
      ["lyon", "Lyon", null, LYON],
    ] as const) {
      loc[key] = await makeLocation(
        shopId,
        { name, kind: parent ? "safe" : "site", parentId: parent ? loc[parent] : null, shopifyLocationGid: site },
        actor,
      );
    }
  });

  const manager = () => sessionToken(SHOP, { userId: "1" });
  const staff = () => sessionToken(SHOP, { userId: "2" });

  const pending = (title: string, extra: Record<string, unknown> = {}) =>
    makePiece(shopId, { title, locationId: loc.safe, ...extra } as never, { actor, detailsPending: true });

  async function load(search: Record<string, string> = {}, token = manager()) {
    return route.loader(
      routeArgs(adminRequest("/app/pieces/to-complete", SHOP, { token, search: { locale: "en", ...search } })),
    );
  }

  async function post(body: unknown, options: { token?: string; locale?: string } = {}) {
    const request = adminRequest("/app/pieces/to-complete", SHOP, {
      method: "POST",
      body: JSON.stringify(body),
      token: options.token ?? manager(),
      search: { locale: options.locale ?? "en" },
    });
    request.headers.set("Content-Type", "application/json");
    const { response } = await settle(() => route.action(routeArgs(request)));
    return { status: response!.status, body: (await response!.json()) as Answer };
  }

  async function sheet(
    csv: string,
    intent: "check" | "apply",
    options: { token?: string; locale?: string; markComplete?: boolean } = {},
  ) {
    const form = new FormData();
    form.set("file", new File([csv], "details.csv", { type: "text/csv" }));
    form.set("intent", intent);
    form.set("markComplete", options.markComplete ? "true" : "false");
    const request = adminRequest("/app/pieces/to-complete", SHOP, {
      method: "POST",
      body: form,
      token: options.token ?? manager(),
      search: { locale: options.locale ?? "en" },
    });
    const { response } = await settle(() => route.action(routeArgs(request)));
    return { status: response!.status, body: (await response!.json()) as Answer };
  }

  async function exported(options: { token?: string; locale?: string; location?: string } = {}) {
    const search: Record<string, string> = { locale: options.locale ?? "en" };
    if (options.location) search.location = options.location;
    const response = await exportRoute.loader(
      routeArgs(
        adminRequest("/app/pieces/to-complete/export.csv", SHOP, { token: options.token ?? manager(), search }),
      ),
    );
    const bytes = new Uint8Array(await response.arrayBuffer());
    // Kept as sent: TextDecoder would drop the byte order mark French Excel needs.
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    const records = parse(text, { delimiter: ";", bom: true }) as string[][];
    return { text, header: records[0]!, rows: records.slice(1) };
  }

  const toCsv = (rows: string[][]) =>
    "\ufeff" +
    rows.map((r) => r.map((c) => (/[;"\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(";")).join("\r\n");

  const pieceOf = (id: string) =>
    db.piece.findFirstOrThrow({
      where: { shopId, id },
      include: { metals: true, stones: true, certificates: true, supplier: true, location: true },
    });

  test("lists only this shop's pieces whose details are pending, with their marks; cost is judged only for cost roles", async () => {
    const { pieceId } = await pending("Bague Shopify", { costMinor: 61234n, supplierName: "Fournisseur secret" });
    await makePiece(shopId, { title: "Reçue complète", locationId: loc.safe } as never, { actor });
    const other = await makeShop();
    await makePiece(other.id, { title: "Autre boutique" } as never, { actor, detailsPending: true });

    const data = await load();
    const row = data.pieces.find((p) => p.id === pieceId)!;
    expect(row).toBeTruthy();
    expect(data.pieces.map((p) => p.title)).not.toContain("Reçue complète");
    expect(data.pieces.map((p) => p.title)).not.toContain("Autre boutique");
    expect(row.completion).toEqual({
      metal: false,
      weights: false,
      stones: false,
      certificate: false,
      photos: false,
      cost: true,
    });
    expect(data.suppliers.map((s) => s.name)).toContain("Fournisseur secret");
    // Even a cost role gets marks, never the amount.
    expect(json(data)).not.toMatch(/(?<![0-9A-Za-z])61234(?![0-9])/);

    const seen = await load({}, staff());
    const staffRow = seen.pieces.find((p) => p.id === pieceId)!;
    expect(staffRow.completion).not.toHaveProperty("cost");
    expect(seen.suppliers).toEqual([]);
    expect(json(seen)).not.toContain("Fournisseur secret");
    expect(json(seen)).not.toMatch(/(?<![0-9A-Za-z])61234(?![0-9])/);
  });

  test("the home page and the pieces list carry the count of pieces waiting for their details", async () => {
    await pending("Jonc");
    const expected = await db.piece.count({ where: { shopId, detailsPendingAt: { not: null } } });
    expect(expected).toBeGreaterThan(0);
    const home = await import("../../../app/routes/app._index");
    const list = await import("../../../app/routes/app.pieces._index");
    const args = (path: string) => routeArgs(adminRequest(path, SHOP, { token: manager(), search: { locale: "en" } }));
    expect((await home.loader(args("/app"))).detailsPending).toBe(expected);
    expect((await list.loader(args("/app/pieces"))).detailsPending).toBe(expected);
    expect((await load()).total).toBe(expected);
  });

  test("the location filter keeps pieces of the place and of the places under it", async () => {
    const inTray = await pending("Dans le plateau", { locationId: loc.tray });
    const inLyon = await pending("À Lyon", { locationId: loc.lyon });
    const underSafe = (await load({ location: loc.safe! })).pieces.map((p) => p.id);
    expect(underSafe).toContain(inTray.pieceId);
    expect(underSafe).not.toContain(inLyon.pieceId);
    expect((await load({ location: loc.lyon! })).pieces.map((p) => p.id)).toEqual([inLyon.pieceId]);
  });

  test("marking complete clears the mark with who and why; a batch with a stale piece writes nothing", async () => {
    const a = await pending("Collier A");
    const b = await pending("Collier B");
    const va = (await pieceOf(a.pieceId)).version;
    const vb = (await pieceOf(b.pieceId)).version;
    const audits = await db.auditLog.count({ where: { shopId } });

    const refused = await post({
      intent: "complete",
      pieces: [
        { id: a.pieceId, version: va },
        { id: b.pieceId, version: vb - 1 + 5 },
      ],
    });
    expect(refused.status).toBe(409);
    expect(refused.body.refusals).toEqual([
      { pieceId: b.pieceId, tagCode: b.tagCode, reason: expect.stringContaining("reload") },
    ]);
    expect((await pieceOf(a.pieceId)).detailsPendingAt).not.toBeNull();
    expect(await db.auditLog.count({ where: { shopId } })).toBe(audits);

    const done = await post({
      intent: "complete",
      reason: "checked at the bench",
      pieces: [
        { id: a.pieceId, version: va },
        { id: b.pieceId, version: vb },
      ],
    });
    expect(done.status).toBe(200);
    expect(done.body.message).toBe("2 pieces marked complete.");
    const after = await pieceOf(a.pieceId);
    expect(after).toMatchObject({ detailsPendingAt: null, version: va + 1 });
    const entry = await db.auditLog.findFirstOrThrow({
      where: { shopId, entityId: a.pieceId, action: "piece.details_completed" },
    });
    expect(entry.reason).toBe("checked at the bench");
    expect(entry.actor).toContain("Shopify user 1");
    const data = JSON.parse(entry.data) as { changes: { detailsPendingAt: { after: null } }; stillMissing: string[] };
    expect(data.changes.detailsPendingAt.after).toBeNull();
    expect(data.stillMissing).toEqual(expect.arrayContaining(["metal", "weights"]));
    expect((await load()).pieces.map((p) => p.id)).not.toContain(a.pieceId);
  });

  test("bulk edit sets metal, supplier and place on the ticked pieces: versions bumped, before/after audited, the move in the ledger", async () => {
    const supplier = await makePiece(shopId, { title: "Source", supplierName: "Atelier Dupont" } as never, { actor });
    const supplierId = (await pieceOf(supplier.pieceId)).supplierId!;
    const bare = await pending("Alliance");
    const weighed = await pending("Chevalière", {
      metals: [{ metal: "silver", finenessBp: 9250, grossWeightMg: 8100n, enteredWeight: "8.1", enteredUnit: "g" }],
    });
    const before = await Promise.all([pieceOf(bare.pieceId), pieceOf(weighed.pieceId)]);
    const answer = await post({
      intent: "bulkEdit",
      reason: "catalogue Shopify",
      pieces: before.map((p) => ({ id: p.id, version: p.version })),
      metal: { metal: "gold", fineness: "18k" },
      supplierId,
      locationId: loc.tray,
    });
    expect(answer.status).toBe(200);
    expect(answer.body.message).toBe("2 pieces changed.");
    const [a, b] = await Promise.all([pieceOf(bare.pieceId), pieceOf(weighed.pieceId)]);
    // No weight given: the piece with no metal gets it unweighed, the other keeps its weight.
    expect(a.metals).toMatchObject([{ metal: "gold", finenessBp: 7500, grossWeightMg: 0n }]);
    expect(b.metals).toMatchObject([{ metal: "gold", finenessBp: 7500, grossWeightMg: 8100n, fineWeightMg: 6075n }]);
    expect(a.supplier?.name).toBe("Atelier Dupont");
    expect(a.locationId).toBe(loc.tray);
    expect(a.version).toBe(before[0]!.version + 2);
    const edited = await db.auditLog.findFirstOrThrow({
      where: { shopId, entityId: weighed.pieceId, action: "piece.edited" },
    });
    expect(edited.reason).toBe("catalogue Shopify");
    expect(JSON.parse(edited.data)).toMatchObject({
      changes: {
        metals: {
          before: [{ metal: "silver", finenessBp: 9250, grossWeightMg: "8100" }],
          after: [{ metal: "gold", finenessBp: 7500, grossWeightMg: "8100" }],
        },
        supplier: { before: null, after: "Atelier Dupont" },
      },
    });
    const moves = await db.movement.findMany({ where: { shopId, pieceId: bare.pieceId, kind: "location" } });
    expect(moves).toMatchObject([{ fromLocationId: loc.safe, toLocationId: loc.tray, reason: "catalogue Shopify" }]);
    // Still on the list: the details are not marked complete by an edit.
    expect(a.detailsPendingAt).not.toBeNull();
  });

  test("a place under another Shopify location refuses the whole batch; nothing is written", async () => {
    const a = await pending("Bracelet A");
    const b = await pending("Bracelet B");
    const before = await Promise.all([pieceOf(a.pieceId), pieceOf(b.pieceId)]);
    const audits = await db.auditLog.count({ where: { shopId } });
    const answer = await post(
      {
        intent: "bulkEdit",
        pieces: before.map((p) => ({ id: p.id, version: p.version })),
        metal: { metal: "platinum", fineness: "950", weight: "5,2" },
        locationId: loc.lyon,
      },
      { locale: "fr" },
    );
    expect(answer.status).toBe(409);
    expect(answer.body.refusals?.map((r) => r.tagCode).sort()).toEqual([a.tagCode, b.tagCode].sort());
    expect(answer.body.refusals?.[0]?.reason).toContain("autre emplacement Shopify");
    expect(await db.auditLog.count({ where: { shopId } })).toBe(audits);
    expect((await pieceOf(a.pieceId)).metals).toEqual([]);
    expect((await pieceOf(a.pieceId)).version).toBe(before[0]!.version);
  });

  test("a bad fineness is answered beside its field in French; a supplier from staff is refused (403)", async () => {
    const a = await pending("Broche");
    const { version } = await pieceOf(a.pieceId);
    const bad = await post(
      { intent: "bulkEdit", pieces: [{ id: a.pieceId, version }], metal: { metal: "gold", fineness: "751" } },
      { locale: "fr" },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.["metal.fineness"]).toMatch(/titre/i);
    const forbidden = await post(
      { intent: "bulkEdit", pieces: [{ id: a.pieceId, version }], supplierId: "x" },
      { token: staff() },
    );
    expect(forbidden.status).toBe(403);
    expect((await pieceOf(a.pieceId)).version).toBe(version);
  });

  test("the details sheet round trip: export, fill in French, dry run writes nothing, apply updates and marks complete", async () => {
    const ring = await pending("Solitaire Shopify");
    const chain = await pending("Chaîne Shopify");
    const { header, rows, text } = await exported({ locale: "fr", location: loc.safe });
    expect(text.startsWith("\ufeff")).toBe(true);
    expect(header).toEqual([
      "Code étiquette",
      "Désignation",
      "Référence",
      "Emplacement",
      "Métal",
      "Titre",
      "Poids brut",
      "Unité de poids",
      "Pierre",
      "Origine pierre",
      "Carats",
      "Nombre de pierres",
      "Laboratoire",
      "Numéro de certificat",
      "Fournisseur",
      "Coût",
      "À compléter",
      "Version",
    ]);
    const col = (name: string) => header.indexOf(name);
    const ringRow = rows.find((r) => r[0] === ring.tagCode)!;
    const chainRow = rows.find((r) => r[0] === chain.tagCode)!;
    expect(ringRow[col("Emplacement")]).toBe("Paris > Coffre 1");
    expect(ringRow[col("À compléter")]).toContain("Métal");
    const fill = (row: string[], values: Record<string, string>) => {
      const out = [...row];
      for (const [k, v] of Object.entries(values)) out[col(k)] = v;
      return out;
    };
    const filled = toCsv([
      header,
      fill(ringRow, {
        Métal: "or",
        Titre: "750",
        "Poids brut": "3,25",
        Pierre: "diamant",
        "Origine pierre": "naturel",
        Carats: "0,52",
        Laboratoire: "GIA",
        "Numéro de certificat": "2141438799",
        Coût: "1 200,50",
        Emplacement: "Paris > Coffre 1 > Plateau 5",
      }),
      // Metal and weight but no cost: changed, and kept on the list (a cost role must record cost).
      fill(chainRow, { Métal: "argent", Titre: "925", "Poids brut": "12,5" }),
    ]);
    const snapshot = async () => ({
      audit: await db.auditLog.count({ where: { shopId } }),
      versions: [(await pieceOf(ring.pieceId)).version, (await pieceOf(chain.pieceId)).version],
      metals: await db.pieceMetal.count({ where: { shopId } }),
    });
    const before = await snapshot();
    const dry = await sheet(filled, "check", { locale: "fr", markComplete: true });
    expect(dry.status).toBe(200);
    expect(dry.body.sheet?.applied).toBe(false);
    const ringOut = dry.body.sheet!.rows.find((r) => r.tagCode === ring.tagCode)!;
    expect(ringOut).toMatchObject({ status: "change", completes: true });
    expect(ringOut.changes).toEqual(
      expect.arrayContaining([
        { column: "fineness", before: "", after: "750" },
        { column: "weight", before: "", after: "3,25" },
        { column: "cost", before: "", after: "1200,50" },
        { column: "location", before: "Paris > Coffre 1", after: "Paris > Coffre 1 > Plateau 5" },
      ]),
    );
    expect(dry.body.sheet!.rows.find((r) => r.tagCode === chain.tagCode)).toMatchObject({
      status: "change",
      completes: false,
    });
    expect(await snapshot()).toEqual(before);

    const applied = await sheet(filled, "apply", { locale: "fr", markComplete: true });
    expect(applied.status).toBe(200);
    expect(applied.body.sheet?.counts).toMatchObject({ change: 2, refused: 0, completes: 1 });
    const r = await pieceOf(ring.pieceId);
    expect(r.metals).toMatchObject([{ metal: "gold", finenessBp: 7500, grossWeightMg: 3250n }]);
    expect(r.stones).toMatchObject([{ type: "diamond", origin: "natural", millicarats: 520 }]);
    expect(r.certificates).toMatchObject([{ lab: "GIA", number: "2141438799" }]);
    expect(r.stones[0]!.certificateId).toBe(r.certificates[0]!.id);
    expect(r.costMinor).toBe(120050n);
    expect(r.locationId).toBe(loc.tray);
    expect(r.detailsPendingAt).toBeNull();
    const c = await pieceOf(chain.pieceId);
    expect(c.metals).toMatchObject([{ metal: "silver", finenessBp: 9250, grossWeightMg: 12500n }]);
    expect(c.detailsPendingAt).not.toBeNull();
    const actions = (await db.auditLog.findMany({ where: { shopId, entityId: ring.pieceId } })).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["piece.edited", "piece.moved", "piece.details_completed"]));

    // The same file again: its versions are now stale, every row is refused and nothing changes.
    const again = await sheet(filled, "apply", { locale: "en" });
    expect(again.body.sheet?.counts).toMatchObject({ change: 0, refused: 2 });
    expect(again.body.sheet?.rows[0]?.messages[0]).toMatchObject({
      column: "Version",
      message: expect.stringContaining("changed since the export"),
    });
  });

  test("bad cells are refused with a message per column in English and French; unknown and other shops' tag codes are refused", async () => {
    const piece = await pending("Pendentif");
    const other = await makeShop();
    const foreign = await makePiece(other.id, { title: "Étrangère" } as never, { actor, detailsPending: true });
    const { header, rows } = await exported({ locale: "en" });
    const col = (name: string) => header.indexOf(name);
    const row = [...rows.find((r) => r[0] === piece.tagCode)!];
    row[col("Metal")] = "gold";
    row[col("Fineness")] = "751";
    row[col("Gross weight")] = "abc";
    row[col("Carats")] = "0.5555";
    const foreignRow = header.map((h) => (h === "Tag code" ? foreign.tagCode : h === "Version" ? "1" : ""));
    const unknownRow = header.map((h) => (h === "Tag code" ? "ZZZZZZZ" : h === "Version" ? "1" : ""));
    const csv = toCsv([header, row, foreignRow, unknownRow]);
    const audits = await db.auditLog.count({ where: { shopId } });

    const en = await sheet(csv, "apply", { locale: "en" });
    expect(en.body.sheet?.counts).toMatchObject({ change: 0, refused: 3 });
    const messages = en.body.sheet!.rows[0]!.messages;
    expect(messages.map((m) => m.column)).toEqual(expect.arrayContaining(["Fineness", "Gross weight", "Carats"]));
    expect(messages.find((m) => m.column === "Gross weight")?.message).toMatch(/weight/i);
    expect(en.body.sheet!.rows[1]!.messages).toEqual([
      { column: "Tag code", message: "No piece of this shop has this tag code." },
    ]);
    expect(en.body.sheet!.rows[2]!.messages[0]?.message).toBe("No piece of this shop has this tag code.");
    expect(await db.auditLog.count({ where: { shopId } })).toBe(audits);
    expect((await db.piece.findFirstOrThrow({ where: { id: foreign.pieceId } })).version).toBe(1);

    const fr = await sheet(csv, "check", { locale: "fr" });
    const frMessages = fr.body.sheet!.rows[0]!.messages;
    expect(frMessages.map((m) => m.column)).toEqual(expect.arrayContaining(["Titre", "Poids brut", "Carats"]));
    expect(fr.body.sheet!.rows[1]!.messages[0]?.message).toBe(
      "Aucune pièce de cette boutique ne porte ce code d’étiquette.",
    );
  });

  test("a role that may not see cost gets no cost or supplier in the sheet, and a cost cell from it is refused", async () => {
    const piece = await pending("Montre", { costMinor: 77123n, supplierName: "Grossiste privé" });
    // The shop lets its staff use the sheet (import and export), never cost: the sheet follows cost.see.
    await db.rolePermission.createMany({
      data: ["data.export", "data.import"].map((permission) => ({ shopId, role: "staff", permission, allowed: true })),
    });
    const { header, rows, text } = await exported({ token: staff() });
    expect(header).not.toContain("Cost");
    expect(header).not.toContain("Supplier");
    expect(text).not.toContain("Grossiste privé");
    expect(text).not.toMatch(/(?<![0-9A-Za-z])771[.,]?23(?![0-9])/);
    const row = rows.find((r) => r[0] === piece.tagCode)!;
    const csv = toCsv([
      [...header, "Cost"],
      [...row, "1.00"],
    ]);
    const answer = await sheet(csv, "apply", { token: staff() });
    expect(answer.body.sheet?.rows[0]).toMatchObject({
      status: "refused",
      messages: [{ column: "Cost", message: expect.any(String) }],
    });
    expect((await pieceOf(piece.pieceId)).costMinor).toBe(77123n);
  });
});
