// The partners register from an EMPTY shop, through its pages' loaders and actions with real
// session tokens, on both engines: create, edit, archive and restore (audited before/after); a
// SIREN another partner holds refused beside the field in English and French; merging a duplicate
// moves its pieces and consignments (its material receipts count through it) in one transaction,
// audited with both ids and the counts; the CSV export read back by the import (dry run first);
// intake and materials receipts choose partners, or add a typed name to the register; and a
// partner of another shop is neither seen nor usable.
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ENGINES } from "../../setup/databases";
import { makeMaterialClass, makePiece, makeShop } from "../../factories";
import { appOn, type App } from "../helpers/app";
import { adminRequest, routeArgs, sessionToken, settle } from "../helpers/shopify";
import { simulatedShop, type SimShop } from "../helpers/simulator";
import { unwrap } from "../setup/answers";

const CLERK = "4242"; // a Shopify user who starts as staff: no cost, no register

describe.each(ENGINES)("%s", (engine) => {
  const SHOP = `partners-${engine}.myshopify.com`;
  let s: SimShop;
  let db: App["db"];
  let shopId: string;
  let otherShopId: string;
  let list: typeof import("../../../app/routes/app.partners._index");
  let page: typeof import("../../../app/routes/app.partners.$id");
  let importRoute: typeof import("../../../app/routes/app.partners.import");
  let exportRoute: typeof import("../../../app/routes/app.partners.export[.csv]");
  let intake: typeof import("../../../app/routes/app.pieces.new");
  const ids: Record<string, string> = {};

  const request = (path: string, init: { method?: string; body?: BodyInit; locale?: string; userId?: string } = {}) =>
    adminRequest(path, SHOP, {
      method: init.method,
      body: init.body,
      token: sessionToken(SHOP, { userId: init.userId }),
      search: { locale: init.locale ?? "en" },
    });
  const form = (fields: Record<string, string | string[]>) => {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
    return body;
  };
  const create = async (fields: Record<string, string | string[]>, locale = "en") =>
    unwrap(
      await list.action(
        routeArgs(request("/app/partners", { method: "POST", body: form({ intent: "create", ...fields }), locale })),
      ),
    );
  const onPartner = async (id: string, fields: Record<string, string | string[]>, locale = "en") =>
    unwrap(
      await page.action(
        routeArgs(request(`/app/partners/${id}`, { method: "POST", body: form(fields), locale }), { id }),
      ),
    );
  const partner = (id: string) => db.party.findFirstOrThrow({ where: { id } });
  const audits = (entityId: string) =>
    db.auditLog
      .findMany({ where: { shopId, entityId }, orderBy: { seq: "asc" } })
      .then((rows) =>
        rows.map((r) => ({ action: r.action, reason: r.reason, data: JSON.parse(r.data) as Record<string, unknown> })),
      );
  const auditCount = () => db.auditLog.count({ where: { shopId } });
  const byName = async (name: string) => (await db.party.findFirstOrThrow({ where: { shopId, name } })).id;
  const saveIntake = async (formBody: unknown) => {
    const r = request("/app/pieces/new", { method: "POST", body: JSON.stringify({ intent: "save", form: formBody }) });
    r.headers.set("Content-Type", "application/json");
    const { response } = await settle(() => intake.action(routeArgs(r)));
    return { status: response!.status, body: (await response!.json()) as Record<string, unknown> };
  };
  const piece = (over: Record<string, unknown> = {}) => ({
    title: "Broche ancienne",
    link: "none",
    price: "1200",
    metals: [{ metal: "gold", fineness: "750", weight: "4", unit: "g" }],
    stones: [],
    certificates: [],
    consignment: null,
    ...over,
  });
  const postCsv = async (intent: "check" | "import", text: string, locale = "en") => {
    const body = new FormData();
    body.set("intent", intent);
    body.set("file", new File([text], "partners.csv", { type: "text/csv" }));
    return unwrap(
      await importRoute.action(routeArgs(request("/app/partners/import", { method: "POST", body, locale }))),
    ) as unknown as {
      status: number;
      body: {
        ok: boolean;
        applied?: boolean;
        summary?: string;
        errors?: Record<string, string>;
        rows?: { row: number; name: string; action: string; errors: { field: string; message: string }[] }[];
      };
    };
  };

  beforeAll(async () => {
    ({ db } = await appOn(engine));
    s = await simulatedShop(SHOP);
    shopId = (await makeShop({ domain: SHOP })).id;
    otherShopId = (await makeShop({ domain: `partners-other-${engine}.myshopify.com` })).id;
    list = await import("../../../app/routes/app.partners._index");
    page = await import("../../../app/routes/app.partners.$id");
    importRoute = await import("../../../app/routes/app.partners.import");
    exportRoute = await import("../../../app/routes/app.partners.export[.csv]");
    intake = await import("../../../app/routes/app.pieces.new");
  });

  afterAll(async () => {
    await s.close();
  });

  test("an empty shop has an empty register; a partner is created with its roles, numbers compacted, audited", async () => {
    expect((await list.loader(routeArgs(request("/app/partners")))).partners).toEqual([]);
    const answer = await create({
      name: "Comptoir Lyonnais des Métaux",
      roles: ["supplier", "workshop"],
      contactName: "Mme Girard",
      siren: "732 829 320",
      vatNumber: "fr 44 732829320",
      city: "Lyon",
      country: "fr",
      paymentDays: "30",
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    ids.comptoir = await byName("Comptoir Lyonnais des Métaux");
    expect(await partner(ids.comptoir)).toMatchObject({
      isSupplier: true,
      isWorkshop: true,
      isConsignor: false,
      kind: "supplier",
      siren: "732829320",
      vatNumber: "FR44732829320",
      country: "FR",
      termsPaymentDays: 30,
      archivedAt: null,
    });
    const [created] = await audits(ids.comptoir);
    expect(created).toMatchObject({
      action: "partner.created",
      data: { after: { siren: "732829320", city: "Lyon" }, personalChanged: ["contactName"] },
    });
    // A person's contact details are named in the chain, never written there.
    expect(JSON.stringify(created)).not.toContain("Girard");
    const listed = await list.loader(routeArgs(request("/app/partners?role=workshop")));
    expect(listed.partners.map((p) => p.name)).toEqual(["Comptoir Lyonnais des Métaux"]);
    expect((await list.loader(routeArgs(request("/app/partners?role=consignor")))).partners).toEqual([]);
    expect((await list.loader(routeArgs(request("/app/partners?q=732 829")))).partners).toHaveLength(1);
  });

  test("bad numbers answer 400 beside their field, in the person's language, and write nothing", async () => {
    const before = await auditCount();
    const en = await create({ name: "X", siren: "732829321", vatNumber: "FR45732829320", email: "x" });
    expect(en.status).toBe(400);
    expect(en.body.errors).toEqual({
      siren: "This SIREN's check digit is wrong: check for a mistyped digit.",
      vatNumber: "This French VAT number's key does not match its SIREN: check both.",
      email: "Enter an e-mail address such as name@example.com.",
    });
    const fr = await create({ name: "X", siret: "7328293200007" }, "fr");
    expect(fr.body.errors).toEqual({ siret: "Un SIRET compte 14 chiffres." });
    expect(await auditCount()).toBe(before);
  });

  test("a SIREN (or VAT number) another partner holds is refused beside the field, English and French", async () => {
    const before = await db.party.count({ where: { shopId } });
    const en = await create({ name: "Comptoir (doublon)", siren: "732829320" });
    expect(en.status).toBe(422);
    expect(en.body.errors).toEqual({
      siren: "Another partner already has this SIREN: Comptoir Lyonnais des Métaux. Open it, or merge the two.",
    });
    const fr = await create({ name: "Comptoir (doublon)", vatNumber: "FR44732829320", siren: "" }, "fr");
    expect(fr.body.errors).toEqual({
      // The SIREN is taken from the VAT number, so the SIREN is what clashes first.
      siren:
        "Un autre partenaire a déjà ce SIREN\u202f: Comptoir Lyonnais des Métaux. Ouvrez-le, ou fusionnez les deux.",
    });
    expect(await db.party.count({ where: { shopId } })).toBe(before);
  });

  test("an edit is audited with each changed field's before and after; a stale form is refused (409)", async () => {
    const shown = await page.loader(routeArgs(request(`/app/partners/${ids.comptoir}`), { id: ids.comptoir! }));
    expect(shown.partner.form).toMatchObject({ name: "Comptoir Lyonnais des Métaux", roles: ["supplier", "workshop"] });
    const answer = await onPartner(ids.comptoir!, {
      ...shown.partner.form,
      roles: shown.partner.form.roles,
      intent: "edit",
      version: shown.partner.version,
      city: "Villeurbanne",
      commission: "12,5",
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(await partner(ids.comptoir!)).toMatchObject({ city: "Villeurbanne", termsCommissionBp: 1250 });
    const updated = (await audits(ids.comptoir!)).at(-1);
    expect(updated).toEqual({
      action: "partner.updated",
      reason: null,
      data: {
        before: { city: "Lyon", termsCommissionBp: null },
        after: { city: "Villeurbanne", termsCommissionBp: 1250 },
      },
    });
    const stale = await onPartner(ids.comptoir!, {
      ...shown.partner.form,
      intent: "edit",
      version: shown.partner.version,
      city: "Paris",
    });
    expect(stale.status).toBe(409);
    expect((await partner(ids.comptoir!)).city).toBe("Villeurbanne");
  });

  test("an archived partner leaves the lists and the choosers, comes back when restored; both audited", async () => {
    await create({ name: "Maison Ancienne", roles: "consignor", commission: "30", returnDays: "90" });
    ids.ancienne = await byName("Maison Ancienne");
    expect((await onPartner(ids.ancienne, { intent: "archive" })).status).toBe(200);
    expect((await list.loader(routeArgs(request("/app/partners")))).partners.map((p) => p.name)).not.toContain(
      "Maison Ancienne",
    );
    expect((await list.loader(routeArgs(request("/app/partners?archived=1")))).partners.map((p) => p.name)).toContain(
      "Maison Ancienne",
    );
    expect((await intake.loader(routeArgs(request("/app/pieces/new")))).consignors).toEqual([]);
    expect((await onPartner(ids.ancienne, { intent: "restore" })).status).toBe(200);
    expect((await audits(ids.ancienne)).map((a) => a.action)).toEqual([
      "partner.created",
      "partner.archived",
      "partner.restored",
    ]);
  });

  test("intake offers the register's partners by role, with the consignor's default terms", async () => {
    const data = await intake.loader(routeArgs(request("/app/pieces/new")));
    expect(data.suppliers.map((p) => p.name)).toEqual(["Comptoir Lyonnais des Métaux"]);
    expect(data.consignors).toEqual([
      {
        id: ids.ancienne,
        name: "Maison Ancienne",
        detail: "",
        terms: { commissionBp: 3000, returnDays: 90, notes: null },
      },
    ]);
  });

  test("intake saves the chosen supplier and consignor; a typed new name joins the register, audited", async () => {
    const chosen = await saveIntake(
      piece({
        cost: "400",
        supplierId: ids.comptoir,
        supplierName: "Comptoir Lyonnais des Métaux",
        consignment: { consignorId: ids.ancienne, consignorName: "Maison Ancienne", commission: "30" },
      }),
    );
    expect(chosen.status, JSON.stringify(chosen.body)).toBe(200);
    const made = await db.piece.findFirstOrThrow({
      where: { id: chosen.body.pieceId as string },
      include: { consignment: true },
    });
    expect(made.supplierId).toBe(ids.comptoir);
    expect(made.consignment?.consignorId).toBe(ids.ancienne);

    const typed = await saveIntake(piece({ cost: "90", supplierName: "Atelier Nouveau" }));
    expect(typed.status, JSON.stringify(typed.body)).toBe(200);
    ids.nouveau = await byName("Atelier Nouveau");
    expect(await partner(ids.nouveau)).toMatchObject({ isSupplier: true, kind: "supplier" });
    expect(await audits(ids.nouveau)).toEqual([
      expect.objectContaining({ action: "partner.created", reason: "name typed at intake" }),
    ]);
    // The same name typed again is the same partner.
    await saveIntake(piece({ cost: "95", supplierName: "Atelier Nouveau" }));
    expect(await db.party.count({ where: { shopId, name: "Atelier Nouveau" } })).toBe(1);
  });

  test("a partner of another shop, an archived one, or one without the role cannot be chosen at intake", async () => {
    const other = await (
      await import("../../../app/services/partners/register.server")
    ).createPartner(
      otherShopId,
      {
        ...(await import("../../../app/domain/partners")).partnerFieldsOf(
          (await import("../../../app/domain/partners")).partnerFormSchema.parse({ name: "Voisin", roles: "supplier" }),
        ),
      },
      { kind: "system", name: "test" },
    );
    if (!other.ok) throw new Error("not created");
    ids.other = other.id;
    const before = await db.piece.count({ where: { shopId } });
    const foreign = await saveIntake(piece({ cost: "1", supplierId: other.id, supplierName: "Voisin" }));
    expect(foreign.status).toBe(422);
    expect((foreign.body.errors as Record<string, string>).supplierName).toBe(
      "Choose a partner from the list (this one is not in the register or cannot take this role).",
    );
    const notConsignor = await saveIntake(
      piece({ consignment: { consignorId: ids.comptoir, consignorName: "Comptoir", commission: "10" } }),
    );
    expect((notConsignor.body.errors as Record<string, string>)["consignment.consignorName"]).toBeDefined();
    expect(await db.piece.count({ where: { shopId } })).toBe(before);
    // Nor seen: its page is 404 here, and the list does not show it.
    const seen = await settle(() => page.loader(routeArgs(request(`/app/partners/${other.id}`), { id: other.id })));
    expect(seen.response?.status).toBe(404);
    expect((await list.loader(routeArgs(request("/app/partners?q=Voisin")))).partners).toEqual([]);
    const merge = await onPartner(ids.comptoir!, { intent: "merge", duplicateId: other.id });
    expect(merge.status).toBe(404);
  });

  test("a materials receipt names the chosen supplier, or adds a typed one to the register", async () => {
    const { recordMove } = await import("../../../app/services/materials/moves.server");
    const gold = await makeMaterialClass(shopId);
    const actor = { kind: "admin", name: "Camille" } as const;
    const chosen = await recordMove(
      shopId,
      {
        kind: "receive",
        classId: gold,
        qty: "10",
        unitCost: "50",
        supplier: "ignored",
        supplierId: ids.nouveau,
        day: "2026-11-02",
      },
      actor,
    );
    expect(chosen.ok, JSON.stringify(chosen)).toBe(true);
    const typed = await recordMove(
      shopId,
      { kind: "receive", classId: gold, qty: "5", unitCost: "52", supplier: "Affinerie du Sud", day: "2026-11-03" },
      actor,
    );
    expect(typed.ok).toBe(true);
    const moves = await db.materialMove.findMany({ where: { shopId, classId: gold }, orderBy: { createdAt: "asc" } });
    ids.affinerie = await byName("Affinerie du Sud");
    expect(moves.map((m) => [m.supplier, m.partnerId])).toEqual([
      ["Atelier Nouveau", ids.nouveau],
      ["Affinerie du Sud", ids.affinerie],
    ]);
    const foreign = await recordMove(
      shopId,
      {
        kind: "receive",
        classId: gold,
        qty: "1",
        unitCost: "1",
        supplier: "Voisin",
        supplierId: ids.other,
        day: "2026-11-03",
      },
      actor,
    );
    expect(foreign).toMatchObject({ ok: false, code: "UNKNOWN_PARTNER", field: "supplier" });
  });

  test("merging a duplicate moves its pieces and consignments in one transaction, audited with both ids and counts", async () => {
    // "Atelier Nouveau" (2 pieces supplied, 1 material receipt) is "Comptoir"'s duplicate.
    await makePiece(shopId, { title: "Chevalière", supplierName: "Atelier Nouveau" });
    // It also consigns a piece: typed as a consignor, the supplier takes that role too (audited).
    const consigned = await saveIntake(
      piece({ consignment: { consignorName: "Atelier Nouveau", commission: "25", consignorId: "" } }),
    );
    expect(consigned.status, JSON.stringify(consigned.body)).toBe(200);
    expect((await partner(ids.nouveau!)).isConsignor).toBe(true);
    expect((await audits(ids.nouveau!)).at(-1)).toMatchObject({
      action: "partner.updated",
      data: { before: { isConsignor: false }, after: { isConsignor: true } },
    });
    const suppliedBefore = await db.piece.count({ where: { shopId, supplierId: ids.nouveau } });
    expect(suppliedBefore).toBe(3);
    const answer = await onPartner(ids.comptoir!, {
      intent: "merge",
      duplicateId: ids.nouveau!,
      reason: "same workshop",
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.message).toBe("Merged: 3 pieces and 1 consignment moved; 1 material receipt now counts here.");
    expect(await db.piece.count({ where: { shopId, supplierId: ids.nouveau } })).toBe(0);
    expect(await db.piece.count({ where: { shopId, supplierId: ids.comptoir } })).toBe(4);
    expect(await db.consignment.count({ where: { shopId, consignorId: ids.nouveau } })).toBe(0);
    expect(await db.consignment.count({ where: { shopId, consignorId: ids.comptoir } })).toBe(1);
    // The survivor took the duplicate's roles.
    expect(await partner(ids.comptoir!)).toMatchObject({ isSupplier: true, isWorkshop: true, isConsignor: true });
    const merged = await partner(ids.nouveau!);
    expect(merged.mergedIntoId).toBe(ids.comptoir);
    expect(merged.mergedAt).not.toBeNull();
    const mergedAudit = (await audits(ids.nouveau!)).at(-1);
    expect(mergedAudit).toMatchObject({
      action: "partner.merged",
      reason: "same workshop",
      data: {
        survivorId: ids.comptoir,
        mergedId: ids.nouveau,
        moved: { pieces: 3, consignments: 1, materialReceipts: 1, earlierMerges: 0 },
      },
    });
    const survivorAudit = (await audits(ids.comptoir!)).at(-1);
    expect(survivorAudit).toMatchObject({
      action: "partner.merged_into",
      data: { survivorId: ids.comptoir, mergedId: ids.nouveau, moved: { pieces: 3 } },
    });
    const shown = await page.loader(routeArgs(request(`/app/partners/${ids.comptoir}`), { id: ids.comptoir! }));
    expect(shown.usage).toEqual({ supplied: 4, consigned: 1, receipts: 1 });
    expect(shown.merged.map((m) => m.name)).toEqual(["Atelier Nouveau"]);
    // The merged partner is out of the lists and cannot be merged or chosen again.
    expect((await list.loader(routeArgs(request("/app/partners")))).partners.map((p) => p.name)).not.toContain(
      "Atelier Nouveau",
    );
    expect((await onPartner(ids.comptoir!, { intent: "merge", duplicateId: ids.nouveau! })).status).toBe(409);
    // Typed again at intake, the name makes a new partner rather than reviving the merged one.
    expect((await intake.loader(routeArgs(request("/app/pieces/new")))).suppliers.map((p) => p.id)).not.toContain(
      ids.nouveau,
    );
  });

  test("two partners with different SIRENs are not merged (422, French message), nothing moves", async () => {
    await create({ name: "Orfèvrerie Martin", roles: "supplier", siren: "303265045" });
    const martin = await byName("Orfèvrerie Martin");
    const before = await auditCount();
    const answer = await onPartner(ids.comptoir!, { intent: "merge", duplicateId: martin }, "fr");
    expect(answer.status).toBe(422);
    expect(answer.body.errors).toEqual({
      duplicateId:
        "Ces deux partenaires ont des SIREN différents (732829320 et 303265045)\u202f: ce sont deux entreprises.",
    });
    expect(await auditCount()).toBe(before);
    expect((await partner(martin)).mergedIntoId).toBeNull();
  });

  test("the CSV export (semicolons, BOM) comes back through the import: dry run, then update and create", async () => {
    const response = await exportRoute.loader(routeArgs(request("/app/partners/export.csv")));
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    const rows = parse(text, { delimiter: ";", columns: true, bom: true }) as Record<string, string>[];
    expect(rows.map((r) => r.Name)).toEqual([
      "Affinerie du Sud",
      "Comptoir Lyonnais des Métaux",
      "Maison Ancienne",
      "Orfèvrerie Martin",
    ]);
    expect(rows.find((r) => r.Name === "Comptoir Lyonnais des Métaux")).toMatchObject({
      Roles: "supplier, consignor, workshop",
      SIREN: "732829320",
      "VAT number": "FR44732829320",
      "Commission %": "12.5",
      City: "Villeurbanne",
    });

    // Unchanged, it imports as nothing to do.
    const same = await postCsv("check", text);
    expect(same.body.rows?.map((r) => r.action)).toEqual(["unchanged", "unchanged", "unchanged", "unchanged"]);

    // Edited in a spreadsheet: one city changed (matched by SIREN, no Id), one partner added.
    const edited =
      "Nom;SIREN;Ville;Rôles\r\n" +
      "Orfèvrerie Martin;303 265 045;Lille;fournisseur\r\n" +
      "Bijoux Dubois;552032534;Nantes;déposant, confié\r\n";
    const before = await auditCount();
    const dry = await postCsv("check", edited);
    expect(dry.body).toMatchObject({ ok: true, applied: false });
    expect(dry.body.rows?.map((r) => [r.row, r.name, r.action, r.errors])).toEqual([
      [2, "Orfèvrerie Martin", "update", []],
      [3, "Bijoux Dubois", "create", []],
    ]);
    expect(await auditCount()).toBe(before);
    const applied = await postCsv("import", edited);
    expect(applied.body).toMatchObject({
      ok: true,
      applied: true,
      summary: "Imported: 1 created, 1 updated, 0 unchanged.",
    });
    expect((await partner(await byName("Orfèvrerie Martin"))).city).toBe("Lille");
    expect(await partner(await byName("Bijoux Dubois"))).toMatchObject({
      isConsignor: true,
      isMemoPartner: true,
      siren: "552032534",
    });
    expect(await auditCount()).toBe(before + 2);

    // Exported again and imported: nothing to do.
    const again = new TextDecoder().decode(
      new Uint8Array(await (await exportRoute.loader(routeArgs(request("/app/partners/export.csv")))).arrayBuffer()),
    );
    expect((await postCsv("check", again)).body.rows?.every((r) => r.action === "unchanged")).toBe(true);
  });

  test("the import lists each row's problems by field in the reader's language and writes nothing while any", async () => {
    const before = await auditCount();
    const bad =
      "Id;Name;SIREN;Roles;VAT number\r\n" +
      `${ids.other};Voisin;;supplier;\r\n` + // another shop's partner
      ";Martin bis;303265045;supplier;\r\n" + // matched by SIREN: updates Martin (fine)
      ";Faux;123456789;jeweller;\r\n" +
      ";Deux;;supplier;FR40303265045\r\n" + // VAT of Martin, whose SIREN row 3 already names
      ";Ok;;workshop;\r\n";
    const fr = await postCsv("import", bad, "fr");
    expect(fr.body.applied).toBe(false);
    const byRow = Object.fromEntries((fr.body.rows ?? []).map((r) => [r.row, r.errors]));
    expect(byRow[2]).toEqual([{ field: "id", message: "Aucun partenaire de cette boutique n’a cet Id." }]);
    expect(byRow[3]).toEqual([]);
    expect(byRow[4]).toEqual([
      { field: "roles", message: "Rôle inconnu\u202f: jeweller. Utilisez fournisseur, déposant, confié ou atelier." },
      { field: "siren", message: "La clé de ce SIREN est fausse\u202f: vérifiez qu’aucun chiffre n’est mal saisi." },
    ]);
    expect(byRow[5]).toEqual([
      { field: "id", message: "Le même partenaire figure déjà ligne 3 de ce fichier." },
      { field: "siren", message: "Le même partenaire figure déjà ligne 3 de ce fichier." },
    ]);
    expect(byRow[6]).toEqual([]);
    expect(await auditCount()).toBe(before);
    expect(await db.party.count({ where: { shopId, name: "Ok" } })).toBe(0);
    const en = await postCsv("check", "Nom;Ville\r\n;Paris\r\n");
    expect(en.body.rows?.[0]?.errors).toEqual([{ field: "name", message: "Give the partner a name." }]);
    const unreadable = await postCsv("check", "Ville\r\nParis\r\n");
    expect(unreadable.status).toBe(422);
    expect(unreadable.body.errors).toEqual({ file: "The file has no Name column." });
  });

  test("roles that do not see cost get a translated 403 from every register page", async () => {
    const asClerk = (path: string, locale = "en") => request(path, { userId: CLERK, locale });
    const runs: (() => Promise<unknown>)[] = [
      () => list.loader(routeArgs(asClerk("/app/partners"))),
      () => page.loader(routeArgs(asClerk(`/app/partners/${ids.comptoir}`), { id: ids.comptoir! })),
      () => exportRoute.loader(routeArgs(asClerk("/app/partners/export.csv"))),
    ];
    for (const run of runs) {
      const { response } = await settle(run);
      expect(response?.status).toBe(403);
      expect(await response?.text()).toBe(
        "Your role does not allow this: See cost and supplier. Ask the shop's owner or a manager.",
      );
    }
    const fr = await settle(() => list.loader(routeArgs(asClerk("/app/partners", "fr"))));
    expect(await fr.response?.text()).toBe(
      "Votre rôle ne permet pas ceci\u202f: Voir le coût et le fournisseur. Demandez au propriétaire de la boutique ou à un responsable.",
    );
    // At intake, staff see consignors (on the form for everyone) but no suppliers.
    const data = await intake.loader(routeArgs(asClerk("/app/pieces/new")));
    expect(data.suppliers).toEqual([]);
    expect(data.consignors.map((c) => c.name)).toContain("Maison Ancienne");
  });
});
