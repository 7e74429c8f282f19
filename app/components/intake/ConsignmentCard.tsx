// The intake form's consignment terms, shown once the piece is marked as consigned. The consignor
// is chosen from the partners register; choosing one fills the terms still empty from its
// default terms (commission, due date from its return days, return conditions).
import { Card, Checkbox, FormLayout, Text, TextField } from "@shopify/polaris";
import type { PieceForm } from "../../domain/schemas/piece";
import { consignmentDefaults, type DefaultTerms } from "../../domain/partners";
import { isoDay } from "../../domain/days";
import { useI18n } from "../../i18n/react";
import { PartnerChooser, type PartnerOption } from "../PartnerChooser";

export type ConsignorOption = PartnerOption & { terms: DefaultTerms };

type Consignment = NonNullable<PieceForm["consignment"]>;

export function ConsignmentCard({
  consigned,
  onConsigned,
  consignment,
  onChange,
  err,
  currency,
  consignors = [],
}: {
  consigned: boolean;
  onConsigned: (consigned: boolean) => void;
  consignment: Consignment;
  onChange: (consignment: Consignment) => void;
  err: (path: string) => string | undefined;
  currency: string;
  consignors?: readonly ConsignorOption[];
}) {
  const { t, locale } = useI18n();
  return (
    <Card>
      <FormLayout>
        <Text as="h2" variant="headingMd">
          {t("catalog.new.section.consignment")}
        </Text>
        <Checkbox label={t("catalog.field.consigned")} checked={consigned} onChange={onConsigned} />
        {consigned ? (
          <>
            <PartnerChooser
              label={t("catalog.field.consignor")}
              partners={consignors}
              value={{ id: consignment.consignorId ?? "", name: consignment.consignorName }}
              onChange={(choice, partner) => {
                const terms = consignors.find((c) => c.id === partner?.id)?.terms;
                const prefill = terms
                  ? consignmentDefaults(terms, consignment, {
                      today: isoDay(new Date()),
                      decimalComma: locale === "fr",
                    })
                  : {};
                onChange({ ...consignment, ...prefill, consignorName: choice.name, consignorId: choice.id });
              }}
              error={err("consignment.consignorName")}
              testId="consignor-chooser"
            />
            <TextField
              label={t("catalog.field.commission")}
              value={consignment.commission ?? ""}
              onChange={(v) => onChange({ ...consignment, commission: v })}
              error={err("consignment.commission")}
              autoComplete="off"
              inputMode="decimal"
            />
            <TextField
              label={t("catalog.field.agreedNet", { currency })}
              value={consignment.agreedNet ?? ""}
              onChange={(v) => onChange({ ...consignment, agreedNet: v })}
              error={err("consignment.agreedNet")}
              autoComplete="off"
              inputMode="decimal"
            />
            <TextField
              label={t("catalog.field.receivedAt")}
              type="date"
              value={consignment.receivedAt ?? ""}
              onChange={(v) => onChange({ ...consignment, receivedAt: v })}
              error={err("consignment.receivedAt")}
              autoComplete="off"
            />
            <TextField
              label={t("catalog.field.dueAt")}
              type="date"
              value={consignment.dueAt ?? ""}
              onChange={(v) => onChange({ ...consignment, dueAt: v })}
              error={err("consignment.dueAt")}
              autoComplete="off"
            />
            <TextField
              label={t("catalog.field.returnConditions")}
              value={consignment.returnConditions ?? ""}
              onChange={(v) => onChange({ ...consignment, returnConditions: v })}
              multiline={2}
              autoComplete="off"
            />
          </>
        ) : null}
      </FormLayout>
    </Card>
  );
}
