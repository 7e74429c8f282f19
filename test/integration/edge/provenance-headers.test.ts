// The standalone provenance page (?format=html) is a document of its own: it says what it may load
// (Content-Security-Policy: nothing but its own inline style and https images, no script, no form,
// not framed), that its type is not to be guessed (nosniff), and so do its refusals. The Liquid
// variant is rendered by Shopify inside the shop's theme, which owns the page's headers: it only
// gets nosniff. The JSON record gets nosniff and a policy that loads nothing.
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, test } from "vitest";
import { ENGINES } from "../../setup/databases";
import { makePiece } from "../../factories";
import { appOn } from "../helpers/app";
import { installShop, proxyRequest, routeArgs } from "../helpers/shopify";

describe.each(ENGINES)("%s", (engine) => {
  const SHOP = `prov-headers-${engine}.myshopify.com`;
  let token: string;
  let loader: (typeof import("../../../app/routes/proxy.$token"))["loader"];

  const get = (t: string, extra: Record<string, string>) =>
    loader(routeArgs(proxyRequest(`/proxy/${t}`, SHOP, { extra }), { token: t })) as Promise<Response>;

  beforeAll(async () => {
    const { db } = await appOn(engine);
    ({ loader } = await import("../../../app/routes/proxy.$token"));
    const shop = await installShop(SHOP);
    const made = await makePiece(shop.id, { title: "Bague <b>Aurore</b>" }, { actor: { kind: "system", name: "t" } });
    token = (await db.piece.findFirstOrThrow({ where: { id: made.pieceId }, select: { publicToken: true } }))
      .publicToken!;
  });

  test("the standalone page forbids scripts, framing and other origins; its own style is allowed by its hash", async () => {
    const response = await get(token, { format: "html" });
    expect(response.status).toBe(200);
    const html = await response.text();
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    const hash = createHash("sha256").update(style).digest("base64");
    const csp = response.headers.get("Content-Security-Policy")!;
    expect(csp.split(/;\s*/)).toEqual([
      "default-src 'none'",
      `style-src 'sha256-${hash}'`,
      "img-src https: data:",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ]);
    expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(response.headers.get("X-Frame-Options")).toBe("DENY");
    expect(response.headers.get("Referrer-Policy")).toBe("no-referrer");
  });

  test("a standalone not-found page carries the same headers", async () => {
    const response = await get("0".repeat(26), { format: "html" });
    expect(response.status).toBe(404);
    expect(response.headers.get("Content-Security-Policy")).toContain("frame-ancestors 'none'");
    expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
  });

  test("the JSON record loads nothing and is not sniffed", async () => {
    const response = await get(token, { format: "json" });
    expect(response.headers.get("Content-Security-Policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
  });

  test("the Liquid page, drawn inside the shop's theme, gets nosniff only (the theme owns its policy)", async () => {
    const response = await get(token, {});
    expect(response.headers.get("Content-Type")).toContain("application/liquid");
    expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(response.headers.get("Content-Security-Policy")).toBeNull();
  });
});
