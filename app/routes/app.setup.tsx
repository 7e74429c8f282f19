// /app/setup: import the shop's Shopify locations as sites, then build the tree under each site
// (add a place, rename, move within the site, archive when empty). One form per change, read with
// the schemas of app/domain/locations/forms.ts; each refusal answers beside its field, in the
// person's language. ?archived=1 shows archived locations too.
import { useEffect, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  InlineStack,
  Layout,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { setupAction, setupPage } from "../http/setup-page.server";
import { CHILD_KINDS } from "../domain/locations/forms";
import { descendantsOf } from "../domain/locations/tree";
import type { MessageKey } from "../i18n";
import { useI18n } from "../i18n/react";

export const permission = { loader: "settings.manage", action: "settings.manage" } as const;

export const loader = ({ request }: LoaderFunctionArgs) => setupPage(request);

export const action = ({ request }: ActionFunctionArgs) => setupAction(request);

type Row = ReturnType<typeof useLoaderData<typeof loader>>["rows"][number];
type Editing = { id: string; mode: "add" | "rename" | "move" } | null;

export default function SetupPage() {
  const { rows, showArchived } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t } = useI18n();
  const [editing, setEditing] = useState<Editing>(null);
  // A change saved closes its form; a refused one stays open with the message beside the field.
  useEffect(() => {
    if (answer?.ok) setEditing(null);
  }, [answer]);
  const errors = answer && !answer.ok ? answer.errors : {};
  const depth = (row: Row): number => {
    let d = 0;
    for (let p = row.parentId; p; p = rows.find((r) => r.id === p)?.parentId ?? null) d++;
    return d;
  };
  const siteOf = (row: Row): string => {
    let current = row;
    while (current.parentId) current = rows.find((r) => r.id === current.parentId) ?? { ...current, parentId: null };
    return current.id;
  };
  const moveTargets = (row: Row) => {
    const excluded = new Set([row.id, ...descendantsOf(rows, row.id).map((r) => r.id)]);
    return rows.filter((r) => !r.archived && !excluded.has(r.id) && siteOf(r) === siteOf(row));
  };

  return (
    <Page title={t("setup.title")} backAction={{ content: t("nav.home"), url: "/app" }}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Text as="p">{t("setup.intro")}</Text>
            {answer?.ok ? (
              <Banner tone="success" data-testid="setup-saved">
                <BlockStack gap="100">
                  <Text as="p">{answer.message}</Text>
                  {answer.conflicts.map((c: string) => (
                    <Text as="p" key={c} tone="caution">
                      {c}
                    </Text>
                  ))}
                </BlockStack>
              </Banner>
            ) : null}
            {answer && !answer.ok ? (
              <Banner tone="critical">
                <BlockStack gap="100">
                  <Text as="p">{answer.message}</Text>
                  {Object.values(answer.errors).map((m) => (
                    <Text as="p" key={m}>
                      {m}
                    </Text>
                  ))}
                </BlockStack>
              </Banner>
            ) : null}
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  {t("setup.import.title")}
                </Text>
                <Text as="p">{t("setup.import.help")}</Text>
                <Form method="post">
                  <input type="hidden" name="intent" value="import" />
                  <Button submit variant="primary" loading={busy}>
                    {t("setup.import.button")}
                  </Button>
                </Form>
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <InlineStack align="space-between">
                  <Text as="h2" variant="headingMd">
                    {t("setup.tree.title")}
                  </Text>
                  <Link to={showArchived ? "/app/setup" : "/app/setup?archived=1"}>
                    {t(showArchived ? "setup.tree.hideArchived" : "setup.tree.showArchived")}
                  </Link>
                </InlineStack>
                {rows.length === 0 ? <Text as="p">{t("setup.import.none")}</Text> : null}
                {rows.map((row) => (
                  <div key={row.id} style={{ paddingLeft: depth(row) * 24 }} data-testid="location-row">
                    <BlockStack gap="100">
                      <InlineStack gap="200" blockAlign="center">
                        <Text as="span" fontWeight={row.parentId ? "regular" : "bold"}>
                          {row.name}
                        </Text>
                        <Badge>{t(`setup.kind.${row.kind}` as MessageKey)}</Badge>
                        {row.archived ? <Badge tone="warning">{t("setup.tree.archivedBadge")}</Badge> : null}
                        {row.shopifyName ? (
                          <Text as="span" variant="bodySm" tone="subdued">
                            {t("setup.tree.shopifyLocation")}: {row.shopifyName}
                          </Text>
                        ) : null}
                        {!row.archived ? (
                          <>
                            <Text as="span" variant="bodySm" tone="subdued">
                              {t("setup.tree.code")}: {row.code}
                            </Text>
                            <Form method="post" style={{ display: "inline" }}>
                              <input type="hidden" name="intent" value="label" />
                              <input type="hidden" name="id" value={row.id} />
                              <Button submit variant="plain">
                                {t("setup.tree.printLabel")}
                              </Button>
                            </Form>
                            <Button variant="plain" onClick={() => setEditing({ id: row.id, mode: "add" })}>
                              {t("setup.tree.add")}
                            </Button>
                            <Button variant="plain" onClick={() => setEditing({ id: row.id, mode: "rename" })}>
                              {t("setup.tree.rename")}
                            </Button>
                            {row.parentId ? (
                              <>
                                <Button variant="plain" onClick={() => setEditing({ id: row.id, mode: "move" })}>
                                  {t("setup.tree.move")}
                                </Button>
                                <Form method="post" style={{ display: "inline" }}>
                                  <input type="hidden" name="intent" value="archive" />
                                  <input type="hidden" name="id" value={row.id} />
                                  <Button submit variant="plain" tone="critical">
                                    {t("setup.tree.archive")}
                                  </Button>
                                </Form>
                              </>
                            ) : null}
                          </>
                        ) : null}
                      </InlineStack>
                      {editing?.id === row.id ? (
                        <EditForm
                          row={row}
                          mode={editing.mode}
                          targets={moveTargets(row)}
                          errors={answer && !answer.ok && answer.intent === editing.mode ? errors : {}}
                          onCancel={() => setEditing(null)}
                        />
                      ) : null}
                    </BlockStack>
                  </div>
                ))}
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function EditForm({
  row,
  mode,
  targets,
  errors,
  onCancel,
}: {
  row: Row;
  mode: "add" | "rename" | "move";
  targets: Row[];
  errors: Record<string, string>;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [name, setName] = useState(mode === "rename" ? row.name : "");
  const [kind, setKind] = useState<string>("safe");
  const [parentId, setParentId] = useState(targets[0]?.id ?? "");
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={mode} />
      <input type="hidden" name={mode === "add" ? "parentId" : "id"} value={row.id} />
      <InlineStack gap="200" blockAlign="end">
        {mode === "add" ? (
          <Select
            label={t("setup.field.kind")}
            name="kind"
            value={kind}
            onChange={setKind}
            options={CHILD_KINDS.map((k) => ({ value: k, label: t(`setup.kind.${k}` as MessageKey) }))}
            error={errors.kind}
          />
        ) : null}
        {mode === "move" ? (
          <Select
            label={t("setup.field.parent")}
            name="parentId"
            value={parentId}
            onChange={setParentId}
            options={targets.map((r) => ({ value: r.id, label: r.path }))}
            error={errors.parentId ?? errors.name}
          />
        ) : (
          <TextField
            label={mode === "add" ? t("setup.tree.addTitle", { path: row.path }) : t("setup.field.name")}
            name="name"
            value={name}
            onChange={setName}
            autoComplete="off"
            error={errors.name}
          />
        )}
        <Button submit variant="primary">
          {t("setup.tree.save")}
        </Button>
        <Button onClick={onCancel}>{t("setup.tree.cancel")}</Button>
      </InlineStack>
    </Form>
  );
}
