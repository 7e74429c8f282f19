// The intake form's consignment terms, shown once the piece is marked as consigned.
import { Card, Checkbox, FormLayout, Text, TextField } from "@shopify/polaris";
import type { PieceForm } from "../../domain/schemas/piece";
import { useI18n } from "../../i18n/react";

type Consignment = NonNullable<PieceForm["consignment"]>;

export function ConsignmentCard({
  consigned,
  onConsigned,
  consignment,
  onChange,
  err,
  currency,
}: {
  consigned: boolean;
  onConsigned: (consigned: boolean) => void;
  consignment: Consignment;
  onChange: (consignment: Consignment) => void;
  err: (path: string) => string | undefined;
  currency: string;
}) {
  const { t } = useI18n();
  return (
    <Card>
      <FormLayout>
        <Text as="h2" variant="headingMd">
          {t("catalog.new.section.consignment")}
        </Text>
        <Checkbox label={t("catalog.field.consigned")} checked={consigned} onChange={onConsigned} />
        {consigned ? (
          <>
            <TextField
              label={t("catalog.field.consignor")}
              value={consignment.consignorName}
              onChange={(v) => onChange({ ...consignment, consignorName: v })}
              error={err("consignment.consignorName")}
              autoComplete="off"
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
