// GET /api/admin/product-pieces?productId=gid://shopify/Product/1&locale=fr — the Loupe pieces of a
// Shopify product, with their jewelry details, state and internal location, for the admin block.
// Formatted here, in the admin's language, so the extension only lays text out.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireExtensionAdmin } from "../http/admin-extension.server";
import { piecesOfProduct } from "../models/provenance.server";
import { publicProvenanceUrl } from "../services/provenance/public-record.server";
import { caratTotal } from "../domain/units";
import { isOutOfHand } from "../domain/lifecycle";
import { translate } from "../i18n";
import { carats, label, metalLine, weight } from "../ui/format";

const query = z.object({ productId: z.string().regex(/^gid:\/\/shopify\/Product\/\d+$/) });

export const permission = { loader: "pieces.view" } as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop, locale, json } = await requireExtensionAdmin(request, permission.loader);
  const parsed = query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return json({ error: "BAD_PRODUCT_ID", message: translate(locale, "prov.block.error") }, 400);
  const pieces = await piecesOfProduct(shop.id, parsed.data.productId);
  return json({
    pieces: pieces.map((p) => ({
      id: p.id,
      tagCode: p.tagCode,
      title: p.title,
      state: p.state,
      stateLabel: label(locale, "state", p.state),
      location: p.location?.path ?? null,
      metals: p.metals.map(
        (m) => `${metalLine(m.metal, m.finenessBp, locale)}, ${weight(m.grossWeightMg, shop.weightUnit, locale)}`,
      ),
      stones: p.stones.length
        ? `${p.stones.map((s) => `${s.count > 1 ? `${s.count} × ` : ""}${label(locale, "stone", s.type)} ${label(locale, "origin", s.origin)}`).join(", ")} — ${carats(caratTotal(p.stones), locale)}`
        : null,
      certificates: p.certificates.map((c) => `${c.lab} ${c.number}`),
      provenanceUrl: publicProvenanceUrl(shop.domain, p.publicToken),
      // A piece the shop no longer holds (sold, returned, written off) gets no tag.
      canPrint: p.shopifyLocationGid !== null && !isOutOfHand(p.state),
    })),
  });
}
