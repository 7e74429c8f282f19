// Schema issues → one translated message per field, as the form shows them beside each field.
import { hasMessage, translate, type Locale, type MessageKey } from "../../i18n";
import type { Issue } from "./piece";

export type FieldErrors = Record<string, string>;

/** The first issue of each field wins: one clear message per field is easier to act on. */
export function fieldErrors(issues: readonly Issue[], locale: Locale): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues) {
    const key = issue.path || "form";
    if (!(key in out)) out[key] = translate(locale, issue.message as MessageKey, issue.params ?? {});
  }
  return out;
}

/**
 * Why a change to a piece was refused, in words: lifecycle and move refusals have catalog
 * messages; print-queue refusals reuse the kiosk's; anything else names its code.
 */
export function refusalReason(locale: Locale, code: string): string {
  for (const key of [`catalog.refusal.${code}`, `kiosk.error.${code}`]) {
    if (hasMessage(key)) return translate(locale, key, { state: "", detail: code });
  }
  return translate(locale, "catalog.refusal.OTHER", { code });
}
