/**
 * The shop's settings as the rest of Loupe uses them: a stored value that is missing or no longer
 * valid (a template withdrawn, a unit the intake form does not take) falls back to Loupe's built-in
 * default instead of failing the page that uses it.
 */
import { DEFAULT_TEMPLATE_ID } from "./kiosk/tag-data";
import { ENTRY_WEIGHT_UNITS } from "./schemas/piece";
import { SUPPORTED_DPI, TEMPLATES, type Dpi } from "./tags";

/** The template "Print tags" starts with. */
export function defaultTagTemplate(stored: string | null | undefined): string {
  return stored && TEMPLATES.some((t) => t.id === stored) ? stored : DEFAULT_TEMPLATE_ID;
}

/** The resolution previews are laid out at. */
export function defaultDpi(stored: number | null | undefined): Dpi {
  return (SUPPORTED_DPI as readonly number[]).includes(stored ?? 0) ? (stored as Dpi) : 203;
}

/** The unit a new metal row of the intake form starts in. */
export function entryWeightUnit(stored: string | null | undefined): (typeof ENTRY_WEIGHT_UNITS)[number] {
  return (ENTRY_WEIGHT_UNITS as readonly string[]).includes(stored ?? "")
    ? (stored as (typeof ENTRY_WEIGHT_UNITS)[number])
    : "g";
}
