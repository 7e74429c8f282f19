// The Admin GraphQL client a person's request brings (requireAdmin(request).admin, or
// unauthenticated.admin(shop).admin for a public page), for reads and uploads that answer that
// person now. Background writes go through admin-client.server.ts and the outbox instead.

/** The part of the Admin client that these calls use. */
export type AdminGraphql = {
  graphql: (query: string, options?: { variables?: Record<string, unknown> }) => Promise<Response>;
};

/** The answer's data, or null when Shopify could not give it now (the caller says "try again"). */
export async function adminQuery<T>(
  admin: AdminGraphql,
  query: string,
  variables: Record<string, unknown>,
): Promise<T | null> {
  try {
    const response = await admin.graphql(query, { variables });
    const body = (await response.json()) as { data?: T; errors?: unknown };
    return body.errors || !body.data ? null : body.data;
  } catch {
    // The library throws on GraphQL errors and network faults alike; the caller says "try again".
    return null;
  }
}
