// A stone graded by a report never says otherwise than its report, on every write path that takes
// stones: intake by any caller (the form, an import, a made piece, the demo seed all go through
// createPiece), the piece page's edit, and a row stored before the check, which shows the report's
// grades and stores them at its next save, audited.
import { beforeAll, describe, expect, test } from "vitest";
import { ENGINES } from "../../setup/databases";
import { makePiece } from "../../factories";
import { appOn, loadApp, type App } from "../helpers/app";
import { adminRequest, installShop, knownAdmin, routeArgs, sessionToken, settle } from "../helpers/shopify";

type Answer = { ok: boolean; message: string; errors?: Record<string, string>; changed?: string[] };

const report = { lab: "GIA", number: "2141438167", grades: { colour: "G", clarity: "SI1", cut: "Excellent" } };
const solitaire = {
  type: "diamond",
  origin: "natural" as const,
  shape: "round brilliant",
  millicarats: 1140,
  position: "centre" as const,
  certificateIndex: 0,
};

describe.each(ENGINES)("%s", (engine) => {
  const SHOP = `grades-${engine}.myshopify.com`;
  let route: typeof import("../../../app/routes/app.pieces.$id");
  let db: App["db"];
  let shopId: string;

  beforeAll(async () => {
    ({ db } = await appOn(engine));
    route = await import("../../../app/routes/app.pieces.$id");
    shopId = (await installShop(SHOP)).id;
    await knownAdmin(SHOP, "manager", "1");
  });

  const token = () => sessionToken(SHOP, { userId: "1" });
  const page = (id: string, locale = "en") =>
    route.loader(routeArgs(adminRequest(`/app/pieces/${id}`, SHOP, { token: token(), search: { locale } }), { id }));
  async function edit(id: string, version: number, form: unknown, locale = "en") {
    const request = adminRequest(`/app/pieces/${id}`, SHOP, {
      method: "POST",
      body: JSON.stringify({ intent: "edit", version, form }),
      search: { locale },
      token: token(),
    });
    request.headers.set("Content-Type", "application/json");
    const { response } = await settle(() => route.action(routeArgs(request, { id })));
    return { status: response!.status, body: (await response!.json()) as Answer };
  }

  test("intake by any caller refuses a stone whose grades differ from its report, naming both", async () => {
    const { createPiece } = await loadApp();
    const refused = await createPiece(
      shopId,
      {
        title: "Solitaire",
        currency: "EUR",
        metals: [],
        certificates: [{ lab: "GIA", number: "2141438990", grades: { colour: "D", clarity: "IF" } }],
        stones: [{ ...solitaire, colour: "J", clarity: "I1" }],
      },
      { kind: "system", name: "test" },
    );
    expect(refused).toEqual({
      ok: false,
      errors: [
        expect.objectContaining({ code: "GRADE_MISMATCH", field: "stones.0.colour", stone: "J", report: "D" }),
        expect.objectContaining({ code: "GRADE_MISMATCH", field: "stones.0.clarity", stone: "I1", report: "IF" }),
      ],
    });
    expect(await db.certificate.count({ where: { shopId, number: "2141438990" } })).toBe(0);

    const { pieceId } = await makePiece(shopId, { certificates: [report], stones: [{ ...solitaire }] });
    expect(await db.stone.findFirstOrThrow({ where: { shopId, pieceId } })).toMatchObject({
      colour: "G",
      clarity: "SI1",
      cutGrade: "Excellent",
    });
  });

  test("a stone stored with other grades than its report shows the report's; the next save stores them, audited", async () => {
    const { pieceId } = await makePiece(shopId, {
      certificates: [{ ...report, number: "2141438168" }],
      stones: [{ ...solitaire }],
    });
    // As rows written before the check could be: the flagship's "G VVS2" beside its "SI1" report.
    await db.stone.updateMany({ where: { shopId, pieceId }, data: { clarity: "VVS2" } });

    const shown = await page(pieceId);
    expect(shown.piece.stones[0]).toMatchObject({ colour: "G", clarity: "SI1" });
    expect(shown.edit.form.stones[0]).toMatchObject({ colour: "G", clarity: "SI1", cutGrade: "Excellent" });

    const saved = await edit(pieceId, shown.edit.version, { ...shown.edit.form, notes: "vitrine 2" });
    expect(saved.status).toBe(200);
    expect(saved.body.changed).toEqual(expect.arrayContaining(["notes", "stones"]));
    expect(await db.stone.findFirstOrThrow({ where: { shopId, pieceId } })).toMatchObject({ clarity: "SI1" });
    const audit = await db.auditLog.findFirstOrThrow({ where: { shopId, entityId: pieceId, action: "piece.edited" } });
    expect(audit.data).toContain("VVS2");
  });

  test("an edit giving the stone other grades than its report is refused beside the field in French (400, as any field of the edit), nothing written", async () => {
    const { pieceId } = await makePiece(shopId, {
      certificates: [{ ...report, number: "2141438169" }],
      stones: [{ ...solitaire }],
    });
    const shown = await page(pieceId, "fr");
    const form = shown.edit.form;
    const refused = await edit(
      pieceId,
      shown.edit.version,
      { ...form, stones: [{ ...form.stones[0], colour: "H" }] },
      "fr",
    );
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.["stones.0.colour"]).toBe(
      "La couleur de la pierre est H, mais son rapport GIA 2141438169 indique G. Une pierre rattachée à un rapport prend les grades du rapport\u202f: laissez la couleur vide ou saisissez G.",
    );
    expect(await db.stone.findFirstOrThrow({ where: { shopId, pieceId } })).toMatchObject({ colour: "G" });

    // Correcting the report's grade and leaving the stone's empty: the stone follows the report.
    const corrected = await edit(pieceId, shown.edit.version, {
      ...form,
      certificates: [{ ...form.certificates[0], colour: "H" }],
      stones: [{ ...form.stones[0], colour: "" }],
    });
    expect(corrected.status).toBe(200);
    expect(await db.stone.findFirstOrThrow({ where: { shopId, pieceId } })).toMatchObject({ colour: "H" });
  });
});
