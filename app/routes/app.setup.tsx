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
import { requireAdmin } from "../http/admin-context.server";
import { invalidAnswer, readBody, refusedAnswer } from "../http/admin-action.server";
import { locationTree, shopifyLocationNames } from "../models/locations.server";
import { syncSitesFromShopify } from "../services/locations/sites.server";
import { locationCodeOf, queueLocationLabel } from "../services/locations/labels.server";
import {
  addChildLocation,
  archiveLocation,
  moveLocation,
  renameLocation,
  type TreeResult,
} from "../services/locations/tree.server";
import { CHILD_KINDS, setupForm } from "../domain/locations/forms";
import { descendantsOf } from "../domain/locations/tree";
import { translate, type Locale, type MessageKey } from "../i18n";
import { useI18n } from "../i18n/react";

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireAdmin(request);
  const showArchived = new URL(request.url).searchParams.get("archived") === "1";
  const [rows, names] = await Promise.all([locationTree(shop.id), shopifyLocationNames(shop.id)]);
  return {
    showArchived,
    rows: rows
      .filter((r) => showArchived || r.archivedAt === null)
      .map((r) => ({
        id: r.id,
        parentId: r.parentId,
        name: r.name,
        path: r.path,
        kind: r.kind,
        code: locationCodeOf(r.id),
        archived: r.archivedAt !== null,
        shopifyName: r.parentId === null ? (names.get(r.shopifyLocationGid)?.name ?? null) : null,
      })),
  };
}

type Saved = { ok: true; intent: string; message: string; conflicts: string[] };

const saved = (locale: Locale, intent: "add" | "rename" | "move" | "archive", result: TreeResult & { ok: true }) =>
  ({
    ok: true,
    intent,
    message: translate(locale, `setup.saved.${intent}` as MessageKey, { path: result.path }),
    conflicts: [],
  }) satisfies Saved;

export async function action({ request }: ActionFunctionArgs) {
  const { shop, admin, actor, locale } = await requireAdmin(request);
  const body = await readBody(request);
  if (!body.ok) return invalidAnswer(locale, null);
  const named = (body.value as { intent?: unknown } | null)?.intent;
  const parsed = setupForm.safeParse(body.value);
  // Named after the form it came from, so the page shows each message beside the right field.
  if (!parsed.success) return invalidAnswer(locale, parsed.error, typeof named === "string" ? named : undefined);
  const input = parsed.data;
  const refused = (refusal: { code: string; field?: string; vars?: Record<string, string | number> }) =>
    refusedAnswer(locale, refusal, { prefix: "setup.error.", fallback: "setup.error.refused", intent: input.intent });

  if (input.intent === "import") {
    const result = await syncSitesFromShopify(shop.id, admin, actor);
    if (!result.ok) return refused({ code: result.code });
    return {
      ok: true,
      intent: "import",
      message: translate(locale, "setup.import.done", {
        created: result.created,
        renamed: result.renamed,
        archived: result.archived,
        restored: result.restored,
      }),
      conflicts: result.conflicts.map((c) => translate(locale, "setup.import.conflict", { name: c.name })),
    } satisfies Saved;
  }
  if (input.intent === "label") {
    const queued = await queueLocationLabel(shop.id, input, actor);
    if (!queued.ok) return refused(queued);
    return {
      ok: true,
      intent: "label",
      message: translate(locale, "setup.saved.label", { path: queued.path, code: queued.code }),
      conflicts: [],
    } satisfies Saved;
  }
  const result =
    input.intent === "add"
      ? await addChildLocation(shop.id, input, actor)
      : input.intent === "rename"
        ? await renameLocation(shop.id, input, actor)
        : input.intent === "move"
          ? await moveLocation(shop.id, input, actor)
          : await archiveLocation(shop.id, input, actor);
  return result.ok ? saved(locale, input.intent, result) : refused(result);
}

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
