// The catalogue page (/app/catalogue): the Shopify catalogue's stock that Loupe has no pieces for,
// filtered by product type, vendor, tag, collection and Shopify location, and its two forms: read
// the catalogue from Shopify (one bulk query), and create the missing pieces (for the filter or the
// ticked rows). Bad input answers beside its field, in the person's language, and writes nothing.
import { z } from "zod";
import { requireAdmin } from "./admin-context.server";
import { CATALOGUE_GATE } from "../domain/staff/gates";
import { invalidAnswer, readBody, refusedAnswer } from "./admin-action.server";
import {
  cataloguePage,
  createPiecesFromCatalogue,
  requestCatalogueRead,
  type CatalogueFilter,
} from "../services/catalogue/pieces.server";
import { formatMoney } from "../domain/money";
import { intlLocale, translate } from "../i18n";
import { readOpenOrderLines } from "../shopify/open-orders.server";

const filterFields = {
  productType: z.string().trim().max(255).optional(),
  vendor: z.string().trim().max(255).optional(),
  tag: z.string().trim().max(255).optional(),
  collection: z.string().trim().max(255).optional(),
  location: z.string().trim().max(255).optional(),
};

function filterOf(input: Partial<Record<keyof typeof filterFields, string | undefined>>): CatalogueFilter {
  return {
    productType: input.productType || null,
    vendor: input.vendor || null,
    tag: input.tag || null,
    collection: input.collection || null,
    shopifyLocationGid: input.location || null,
  };
}

export async function catalogueLoader(request: Request) {
  const { shop, locale } = await requireAdmin(request, CATALOGUE_GATE);
  const params = new URL(request.url).searchParams;
  const parsed = z.object(filterFields).safeParse(Object.fromEntries(params));
  const filter = parsed.success ? parsed.data : {};
  const page = await cataloguePage(shop.id, filterOf(filter));
  return {
    ...page,
    filter,
    rows: page.rows.map((r) => ({
      ...r,
      price: r.priceMinor === null ? "" : formatMoney(BigInt(r.priceMinor), shop.currency, intlLocale(locale)),
    })),
  };
}

const rowsField = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
  .pipe(z.array(z.string().max(300)).max(5_000, "catalogue.error.tooManyRows"));

export const catalogueActionSchema = z
  .discriminatedUnion("intent", [
    z.object({ intent: z.literal("read") }),
    z.object({
      intent: z.literal("create"),
      scope: z.enum(["filtered", "selected"]),
      rows: rowsField,
      ...filterFields,
    }),
  ])
  .superRefine((v, ctx) => {
    if (v.intent === "create" && v.scope === "selected" && v.rows.length === 0)
      ctx.addIssue({ code: "custom", path: ["rows"], message: "catalogue.error.EMPTY_SELECTION" });
  });

export async function catalogueAction(request: Request) {
  const { shop, actor, locale, admin } = await requireAdmin(request, CATALOGUE_GATE);
  const body = await readBody(request);
  if (!body.ok) return invalidAnswer(locale, null);
  const parsed = catalogueActionSchema.safeParse(body.value);
  if (!parsed.success) return invalidAnswer(locale, parsed.error, "create");
  const input = parsed.data;
  if (input.intent === "read") {
    const read = await requestCatalogueRead(shop.id, actor);
    return {
      ok: true as const,
      intent: "read",
      message: translate(locale, read.alreadyUnderWay ? "catalogue.read.underWay" : "catalogue.read.started"),
      notes: [] as string[],
    };
  }
  const result = await createPiecesFromCatalogue(
    shop.id,
    input.scope === "selected" ? { keys: input.rows } : { filter: filterOf(input) },
    actor,
    { readOpenOrders: (variants) => readOpenOrderLines(admin, variants) },
  );
  if (!result.ok)
    return refusedAnswer(
      locale,
      { code: result.code, field: result.field },
      { prefix: "catalogue.error.", fallback: "catalogue.error.refused", intent: "create" },
    );
  return {
    ok: true as const,
    intent: "create",
    message:
      result.created + result.soldToOrders === 0
        ? translate(locale, "catalogue.create.nothing")
        : translate(locale, "catalogue.create.done", {
            created: result.created,
            active: result.byState.active,
            onHold: result.byState.on_hold,
            atRepair: result.byState.at_repair,
          }),
    notes: [
      ...(result.byQuantity.damaged + result.byQuantity.safetyStock > 0
        ? [
            translate(locale, "catalogue.create.held", {
              damaged: result.byQuantity.damaged,
              safetyStock: result.byQuantity.safetyStock,
            }),
          ]
        : []),
      ...(result.soldToOrders > 0
        ? [translate(locale, "catalogue.create.soldToOrders", { units: result.soldToOrders })]
        : []),
      ...(result.ordersUnavailable
        ? [translate(locale, "catalogue.create.ordersUnavailable", { units: result.committedNotMade })]
        : result.committedNotMade > 0
          ? [translate(locale, "catalogue.create.committed", { units: result.committedNotMade })]
          : []),
      ...result.withoutSite.map((l) =>
        translate(locale, "catalogue.create.noSite", { location: l.name, units: l.units }),
      ),
    ],
  };
}
