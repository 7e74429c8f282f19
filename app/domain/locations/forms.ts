/**
 * The set-up page's forms, one zod schema each, shared by the page and its action. Messages are
 * catalog keys (app/i18n/messages/setup.*.ts), so each field's error reads in the person's language.
 */
import { z } from "zod";

/** Kinds a person can give a place under a site (a site comes from a Shopify location). */
export const CHILD_KINDS = ["safe", "showcase", "tray", "drawer", "workshop", "other"] as const;
export type ChildKind = (typeof CHILD_KINDS)[number];

/** A text field whose every problem (absent, not text, empty) reads as `message`. */
const text = (message: string) => z.string({ required_error: message, invalid_type_error: message });

// " > " joins names into paths, so a typed name may not contain ">". (The CSV import checks the
// places it creates with the same rule.)
export const locationName = text("setup.error.nameRequired")
  .trim()
  .min(1, "setup.error.nameRequired")
  .max(80, "setup.error.nameTooLong")
  .refine((v) => !v.includes(">"), "setup.error.nameChevron");
// Ids come from the page's hidden fields: one missing or too long for an id was never chosen there.
const id = (message: string) => text(message).trim().min(1, message).max(64, message);

export const importSitesForm = z.object({ intent: z.literal("import") });

export const addChildForm = z.object({
  intent: z.literal("add"),
  parentId: id("setup.error.parentRequired"),
  kind: z.enum(CHILD_KINDS, { errorMap: () => ({ message: "setup.error.kindRequired" }) }),
  name: locationName,
});

export const renameForm = z.object({
  intent: z.literal("rename"),
  id: id("setup.error.locationRequired"),
  name: locationName,
});

export const moveForm = z.object({
  intent: z.literal("move"),
  id: id("setup.error.locationRequired"),
  parentId: id("setup.error.parentRequired"),
});

export const archiveForm = z.object({ intent: z.literal("archive"), id: id("setup.error.locationRequired") });

export const labelForm = z.object({ intent: z.literal("label"), id: id("setup.error.locationRequired") });

export const setupForm = z.discriminatedUnion("intent", [
  labelForm,
  importSitesForm,
  addChildForm,
  renameForm,
  moveForm,
  archiveForm,
]);
