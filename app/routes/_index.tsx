import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";

export const permission = { loader: "public" } as const;

// Shopify opens the app at / with ?shop=…; the embedded pages live under /app.
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  if (url.searchParams.get("shop")) throw redirect(`/app?${url.searchParams.toString()}`);
  return new Response(
    "Loupe is a Shopify app: open it from your Shopify admin. In demo mode, `npm run demo` prints the address to open.",
    { status: 200, headers: { "Content-Type": "text/plain; charset=utf-8" } },
  );
}
