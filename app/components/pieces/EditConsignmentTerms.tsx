// A consigned piece's terms on its edit form: its consignor (chosen from the partners register, as at
// intake), commission % or agreed net price, due date, return conditions. The day received is shown
// by the page, not edited here; once the consignment is settled or the piece returned, the terms are
// shown read-only, and once the piece is sold the consignor is too.
import { Card, FormLayout, Text, TextField } from "@shopify/polaris";
import type { PieceEditForm } from "../../domain/schemas/piece-edit";
import { useI18n } from "../../i18n/react";
import { PartnerChooser, type PartnerOption } from "../PartnerChooser";

type Terms = NonNullable<PieceEditForm["consignment"]>;

export function EditConsignmentTerms({
  terms,
  open,
  onChange,
  err,
  currency,
  consignors,
  consignorEditable,
}: {
  terms: Terms;
  open: boolean;
  onChange: (terms: Terms) => void;
  err: (path: string) => string | undefined;
  currency: string;
  consignors: readonly PartnerOption[];
  consignorEditable: boolean;
}) {
  const { t } = useI18n();
  const field = (key: "commission" | "agreedNet" | "dueAt" | "returnConditions", label: string, type?: "date") => (
    <TextField
      label={label}
      type={type}
      value={terms[key] ?? ""}
      onChange={(v) => onChange({ ...terms, [key]: v })}
      error={err(`consignment.${key}`)}
      disabled={!open}
      autoComplete="off"
      multiline={key === "returnConditions" ? 2 : undefined}
      name={`consignment.${key}`}
    />
  );
  return (
    <Card>
      <FormLayout>
        <Text as="h2" variant="headingMd">
          {t("catalog.new.section.consignment")}
        </Text>
        {err("consignment") ? (
          <Text as="p" tone="critical">
            {err("consignment")}
          </Text>
        ) : null}
        {!open ? <Text as="p">{t("catalog.edit.consignmentClosed")}</Text> : null}
        {terms.consignorName === undefined ? null : consignorEditable ? (
          <PartnerChooser
            label={t("catalog.field.consignor")}
            partners={consignors}
            value={{ id: terms.consignorId ?? "", name: terms.consignorName }}
            onChange={(choice) => onChange({ ...terms, consignorId: choice.id, consignorName: choice.name })}
            error={err("consignment.consignorName")}
            testId="edit-consignor-chooser"
          />
        ) : (
          <Text as="p">
            {t("catalog.field.consignor")}: {terms.consignorName}
            {open ? ` — ${t("catalog.edit.consignorLocked")}` : ""}
          </Text>
        )}
        {consignorEditable ? (
          <Text as="p" tone="subdued">
            {t("catalog.edit.consignorHelp")}
          </Text>
        ) : null}
        <FormLayout.Group>
          {field("commission", t("catalog.field.commission"))}
          {field("agreedNet", t("catalog.field.agreedNet", { currency }))}
        </FormLayout.Group>
        {field("dueAt", t("catalog.field.dueAt"), "date")}
        {field("returnConditions", t("catalog.field.returnConditions"))}
      </FormLayout>
    </Card>
  );
}
