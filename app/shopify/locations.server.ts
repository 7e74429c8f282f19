// Reads every Shopify location of a shop, page by page, through the session's Admin client (the
// admin page's or the webhook's).
import { LOCATIONS_PAGE } from "./documents";
import type { ShopifyLocation } from "../domain/locations/site-sync";

export type AdminGraphql = {
  graphql: (query: string, options?: { variables?: Record<string, unknown> }) => Promise<Response>;
};

/** Shopify's largest page for `locations`. */
export const LOCATIONS_PAGE_SIZE = 250;

type Page = {
  data?: {
    locations?: {
      nodes?: { id: string; name: string; isActive: boolean }[];
      pageInfo?: { hasNextPage: boolean; endCursor: string | null };
    };
  };
};

/**
 * All locations, or "unavailable" when any page could not be read: a partial list would make the
 * set-up archive the sites of locations it did not see.
 */
export async function readShopifyLocations(
  admin: AdminGraphql,
  options: { pageSize?: number } = {},
): Promise<ShopifyLocation[] | "unavailable"> {
  const first = options.pageSize ?? LOCATIONS_PAGE_SIZE;
  const out: ShopifyLocation[] = [];
  let after: string | null = null;
  try {
    for (;;) {
      const response = await admin.graphql(LOCATIONS_PAGE, { variables: { first, after } });
      const body = (await response.json()) as Page;
      const page = body.data?.locations;
      if (!page?.nodes || !page.pageInfo) return "unavailable";
      for (const n of page.nodes) out.push({ gid: n.id, name: n.name.trim().slice(0, 200), isActive: n.isActive });
      if (!page.pageInfo.hasNextPage) break;
      if (!page.pageInfo.endCursor) return "unavailable";
      after = page.pageInfo.endCursor;
    }
  } catch {
    return "unavailable";
  }
  return out;
}
