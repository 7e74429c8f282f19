// Receiving a piece: the intake form. One schema (app/domain/schemas/piece.ts) checks it in the
// browser as the person types and again here, where it is the authority; refusals found in the
// database or at Shopify come back as field errors too.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  Checkbox,
  FormLayout,
  InlineStack,
  Layout,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useMemo, useRef, useState } from "react";
import { z } from "zod";
import { requireAdmin } from "../http/admin-context.server";
import {
  createPiece,
  lookUpVariant,
  newPieceFromForm,
  refusalIssue,
  uploadCertificateScan,
  type LinkedVariant,
} from "../services/catalog/intake.server";
import { listLocations } from "../models/locations.server";
import {
  checkPieceForm,
  emptyPieceForm,
  ENTRY_WEIGHT_UNITS,
  LINK_MODES,
  METAL_COLOURS,
  PIECE_METALS,
  STONE_ORIGINS,
  STONE_POSITIONS,
  STONE_TYPES,
  type Issue,
  type PieceForm,
} from "../domain/schemas/piece";
import { fieldErrors, type FieldErrors } from "../domain/schemas/field-errors";
import { LABS, reportCheckUrl } from "../domain/certificates";
import { fineWeightMg, finenessLabel, parseFineness } from "../domain/metals";
import { parseCarats, toMilligrams } from "../domain/units";
import { intlLocale, translate, type Locale } from "../i18n";
import { useI18n } from "../i18n/react";
import { carats as formatCt, label, weight as formatWeight } from "../ui/format";

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop, canSeeCost } = await requireAdmin(request);
  const locations = await listLocations(shop.id);
  return {
    currency: shop.currency,
    canSeeCost,
    weightUnit: shop.weightUnit,
    locations: locations.map((l) => ({ id: l.id, path: l.path })),
  };
}

const jsonBody = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("save"), form: z.unknown() }),
  z.object({ intent: z.literal("lookup"), ref: z.string().trim().min(1).max(200) }),
]);

const answer = (body: unknown, status = 200) => Response.json(body, { status });
const errorsAnswer = (issues: readonly Issue[], locale: Locale, status: number) =>
  answer({ ok: false, errors: fieldErrors(issues, locale), message: translate(locale, "catalog.error.form") }, status);

export async function action({ request }: ActionFunctionArgs) {
  const { shop, actor, locale, canSeeCost, admin } = await requireAdmin(request);
  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
    // A certificate scan, uploaded on its own before the form is saved.
    const data = await request.formData();
    const file = data.get("scan");
    const index = z.coerce.number().int().min(0).max(19).safeParse(data.get("index"));
    if (!(file instanceof File) || !index.success)
      return errorsAnswer([{ path: "scan", message: "catalog.error.uploadType" }], locale, 400);
    const bytes = new Uint8Array(await file.arrayBuffer());
    const alt = String(data.get("alt") ?? "").slice(0, 200) || "certificate";
    const uploaded = await uploadCertificateScan(admin, { name: file.name, type: file.type, bytes }, alt);
    if (!uploaded.ok)
      return errorsAnswer([{ ...uploaded.issue, path: `certificates.${index.data}.scan` }], locale, 422);
    return answer({ ok: true, index: index.data, scanFileGid: uploaded.scanFileGid, scanUrl: uploaded.scanUrl });
  }
  let raw: unknown;
  try {
    raw = await request.json();
  } catch {
    raw = null;
  }
  const body = jsonBody.safeParse(raw);
  if (!body.success) return errorsAnswer([{ path: "form", message: "catalog.error.required" }], locale, 400);
  if (body.data.intent === "lookup") {
    const found = await lookUpVariant(admin, body.data.ref);
    return found.ok ? answer({ ok: true, variant: found.variant }) : errorsAnswer([found.issue], locale, 422);
  }

  const checked = checkPieceForm(body.data.form, { locale: intlLocale(locale), currency: shop.currency, canSeeCost });
  if (!checked.ok) {
    // Cost sent by a role that may not see it is a permission problem, not a typing one.
    const forbidden = checked.issues.some((i) => i.message === "catalog.error.costForbidden");
    return errorsAnswer(checked.issues, locale, forbidden ? 403 : 422);
  }
  const form = checked.value;
  let variant: LinkedVariant | null = null;
  if (form.link === "attach" && form.variantRef) {
    const found = await lookUpVariant(admin, form.variantRef);
    if (!found.ok)
      return errorsAnswer(
        [found.issue],
        locale,
        found.issue.message === "catalog.error.shopifyUnavailable" ? 503 : 422,
      );
    variant = found.variant;
  }
  const result = await createPiece(
    shop.id,
    newPieceFromForm(form, { currency: shop.currency, variant }),
    actor,
    "received",
    {
      createShopifyProduct: form.link === "create",
    },
  );
  if (!result.ok) return errorsAnswer(result.errors.map(refusalIssue), locale, 422);
  return answer({ ok: true, pieceId: result.pieceId, tagCode: result.tagCode });
}

type ActionAnswer =
  | { ok: false; errors: FieldErrors; message: string }
  | { ok: true; pieceId: string; tagCode: string }
  | { ok: true; variant: LinkedVariant }
  | { ok: true; index: number; scanFileGid: string; scanUrl: string | null };

type Metal = PieceForm["metals"][number];
type Stone = PieceForm["stones"][number];
type Certificate = PieceForm["certificates"][number];

const newMetal = (): Metal => ({
  metal: "gold",
  colour: "yellow",
  fineness: "750",
  weight: "",
  unit: "g",
  hallmark: "",
});
const newStone = (): Stone => ({
  type: "diamond",
  origin: "natural",
  shape: "",
  carats: "",
  count: "1",
  colour: "",
  clarity: "",
  cutGrade: "",
  measurements: "",
  treatment: "",
  position: "centre",
  certificateIndex: "",
});
const newCertificate = (): Certificate => ({
  lab: "GIA",
  number: "",
  issuedAt: "",
  colour: "",
  clarity: "",
  cut: "",
  scanFileGid: "",
  scanUrl: "",
});

declare global {
  interface Window {
    shopify?: {
      resourcePicker?: (options: { type: string }) => Promise<{ id: string }[] | undefined>;
      toast?: { show: (message: string) => void };
    };
  }
}

export default function ReceivePiece() {
  const { currency, canSeeCost, weightUnit, locations } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const save = useFetcher<ActionAnswer>();
  const lookup = useFetcher<ActionAnswer>();
  const scan = useFetcher<ActionAnswer>();
  const [form, setForm] = useState<PieceForm>(() => ({ ...emptyPieceForm(), metals: [newMetal()] }));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [consigned, setConsigned] = useState(false);
  const intl = intlLocale(locale);

  const set = (patch: Partial<PieceForm>) => setForm((f) => ({ ...f, ...patch }));
  const setAt = <K extends "metals" | "stones" | "certificates">(
    key: K,
    index: number,
    patch: Partial<NonNullable<PieceForm[K]>[number]>,
  ) => setForm((f) => ({ ...f, [key]: (f[key] ?? []).map((item, i) => (i === index ? { ...item, ...patch } : item)) }));
  const removeAt = (key: "metals" | "stones" | "certificates", index: number) =>
    setForm((f) => ({ ...f, [key]: (f[key] ?? []).filter((_, i) => i !== index) }));
  const err = (path: string) => errors[path];

  // Each answer is acted on once, even if the page renders again before it leaves.
  const handled = useRef<unknown>(null);
  useEffect(() => {
    const data = save.data;
    // Wait for the revalidation that follows the action: leaving earlier would abort it.
    if (!data || save.state !== "idle" || handled.current === data) return;
    handled.current = data;
    if (!data.ok) setErrors(data.errors);
    else if ("pieceId" in data) {
      window.shopify?.toast?.show(t("catalog.new.saved", { tagCode: data.tagCode }));
      // A document load, not navigate(): the client-side route discovery request (/__manifest)
      // for a not-yet-seen piece path was observed never to answer in the demo (see README).
      window.location.assign(`/app/pieces/${data.pieceId}${window.location.search}`);
    }
  }, [save.data, save.state, t]);

  useEffect(() => {
    const data = scan.data;
    if (!data) return;
    if (!data.ok) setErrors((e) => ({ ...e, ...data.errors }));
    else if ("scanFileGid" in data)
      setAt("certificates", data.index, { scanFileGid: data.scanFileGid, scanUrl: data.scanUrl ?? "" });
    // setAt is stable enough: it only closes over setForm.
  }, [scan.data]);

  const found = lookup.data && lookup.data.ok && "variant" in lookup.data ? lookup.data.variant : null;
  const lookupError = lookup.data && !lookup.data.ok ? lookup.data.errors.variantRef : undefined;

  const submit = () => {
    const payload: PieceForm = { ...form, consignment: consigned ? (form.consignment ?? { consignorName: "" }) : null };
    const local = checkPieceForm(payload, { locale: intl, currency, canSeeCost });
    if (!local.ok) {
      setErrors(fieldErrors(local.issues, locale));
      return;
    }
    setErrors({});
    save.submit({ intent: "save", form: payload } as never, { method: "post", encType: "application/json" });
  };

  const pickVariant = async () => {
    const picked = await window.shopify?.resourcePicker?.({ type: "variant" });
    if (picked?.[0]) set({ variantRef: picked[0].id });
  };

  const caratTotal = useMemo(() => {
    let total = 0;
    for (const s of form.stones) {
      try {
        total += parseCarats(s.carats, intl) * (Number(s.count) || 1);
      } catch {
        // Shown beside the field on submit; the total counts what reads.
      }
    }
    return total;
  }, [form.stones, intl]);

  const options = (prefix: string, values: readonly string[]) =>
    values.map((v) => ({ value: v, label: label(locale, prefix, v) }));
  const consignment = form.consignment ?? { consignorName: "" };

  return (
    <Page
      title={t("catalog.new.title")}
      backAction={{ content: t("pieces.title"), url: "/app/pieces" }}
      primaryAction={{ content: t("catalog.new.save"), onAction: submit, loading: save.state !== "idle" }}
    >
      <Layout>
        {Object.keys(errors).length ? (
          <Layout.Section>
            <Banner tone="critical" title={t("catalog.error.form")}>
              {errors.form ? <p>{errors.form}</p> : null}
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <BlockStack gap="400">
            <Card>
              <FormLayout>
                <Text as="h2" variant="headingMd">
                  {t("catalog.new.section.piece")}
                </Text>
                <TextField
                  label={t("catalog.field.title")}
                  value={form.title}
                  onChange={(v) => set({ title: v })}
                  error={err("title")}
                  autoComplete="off"
                  name="title"
                />
                <FormLayout.Group>
                  <TextField
                    label={t("catalog.field.sku")}
                    value={form.sku ?? ""}
                    onChange={(v) => set({ sku: v })}
                    error={err("sku")}
                    autoComplete="off"
                    name="sku"
                  />
                  <TextField
                    label={t("catalog.field.price", { currency })}
                    value={form.price ?? ""}
                    onChange={(v) => set({ price: v })}
                    error={err("price")}
                    autoComplete="off"
                    inputMode="decimal"
                    name="price"
                  />
                </FormLayout.Group>
                <TextField
                  label={t("catalog.field.gtin")}
                  helpText={t("catalog.field.gtinHelp")}
                  value={form.gtin ?? ""}
                  onChange={(v) => set({ gtin: v })}
                  error={err("gtin")}
                  autoComplete="off"
                  inputMode="numeric"
                  name="gtin"
                />
                <TextField
                  label={t("catalog.field.description")}
                  value={form.description ?? ""}
                  onChange={(v) => set({ description: v })}
                  error={err("description")}
                  multiline={3}
                  autoComplete="off"
                />
              </FormLayout>
            </Card>

            <Card>
              <FormLayout>
                <Text as="h2" variant="headingMd">
                  {t("catalog.new.section.shopify")}
                </Text>
                <Select
                  label={t("catalog.field.link")}
                  options={LINK_MODES.map((m) => ({ value: m, label: t(`catalog.link.${m}`) }))}
                  value={form.link ?? "none"}
                  onChange={(v) => set({ link: v as PieceForm["link"] })}
                  name="link"
                />
                {form.link === "attach" ? (
                  <BlockStack gap="200">
                    <InlineStack gap="200" blockAlign="end">
                      <div style={{ flexGrow: 1 }}>
                        <TextField
                          label={t("catalog.field.variantRef")}
                          value={form.variantRef ?? ""}
                          onChange={(v) => set({ variantRef: v })}
                          error={err("variantRef") ?? lookupError}
                          autoComplete="off"
                          name="variantRef"
                        />
                      </div>
                      <Button
                        onClick={() =>
                          lookup.submit({ intent: "lookup", ref: form.variantRef ?? "" } as never, {
                            method: "post",
                            encType: "application/json",
                          })
                        }
                        loading={lookup.state !== "idle"}
                      >
                        {t("catalog.action.lookUp")}
                      </Button>
                      <Button onClick={() => void pickVariant()}>{t("catalog.action.pickVariant")}</Button>
                    </InlineStack>
                    {found ? (
                      <Text as="p" tone="success">
                        {t("catalog.variant.found", { title: found.title, sku: found.sku ?? "—" })}
                      </Text>
                    ) : null}
                  </BlockStack>
                ) : null}
              </FormLayout>
            </Card>

            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("catalog.new.section.metals")}
                </Text>
                {form.metals.map((m, i) => {
                  let fine: string | null = null;
                  let shown: string | null = null;
                  try {
                    const bp = parseFineness(m.fineness, m.metal);
                    shown = finenessLabel(bp, m.metal, intl);
                    fine = formatWeight(fineWeightMg(toMilligrams(m.weight, m.unit, intl), bp), weightUnit, locale);
                  } catch {
                    // Incomplete while typing: the field error explains on submit.
                  }
                  return (
                    <BlockStack gap="200" key={i}>
                      <FormLayout.Group condensed>
                        <Select
                          label={t("catalog.field.metal")}
                          options={options("metal", PIECE_METALS)}
                          value={m.metal}
                          onChange={(v) => setAt("metals", i, { metal: v as Metal["metal"] })}
                          error={err(`metals.${i}.metal`)}
                        />
                        <Select
                          label={t("catalog.field.colour")}
                          options={[{ value: "", label: "—" }, ...options("colour", METAL_COLOURS)]}
                          value={m.colour ?? ""}
                          onChange={(v) => setAt("metals", i, { colour: v as Metal["colour"] })}
                        />
                        <TextField
                          label={t("catalog.field.fineness")}
                          value={m.fineness}
                          onChange={(v) => setAt("metals", i, { fineness: v })}
                          error={err(`metals.${i}.fineness`)}
                          autoComplete="off"
                          name={`metals.${i}.fineness`}
                          helpText={shown ? t("catalog.field.finenessShown", { label: shown }) : undefined}
                        />
                        <TextField
                          label={t("catalog.field.weight")}
                          value={m.weight}
                          onChange={(v) => setAt("metals", i, { weight: v })}
                          error={err(`metals.${i}.weight`)}
                          autoComplete="off"
                          inputMode="decimal"
                          name={`metals.${i}.weight`}
                          helpText={fine ? t("catalog.field.fineWeight", { weight: fine }) : undefined}
                        />
                        <Select
                          label={t("catalog.field.unit")}
                          options={ENTRY_WEIGHT_UNITS.map((u) => ({ value: u, label: u }))}
                          value={m.unit}
                          onChange={(v) => setAt("metals", i, { unit: v as Metal["unit"] })}
                        />
                        <TextField
                          label={t("catalog.field.hallmark")}
                          value={m.hallmark ?? ""}
                          onChange={(v) => setAt("metals", i, { hallmark: v })}
                          autoComplete="off"
                        />
                      </FormLayout.Group>
                      <InlineStack>
                        <Button variant="plain" tone="critical" onClick={() => removeAt("metals", i)}>
                          {t("catalog.action.remove")}
                        </Button>
                      </InlineStack>
                    </BlockStack>
                  );
                })}
                <InlineStack>
                  <Button onClick={() => set({ metals: [...form.metals, newMetal()] })}>
                    {t("catalog.action.addMetal")}
                  </Button>
                </InlineStack>
              </BlockStack>
            </Card>

            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("catalog.new.section.certificates")}
                </Text>
                {form.certificates.map((c, i) => {
                  const check = reportCheckUrl(c.lab, c.number);
                  return (
                    <BlockStack gap="200" key={i}>
                      <FormLayout.Group condensed>
                        <Select
                          label={t("catalog.field.lab")}
                          options={LABS.map((l) => ({ value: l, label: l }))}
                          value={c.lab}
                          onChange={(v) => setAt("certificates", i, { lab: v as Certificate["lab"] })}
                        />
                        <TextField
                          label={t("catalog.field.certNumber")}
                          value={c.number}
                          onChange={(v) => setAt("certificates", i, { number: v })}
                          error={err(`certificates.${i}.number`)}
                          autoComplete="off"
                          name={`certificates.${i}.number`}
                        />
                        <TextField
                          label={t("catalog.field.certDate")}
                          type="date"
                          value={c.issuedAt ?? ""}
                          onChange={(v) => setAt("certificates", i, { issuedAt: v })}
                          error={err(`certificates.${i}.issuedAt`)}
                          autoComplete="off"
                        />
                      </FormLayout.Group>
                      <FormLayout.Group condensed>
                        <TextField
                          label={t("catalog.field.gradeColour")}
                          value={c.colour ?? ""}
                          onChange={(v) => setAt("certificates", i, { colour: v })}
                          autoComplete="off"
                        />
                        <TextField
                          label={t("catalog.field.gradeClarity")}
                          value={c.clarity ?? ""}
                          onChange={(v) => setAt("certificates", i, { clarity: v })}
                          autoComplete="off"
                        />
                        <TextField
                          label={t("catalog.field.gradeCut")}
                          value={c.cut ?? ""}
                          onChange={(v) => setAt("certificates", i, { cut: v })}
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
                              if (!file) return;
                              const data = new FormData();
                              data.set("scan", file);
                              data.set("index", String(i));
                              data.set("alt", `${c.lab} ${c.number}`.trim());
                              scan.submit(data, { method: "post", encType: "multipart/form-data" });
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
                        <Button variant="plain" tone="critical" onClick={() => removeAt("certificates", i)}>
                          {t("catalog.action.remove")}
                        </Button>
                      </InlineStack>
                    </BlockStack>
                  );
                })}
                <InlineStack>
                  <Button onClick={() => set({ certificates: [...form.certificates, newCertificate()] })}>
                    {t("catalog.action.addCertificate")}
                  </Button>
                </InlineStack>
              </BlockStack>
            </Card>

            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("catalog.new.section.stones")}
                </Text>
                {form.stones.map((s, i) => (
                  <BlockStack gap="200" key={i}>
                    <FormLayout.Group condensed>
                      <Select
                        label={t("catalog.field.stoneType")}
                        options={options("stone", STONE_TYPES)}
                        value={s.type}
                        onChange={(v) => setAt("stones", i, { type: v as Stone["type"] })}
                      />
                      <Select
                        label={t("catalog.field.origin")}
                        options={options("origin", STONE_ORIGINS)}
                        value={s.origin}
                        onChange={(v) => setAt("stones", i, { origin: v as Stone["origin"] })}
                      />
                      <TextField
                        label={t("catalog.field.carats")}
                        value={s.carats}
                        onChange={(v) => setAt("stones", i, { carats: v })}
                        error={err(`stones.${i}.carats`)}
                        autoComplete="off"
                        inputMode="decimal"
                        name={`stones.${i}.carats`}
                      />
                      <TextField
                        label={t("catalog.field.count")}
                        value={s.count ?? ""}
                        onChange={(v) => setAt("stones", i, { count: v })}
                        error={err(`stones.${i}.count`)}
                        autoComplete="off"
                        inputMode="numeric"
                      />
                      <Select
                        label={t("catalog.field.position")}
                        options={options("position", STONE_POSITIONS)}
                        value={s.position}
                        onChange={(v) => setAt("stones", i, { position: v as Stone["position"] })}
                      />
                    </FormLayout.Group>
                    <FormLayout.Group condensed>
                      <TextField
                        label={t("catalog.field.shape")}
                        value={s.shape ?? ""}
                        onChange={(v) => setAt("stones", i, { shape: v })}
                        autoComplete="off"
                      />
                      <TextField
                        label={t("catalog.field.stoneColour")}
                        value={s.colour ?? ""}
                        onChange={(v) => setAt("stones", i, { colour: v })}
                        autoComplete="off"
                      />
                      <TextField
                        label={t("catalog.field.clarity")}
                        value={s.clarity ?? ""}
                        onChange={(v) => setAt("stones", i, { clarity: v })}
                        autoComplete="off"
                      />
                      <TextField
                        label={t("catalog.field.cutGrade")}
                        value={s.cutGrade ?? ""}
                        onChange={(v) => setAt("stones", i, { cutGrade: v })}
                        autoComplete="off"
                      />
                    </FormLayout.Group>
                    <FormLayout.Group condensed>
                      <TextField
                        label={t("catalog.field.measurements")}
                        value={s.measurements ?? ""}
                        onChange={(v) => setAt("stones", i, { measurements: v })}
                        autoComplete="off"
                      />
                      <TextField
                        label={t("catalog.field.treatment")}
                        value={s.treatment ?? ""}
                        onChange={(v) => setAt("stones", i, { treatment: v })}
                        autoComplete="off"
                      />
                      <Select
                        label={t("catalog.field.stoneCertificate")}
                        options={[
                          { value: "", label: t("catalog.field.noCertificate") },
                          ...form.certificates.map((c, ci) => ({
                            value: String(ci),
                            label: `${c.lab} ${c.number}`.trim(),
                          })),
                        ]}
                        value={s.certificateIndex ?? ""}
                        onChange={(v) => setAt("stones", i, { certificateIndex: v })}
                        error={err(`stones.${i}.certificateIndex`)}
                      />
                    </FormLayout.Group>
                    <InlineStack>
                      <Button variant="plain" tone="critical" onClick={() => removeAt("stones", i)}>
                        {t("catalog.action.remove")}
                      </Button>
                    </InlineStack>
                  </BlockStack>
                ))}
                <InlineStack gap="300" blockAlign="center">
                  <Button
                    onClick={() =>
                      set({
                        stones: [
                          ...form.stones,
                          { ...newStone(), certificateIndex: form.certificates.length ? "0" : "" },
                        ],
                      })
                    }
                  >
                    {t("catalog.action.addStone")}
                  </Button>
                  <span data-testid="carat-total">
                    <Text as="span">{t("catalog.field.caratTotal", { carats: formatCt(caratTotal, locale) })}</Text>
                  </span>
                </InlineStack>
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>

        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <Card>
              <FormLayout>
                <Text as="h2" variant="headingMd">
                  {t("catalog.new.section.place")}
                </Text>
                <Select
                  label={t("catalog.field.location")}
                  options={[{ value: "", label: "—" }, ...locations.map((l) => ({ value: l.id, label: l.path }))]}
                  value={form.locationId ?? ""}
                  onChange={(v) => set({ locationId: v })}
                  error={err("locationId")}
                />
                <TextField
                  label={t("catalog.field.acquiredAt")}
                  type="date"
                  value={form.acquiredAt ?? ""}
                  onChange={(v) => set({ acquiredAt: v })}
                  error={err("acquiredAt")}
                  autoComplete="off"
                />
                <TextField
                  label={t("catalog.field.notes")}
                  value={form.notes ?? ""}
                  onChange={(v) => set({ notes: v })}
                  multiline={3}
                  autoComplete="off"
                />
              </FormLayout>
            </Card>
            {canSeeCost ? (
              <Card>
                <FormLayout>
                  <Text as="h2" variant="headingMd">
                    {t("catalog.new.section.purchase")}
                  </Text>
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
                </FormLayout>
              </Card>
            ) : null}
            <Card>
              <FormLayout>
                <Text as="h2" variant="headingMd">
                  {t("catalog.new.section.consignment")}
                </Text>
                <Checkbox label={t("catalog.field.consigned")} checked={consigned} onChange={setConsigned} />
                {consigned ? (
                  <>
                    <TextField
                      label={t("catalog.field.consignor")}
                      value={consignment.consignorName}
                      onChange={(v) => set({ consignment: { ...consignment, consignorName: v } })}
                      error={err("consignment.consignorName")}
                      autoComplete="off"
                    />
                    <TextField
                      label={t("catalog.field.commission")}
                      value={consignment.commission ?? ""}
                      onChange={(v) => set({ consignment: { ...consignment, commission: v } })}
                      error={err("consignment.commission")}
                      autoComplete="off"
                      inputMode="decimal"
                    />
                    <TextField
                      label={t("catalog.field.agreedNet", { currency })}
                      value={consignment.agreedNet ?? ""}
                      onChange={(v) => set({ consignment: { ...consignment, agreedNet: v } })}
                      error={err("consignment.agreedNet")}
                      autoComplete="off"
                      inputMode="decimal"
                    />
                    <TextField
                      label={t("catalog.field.receivedAt")}
                      type="date"
                      value={consignment.receivedAt ?? ""}
                      onChange={(v) => set({ consignment: { ...consignment, receivedAt: v } })}
                      error={err("consignment.receivedAt")}
                      autoComplete="off"
                    />
                    <TextField
                      label={t("catalog.field.dueAt")}
                      type="date"
                      value={consignment.dueAt ?? ""}
                      onChange={(v) => set({ consignment: { ...consignment, dueAt: v } })}
                      error={err("consignment.dueAt")}
                      autoComplete="off"
                    />
                    <TextField
                      label={t("catalog.field.returnConditions")}
                      value={consignment.returnConditions ?? ""}
                      onChange={(v) => set({ consignment: { ...consignment, returnConditions: v } })}
                      multiline={2}
                      autoComplete="off"
                    />
                  </>
                ) : null}
              </FormLayout>
            </Card>
            <Button variant="primary" onClick={submit} loading={save.state !== "idle"} data-testid="save-piece">
              {t("catalog.new.save")}
            </Button>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
