// Importing a stock list: upload → map columns → dry run with per-row errors → import with a
// progress bar. The import runs in short calls (about 2 s each) that the page repeats, so a
// closed tab or a restarted server simply resumes (app/http/catalog-import.server.ts).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigate, useRevalidator } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  Checkbox,
  DataTable,
  InlineStack,
  Layout,
  Page,
  ProgressBar,
  Select,
  Text,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { requireAdmin } from "../http/admin-context.server";
import { parseBody } from "../http/admin-action.server";
import { invalidBannerResponse } from "../http/admin-response.server";
import {
  importPage,
  importStep,
  importStepSchema,
  importUploadSchema,
  uploadFile,
  type ImportStep,
} from "../http/catalog-import.server";
import { IMPORT_FIELDS, parseMappingKey, type ColumnMapping, type MappingKey } from "../domain/csv/mapping";
import { formatInteger, type MessageKey } from "../i18n";
import { useI18n } from "../i18n/react";
import { BulkOperations } from "../components/import/BulkOperations";
import { NewLocations } from "../components/import/NewLocations";
import { UploadCard } from "../components/import/UploadCard";

export const permission = { loader: "data.import", action: "data.import" } as const;

export async function loader({ request }: LoaderFunctionArgs) {
  return importPage(await requireAdmin(request, permission.loader), new URL(request.url).searchParams.get("batch"));
}

export async function action({ request }: ActionFunctionArgs) {
  const context = await requireAdmin(request, permission.action);
  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
    const upload = await parseBody(request, importUploadSchema);
    return upload.ok ? uploadFile(context, upload.data) : invalidBannerResponse(context.locale, upload.error);
  }
  const step = await parseBody(request, importStepSchema);
  return step.ok ? importStep(context, step.data) : invalidBannerResponse(context.locale, step.error);
}

type Answer = {
  ok: boolean;
  message?: string;
  batchId?: string;
  status?: string;
  totalRows?: number;
  doneRows?: number;
  errorRows?: number;
  importedRows?: number;
};

export default function ImportPage() {
  const { recent, batch, bulk, bulkThreshold } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const revalidator = useRevalidator();
  const step = useFetcher<Answer>();
  const [columns, setColumns] = useState<ColumnMapping>(batch?.columns ?? {});
  const [createLocations, setCreateLocations] = useState(batch?.createLocations ?? false);

  useEffect(() => setColumns(batch?.columns ?? {}), [batch?.id, batch?.columns]);
  useEffect(() => setCreateLocations(batch?.createLocations ?? false), [batch?.id, batch?.createLocations]);
  // The import goes on call after call while it is running; each answer moves the bar.
  useEffect(() => {
    if (step.state !== "idle" || !step.data || !batch) return;
    if (step.data.ok && step.data.status === "importing")
      step.submit({ intent: "run", batchId: batch.id } satisfies ImportStep as never, {
        method: "post",
        encType: "application/json",
      });
    else revalidator.revalidate();
    // revalidator changes identity on every render.
  }, [step.state, step.data]);

  const columnOf = (index: number) =>
    (Object.entries(columns) as [MappingKey, number][]).find(([, i]) => i === index)?.[0] ?? "";
  const setColumn = (index: number, field: string) =>
    setColumns((current) => {
      const next = Object.fromEntries(
        Object.entries(current).filter(([f, i]) => i !== index && f !== field),
      ) as ColumnMapping;
      if (field) next[field as MappingKey] = index;
      return next;
    });
  const running = step.data?.status === "importing" || batch?.status === "importing";
  const progressDone = step.data?.doneRows ?? batch?.doneRows ?? 0;
  const progressTotal = step.data?.totalRows ?? batch?.totalRows ?? 0;
  const readyRows = batch ? batch.totalRows - batch.errorRows : 0;
  const fieldOptions = [
    { label: t("catalog.import.ignore"), value: "" },
    ...IMPORT_FIELDS.map((f) => ({ label: t(`catalog.import.field.${f}`), value: f })),
    // The second, third… metal, stone and certificate the file's headers numbered ("Carats 2").
    ...Object.keys(batch?.columns ?? {}).flatMap((key) => {
      const parsed = parseMappingKey(key);
      if (!parsed || parsed.index === 0) return [];
      const field = t(`catalog.import.field.${parsed.field}`);
      return [{ label: t("csv.field.numbered", { field, n: parsed.index + 1 }), value: key }];
    }),
  ];

  return (
    <Page title={t("catalog.import.title")} backAction={{ content: t("pieces.title"), url: "/app/pieces" }}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <UploadCard />

            {batch ? (
              <Card>
                <BlockStack gap="300">
                  <InlineStack gap="200" blockAlign="center">
                    <Text as="h2" variant="headingMd">
                      {batch.fileName}
                    </Text>
                    <Badge>{t(`catalog.import.status.${batch.status}` as MessageKey)}</Badge>
                  </InlineStack>
                  {batch.status === "uploaded" || batch.status === "checked" ? (
                    <>
                      <Text as="h3" variant="headingSm">
                        {t("catalog.import.mapping")}
                      </Text>
                      <Text as="p" tone="subdued">
                        {t("catalog.import.mappingHelp")}
                      </Text>
                      <DataTable
                        columnContentTypes={["text", "text", "text"]}
                        headings={["CSV", "Loupe", ""]}
                        rows={batch.headers.map((header, index) => [
                          header,
                          <Select
                            key={index}
                            label={header}
                            labelHidden
                            options={fieldOptions}
                            value={columnOf(index)}
                            onChange={(v) => setColumn(index, v)}
                          />,
                          batch.sample
                            .map((r) => r[index] ?? "")
                            .filter(Boolean)
                            .slice(0, 3)
                            .join(" · "),
                        ])}
                      />
                      <Checkbox
                        label={t("catalog.import.createLocations")}
                        helpText={t("catalog.import.createLocationsHelp")}
                        checked={createLocations}
                        onChange={setCreateLocations}
                      />
                      <InlineStack gap="200">
                        <Button
                          loading={step.state !== "idle"}
                          onClick={() =>
                            step.submit(
                              {
                                intent: "check",
                                batchId: batch.id,
                                columns: columns as Record<string, number>,
                                createLocations,
                              } satisfies ImportStep as never,
                              { method: "post", encType: "application/json" },
                            )
                          }
                        >
                          {t("catalog.import.check")}
                        </Button>
                        {batch.status === "checked" && readyRows > 0 ? (
                          <Button
                            variant="primary"
                            onClick={() =>
                              step.submit({ intent: "run", batchId: batch.id } satisfies ImportStep as never, {
                                method: "post",
                                encType: "application/json",
                              })
                            }
                          >
                            {t("catalog.import.start", { count: formatInteger(readyRows, locale) })}
                          </Button>
                        ) : null}
                      </InlineStack>
                    </>
                  ) : null}
                  {step.data && !step.data.ok ? (
                    <Banner tone="critical">
                      <p data-testid="import-error">{step.data.message}</p>
                    </Banner>
                  ) : null}
                  {batch.status === "checked" ? (
                    <Text as="p" fontWeight="semibold">
                      <span data-testid="import-summary">
                        {t("catalog.import.checked", {
                          ok: formatInteger(readyRows, locale),
                          bad: formatInteger(batch.errorRows, locale),
                          total: formatInteger(batch.totalRows, locale),
                        })}
                      </span>
                    </Text>
                  ) : null}
                  {batch.status === "checked" && batch.createLocations ? (
                    <NewLocations locations={batch.newLocations} count={batch.newLocationCount} />
                  ) : null}
                  {running || batch.status === "importing" ? (
                    <BlockStack gap="200">
                      <ProgressBar progress={progressTotal ? Math.round((progressDone / progressTotal) * 100) : 0} />
                      <Text as="p">
                        {t("catalog.import.progress", {
                          done: formatInteger(progressDone, locale),
                          total: formatInteger(progressTotal, locale),
                        })}
                      </Text>
                      {step.state === "idle" && !step.data ? (
                        <Button
                          onClick={() =>
                            step.submit({ intent: "run", batchId: batch.id } satisfies ImportStep as never, {
                              method: "post",
                              encType: "application/json",
                            })
                          }
                        >
                          {t("catalog.import.resume")}
                        </Button>
                      ) : null}
                    </BlockStack>
                  ) : null}
                  {batch.status === "done" ? (
                    <Banner tone="success">
                      <p data-testid="import-done">
                        {t("catalog.import.done", {
                          imported: formatInteger(batch.importedRows, locale),
                          skipped: formatInteger(batch.errorRows, locale),
                        })}
                      </p>
                    </Banner>
                  ) : null}
                  {bulk.length ? <BulkOperations operations={bulk} threshold={bulkThreshold} /> : null}
                  {batch.errors.length ? (
                    <BlockStack gap="200">
                      <Text as="h3" variant="headingSm">
                        {t("catalog.import.errors")}
                      </Text>
                      <DataTable
                        columnContentTypes={["numeric", "text", "text"]}
                        headings={[t("catalog.import.row"), t("catalog.import.field"), t("catalog.import.message")]}
                        rows={batch.errors.map((e) => [e.row, e.field, e.message])}
                      />
                    </BlockStack>
                  ) : null}
                </BlockStack>
              </Card>
            ) : null}
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                {t("catalog.import.history")}
              </Text>
              {recent.map((b) => (
                <InlineStack key={b.id} gap="200" align="space-between">
                  <Button variant="plain" onClick={() => navigate(`/app/import?batch=${b.id}`)}>
                    {b.fileName}
                  </Button>
                  <Badge>{t(`catalog.import.status.${b.status}` as MessageKey)}</Badge>
                </InlineStack>
              ))}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
