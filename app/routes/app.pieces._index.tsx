// The pieces list: search, filters, sort and saved views in the URL (one schema with the CSV
// export), and bulk actions that report each piece they could not change and why.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigate, useSearchParams } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Button,
  Card,
  IndexTable,
  InlineStack,
  Page,
  Select,
  Text,
  TextField,
  useIndexResourceState,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { requireAdmin } from "../http/admin-context.server";
import { parseBody } from "../http/admin-action.server";
import { invalidBannerResponse } from "../http/admin-response.server";
import { listAction, piecesListPage, type BulkAnswer } from "../http/pieces-list.server";
import { listActionSchema, type ListAction } from "../domain/schemas/piece-actions";
import { parseListQuery, viewParams } from "../domain/schemas/list";
import { caratTotal } from "../domain/units";
import { isoDay } from "../domain/days";
import { formatInteger } from "../i18n";
import { useI18n } from "../i18n/react";
import { carats, label, metalLine, money, weight } from "../ui/format";
import { BulkAnswerBanner } from "../components/pieces/BulkAnswerBanner";
import { BulkBar, type Bulk } from "../components/pieces/BulkBar";
import { ListFilters } from "../components/pieces/ListFilters";
import { useSearchAsYouType } from "../components/pieces/useSearchAsYouType";

export const permission = { loader: "pieces.view", action: "pieces.view" } as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const context = await requireAdmin(request, permission.loader);
  return piecesListPage(context, new URL(request.url).searchParams);
}

export async function action({ request }: ActionFunctionArgs) {
  const context = await requireAdmin(request, permission.action);
  const input = await parseBody(request, listActionSchema);
  // The list shows bad input in its banner: the one sentence, not a message per field.
  return input.ok ? listAction(context, input.data) : invalidBannerResponse(context.locale, input.error);
}

export default function PiecesList() {
  const { pieces, total, nextCursor, weightUnit, views, locations, templates, defaultTemplateId, detailsPending, may } =
    useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const search = useSearchAsYouType();
  const [bulk, setBulk] = useState<Bulk | null>(null);
  const [viewName, setViewName] = useState("");
  const fetcher = useFetcher<BulkAnswer>();
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } = useIndexResourceState(
    pieces as unknown as { id: string }[],
  );

  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.done) clearSelection();
    // clearSelection changes identity on every render.
  }, [fetcher.state, fetcher.data]);

  const apply = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    next.delete("cursor");
    setParams(next);
  };
  const current = viewParams(parseListQuery(params));
  const activeView = views.find((v) => JSON.stringify(v.params) === JSON.stringify(current));
  const send = (body: ListAction) => fetcher.submit(body as never, { method: "post", encType: "application/json" });
  const selected = allResourcesSelected ? pieces.map((p) => p.id) : selectedResources;

  const exportCsv = async () => {
    const url = `/app/pieces/export.csv?${new URLSearchParams(current).toString()}`;
    const response = await fetch(url);
    if (!response.ok) return;
    const blob = await response.blob();
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = `loupe-pieces-${isoDay(new Date())}.csv`;
    link.click();
    URL.revokeObjectURL(link.href);
  };

  return (
    <Page
      title={t("pieces.title")}
      subtitle={t("pieces.count", { count: formatInteger(total, locale) })}
      primaryAction={may.receive ? { content: t("catalog.list.receive"), url: "/app/pieces/new" } : undefined}
      secondaryActions={[
        ...(may.export ? [{ content: t("catalog.list.export"), onAction: () => void exportCsv() }] : []),
        ...(may.import ? [{ content: t("catalog.list.import"), url: "/app/import" }] : []),
        ...(detailsPending
          ? [
              {
                content: t("details.listLink", { count: formatInteger(detailsPending, locale) }),
                url: "/app/pieces/to-complete",
              },
            ]
          : []),
      ]}
    >
      <BlockStack gap="300">
        {fetcher.data && fetcher.state === "idle" ? <BulkAnswerBanner answer={fetcher.data} /> : null}
        <Card padding="0">
          <BlockStack gap="200">
            <div style={{ padding: "12px 12px 0" }}>
              <InlineStack gap="300" wrap={false} blockAlign="end">
                <div style={{ flexGrow: 1 }} onKeyDown={(e) => e.key === "Enter" && search.sendNow()}>
                  <TextField
                    label={t("pieces.search")}
                    labelHidden
                    placeholder={t("pieces.search")}
                    value={search.text}
                    onChange={search.setText}
                    onClearButtonClick={() => {
                      search.setText("");
                      search.sendNow("");
                    }}
                    clearButton
                    autoComplete="off"
                  />
                </div>
                <Select
                  label={t("catalog.views.label")}
                  labelInline
                  options={[
                    { label: t("catalog.views.none"), value: "" },
                    ...views.map((v) => ({ label: v.name, value: v.id })),
                  ]}
                  value={activeView?.id ?? ""}
                  onChange={(id) => {
                    const view = views.find((v) => v.id === id);
                    setParams(new URLSearchParams(view?.params ?? {}));
                  }}
                />
              </InlineStack>
            </div>
            <div style={{ padding: "0 12px" }}>
              <ListFilters
                params={params}
                apply={apply}
                locations={locations}
                onClear={() => setParams(new URLSearchParams())}
              />
            </div>
            <div style={{ padding: "0 12px" }}>
              <InlineStack gap="200" blockAlign="end">
                <TextField
                  label={t("catalog.views.name")}
                  labelHidden
                  placeholder={t("catalog.views.name")}
                  value={viewName}
                  onChange={setViewName}
                  autoComplete="off"
                />
                <Button
                  disabled={!viewName.trim()}
                  onClick={() => {
                    send({ intent: "saveView", name: viewName, params: current });
                    setViewName("");
                  }}
                >
                  {t("catalog.views.save")}
                </Button>
                {activeView ? (
                  <Button
                    tone="critical"
                    variant="plain"
                    onClick={() => send({ intent: "deleteView", id: activeView.id })}
                  >
                    {t("catalog.views.delete")}
                  </Button>
                ) : null}
              </InlineStack>
            </div>
            <BulkBar
              bulk={bulk}
              selected={selected}
              templates={templates}
              defaultTemplateId={defaultTemplateId}
              locations={locations}
              busy={fetcher.state !== "idle"}
              send={send}
              onClose={() => setBulk(null)}
            />
            <IndexTable
              resourceName={{ singular: t("pieces.col.title"), plural: t("pieces.title") }}
              itemCount={pieces.length}
              selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
              onSelectionChange={handleSelectionChange}
              promotedBulkActions={[
                ...(may.print ? [{ content: t("catalog.bulk.print"), onAction: () => setBulk("print") }] : []),
                ...(may.move ? [{ content: t("catalog.bulk.move"), onAction: () => setBulk("move") }] : []),
                ...(may.state ? [{ content: t("catalog.bulk.state"), onAction: () => setBulk("state") }] : []),
              ]}
              emptyState={
                <Text as="p" alignment="center">
                  {t("pieces.empty")}
                </Text>
              }
              headings={[
                { title: t("pieces.col.tag") },
                { title: t("pieces.col.title") },
                { title: t("pieces.col.metal") },
                { title: t("pieces.col.weight"), alignment: "end" },
                { title: t("pieces.col.stones"), alignment: "end" },
                { title: t("pieces.col.price"), alignment: "end" },
                { title: t("pieces.col.state") },
                { title: t("pieces.col.location") },
              ]}
            >
              {pieces.map((p, index) => {
                const firstMetal = p.metals[0];
                const gross = p.metals.reduce((sum, m) => sum + m.grossWeightMg, 0n);
                const ct = caratTotal(p.stones);
                return (
                  <IndexTable.Row id={p.id} key={p.id} position={index} selected={selectedResources.includes(p.id)}>
                    <IndexTable.Cell>
                      <Text as="span" fontWeight="semibold">
                        <span data-testid="tag-code">{p.tagCode}</span>
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <a
                        href={`/app/pieces/${p.id}`}
                        onClick={(e) => {
                          e.preventDefault();
                          e.stopPropagation();
                          navigate(`/app/pieces/${p.id}`);
                        }}
                        data-testid="piece-link"
                        data-primary-link
                      >
                        {p.title}
                      </a>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      {firstMetal ? metalLine(firstMetal.metal, firstMetal.finenessBp, locale) : "—"}
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" alignment="end" numeric>
                        {p.metals.length ? weight(gross, weightUnit, locale) : "—"}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" alignment="end" numeric>
                        {ct ? carats(ct, locale) : "—"}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" alignment="end" numeric>
                        {money(p.priceMinor, p.currency, locale)}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Badge tone={p.state === "active" ? "success" : p.state === "sold" ? "info" : undefined}>
                        {label(locale, "state", p.state)}
                      </Badge>
                      {p.consignment ? <Badge tone="attention">{t("home.consigned")}</Badge> : null}
                    </IndexTable.Cell>
                    <IndexTable.Cell>{p.location?.path ?? "—"}</IndexTable.Cell>
                  </IndexTable.Row>
                );
              })}
            </IndexTable>
            {nextCursor ? (
              <div style={{ padding: "12px" }}>
                <Button
                  onClick={() => {
                    const next = new URLSearchParams(params);
                    next.set("cursor", nextCursor);
                    setParams(next);
                  }}
                >
                  {t("pieces.next")}
                </Button>
              </div>
            ) : null}
          </BlockStack>
        </Card>
      </BlockStack>
    </Page>
  );
}
