// Tag refusals as the kiosk API's error objects ({ code, message, messageFr, … }), in both languages.
import { translate, type Locale, type MessageKey } from "../i18n";
import { refusalReason } from "../domain/schemas/field-errors";
import { label } from "../ui/format";
import type { TagRefusal } from "../services/kiosk/tags.server";

export function tagRefusalError(refusal: TagRefusal): {
  code: string;
  message: string;
  messageFr: string;
  field?: string;
  characters?: string[];
} {
  const say = (locale: "en" | "fr") => {
    switch (refusal.code) {
      case "TEXT_UNPRINTABLE": {
        const fieldKey = `kiosk.field.${refusal.field}` as MessageKey;
        const field =
          refusal.field === "title" || refusal.field === "stonesTable" ? translate(locale, fieldKey) : refusal.field;
        return translate(locale, "kiosk.error.TEXT_UNPRINTABLE", { field, characters: refusal.characters.join(" ") });
      }
      case "RFID_GTIN_NOT_SHOP_PREFIX":
        return translate(locale, "kiosk.error.RFID_GTIN_NOT_SHOP_PREFIX", {
          gtin: refusal.gtin,
          prefix: refusal.companyPrefix,
        });
      case "RFID_INVALID":
        return translate(locale, "kiosk.error.RFID_INVALID", { detail: refusal.message });
      case "RFID_DISABLED":
      case "RFID_PREFIX_MISSING":
      case "RFID_NO_GTIN":
      case "RFID_SERIALS_EXHAUSTED":
      case "PRICE_MISSING":
      case "PRICE_DOES_NOT_FIT":
      case "TEMPLATE_UNKNOWN":
      case "PIECE_NOT_FOUND":
        return translate(locale, `kiosk.error.${refusal.code}`);
      default:
        // The layout's own message is English and exact; French gets it behind a translated lead-in.
        return translate(locale, "kiosk.error.LAYOUT", {
          detail: "message" in refusal ? refusal.message : String((refusal as { code: string }).code),
        });
    }
  };
  return {
    code: refusal.code,
    message: say("en"),
    messageFr: say("fr"),
    ...("field" in refusal ? { field: refusal.field } : {}),
    ...(refusal.code === "TEXT_UNPRINTABLE" ? { characters: refusal.characters } : {}),
  };
}

/**
 * A print refusal for a person: a tag refusal with what to fix (the GTIN, the prefix…), a piece no
 * longer in the shop's hands with its state, others by their code.
 */
export function printRefusalReason(
  locale: Locale,
  result: { code: string; refusal?: TagRefusal; state?: string },
): string {
  if (result.code === "OUT_OF_HAND" && result.state)
    return translate(locale, "records.refusal.OUT_OF_HAND", { state: label(locale, "state", result.state) });
  if (!result.refusal) return refusalReason(locale, result.code);
  const error = tagRefusalError(result.refusal);
  return locale === "fr" ? error.messageFr : error.message;
}
