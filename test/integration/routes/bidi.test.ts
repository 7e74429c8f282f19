// Values stored before the forms refused direction-control characters (or that came from Shopify)
// are shown without them: the admin's page data, the CSV export and the public page. The signed
// JSON record keeps the text exactly as signed.
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

const CONTROLS = /[\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
// Displays as "Bague exe.jpg".
const SPOOF = "Bague \u202Egpj.exe";

describe.each(ENGINES)("%s", (engine) => {
  const SHOP = `bidi-${engine}.myshopify.com`;
  let db: App["db"];
  let shopId: string;
  let pieceId: string;

  const as = (path: string, init: { method?: string; body?: string } = {}) => {
    const request = adminRequest(path, SHOP, {
      ...init,
      token: sessionToken(SHOP, { userId: "91" }),
      search: { locale: "en" },
    });
    if (init.body) request.headers.set("Content-Type", "application/json");
    return request;
  };
  const body = async (run: () => Promise<unknown>) => {
    const { value, response } = await settle(run);
    if (response) return response.text();
    return JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
  };

  beforeAll(async () => {
    ({ db } = await appOn(engine));
    (await import("../../../app/services/provenance/photos.server")).usePhotoLoader(async () => []);
    shopId = (await installShop(SHOP)).id;
    await knownAdmin(SHOP, "manager", "91");
    // Stored as an older intake or Shopify would have left it.
    ({ pieceId } = await makePiece(shopId, { title: SPOOF, madeBy: "Atelier \u2067X\u2069", notes: "note\u200F" }));
  });

  test("the piece page, the pieces list and the provenance page of the admin carry no direction control", async () => {
    const piece = await import("../../../app/routes/app.pieces.$id");
    const list = await import("../../../app/routes/app.pieces._index");
    const prov = await import("../../../app/routes/app.provenance.$id");
    const page = await body(() => piece.loader(routeArgs(as(`/app/pieces/${pieceId}`), { id: pieceId })));
    expect(page).toContain("Bague gpj.exe");
    expect(page).not.toMatch(CONTROLS);
    const listed = await body(() => list.loader(routeArgs(as("/app/pieces"))));
    expect(listed).toContain("Bague gpj.exe");
    expect(listed).not.toMatch(CONTROLS);
    const provenance = await body(() => prov.loader(routeArgs(as(`/app/provenance/${pieceId}`), { id: pieceId })));
    expect(provenance).toContain("Bague gpj.exe");
    expect(provenance).not.toMatch(CONTROLS);
  });

  test("the edit form shows the text without them, and saving another field is not refused", async () => {
    const piece = await import("../../../app/routes/app.pieces.$id");
    const data = await piece.loader(routeArgs(as(`/app/pieces/${pieceId}`), { id: pieceId }));
    const form = data.edit.form as Record<string, unknown>;
    expect(form.title).toBe("Bague gpj.exe");
    const post = JSON.stringify({
      intent: "edit",
      version: data.edit.version,
      form: { ...form, acquiredAt: "2026-01-02" },
    });
    const { response } = await settle(() =>
      piece.action(routeArgs(as(`/app/pieces/${pieceId}`, { method: "POST", body: post }), { id: pieceId })),
    );
    expect(response!.status).toBe(200);
    // Sent with one anyway: refused beside the field.
    const forced = JSON.stringify({ intent: "edit", version: data.edit.version + 1, form: { ...form, title: SPOOF } });
    const refused = await settle(() =>
      piece.action(routeArgs(as(`/app/pieces/${pieceId}`, { method: "POST", body: forced }), { id: pieceId })),
    );
    expect(refused.response!.status).toBe(400);
    expect((await refused.response!.json()).errors.title).toMatch(/direction-control/);
  });

  test("the CSV export and the public page drop them; the signed JSON keeps the record as signed", async () => {
    const other = await makePiece(shopId, { title: "Collier \u202Dnoir\u202C" });
    const exportCsv = await import("../../../app/routes/app.pieces.export[.csv]");
    const { response } = await settle(() => exportCsv.loader(routeArgs(as("/app/pieces/export.csv"))));
    const csv = await response!.text();
    expect(csv).toContain("Collier noir");
    expect(csv).not.toMatch(CONTROLS);

    const otherToken = (await db.piece.findFirstOrThrow({ where: { shopId, id: other.pieceId } })).publicToken;
    const { forgetProvenanceCache } = await import("../../../app/services/provenance/public-record.server");
    forgetProvenanceCache();
    const proxy = await import("../../../app/routes/proxy.$token");
    const get = async (extra: Record<string, string>) =>
      await (
        (await proxy.loader(
          routeArgs(proxyRequest(`/proxy/${otherToken}`, SHOP, { extra }), { token: otherToken }),
        )) as Response
      ).text();
    for (const format of [{}, { format: "html" }] as Record<string, string>[]) {
      const html = await get({ ...format, locale: "fr" });
      expect(html).toContain("Collier noir");
      expect(html).not.toMatch(CONTROLS);
    }
    expect(JSON.parse(await get({ format: "json" })).record.title).toBe("Collier \u202Dnoir\u202C");
  });
});
