/**
 * The pieces list's query (search, filters, sort) as it travels in the URL, in a saved view and
 * in the CSV export: one schema for the three, so an exported file is exactly the list on screen.
 * Unknown or malformed values are dropped rather than refused: a stale bookmark still opens.
 */
import { z } from "zod";
import { PIECE_STATES } from "../lifecycle";
import { LABS } from "../certificates";
import { PIECE_METALS, STONE_TYPES } from "./piece";

export const AGE_BUCKETS = ["lt30", "30to90", "90to365", "gt365"] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];
export const LIST_SORTS = ["newest", "oldest", "title", "tag", "priceHigh", "priceLow"] as const;
export type ListSort = (typeof LIST_SORTS)[number];

/** The URL parameters that make up a list view (cursor excluded: a view has no page). */
export const LIST_PARAMS = [
  "q",
  "state",
  "metal",
  "fineness",
  "stone",
  "lab",
  "location",
  "consigned",
  "age",
  "sort",
] as const;

const optional = <T extends z.ZodTypeAny>(schema: T) => schema.optional().catch(undefined);

export const listQuerySchema = z.object({
  q: optional(
    z
      .string()
      .trim()
      .max(200)
      .transform((s) => s || undefined),
  ),
  state: optional(z.enum(PIECE_STATES)),
  metal: optional(z.enum(PIECE_METALS)),
  fineness: optional(z.coerce.number().int().min(1).max(10000)),
  stone: optional(z.enum(STONE_TYPES)),
  lab: optional(z.enum(LABS)),
  location: optional(z.string().min(1).max(64)),
  consigned: optional(z.enum(["yes", "no"])),
  age: optional(z.enum(AGE_BUCKETS)),
  sort: optional(z.enum(LIST_SORTS)),
  cursor: optional(z.string().min(1).max(64)),
});

export type ListQuery = z.output<typeof listQuerySchema>;

export function parseListQuery(params: URLSearchParams | Record<string, unknown>): ListQuery {
  const raw = params instanceof URLSearchParams ? Object.fromEntries(params) : params;
  return listQuerySchema.parse(raw);
}

/** The view part of a query (no cursor), as stored in SavedView.query and put back in a URL. */
export function viewParams(query: ListQuery): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of LIST_PARAMS) {
    const value = query[key];
    if (value !== undefined && value !== "") out[key] = String(value);
  }
  return out;
}
