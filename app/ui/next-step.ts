// The next step's sentence, naming the page's own buttons and states as they read on screen.
import type { NextStep } from "../domain/next-step";
import { translate, type Locale, type MessageKey } from "../i18n";
import { label } from "./format";

export function nextStepSentence(locale: Locale, step: NextStep): string {
  return translate(locale, `record.next.${step}` as MessageKey, {
    print: translate(locale, "catalog.piece.printTag"),
    tagged: translate(locale, "catalog.piece.markTagged"),
    active: label(locale, "state", "active"),
  });
}
