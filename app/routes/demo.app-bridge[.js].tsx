import type { LoaderFunctionArgs } from "@remix-run/node";
import { env } from "../env.server";
import { demoAppBridgeScript } from "../http/demo-session.server";

export const permission = { loader: "public" } as const;

// Demo mode only: App Bridge comes from Shopify's CDN, unreachable offline and outside the admin.
export async function loader({ request }: LoaderFunctionArgs) {
  if (!env().LOUPE_DEMO) throw new Response("Not found", { status: 404 });
  const url = new URL(request.url);
  return new Response(demoAppBridgeScript(url.origin), {
    headers: { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "no-store" },
  });
}
