// Choosing a partner from the register (a supplier at intake or on a materials receipt, a
// consignor at intake…): a list of the register's partners with that role, and "New partner…",
// which opens a name field; the server then adds that name to the register (audited) or, when an
// active partner already has exactly that name, uses it. `PartnerChooser` is controlled (the
// intake form holds its value); `NamedPartnerChooser` keeps its own value and sends it with a plain
// <Form> as two fields, `<idName>` and `<nameName>`.
import { Select, TextField, BlockStack } from "@shopify/polaris";
import { useState } from "react";
import { useI18n } from "../i18n/react";

export type PartnerOption = { id: string; name: string; detail?: string | null };
export type PartnerChoice = { id: string; name: string };

const NEW = "__new__";

export function PartnerChooser({
  label,
  partners,
  value,
  onChange,
  error,
  allowNew = true,
  testId,
}: {
  label: string;
  partners: readonly PartnerOption[];
  value: PartnerChoice;
  onChange: (choice: PartnerChoice, partner: PartnerOption | null) => void;
  error?: string;
  allowNew?: boolean;
  testId?: string;
}) {
  const { t } = useI18n();
  const known = partners.find((p) => p.id === value.id) ?? null;
  // A name already typed, or nobody in the register to choose yet: the name field is open.
  const [typing, setTyping] = useState(!value.id && (value.name !== "" || (allowNew && partners.length === 0)));
  const selected = known ? known.id : typing ? NEW : "";
  const options = [
    { value: "", label: t("partners.chooser.none") },
    ...partners.map((p) => ({ value: p.id, label: p.detail ? `${p.name} — ${p.detail}` : p.name })),
    ...(allowNew ? [{ value: NEW, label: t("partners.chooser.new") }] : []),
  ];
  return (
    <div data-testid={testId}>
      <BlockStack gap="200">
        <Select
          label={label}
          options={options}
          value={selected}
          error={typing ? undefined : error}
          onChange={(v) => {
            if (v === NEW) {
              setTyping(true);
              onChange({ id: "", name: "" }, null);
              return;
            }
            setTyping(false);
            const partner = partners.find((p) => p.id === v) ?? null;
            onChange(partner ? { id: partner.id, name: partner.name } : { id: "", name: "" }, partner);
          }}
        />
        {typing ? (
          <TextField
            label={t("partners.chooser.newName")}
            helpText={t("partners.chooser.newHelp")}
            value={value.name}
            onChange={(name) => onChange({ id: "", name }, null)}
            error={error}
            autoComplete="off"
          />
        ) : null}
      </BlockStack>
    </div>
  );
}

/** The chooser in a plain <Form>: it keeps its own value and sends `idName` and `nameName`. */
export function NamedPartnerChooser({
  idName,
  nameName,
  defaultValue = { id: "", name: "" },
  ...rest
}: Omit<Parameters<typeof PartnerChooser>[0], "value" | "onChange"> & {
  idName: string;
  nameName: string;
  defaultValue?: PartnerChoice;
}) {
  const [choice, setChoice] = useState<PartnerChoice>(defaultValue);
  return (
    <>
      <input type="hidden" name={idName} value={choice.id} />
      <input type="hidden" name={nameName} value={choice.name} />
      <PartnerChooser {...rest} value={choice} onChange={setChoice} />
    </>
  );
}
