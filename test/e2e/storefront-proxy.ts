// A stand-in for a shop's storefront with Loupe's app proxy, for browser tests: GET
// /apps/loupe/<token>?… is forwarded to the app's /proxy/<token> signed as Shopify signs it (shop,
// path_prefix, timestamp, logged_in_customer_id, signature), and a Liquid answer is laid into a
// small theme page, as Shopify renders it inside the shop's theme. Its Liquid is rendered for a
// shop without a brand logo; any other Liquid left in the body is an error (the test sees a 500).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { signAppProxyParams } from "../../app/domain/provenance/app-proxy";

/** The theme's own look, which the record must not override. */
export const THEME_FONT = "Courier New";
export const THEME_BACKGROUND = "rgb(240, 248, 255)";

const LOGO_IF = /\{%-? if shop\.brand\.logo -?%\}[\s\S]*?\{%-? endif -?%\}/g;

function themePage(body: string): string {
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Boutique</title><link rel="icon" href="data:,"><style>body{margin:0;font-family:"${THEME_FONT}",monospace;background:${THEME_BACKGROUND}}header,main{padding:1rem}</style></head><body><header>Boutique — thème</header><main>${body}</main></body></html>`;
}

export async function startStorefront(
  appUrl: string,
  shop: string,
  secret: string,
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://storefront");
      const match = /^\/apps\/loupe\/([^/]+)$/.exec(url.pathname);
      if (!match) return res.writeHead(404).end("not found");
      const params: Record<string, string> = Object.fromEntries(url.searchParams);
      Object.assign(params, {
        shop,
        logged_in_customer_id: "",
        path_prefix: "/apps/loupe",
        timestamp: String(Math.floor(Date.now() / 1000)),
      });
      const answer = await fetch(`${appUrl}/proxy/${match[1]}?${signAppProxyParams(params, secret).toString()}`);
      const type = answer.headers.get("content-type") ?? "";
      const body = Buffer.from(await answer.arrayBuffer());
      if (!type.startsWith("application/liquid")) {
        const headers: Record<string, string> = { "Content-Type": type };
        const disposition = answer.headers.get("content-disposition");
        if (disposition) headers["Content-Disposition"] = disposition;
        return res.writeHead(answer.status, headers).end(body);
      }
      const rendered = body.toString("utf8").replace(LOGO_IF, "");
      if (/\{\{|\{%/.test(rendered)) return res.writeHead(500).end("unrendered Liquid left in the body");
      res.writeHead(answer.status, { "Content-Type": "text/html; charset=utf-8" }).end(themePage(rendered));
    })().catch((error: Error) => res.writeHead(502).end(error.message));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
