// Editing what intake recorded, after intake, through the piece page's action (real session tokens,
// both engines, an empty shop): SKU and acquisition date, certificates corrected and removed, two
// edits recording the same report at once (409, never 500), a consigned piece's terms, and the
// public record re-signed as a new version while earlier versions still verify.
import { beforeAll, describe, expect, test } from "vitest";
import { ENGINES } from "../../setup/databases";
import { makePiece } from "../../factories";
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

type Answer = {
  ok: boolean;
  message: string;
  version?: number;
  changed?: string[];
  provenanceVersion?: number | null;
  errors?: Record<string, string>;
};
type Form = Record<string, unknown> & {
  certificates: Record<string, unknown>[];
  stones: Record<string, unknown>[];
  consignment?: Record<string, string>;
};

const DAY = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe.each(ENGINES)("%s", (engine) => {
  const SHOP = `edit-more-${engine}.myshopify.com`;
  let route: typeof import("../../../app/routes/app.pieces.$id");
  let proxy: typeof import("../../../app/routes/proxy.$token");
  let forgetProvenanceCache: () => void;
  let db: App["db"];
  let shopId: string;

  beforeAll(async () => {
    ({ db } = await appOn(engine));
    route = await import("../../../app/routes/app.pieces.$id");
    proxy = await import("../../../app/routes/proxy.$token");
    ({ forgetProvenanceCache } = await import("../../../app/services/provenance/public-record.server"));
    shopId = (await installShop(SHOP)).id;
    await knownAdmin(SHOP, "manager", "1");
  });

  async function post(id: string, body: unknown, locale = "en") {
    const request = adminRequest(`/app/pieces/${id}`, SHOP, {
      method: "POST",
      body: JSON.stringify(body),
      search: { locale },
      token: sessionToken(SHOP, { userId: "1" }),
    });
    request.headers.set("Content-Type", "application/json");
    const { response } = await settle(() => route.action(routeArgs(request, { id })));
    if (!response) throw new Error("the action answered without a Response");
    return { status: response.status, body: (await response.json()) as Answer };
  }

  /** The page's own form and version (pieces here have no product, so the loader asks Shopify nothing). */
  async function formOf(id: string) {
    const data = await route.loader(
      routeArgs(
        adminRequest(`/app/pieces/${id}`, SHOP, {
          token: sessionToken(SHOP, { userId: "1" }),
          search: { locale: "en" },
        }),
        { id },
      ),
    );
    return { form: data.edit.form as unknown as Form, version: data.edit.version };
  }

  const edit = (id: string, version: number, form: unknown, locale = "en") =>
    post(id, { intent: "edit", version, form }, locale);

  const lastEdit = async (pieceId: string) => {
    const rows = await db.auditLog.findMany({
      where: { shopId, entityId: pieceId, action: "piece.edited" },
      orderBy: { seq: "desc" },
      take: 1,
    });
    return JSON.parse(rows[0]!.data) as { changes: Record<string, { before: unknown; after: unknown }> };
  };

  const proxyGet = async (token: string, extra: Record<string, string>) =>
    (await proxy.loader(
      routeArgs(proxyRequest(`/proxy/${encodeURIComponent(token)}`, SHOP, { extra }), { token }),
    )) as Response;

  test("SKU and acquisition date are edited, each audited with before and after", async () => {
    const { pieceId } = await makePiece(shopId, { title: "Alliance", sku: "ALL-1" });
    const { form, version } = await formOf(pieceId);
    expect(form).toMatchObject({ sku: "ALL-1", acquiredAt: "" });
    const bought = day(Date.now() - 30 * DAY);
    const answer = await edit(pieceId, version, { ...form, sku: "ALL-1B", acquiredAt: bought });
    expect(answer.status).toBe(200);
    expect(answer.body.changed?.sort()).toEqual(["acquiredAt", "sku"]);
    const piece = await db.piece.findFirstOrThrow({ where: { shopId, id: pieceId } });
    expect(piece.sku).toBe("ALL-1B");
    expect(piece.acquiredAt?.toISOString().slice(0, 10)).toBe(bought);
    const { changes } = await lastEdit(pieceId);
    expect(changes.sku).toEqual({ before: "ALL-1", after: "ALL-1B" });
    expect(changes.acquiredAt).toEqual({ before: null, after: bought });
  });

  test("an acquisition date in the future is refused beside its field in French; a linked piece's SKU is Shopify's", async () => {
    const { pieceId } = await makePiece(shopId, { title: "Broche" });
    const { form, version } = await formOf(pieceId);
    const future = await edit(pieceId, version, { ...form, acquiredAt: day(Date.now() + 5 * DAY) }, "fr");
    expect(future.status).toBe(400);
    expect(future.body.errors?.acquiredAt).toBe("Cette date est dans le futur.");

    const linked = await makePiece(shopId, {
      title: "Bague liée",
      sku: "LIE-1",
      productGid: "gid://shopify/Product/7001",
      variantGid: "gid://shopify/ProductVariant/7001",
    });
    const { pieceEditForm } = await import("../../../app/domain/schemas/piece-edit");
    const full = await db.piece.findFirstOrThrow({
      where: { shopId, id: linked.pieceId },
      include: { supplier: true, metals: true, stones: true, certificates: true, consignment: true },
    });
    const linkedForm = pieceEditForm(full, { locale: "en", canSeeCost: true });
    const refused = await edit(linked.pieceId, full.version, { ...linkedForm, sku: "LIE-2" });
    expect(refused.status).toBe(422);
    expect(refused.body.errors?.sku).toContain("Shopify");
    expect((await db.piece.findFirstOrThrow({ where: { shopId, id: linked.pieceId } })).sku).toBe("LIE-1");
  });

  test("a recorded certificate is corrected, then removed: audited, and the stone it graded keeps no report", async () => {
    const { pieceId } = await makePiece(shopId, {
      title: "Solitaire",
      stones: [{ type: "diamond", origin: "natural", millicarats: 710, certificateIndex: 0 }],
      certificates: [{ lab: "GIA", number: "6100000001", grades: { colour: "G" } }],
    });
    let { form, version } = await formOf(pieceId);
    expect(form.certificates[0]).toMatchObject({ number: "6100000001", colour: "G" });
    const corrected = await edit(pieceId, version, {
      ...form,
      certificates: [
        {
          ...form.certificates[0],
          number: "6100000002",
          colour: "F",
          clarity: "VVS2",
          issuedAt: day(Date.now() - DAY),
        },
      ],
      // The stone takes its report's grades: left empty, it follows the corrected report.
      stones: [{ ...form.stones[0], colour: "", clarity: "" }],
    });
    expect(corrected.status).toBe(200);
    expect(corrected.body.changed).toEqual(expect.arrayContaining(["certificates", "stones"]));
    const cert = await db.certificate.findFirstOrThrow({ where: { shopId, pieceId } });
    expect(cert).toMatchObject({ number: "6100000002" });
    expect(JSON.parse(cert.grades)).toEqual({ colour: "F", clarity: "VVS2" });
    expect(await db.stone.findFirstOrThrow({ where: { shopId, pieceId } })).toMatchObject({
      certificateId: cert.id,
      colour: "F",
      clarity: "VVS2",
    });
    const audit = (await lastEdit(pieceId)).changes.certificates as {
      before: { number: string }[];
      after: { number: string }[];
    };
    expect(audit.before.map((c) => c.number)).toEqual(["6100000001"]);
    expect(audit.after.map((c) => c.number)).toEqual(["6100000002"]);
    // The old number is free again: another piece may record it.
    await makePiece(shopId, { title: "Autre", certificates: [{ lab: "GIA", number: "6100000001" }] });

    ({ form, version } = await formOf(pieceId));
    const removed = await edit(pieceId, version, {
      ...form,
      certificates: [],
      stones: [{ ...form.stones[0], certificateIndex: "" }],
    });
    expect(removed.status).toBe(200);
    expect(await db.certificate.count({ where: { shopId, pieceId } })).toBe(0);
    expect((await db.stone.findFirstOrThrow({ where: { shopId, pieceId } })).certificateId).toBeNull();
    const gone = (await lastEdit(pieceId)).changes.certificates as { before: { number: string }[]; after: unknown[] };
    expect(gone.before.map((c) => c.number)).toEqual(["6100000002"]);
    expect(gone.after).toEqual([]);
  });

  test("correcting a report to a number another piece holds is refused beside the field, in English and French", async () => {
    await makePiece(shopId, { title: "Tenant", certificates: [{ lab: "IGI", number: "LG7000001" }] });
    const { pieceId } = await makePiece(shopId, {
      title: "Pendentif",
      certificates: [{ lab: "IGI", number: "LG7000002" }],
    });
    const { form, version } = await formOf(pieceId);
    const taken = { ...form, certificates: [{ ...form.certificates[0], number: "LG7000001" }] };
    const en = await edit(pieceId, version, taken);
    expect(en.status).toBe(422);
    expect(en.body.errors?.["certificates.0.number"]).toBe("IGI report LG7000001 is already recorded in this shop.");
    const fr = await edit(pieceId, version, taken, "fr");
    expect(fr.body.errors?.["certificates.0.number"]).toBe(
      "Le rapport IGI LG7000001 est déjà enregistré dans cette boutique.",
    );
    expect((await db.certificate.findFirstOrThrow({ where: { shopId, pieceId } })).number).toBe("LG7000002");
  });

  test("two edits recording the same report at the same moment: one is saved, the other refused beside its field, never a 500", async () => {
    for (let round = 0; round < 3; round++) {
      const a = await makePiece(shopId, { title: `Bague A${round}` });
      const b = await makePiece(shopId, { title: `Bague B${round}` });
      const [fa, fb] = await Promise.all([formOf(a.pieceId), formOf(b.pieceId)]);
      const number = `98765432${round}`;
      const withReport = (f: Form) => ({ ...f, certificates: [{ lab: "GIA", number }] });
      const answers = await Promise.all([
        edit(a.pieceId, fa.version, withReport(fa.form)),
        edit(b.pieceId, fb.version, withReport(fb.form)),
      ]);
      const statuses = answers.map((x) => x.status).sort();
      expect(statuses[0]).toBe(200);
      // Refused by the check (the other edit committed first) or by the unique index (both checked
      // before either wrote): a field message either way.
      expect([409, 422]).toContain(statuses[1]);
      const refused = answers.find((x) => x.status !== 200)!;
      expect(refused.body.errors?.["certificates.0.number"]).toBe(
        `GIA report ${number} is already recorded in this shop.`,
      );
      expect(await db.certificate.count({ where: { shopId, number } })).toBe(1);
    }
  });

  test.runIf(engine === "postgresql")(
    "a report recorded by another transaction after this edit's check: the unique index refuses the insert, answered 409 beside the field",
    async () => {
      const { default: pg } = await import("pg");
      const rival = await makePiece(shopId, { title: "Rivale" });
      const { pieceId } = await makePiece(shopId, { title: "Course" });
      const { form, version } = await formOf(pieceId);
      // Another connection records the report and holds its transaction open: this edit's check
      // cannot see it, and its insert waits on the unique index until that transaction commits.
      const other = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await other.connect();
      try {
        await other.query("BEGIN");
        await other.query(
          `INSERT INTO "Certificate" ("id", "shopId", "pieceId", "lab", "number") VALUES ('rival-cert', $1, $2, 'GIA', '5551112223')`,
          [shopId, rival.pieceId],
        );
        const pending = edit(pieceId, version, { ...form, certificates: [{ lab: "GIA", number: "5551112223" }] });
        await expect
          .poll(
            async () =>
              Number(
                (
                  await other.query(
                    // Waiting on our transaction's id: a lock not granted, in this test's database only.
                    `SELECT count(*) AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                   WHERE NOT l.granted AND a.datname = current_database()`,
                  )
                ).rows[0].n as string,
              ),
            { timeout: 20_000 },
          )
          .toBeGreaterThan(0);
        await other.query("COMMIT");
        const answer = await pending;
        expect(answer.status).toBe(409);
        expect(answer.body.errors?.["certificates.0.number"]).toBe(
          "GIA report 5551112223 is already recorded in this shop.",
        );
      } finally {
        await other.end();
      }
      expect(await db.certificate.count({ where: { shopId, number: "5551112223" } })).toBe(1);
      const piece = await db.piece.findFirstOrThrow({ where: { shopId, id: pieceId } });
      expect(piece.version).toBe(version);
      expect(await db.auditLog.count({ where: { shopId, entityId: pieceId, action: "piece.edited" } })).toBe(0);
    },
  );

  test("a consigned piece's terms change from commission to an agreed net price, with a due date and return conditions", async () => {
    const received = new Date(Date.now() - 20 * DAY);
    const { pieceId } = await makePiece(shopId, {
      title: "Bague ancienne",
      consignment: { consignorName: "Mme Martin", commissionBp: 3000, receivedAt: received },
    });
    const { form, version } = await formOf(pieceId);
    expect(form.consignment).toMatchObject({ commission: "30", agreedNet: "", receivedAt: day(received.getTime()) });
    const due = day(Date.now() + 60 * DAY);
    const answer = await edit(
      pieceId,
      version,
      {
        ...form,
        consignment: {
          ...form.consignment,
          commission: "",
          agreedNet: "1 250,50",
          dueAt: due,
          returnConditions: "Rendue nettoyée",
        },
      },
      "fr",
    );
    expect(answer.status).toBe(200);
    expect(answer.body.changed).toEqual(["consignment"]);
    const c = await db.consignment.findFirstOrThrow({ where: { shopId, pieceId } });
    expect(c).toMatchObject({ commissionBp: null, agreedNetMinor: 125050n, returnConditions: "Rendue nettoyée" });
    expect(c.dueAt?.toISOString().slice(0, 10)).toBe(due);
    expect((await lastEdit(pieceId)).changes.consignment).toEqual({
      before: { commissionBp: 3000, agreedNetMinor: null, dueOn: null, returnConditions: null },
      after: { commissionBp: null, agreedNetMinor: "125050", dueOn: due, returnConditions: "Rendue nettoyée" },
    });
  });

  test("consignment terms: both or neither of commission and net price, a due date before receipt, are refused beside the field", async () => {
    const { pieceId } = await makePiece(shopId, {
      title: "Montre",
      consignment: { consignorName: "M. Durand", commissionBp: 2500, receivedAt: new Date(Date.now() - 10 * DAY) },
    });
    const { form, version } = await formOf(pieceId);
    const both = await edit(pieceId, version, { ...form, consignment: { ...form.consignment, agreedNet: "100" } });
    expect(both.status).toBe(400);
    expect(both.body.errors?.["consignment.commission"]).toBeTruthy();
    const early = await edit(
      pieceId,
      version,
      { ...form, consignment: { ...form.consignment, dueAt: day(Date.now() - 15 * DAY) } },
      "fr",
    );
    expect(early.status).toBe(400);
    expect(early.body.errors?.["consignment.dueAt"]).toBeTruthy();
    expect((await db.piece.findFirstOrThrow({ where: { shopId, id: pieceId } })).version).toBe(version);
  });

  test("a settled consignment's terms no longer change (409, nothing written); a piece not consigned has none to change", async () => {
    const { pieceId } = await makePiece(shopId, {
      title: "Collier",
      consignment: { consignorName: "Mme Roy", commissionBp: 2000, receivedAt: new Date(Date.now() - 10 * DAY) },
    });
    const { form, version } = await formOf(pieceId);
    await db.consignment.updateMany({ where: { shopId, pieceId }, data: { settledAt: new Date() } });
    const audit = await db.auditLog.count({ where: { shopId } });
    const closed = await edit(
      pieceId,
      version,
      { ...form, consignment: { ...form.consignment, commission: "25" } },
      "fr",
    );
    expect(closed.status).toBe(409);
    expect(closed.body.errors?.consignment).toMatch(/réglé/);
    expect((await db.consignment.findFirstOrThrow({ where: { shopId, pieceId } })).commissionBp).toBe(2000);
    expect(await db.auditLog.count({ where: { shopId } })).toBe(audit);
    // Other fields of the same piece still change (its unchanged terms travel with the form).
    expect((await edit(pieceId, version, { ...form, notes: "fermoir revu" })).status).toBe(200);

    const own = await makePiece(shopId, { title: "À nous" });
    const ownForm = await formOf(own.pieceId);
    expect(ownForm.form).not.toHaveProperty("consignment");
    const forced = await edit(own.pieceId, ownForm.version, {
      ...ownForm.form,
      consignment: { commission: "10", receivedAt: day(Date.now() - DAY) },
    });
    expect(forced.status).toBe(422);
    expect(forced.body.errors?.consignment).toContain("not consigned");
  });

  test("an edit of what the public page shows signs version 2; version 1 still verifies and says it is superseded; private edits sign nothing", async () => {
    const { pieceId } = await makePiece(shopId, { title: "Solitaire public", madeBy: "Atelier A" });
    const token = (await db.piece.findFirstOrThrow({ where: { shopId, id: pieceId } })).publicToken;
    forgetProvenanceCache();
    // The first view signs version 1.
    const v1 = JSON.parse(await (await proxyGet(token, { format: "json" })).text());
    expect(v1).toMatchObject({ format: "loupe-provenance/2", version: 1 });
    expect(verifyEnvelope(v1)).toMatchObject({ ok: true, version: 1 });

    let { form, version } = await formOf(pieceId);
    const saved = await edit(pieceId, version, { ...form, madeBy: "Atelier B", notes: "SECRET-NOTE-42" });
    expect(saved.body).toMatchObject({ ok: true, provenanceVersion: 2 });
    const versions = await db.provenanceVersion.findMany({ where: { shopId, pieceId }, orderBy: { version: "asc" } });
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    expect(versions.some((v) => v.envelope.includes("SECRET-NOTE-42"))).toBe(false);

    const current = JSON.parse(await (await proxyGet(token, { format: "json" })).text());
    expect(current).toMatchObject({ version: 2, record: { madeBy: "Atelier B" } });
    expect(verifyEnvelope(current)).toMatchObject({ ok: true, version: 2 });
    const page = await (await proxyGet(token, { format: "html", locale: "en" })).text();
    expect(page).toContain("Version 2 of this record, signed on");
    expect(page).not.toContain("SECRET-NOTE-42");

    // The record signed earlier, downloaded before the edit, still verifies; asked for by number it
    // is served exactly as signed and marked superseded.
    expect(verifyEnvelope(v1).ok).toBe(true);
    const old = await proxyGet(token, { format: "json", version: "1" });
    expect(old.status).toBe(200);
    const oldJson = JSON.parse(await old.text());
    expect(oldJson).toEqual(v1);
    const oldPage = await (await proxyGet(token, { format: "html", locale: "en", version: "1" })).text();
    expect(oldPage).toContain("Atelier A");
    expect(oldPage).toMatch(/This is version 1 of this record, signed on .*superseded by version 2 of/);
    expect(oldPage).not.toContain("no longer matches");
    const oldFr = await (await proxyGet(token, { format: "html", locale: "fr", version: "1" })).text();
    expect(oldFr).toContain("remplacée par la version 2");
    expect((await proxyGet(token, { format: "json", version: "3" })).status).toBe(404);
    expect((await proxyGet(token, { format: "json", version: "x" })).status).toBe(404);

    // A private field (notes) leaves the public record as it was: no version 3.
    ({ form, version } = await formOf(pieceId));
    const notes = await edit(pieceId, version, { ...form, notes: "SECRET-NOTE-43" });
    expect(notes.body).toMatchObject({ ok: true, provenanceVersion: null });
    forgetProvenanceCache();
    expect(JSON.parse(await (await proxyGet(token, { format: "json" })).text()).version).toBe(2);
    expect(await db.provenanceVersion.count({ where: { shopId, pieceId } })).toBe(2);
  });

  test("signed versions are append-only: the database refuses to change one", async () => {
    const { pieceId } = await makePiece(shopId, { title: "Immuable" });
    const token = (await db.piece.findFirstOrThrow({ where: { shopId, id: pieceId } })).publicToken;
    forgetProvenanceCache();
    expect((await proxyGet(token, { format: "json" })).status).toBe(200);
    const before = await db.provenanceVersion.findMany({ where: { shopId, pieceId } });
    expect(before).toHaveLength(1);
    // SQLite's adapter reports a trigger's abort as a constraint violation: the refusal and the
    // unchanged row are what is checked on both engines.
    await expect(
      db.provenanceVersion.updateMany({ where: { shopId, pieceId }, data: { digest: "x" } }),
    ).rejects.toThrow();
    await expect(db.provenanceVersion.deleteMany({ where: { shopId, pieceId } })).rejects.toThrow();
    expect(await db.provenanceVersion.findMany({ where: { shopId, pieceId } })).toEqual(before);
  });
});
