// The intake form's action with real session tokens against the Shopify simulator, on both engines:
// a good piece is written whole; every bad input answers 4xx with the field's message and writes
// nothing; cost is refused for a role that may not see it; variants and scans go through Shopify.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ENGINES } from "../../setup/databases";
import { makeShop } from "../../factories";
import { appOn, type App } from "../helpers/app";
import { adminRequest, routeArgs, settle } from "../helpers/shopify";
import { simulatedShop, type SimShop } from "../helpers/simulator";

type Answer = {
  ok: boolean;
  errors?: Record<string, string>;
  pieceId?: string;
  tagCode?: string;
  variant?: { variantGid: string; sku: string };
  scanFileGid?: string;
  scanUrl?: string | null;
};

const ring = (overrides: Record<string, unknown> = {}) => ({
  title: "Solitaire diamant or jaune",
  sku: "",
  price: "4 250,00",
  cost: "",
  link: "none",
  metals: [{ metal: "gold", colour: "yellow", fineness: "18k", weight: "3,25", unit: "g", hallmark: "tête d'aigle" }],
  stones: [
    {
      type: "diamond",
      origin: "natural",
      shape: "round",
      carats: "0,52",
      count: "1",
      colour: "G",
      clarity: "VS1",
      cutGrade: "EX",
      position: "centre",
      certificateIndex: "0",
    },
  ],
  certificates: [{ lab: "GIA", number: "2141438765", issuedAt: "2025-06-02", colour: "G", clarity: "VS1", cut: "EX" }],
  consignment: null,
  ...overrides,
});

describe.each(ENGINES)("%s", (engine) => {
  const SHOP = `intake-${engine}.myshopify.com`;
  let s: SimShop;
  let action: (typeof import("../../../app/routes/app.pieces.new"))["action"];
  let loader: (typeof import("../../../app/routes/app.pieces.new"))["loader"];
  let db: App["db"];
  let shopId: string;

  beforeAll(async () => {
    ({ db } = await appOn(engine));
    s = await simulatedShop(SHOP);
    ({ action, loader } = await import("../../../app/routes/app.pieces.new"));
    shopId = (await makeShop({ domain: SHOP })).id;
  });

  afterAll(async () => {
    await s.close();
  });

  async function post(body: unknown, locale = "en"): Promise<{ status: number; body: Answer }> {
    const request = adminRequest("/app/pieces/new", SHOP, {
      method: "POST",
      body: JSON.stringify(body),
      search: { locale },
    });
    request.headers.set("Content-Type", "application/json");
    const { response } = await settle(() => action(routeArgs(request)));
    if (!response) throw new Error("the action answered without a Response");
    return { status: response.status, body: (await response.json()) as Answer };
  }
  const save = (form: unknown, locale = "en") => post({ intent: "save", form }, locale);
  const written = async () => ({
    pieces: await db.piece.count({ where: { shopId } }),
    audit: await db.auditLog.count({ where: { shopId } }),
    certificates: await db.certificate.count({ where: { shopId } }),
    outbox: await db.outboxEntry.count({ where: { shopId } }),
  });

  test("a good diamond ring is received whole: metals, stone, certificate, ledger and audit rows, a tag code", async () => {
    const answer = await save(ring());
    expect(answer.status).toBe(200);
    expect(answer.body.ok).toBe(true);
    expect(answer.body.tagCode).toMatch(/^[0-9A-Z]{7}$/);
    const piece = await db.piece.findFirstOrThrow({
      where: { shopId, id: answer.body.pieceId! },
      include: { metals: true, stones: true, certificates: true, movements: true },
    });
    expect(piece).toMatchObject({
      title: "Solitaire diamant or jaune",
      priceMinor: 425000n,
      state: "receiving",
      costMinor: null,
    });
    expect(piece.metals[0]).toMatchObject({
      metal: "gold",
      finenessBp: 7500,
      grossWeightMg: 3250n,
      fineWeightMg: 2438n,
      enteredWeight: "3,25",
    });
    expect(piece.stones[0]).toMatchObject({
      type: "diamond",
      millicarats: 520,
      colour: "G",
      clarity: "VS1",
      certificateId: piece.certificates[0]!.id,
    });
    expect(piece.certificates[0]).toMatchObject({ lab: "GIA", number: "2141438765" });
    expect(JSON.parse(piece.certificates[0]!.grades)).toEqual({ colour: "G", clarity: "VS1", cut: "EX" });
    expect(piece.movements.map((m) => m.kind)).toEqual(["intake"]);
    expect(await db.auditLog.count({ where: { shopId, entityId: piece.id, action: "piece.created" } })).toBe(1);
  });

  const bad: [string, Record<string, unknown>, string, string, string][] = [
    [
      "a negative weight",
      { metals: [{ metal: "gold", fineness: "750", weight: "-3", unit: "g" }] },
      "metals.0.weight",
      "A weight cannot be negative.",
      "Un poids ne peut pas être négatif.",
    ],
    [
      "a 5 kg ring",
      { metals: [{ metal: "gold", fineness: "750", weight: "5000", unit: "g" }] },
      "metals.0.weight",
      "More than 2000 g for one piece: check the weight and its unit.",
      "Plus de 2000 g pour une pièce\u202f: vérifiez le poids et son unité.",
    ],
    [
      "carats with 4 decimals",
      { stones: [{ type: "diamond", origin: "natural", carats: "0.5234", position: "centre" }] },
      "stones.0.carats",
      "At most 3 decimals: stones are weighed to 0.001 ct.",
      "Au plus 3 décimales\u202f: les pierres se pèsent au millième de carat.",
    ],
    [
      "an unknown gold fineness",
      { metals: [{ metal: "gold", fineness: "751", weight: "3", unit: "g" }] },
      "metals.0.fineness",
      "“751” is not a legal or common fineness for this metal.",
      "«\u202f751\u202f» n'est pas un titre légal ou courant pour ce métal.",
    ],
    [
      "a certificate already recorded for this lab",
      {},
      "certificates.0.number",
      "GIA report 2141438765 is already recorded.",
      "Le rapport GIA 2141438765 est déjà enregistré.",
    ],
    [
      "the same certificate twice in the form",
      {
        certificates: [
          { lab: "IGI", number: "LG600001" },
          { lab: "IGI", number: "LG600001" },
        ],
        stones: [],
      },
      "certificates.1.number",
      "IGI report LG600001 is already recorded.",
      "Le rapport IGI LG600001 est déjà enregistré.",
    ],
    [
      "a tag code already used",
      { tagCode: "__TAKEN__" },
      "tagCode",
      "Tag code {code} is already used by another piece.",
      "Le code d'étiquette {code} est déjà utilisé par une autre pièce.",
    ],
    [
      "a consignment with neither commission nor net price",
      { consignment: { consignorName: "Mme Verne" } },
      "consignment.commission",
      "Enter either a commission or an agreed net price (one of the two).",
      "Saisissez soit une commission, soit un prix net convenu (l'un des deux).",
    ],
    [
      "a J I1 stone tied to a D IF report",
      {
        certificates: [{ lab: "GIA", number: "2141438999", colour: "D", clarity: "IF" }],
        stones: [
          {
            type: "diamond",
            origin: "natural",
            carats: "1,01",
            colour: "J",
            clarity: "I1",
            position: "centre",
            certificateIndex: "0",
          },
        ],
      },
      "stones.0.clarity",
      "The stone's clarity is I1 but its report GIA 2141438999 says IF. A stone linked to a report takes the report's grades: leave the clarity empty or type IF.",
      "La pureté de la pierre est I1, mais son rapport GIA 2141438999 indique IF. Une pierre rattachée à un rapport prend les grades du rapport\u202f: laissez la pureté vide ou saisissez IF.",
    ],
    [
      "attach without a variant",
      { link: "attach", variantRef: "" },
      "variantRef",
      "Enter the SKU or the variant id to attach to.",
      "Saisissez le SKU ou l'identifiant de la variante à rattacher.",
    ],
  ];

  test.each(bad)(
    "%s is refused beside its field in English and French, and nothing is written",
    async (_name, overrides, field, en, fr) => {
      let form = ring({ certificates: [{ lab: "GIA", number: "2141438765" }], ...overrides });
      if (overrides.tagCode === "__TAKEN__") {
        const existing = await db.piece.findFirstOrThrow({ where: { shopId } });
        form = ring({ certificates: [], stones: [], tagCode: existing.tagCode });
        en = en.replace("{code}", existing.tagCode);
        fr = fr.replace("{code}", existing.tagCode);
      }
      const before = await written();
      const english = await save(form, "en");
      expect(english.status).toBe(422);
      expect(english.body.errors?.[field]).toBe(en);
      const french = await save(form, "fr");
      expect(french.status).toBe(422);
      expect(french.body.errors?.[field]).toBe(fr);
      expect(await written()).toEqual(before);
    },
  );

  test("a stone linked to a report with its grades left empty is received with the report's grades", async () => {
    const answer = await save(
      ring({
        certificates: [{ lab: "GIA", number: "2141438170", colour: "F", clarity: "VVS1", cut: "Excellent" }],
        stones: [
          {
            type: "diamond",
            origin: "natural",
            carats: "0,80",
            position: "centre",
            certificateIndex: "0",
            clarity: "vvs1",
          },
        ],
      }),
    );
    expect(answer.status).toBe(200);
    const stone = await db.stone.findFirstOrThrow({ where: { shopId, pieceId: answer.body.pieceId! } });
    expect(stone).toMatchObject({ colour: "F", clarity: "VVS1", cutGrade: "Excellent" });
  });

  test("a malformed body is a 400, not a crash", async () => {
    const answer = await post({ intent: "nonsense" });
    expect(answer.status).toBe(400);
  });

  test("attaching to an existing variant by SKU or id links product, variant and inventory item; a shared variant takes identical pieces", async () => {
    const product = s.sim.state.seedProduct({
      shop: SHOP,
      title: "Alliance or 750",
      variants: [{ sku: "ALL-750-52", price: "690" }],
    });
    const v = product.variants[0]!;
    const looked = await post({ intent: "lookup", ref: "ALL-750-52" });
    expect(looked.status).toBe(200);
    expect(looked.body.variant).toMatchObject({ variantGid: v.variantId, sku: "ALL-750-52" });
    const first = await save(
      ring({ title: "Alliance 52", link: "attach", variantRef: "ALL-750-52", certificates: [], stones: [] }),
    );
    const second = await save(
      ring({
        title: "Alliance 52",
        link: "attach",
        variantRef: v.variantId.split("/").pop(),
        certificates: [],
        stones: [],
      }),
    );
    expect([first.status, second.status]).toEqual([200, 200]);
    const pieces = await db.piece.findMany({ where: { shopId, variantGid: v.variantId } });
    expect(pieces).toHaveLength(2);
    expect(pieces[0]).toMatchObject({
      productGid: product.productId,
      inventoryItemGid: v.inventoryItemId,
      sku: "ALL-750-52",
    });
    const missing = await save(ring({ link: "attach", variantRef: "NO-SUCH-SKU", certificates: [], stones: [] }));
    expect(missing.status).toBe(422);
    expect(missing.body.errors?.variantRef).toBe("No Shopify variant has this SKU or id.");
  });

  test("a variant created for a one-of-a-kind piece cannot be attached to another piece", async () => {
    const created = await save(ring({ title: "Bague unique", link: "create", certificates: [], stones: [] }));
    expect(created.status).toBe(200);
    const entry = await db.outboxEntry.findFirstOrThrow({ where: { shopId, kind: "product.create" } });
    expect(JSON.parse(entry.payload)).toEqual({ pieceId: created.body.pieceId });
    // What the worker does once Shopify has made the product: link it to the piece.
    const product = s.sim.state.seedProduct({
      shop: SHOP,
      title: "Bague unique",
      variants: [{ sku: "UNIQUE-1", price: "4250" }],
    });
    await db.piece.update({
      where: { id: created.body.pieceId! },
      data: { productGid: product.productId, variantGid: product.variants[0]!.variantId },
    });
    const before = await written();
    const refused = await save(
      ring({ title: "Copie", link: "attach", variantRef: "UNIQUE-1", certificates: [], stones: [] }),
      "fr",
    );
    expect(refused.status).toBe(422);
    expect(refused.body.errors?.variantRef).toBe(
      `Cette variante a été créée pour la pièce unique ${created.body.tagCode}\u202f; elle ne peut pas être partagée.`,
    );
    expect(await written()).toEqual(before);
  });

  test("a certificate scan goes to Shopify Files through a staged upload, and the piece keeps its file", async () => {
    const data = new FormData();
    data.set(
      "scan",
      new File([new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31])], "gia 2141000999.pdf", {
        type: "application/pdf",
      }),
    );
    data.set("index", "0");
    data.set("alt", "GIA 2141000999");
    const request = adminRequest("/app/pieces/new", SHOP, { method: "POST", body: data });
    const { response } = await settle(() => action(routeArgs(request)));
    expect(response?.status).toBe(200);
    const uploaded = (await response!.json()) as Answer;
    expect(uploaded.scanFileGid).toMatch(/^gid:\/\/shopify\/GenericFile\/\d+$/);
    const saved = await save(
      ring({
        certificates: [
          { lab: "GIA", number: "2141000999", scanFileGid: uploaded.scanFileGid, scanUrl: uploaded.scanUrl },
        ],
      }),
    );
    expect(saved.status).toBe(200);
    const cert = await db.certificate.findFirstOrThrow({ where: { shopId, number: "2141000999" } });
    expect(cert.scanFileGid).toBe(uploaded.scanFileGid);
    expect(cert.scanUrl).toMatch(/^https:\/\/cdn\.shopify\.com\//);

    const wrongType = new FormData();
    wrongType.set("scan", new File(["MZ"], "virus.exe", { type: "application/x-msdownload" }));
    wrongType.set("index", "0");
    const refused = await settle(() =>
      action(routeArgs(adminRequest("/app/pieces/new", SHOP, { method: "POST", body: wrongType }))),
    );
    expect(refused.response?.status).toBe(422);
    expect(((await refused.response!.json()) as Answer).errors?.["certificates.0.scan"]).toBe(
      "Upload a PDF, JPEG or PNG file of at most 20 MB.",
    );
  });

  test("cost and supplier are neither shown to nor accepted from a staff role; a manager records them", async () => {
    const manager = await save(
      ring({ title: "Avec coût", cost: "1 900,00", supplierName: "Atelier Dupont", certificates: [], stones: [] }),
    );
    expect(manager.status).toBe(200);
    expect(
      await db.piece.findFirstOrThrow({ where: { id: manager.body.pieceId! }, include: { supplier: true } }),
    ).toMatchObject({ costMinor: 190000n, supplier: { name: "Atelier Dupont" } });

    await db.staffMember.updateMany({ where: { shopId }, data: { role: "staff" } });
    try {
      const page = await loader(routeArgs(adminRequest("/app/pieces/new", SHOP)));
      expect(page.canSeeCost).toBe(false);
      const before = await written();
      const refused = await save(ring({ title: "Coût interdit", cost: "1 900,00", certificates: [], stones: [] }));
      expect(refused.status).toBe(403);
      expect(refused.body.errors?.cost).toBe("Your role may not record cost or supplier.");
      expect(await written()).toEqual(before);
      const plain = await save(ring({ title: "Sans coût", certificates: [], stones: [] }));
      expect(plain.status).toBe(200);
    } finally {
      await db.staffMember.updateMany({ where: { shopId }, data: { role: "manager" } });
    }
  });
});
