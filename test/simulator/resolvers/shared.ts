// What every root resolver shares: its signature and the userErrors entry Shopify answers with.
import type { GraphQLResolveInfo } from "graphql";
import type { ViewContext } from "../views/shared";

export type Args = Record<string, any>;
export type RootResolver = (args: Args, ctx: ViewContext, info: GraphQLResolveInfo) => unknown;
export interface UserError {
  field: string[] | null;
  message: string;
  code?: string;
  elementIndex?: number | null;
}

export function ue(field: string[] | null, message: string, code?: string, extra: Partial<UserError> = {}): UserError {
  return { field, message, ...(code ? { code } : {}), ...extra };
}
