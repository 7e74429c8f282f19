// Pieces whose details are still to enter: each with what is recorded and what is missing, marked
// complete one by one or ticked in bulk, common fields edited on the ticked pieces, and the list
// exported as a sheet and read back as updates (dry run first).
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
  useIndexResourceState,
} from "@shopify/polaris";
import { useEffect } from "react";
import { requireAdmin } from "../http/admin-context.server";
import { detailsAction, detailsPage, type DetailsAnswer } from "../http/details-page.server";
import { DETAIL_FIELDS } from "../domain/details";
import type { DetailsAction } from "../domain/schemas/details";
import { formatInteger } from "../i18n";
import { useI18n } from "../i18n/react";
import { metalLine } from "../ui/format";
import { BulkAnswerBanner } from "../components/pieces/BulkAnswerBanner";
import { DetailsBulkEdit } from "../components/details/DetailsBulkEdit";
import { DetailsSheetCard } from "../components/details/DetailsSheetCard";

// The action's own forms ask for more: moving (a place), cost (a supplier), import (the sheet).
export const permission = { loader: "pieces.view", action: "pieces.edit" } as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const context = await requireAdmin(request, permission.loader);
  return detailsPage(context, new URL(request.url).searchParams);
}

export async function action({ request }: ActionFunctionArgs) {
  const context = await requireAdmin(request, permission.action);
  return detailsAction(context, request);
}

export default function DetailsToComplete() {
  const { pieces, total, nextCursor, location, locations, suppliers, canSeeCost, may } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const fetcher = useFetcher<DetailsAnswer>();
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } =
    useIndexResourceState(pieces);
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok) clearSelection();
    // clearSelection changes identity on every render.
  }, [fetcher.state, fetcher.data]);
  const send = (body: DetailsAction) => fetcher.submit(body as never, { method: "post", encType: "application/json" });
  const ticked = pieces.filter((p) => allResourcesSelected || selectedResources.includes(p.id));
  const answer = fetcher.state === "idle" ? fetcher.data : undefined;
  const setParam = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== "cursor") next.delete("cursor");
    setParams(next);
  };
  return (
    <Page
      title={t("details.title")}
      subtitle={t("details.count", { count: formatInteger(total, locale) })}
      backAction={{ content: t("pieces.title"), url: "/app/pieces" }}
    >
      <BlockStack gap="300">
        <Text as="p">{t("details.intro")}</Text>
        {answer ? <BulkAnswerBanner answer={answer} /> : null}
        <Card padding="0">
          <BlockStack gap="200">
            <div style={{ padding: "12px 12px 0" }}>
              <Select
                label={t("details.filter.location")}
                labelInline
                options={[
                  { label: t("details.filter.any"), value: "" },
                  ...locations.map((l) => ({ label: l.path, value: l.id })),
                ]}
                value={location}
                onChange={(v) => setParam("location", v)}
              />
            </div>
            <IndexTable
              resourceName={{ singular: t("details.col.title"), plural: t("details.title") }}
              itemCount={pieces.length}
              selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
              onSelectionChange={handleSelectionChange}
              promotedBulkActions={[
                {
                  content: t("details.complete"),
                  onAction: () =>
                    send({ intent: "complete", pieces: ticked.map((p) => ({ id: p.id, version: p.version })) }),
                },
              ]}
              emptyState={
                <Text as="p" alignment="center">
                  {t("details.empty")}
                </Text>
              }
              headings={[
                { title: t("details.col.tag") },
                { title: t("details.col.title") },
                { title: t("details.col.location") },
                { title: t("details.col.details") },
                { title: "" },
              ]}
            >
              {pieces.map((p, index) => (
                <IndexTable.Row id={p.id} key={p.id} position={index} selected={selectedResources.includes(p.id)}>
                  <IndexTable.Cell>
                    <Text as="span" fontWeight="semibold">
                      {p.tagCode}
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
                      data-primary-link
                    >
                      {p.title}
                    </a>
                    {p.metal ? ` · ${metalLine(p.metal.metal, p.metal.finenessBp, locale)}` : null}
                  </IndexTable.Cell>
                  <IndexTable.Cell>{p.locationPath ?? "—"}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <InlineStack gap="100">
                      {DETAIL_FIELDS.filter((f) => f in p.completion).map((f) => {
                        const mark = p.completion[f];
                        const field = t(`details.field.${f}`);
                        return (
                          <Badge
                            key={f}
                            tone={mark === true ? "success" : mark === false ? "attention" : undefined}
                            progress={mark === true ? "complete" : mark === false ? "incomplete" : "partiallyComplete"}
                          >
                            {t(
                              mark === true
                                ? "details.mark.done"
                                : mark === false
                                  ? "details.mark.missing"
                                  : "details.mark.unknown",
                              { field },
                            )}
                          </Badge>
                        );
                      })}
                    </InlineStack>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    {/* Its own click: the row would take it as a selection or open the piece. */}
                    <div onClick={(e) => e.stopPropagation()} role="presentation">
                      <Button
                        size="slim"
                        onClick={() => send({ intent: "complete", pieces: [{ id: p.id, version: p.version }] })}
                      >
                        {t("details.completeOne")}
                      </Button>
                    </div>
                  </IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
            {nextCursor ? (
              <div style={{ padding: "12px" }}>
                <Button onClick={() => setParam("cursor", nextCursor)}>{t("pieces.next")}</Button>
              </div>
            ) : null}
          </BlockStack>
        </Card>
        {ticked.length && may.edit ? (
          <DetailsBulkEdit
            pieces={ticked}
            locations={locations}
            suppliers={canSeeCost ? suppliers : null}
            errors={answer?.errors ?? {}}
            busy={fetcher.state !== "idle"}
            send={send}
          />
        ) : null}
        {may.sheet ? (
          <DetailsSheetCard
            exportUrl={`/app/pieces/to-complete/export.csv${location ? `?location=${location}` : ""}`}
          />
        ) : null}
      </BlockStack>
    </Page>
  );
}
