// What to do next with the piece (app/domain/next-step.ts), above its actions.
import { Banner } from "@shopify/polaris";
import type { NextStep as Step } from "../../domain/next-step";
import { useI18n } from "../../i18n/react";
import { nextStepSentence } from "../../ui/next-step";

export function NextStep({ step }: { step: Step | null }) {
  const { t, locale } = useI18n();
  if (!step) return null;
  return (
    <Banner tone="info" title={t("record.next.title")}>
      <p data-testid="piece-next-step">{nextStepSentence(locale, step)}</p>
    </Banner>
  );
}
