// The partner form's fields for a plain Remix <Form> (create on the list, edit on a partner's
// page): each field keeps what the person typed and shows the server's message beside it.
import { BlockStack, Checkbox, FormLayout, InlineStack, Text } from "@shopify/polaris";
import { useState } from "react";
import { PARTNER_ROLES, type CheckedPartnerForm, type PartnerRole } from "../domain/partners";
import type { MessageKey } from "../i18n";
import { useI18n } from "../i18n/react";
import { Input } from "./FormFields";

function RoleBox({ role, initial }: { role: PartnerRole; initial: boolean }) {
  const { t } = useI18n();
  const [checked, setChecked] = useState(initial);
  return (
    <Checkbox
      label={t(`partners.role.${role}` as MessageKey)}
      name="roles"
      value={role}
      checked={checked}
      onChange={setChecked}
    />
  );
}

export function PartnerFields({
  initial,
  errors,
}: {
  initial?: Partial<CheckedPartnerForm>;
  errors: Record<string, string>;
}) {
  const { t } = useI18n();
  const v = (k: keyof CheckedPartnerForm) => {
    const value = initial?.[k];
    return typeof value === "string" ? value : "";
  };
  const field = (k: keyof CheckedPartnerForm, label: MessageKey, extra: { multiline?: number; help?: string } = {}) => (
    <Input name={k} label={t(label)} defaultValue={v(k)} error={errors[k]} {...extra} />
  );
  return (
    <FormLayout>
      {field("name", "partners.field.name")}
      <BlockStack gap="100">
        <Text as="span">{t("partners.field.roles")}</Text>
        <InlineStack gap="400">
          {PARTNER_ROLES.map((role) => (
            <RoleBox key={role} role={role} initial={initial?.roles?.includes(role) ?? false} />
          ))}
        </InlineStack>
        {errors.roles ? (
          <Text as="span" tone="critical">
            {errors.roles}
          </Text>
        ) : null}
      </BlockStack>
      <FormLayout.Group>
        {field("contactName", "partners.field.contactName")}
        {field("email", "partners.field.email")}
        {field("phone", "partners.field.phone")}
      </FormLayout.Group>
      {field("address", "partners.field.address", { multiline: 2 })}
      <FormLayout.Group>
        {field("postcode", "partners.field.postcode")}
        {field("city", "partners.field.city")}
        {field("country", "partners.field.country", { help: t("partners.field.countryHelp") })}
      </FormLayout.Group>
      <FormLayout.Group>
        {field("siren", "partners.field.siren")}
        {field("siret", "partners.field.siret")}
        {field("vatNumber", "partners.field.vatNumber")}
      </FormLayout.Group>
      <Text as="h3" variant="headingSm">
        {t("partners.field.terms")}
      </Text>
      <FormLayout.Group>
        {field("commission", "partners.field.commission")}
        {field("paymentDays", "partners.field.paymentDays")}
        {field("returnDays", "partners.field.returnDays")}
      </FormLayout.Group>
      {field("termsNotes", "partners.field.termsNotes", { multiline: 2 })}
      {field("notes", "partners.field.notes", { multiline: 3 })}
    </FormLayout>
  );
}
