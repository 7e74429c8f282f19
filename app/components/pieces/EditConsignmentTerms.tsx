// A consigned piece's terms on its edit form: commission % or agreed net price, due date, return
// conditions. The consignor and the day received are shown by the page, not edited here; once the
// consignment is settled or the piece returned, the terms are shown read-only.
import { Card, FormLayout, Text, TextField } from "@shopify/polaris";
import type { PieceEditForm } from "../../domain/schemas/piece-edit";
import { useI18n } from "../../i18n/react";

type Terms = NonNullable<PieceEditForm["consignment"]>;

export function EditConsignmentTerms({
  terms,
  open,
  onChange,
  err,
  currency,
}: {
  terms: Terms;
  open: boolean;
  onChange: (terms: Terms) => void;
  err: (path: string) => string | undefined;
  currency: string;
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
