// The intake form's certificates: lab, number, grades, the lab's report check, and a scan
// uploaded on its own (`onScan`) before the form is saved.
import { BlockStack, FormLayout, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { LABS, reportCheckUrl } from "../../domain/certificates";
import { useI18n } from "../../i18n/react";
import { plainChoices } from "../choices";
import { RemoveRowButton, RowsCard } from "./RowsCard";
import type { Certificate, RowsEditor } from "./rows";

export function CertificatesCard({
  rows,
  update,
  remove,
  add,
  err,
  onScan,
}: RowsEditor<Certificate> & { onScan: (index: number, file: File, alt: string) => void }) {
  const { t } = useI18n();
  return (
    <RowsCard title={t("catalog.new.section.certificates")} addLabel={t("catalog.action.addCertificate")} onAdd={add}>
      {rows.map((c, i) => {
        const check = reportCheckUrl(c.lab, c.number);
        return (
          <BlockStack gap="200" key={i}>
            <FormLayout.Group condensed>
              <Select
                label={t("catalog.field.lab")}
                options={plainChoices(LABS)}
                value={c.lab}
                onChange={(v) => update(i, { lab: v as Certificate["lab"] })}
              />
              <TextField
                label={t("catalog.field.certNumber")}
                value={c.number}
                onChange={(v) => update(i, { number: v })}
                error={err(`certificates.${i}.number`)}
                autoComplete="off"
                name={`certificates.${i}.number`}
              />
              <TextField
                label={t("catalog.field.certDate")}
                type="date"
                value={c.issuedAt ?? ""}
                onChange={(v) => update(i, { issuedAt: v })}
                error={err(`certificates.${i}.issuedAt`)}
                autoComplete="off"
              />
            </FormLayout.Group>
            <FormLayout.Group condensed>
              <TextField
                label={t("catalog.field.gradeColour")}
                value={c.colour ?? ""}
                onChange={(v) => update(i, { colour: v })}
                autoComplete="off"
              />
              <TextField
                label={t("catalog.field.gradeClarity")}
                value={c.clarity ?? ""}
                onChange={(v) => update(i, { clarity: v })}
                autoComplete="off"
              />
              <TextField
                label={t("catalog.field.gradeCut")}
                value={c.cut ?? ""}
                onChange={(v) => update(i, { cut: v })}
                autoComplete="off"
              />
            </FormLayout.Group>
            <InlineStack gap="300" blockAlign="center">
              <label>
                <Text as="span" variant="bodySm">
                  {t("catalog.field.scan")}{" "}
                </Text>
                <input
                  type="file"
                  accept="application/pdf,image/jpeg,image/png"
                  data-testid={`scan-${i}`}
                  onChange={(e) => {
                    const file = e.currentTarget.files?.[0];
                    if (file) onScan(i, file, `${c.lab} ${c.number}`.trim());
                  }}
                />
              </label>
              {c.scanFileGid ? (
                <Text as="span" tone="success">
                  {t("catalog.field.scanUploaded")}
                </Text>
              ) : null}
              {err(`certificates.${i}.scan`) ? (
                <Text as="span" tone="critical">
                  {err(`certificates.${i}.scan`)}
                </Text>
              ) : null}
              {check ? (
                <a href={check} target="_blank" rel="noreferrer">
                  {t("catalog.field.reportCheck")}
                </a>
              ) : null}
              <RemoveRowButton onRemove={() => remove(i)} />
            </InlineStack>
          </BlockStack>
        );
      })}
    </RowsCard>
  );
}
