/**
 * The set-up page's forms, one zod schema each, shared by the page and its action. Messages are
 * catalog keys (app/i18n/messages/setup.*.ts), so each field's error reads in the person's language.
 */
import { z } from "zod";

/** Kinds a person can give a place under a site (a site comes from a Shopify location). */
export const CHILD_KINDS = ["safe", "showcase", "tray", "drawer", "workshop", "other"] as const;
export type ChildKind = (typeof CHILD_KINDS)[number];

// " > " joins names into paths, so a typed name may not contain ">". (The CSV import checks the
// places it creates with the same rule.)
export const locationName = z
  .string()
  .trim()
  .min(1, "setup.error.nameRequired")
  .max(80, "setup.error.nameTooLong")
  .refine((v) => !v.includes(">"), "setup.error.nameChevron");
const id = (message: string) => z.string().trim().min(1, message).max(64);

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
