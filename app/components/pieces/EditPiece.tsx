// Editing a piece after intake, on its page: the intake's own cards (metals, stones, certificates)
// over the record as loaded, checked in the browser with the server's rules, plus SKU, acquisition
// date, a consigned piece's terms and the link to a Shopify variant. Recorded certificates can be
// corrected or removed; reports that arrive later are added below them. On a refusal (a field, or
// the piece changed meanwhile) the person's input stays on the page.
import { useEffect, useState } from "react";
import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, FormLayout, InlineStack, Text, TextField } from "@shopify/polaris";
import { checkPieceEdit, type PieceEditForm, type PieceEditRequest } from "../../domain/schemas/piece-edit";
import { fieldErrors, type FieldErrors } from "../../domain/schemas/field-errors";
import { intlLocale } from "../../i18n";
import { useI18n } from "../../i18n/react";
import { CertificatesCard } from "../intake/CertificatesCard";
import { MetalsCard } from "../intake/MetalsCard";
import { StonesCard } from "../intake/StonesCard";
import { newCertificate, newMetal, newStone } from "../intake/rows";
import { entryWeightUnit } from "../../domain/shop-defaults";
import { EditConsignmentTerms } from "./EditConsignmentTerms";
import type { PartnerOption } from "../PartnerChooser";
import { EditShopifyLink } from "./EditShopifyLink";

type Answer = { ok: boolean; message: string; errors?: FieldErrors; details?: string[] };
type Rows = "metals" | "stones" | "certificates";

export function EditPiece(props: {
  version: number;
  form: PieceEditForm;
  recordedCertificates: number;
  currency: string;
  canSeeCost: boolean;
  weightUnit: string;
  linked: { variantGid: string; sku: string | null } | null;
  consignmentOpen: boolean;
  consignorEditable: boolean;
  consignors: readonly PartnerOption[];
}) {
  const { version, recordedCertificates: recorded, currency, canSeeCost, weightUnit } = props;
  const { t, locale } = useI18n();
  const save = useFetcher<Answer>();
  // Scans go to Shopify Files through the intake page's upload, before the edit is saved.
  const scan = useFetcher<{ ok: boolean; index?: number; scanFileGid?: string; scanUrl?: string | null }>();
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState<PieceEditForm>(props.form);
  const [reason, setReason] = useState("");
  const [localErrors, setLocalErrors] = useState<FieldErrors | null>(null);
  const answer = save.state === "idle" ? save.data : undefined;
  const errors = localErrors ?? (answer && !answer.ok ? (answer.errors ?? {}) : {});
  const err = (path: string) => errors[path];

  const set = (patch: Partial<PieceEditForm>) => setForm((f) => ({ ...f, ...patch }));
  const setAt = <K extends Rows>(key: K, index: number, patch: Partial<PieceEditForm[K][number]>) =>
    setForm((f) => ({ ...f, [key]: f[key].map((item, i) => (i === index ? { ...item, ...patch } : item)) }));
  const removeAt = (key: Rows, index: number) =>
    setForm((f) => {
      const next = { ...f, [key]: f[key].filter((_, i) => i !== index) };
      if (key !== "certificates") return next;
      // Stones point at certificates by position: the one removed grades nothing any more, and
      // those after it move up one.
      return {
        ...next,
        stones: f.stones.map((s) => {
          const at = s.certificateIndex === "" || s.certificateIndex == null ? null : Number(s.certificateIndex);
          if (at === null || at < index) return s;
          return { ...s, certificateIndex: at === index ? "" : String(at - 1) };
        }),
      };
    });
  const rowsOf = <K extends Rows>(key: K, fresh: () => PieceEditForm[K][number], offset = 0) => ({
    rows: form[key].slice(offset) as PieceEditForm[K][number][],
    update: (i: number, patch: Partial<PieceEditForm[K][number]>) => setAt(key, i + offset, patch),
    remove: (i: number) => removeAt(key, i + offset),
    add: () => set({ [key]: [...form[key], fresh()] }),
    err: (path: string) =>
      err(path.replace(/^(\w+)\.(\d+)/, (_, k: string, n: string) => `${k}.${Number(n) + offset}`)),
  });

  // A save reloads the page's data, and the form starts again from the saved record (the page keys
  // it by version): the confirmation goes to App Bridge's toast, which outlives the form.
  useEffect(() => {
    if (save.data?.ok) window.shopify?.toast?.show(save.data.message);
  }, [save.data]);

  useEffect(() => {
    const data = scan.data;
    if (data?.ok && data.index !== undefined && data.scanFileGid)
      setAt("certificates", data.index, { scanFileGid: data.scanFileGid, scanUrl: data.scanUrl ?? "" });
    // setAt only closes over setForm.
  }, [scan.data]);
  const uploadScan = (i: number, file: File, alt: string) => {
    const data = new FormData();
    data.set("scan", file);
    data.set("index", String(i));
    data.set("alt", alt);
    scan.submit(data, { method: "post", encType: "multipart/form-data", action: "/app/pieces/new" });
  };

  const submit = () => {
    const local = checkPieceEdit(form, { locale: intlLocale(locale), currency, canSeeCost });
    if (!local.ok) {
      setLocalErrors(fieldErrors(local.issues, locale));
      return;
    }
    setLocalErrors(null);
    const request: PieceEditRequest = { intent: "edit", version, reason: reason || undefined, form };
    save.submit(request as never, { method: "post", encType: "application/json" });
  };

  if (!open)
    return (
      <InlineStack align="end">
        <Button onClick={() => setOpen(true)}>{t("catalog.edit.open")}</Button>
      </InlineStack>
    );
  const text = (
    key: "title" | "description" | "madeBy" | "origin" | "gtin" | "sku" | "acquiredAt" | "notes",
    label: string,
    multiline?: number,
    type?: "date",
  ) => (
    <TextField
      label={label}
      type={type}
      value={form[key] ?? ""}
      onChange={(v) => set({ [key]: v })}
      error={err(key)}
      autoComplete="off"
      multiline={multiline}
      name={`edit.${key}`}
    />
  );
  return (
    <BlockStack gap="400">
      {answer ? (
        <Banner tone={answer.ok ? "success" : "critical"} title={answer.message}>
          {!answer.ok && answer.errors?._form ? <p>{answer.errors._form}</p> : null}
        </Banner>
      ) : null}
      <Card>
        <FormLayout>
          <Text as="h2" variant="headingMd">
            {t("catalog.edit.title")}
          </Text>
          {text("title", t("catalog.field.title"))}
          {text("description", t("catalog.field.description"), 3)}
          <FormLayout.Group>
            {text("madeBy", t("catalog.field.madeBy"))}
            {text("origin", t("catalog.field.originNotes"))}
          </FormLayout.Group>
          <FormLayout.Group>
            {text("sku", t("catalog.field.sku"))}
            {text("gtin", t("catalog.field.gtin"))}
            {text("acquiredAt", t("catalog.field.acquiredAt"), undefined, "date")}
          </FormLayout.Group>
          {text("notes", t("catalog.field.notes"), 3)}
          {canSeeCost ? (
            <FormLayout.Group>
              <TextField
                label={t("catalog.field.supplier")}
                value={form.supplierName ?? ""}
                onChange={(v) => set({ supplierName: v })}
                error={err("supplierName")}
                autoComplete="off"
              />
              <TextField
                label={t("catalog.field.cost", { currency })}
                value={form.cost ?? ""}
                onChange={(v) => set({ cost: v })}
                error={err("cost")}
                autoComplete="off"
                inputMode="decimal"
              />
            </FormLayout.Group>
          ) : null}
        </FormLayout>
      </Card>
      <MetalsCard {...rowsOf("metals", () => newMetal(entryWeightUnit(weightUnit)))} weightUnit={weightUnit} />
      {recorded ? <Text as="p">{t("catalog.edit.recordedEditable")}</Text> : null}
      <CertificatesCard {...rowsOf("certificates", newCertificate)} onScan={uploadScan} />
      {form.certificates.map((c, i) => (
        <TextField
          key={i}
          label={`${t("catalog.field.reportUrl")} — ${c.lab} ${c.number}`}
          value={c.scanUrl ?? ""}
          onChange={(v) => setAt("certificates", i, { scanUrl: v })}
          error={err(`certificates.${i}.scan`)}
          autoComplete="off"
        />
      ))}
      <StonesCard {...rowsOf("stones", newStone)} certificates={form.certificates} />
      {form.consignment ? (
        <EditConsignmentTerms
          terms={form.consignment}
          open={props.consignmentOpen}
          onChange={(consignment) => set({ consignment })}
          err={err}
          currency={currency}
          consignors={props.consignors}
          consignorEditable={props.consignorEditable}
        />
      ) : null}
      <EditShopifyLink version={version} linked={props.linked} />
      <Card>
        <FormLayout>
          <TextField
            label={t("catalog.edit.reason")}
            value={reason}
            onChange={setReason}
            error={err("reason")}
            autoComplete="off"
          />
          <InlineStack gap="300">
            <Button variant="primary" onClick={submit} loading={save.state !== "idle"}>
              {t("catalog.edit.save")}
            </Button>
            <Button onClick={() => setOpen(false)}>{t("catalog.edit.cancel")}</Button>
          </InlineStack>
        </FormLayout>
      </Card>
    </BlockStack>
  );
}
