// Choice lists for Polaris Selects: codes shown with their names in the reader's language.
import type { Locale } from "../i18n";
import { label } from "../ui/format";

export type Choice = { label: string; value: string };

/** Each code with its name from the `prefix` group of labels ("state", "metal", "stone"…). */
export function labelledChoices(locale: Locale, prefix: string, values: readonly string[]): Choice[] {
  return values.map((value) => ({ label: label(locale, prefix, value), value }));
}

/** Codes shown as they are (labs, units). */
export function plainChoices(values: readonly string[]): Choice[] {
  return values.map((value) => ({ label: value, value }));
}

/** Places by their full path ("Boutique > Vitrine 1"). */
export function locationChoices(locations: readonly { id: string; path: string }[]): Choice[] {
  return locations.map((l) => ({ label: l.path, value: l.id }));
}
