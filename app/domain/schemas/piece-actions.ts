// What the piece page and the pieces list send to their actions: one schema each, read by the
// action (app/http/admin-action.server.ts) and typing what the page submits.
import { z } from "zod";
import { PIECE_STATES } from "../lifecycle";
import { findTemplate } from "../tags/templates";

const reason = z.string().trim().max(200).optional();
const id = z.string().min(1).max(64);

/** One piece's change, from its page. */
export const pieceActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("transition"), to: z.enum(PIECE_STATES), reason, version: z.number().int().optional() }),
  z.object({ intent: z.literal("move"), locationId: id, reason }),
  z.object({ intent: z.literal("print"), templateId: id.optional() }),
  z.object({ intent: z.literal("tagged") }),
]);
export type PieceAction = z.infer<typeof pieceActionSchema>;

export const MAX_BULK = 250;
const ids = z.array(id).min(1).max(MAX_BULK, "catalog.bulk.tooMany");

/** A saved view or a change to many pieces, from the list. Named messages are what the banner says. */
export const listActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("saveView"), name: z.string().trim().min(1).max(80), params: z.record(z.string()) }),
  z.object({ intent: z.literal("deleteView"), id }),
  z.object({ intent: z.literal("move"), ids, locationId: id, reason }),
  z.object({ intent: z.literal("state"), ids, to: z.enum(PIECE_STATES), reason }),
  z.object({
    intent: z.literal("print"),
    ids,
    templateId: z
      .string()
      .max(64)
      .refine((t) => findTemplate(t) !== undefined, "catalog.bulk.templateUnknown")
      .optional(),
  }),
]);
export type ListAction = z.infer<typeof listActionSchema>;
export type BulkAction = Exclude<ListAction, { intent: "saveView" | "deleteView" }>;
