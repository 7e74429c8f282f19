// The pieces list: search, filters, sort and saved views in the URL (one schema with the CSV
// export), and bulk actions that report each piece they could not change and why.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigate, useSearchParams } from "@remix-run/react";
import {
  Badge,
  Banner,
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
import { z } from "zod";
import { requireAdmin } from "../http/admin-context.server";
import { listPieces, pieceListQuery, tagCodesOf } from "../models/pieces.server";
import { listLocations } from "../models/locations.server";
import { deleteView, listSavedViews, saveView } from "../models/saved-views.server";
import { movePiece, transitionPiece } from "../services/catalog/piece-changes.server";
import { queuePrintJobs } from "../services/kiosk/print-queue.server";
import { printRefusalReason } from "../http/kiosk-errors.server";
import type { TagRefusal } from "../services/kiosk/tags.server";
import { findTemplate, TEMPLATES } from "../domain/tags/templates";
import { DEFAULT_TEMPLATE_ID } from "../domain/kiosk/tag-data";
import { PIECE_STATES } from "../domain/lifecycle";
import { AGE_BUCKETS, LIST_SORTS, parseListQuery, viewParams, type LIST_PARAMS } from "../domain/schemas/list";
import { PIECE_METALS, STONE_TYPES } from "../domain/schemas/piece";
import { LABS } from "../domain/certificates";
import { FINENESS_TABLE } from "../domain/metals";
import { caratTotal } from "../domain/units";
import { translate, formatInteger } from "../i18n";
import { useI18n } from "../i18n/react";
import { carats, label, metalLine, money, weight } from "../ui/format";

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop, locale } = await requireAdmin(request);
  const query = parseListQuery(new URL(request.url).searchParams);
  const [result, views, locations] = await Promise.all([
    listPieces(shop.id, pieceListQuery(query)),
    listSavedViews(shop.id),
    listLocations(shop.id),
  ]);
  return {
    ...result,
    weightUnit: shop.weightUnit,
    views,
    locations: locations.map((l) => ({ id: l.id, path: l.path })),
    templates: TEMPLATES.map((t) => ({ id: t.id, name: t.name[locale] ?? t.name.en, rfid: t.rfidCapable })),
    defaultTemplateId: DEFAULT_TEMPLATE_ID,
  };
}

const MAX_BULK = 250;
const ids = z.array(z.string().min(1).max(64)).min(1).max(MAX_BULK);
const reason = z.string().trim().max(200).optional();
const actionBody = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("saveView"), name: z.string().trim().min(1).max(80), params: z.record(z.string()) }),
  z.object({ intent: z.literal("deleteView"), id: z.string().min(1).max(64) }),
  z.object({ intent: z.literal("move"), ids, locationId: z.string().min(1).max(64), reason }),
  z.object({ intent: z.literal("state"), ids, to: z.enum(PIECE_STATES), reason }),
  z.object({
    intent: z.literal("print"),
    ids,
    templateId: z
      .string()
      .max(64)
      .refine((id) => findTemplate(id) !== undefined, "TEMPLATE_UNKNOWN")
      .optional(),
  }),
]);

type BulkAnswer = {
  ok: boolean;
  message: string;
  done?: number;
  total?: number;
  refusals?: { pieceId: string; tagCode: string; reason: string }[];
};

export async function action({ request }: ActionFunctionArgs) {
  const { shop, actor, locale } = await requireAdmin(request);
  let raw: unknown;
  try {
    raw = await request.json();
  } catch {
    raw = null;
  }
  const parsed = actionBody.safeParse(raw);
  if (!parsed.success) {
    const tooMany = parsed.error.issues.some((i) => i.path[0] === "ids" && i.code === "too_big");
    const badTemplate = parsed.error.issues.some((i) => i.path[0] === "templateId");
    return Response.json(
      {
        ok: false,
        message: translate(
          locale,
          tooMany ? "catalog.bulk.tooMany" : badTemplate ? "catalog.bulk.templateUnknown" : "catalog.error.form",
        ),
      },
      { status: 400 },
    );
  }
  const body = parsed.data;
  if (body.intent === "saveView") {
    const saved = await saveView(shop.id, body.name, body.params, actor);
    return saved.ok
      ? Response.json({
          ok: true,
          id: saved.id,
          message: translate(locale, "catalog.views.saved", { name: body.name }),
        })
      : Response.json(
          { ok: false, message: translate(locale, "catalog.views.duplicate", { name: body.name }) },
          { status: 409 },
        );
  }
  if (body.intent === "deleteView") {
    const gone = await deleteView(shop.id, body.id, actor);
    return Response.json({ ok: gone, message: "" }, { status: gone ? 200 : 404 });
  }

  // Each piece on its own: one refusal (a lifecycle rule, a concurrent change) never blocks the others.
  const unique = [...new Set(body.ids)];
  const tags = await tagCodesOf(shop.id, unique);
  const refusals: NonNullable<BulkAnswer["refusals"]> = [];
  let done = 0;
  for (const pieceId of unique) {
    let result: { ok: true } | { ok: false; code: string; refusal?: TagRefusal };
    if (!tags.has(pieceId)) result = { ok: false, code: "NOT_FOUND" };
    else if (body.intent === "move")
      result = await movePiece(
        shop.id,
        pieceId,
        body.locationId,
        actor,
        body.reason || translate(locale, "catalog.bulk.defaultReason"),
      );
    else if (body.intent === "state")
      result = await transitionPiece(shop.id, pieceId, body.to, actor, {
        reason: body.reason || translate(locale, "catalog.bulk.defaultReason"),
      });
    else
      result = await queuePrintJobs(shop.id, [pieceId], actor, {
        reason: "printed from the pieces list",
        templateId: body.templateId ?? DEFAULT_TEMPLATE_ID,
      });
    if (result.ok) done++;
    else refusals.push({ pieceId, tagCode: tags.get(pieceId) ?? pieceId, reason: printRefusalReason(locale, result) });
  }
  const message =
    body.intent === "print"
      ? translate(locale, "catalog.bulk.printed", { count: done })
      : translate(locale, "catalog.bulk.done", { done, total: unique.length });
  return Response.json(
    { ok: refusals.length === 0, message, done, total: unique.length, refusals } satisfies BulkAnswer,
    { status: done === 0 && refusals.length ? 409 : 200 },
  );
}

type Bulk = null | "move" | "state" | "print";

export default function PiecesList() {
  const { pieces, total, nextCursor, weightUnit, views, locations, templates, defaultTemplateId } =
    useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(params.get("q") ?? "");
  const [bulk, setBulk] = useState<Bulk>(null);
  const [bulkTarget, setBulkTarget] = useState("");
  const [printTemplate, setPrintTemplate] = useState(defaultTemplateId);
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
  const send = (body: Record<string, unknown>) =>
    fetcher.submit(body as never, { method: "post", encType: "application/json" });
  const selected = allResourcesSelected ? pieces.map((p) => p.id) : selectedResources;

  const exportCsv = async () => {
    const url = `/app/pieces/export.csv?${new URLSearchParams(current).toString()}`;
    const response = await fetch(url);
    if (!response.ok) return;
    const blob = await response.blob();
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = `loupe-pieces-${new Date().toISOString().slice(0, 10)}.csv`;
    link.click();
    URL.revokeObjectURL(link.href);
  };

  const any = { label: t("catalog.list.any"), value: "" };
  const filter = (key: (typeof LIST_PARAMS)[number], name: string, options: { label: string; value: string }[]) => (
    <Select
      label={name}
      labelInline
      options={[any, ...options]}
      value={params.get(key) ?? ""}
      onChange={(value) => apply({ [key]: value || undefined })}
    />
  );
  const finenessValues = [...new Set(Object.values(FINENESS_TABLE).flatMap((rows) => rows.map((r) => r.bp)))].sort(
    (a, b) => b - a,
  );

  return (
    <Page
      title={t("pieces.title")}
      subtitle={t("pieces.count", { count: formatInteger(total, locale) })}
      primaryAction={{ content: t("catalog.list.receive"), url: "/app/pieces/new" }}
      secondaryActions={[
        { content: t("catalog.list.export"), onAction: () => void exportCsv() },
        { content: t("catalog.list.import"), url: "/app/import" },
      ]}
    >
      <BlockStack gap="300">
        {fetcher.data && fetcher.state === "idle" ? (
          <Banner tone={fetcher.data.ok ? "success" : "warning"} title={fetcher.data.message}>
            {fetcher.data.refusals?.length ? (
              <BlockStack gap="100">
                <Text as="p">{t("catalog.bulk.refusals")}</Text>
                <ul data-testid="bulk-refusals">
                  {fetcher.data.refusals.map((r) => (
                    <li key={r.pieceId}>{t("catalog.bulk.refusal", { tagCode: r.tagCode, reason: r.reason })}</li>
                  ))}
                </ul>
              </BlockStack>
            ) : null}
          </Banner>
        ) : null}
        <Card padding="0">
          <BlockStack gap="200">
            <div style={{ padding: "12px 12px 0" }}>
              <InlineStack gap="300" wrap={false} blockAlign="end">
                <div style={{ flexGrow: 1 }} onKeyDown={(e) => e.key === "Enter" && apply({ q: search })}>
                  <TextField
                    label={t("pieces.search")}
                    labelHidden
                    placeholder={t("pieces.search")}
                    value={search}
                    onChange={setSearch}
                    onClearButtonClick={() => {
                      setSearch("");
                      apply({ q: undefined });
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
                    setSearch(view?.params.q ?? "");
                    setParams(new URLSearchParams(view?.params ?? {}));
                  }}
                />
              </InlineStack>
            </div>
            <div style={{ padding: "0 12px" }}>
              <InlineStack gap="300" wrap>
                {filter(
                  "state",
                  t("pieces.filter.state"),
                  PIECE_STATES.map((s) => ({ label: label(locale, "state", s), value: s })),
                )}
                {filter(
                  "metal",
                  t("catalog.list.filter.metal"),
                  PIECE_METALS.map((m) => ({ label: label(locale, "metal", m), value: m })),
                )}
                {filter(
                  "fineness",
                  t("catalog.list.filter.fineness"),
                  finenessValues.map((bp) => ({ label: `${bp / 10} ‰`, value: String(bp) })),
                )}
                {filter(
                  "stone",
                  t("catalog.list.filter.stone"),
                  STONE_TYPES.map((s) => ({ label: label(locale, "stone", s), value: s })),
                )}
                {filter(
                  "lab",
                  t("catalog.list.filter.lab"),
                  LABS.map((l) => ({ label: l, value: l })),
                )}
                {filter(
                  "location",
                  t("catalog.list.filter.location"),
                  locations.map((l) => ({ label: l.path, value: l.id })),
                )}
                {filter("consigned", t("catalog.list.filter.consignment"), [
                  { label: t("catalog.list.filter.consigned"), value: "yes" },
                  { label: t("catalog.list.filter.owned"), value: "no" },
                ])}
                {filter(
                  "age",
                  t("catalog.list.filter.age"),
                  AGE_BUCKETS.map((a) => ({ label: t(`catalog.list.age.${a}`), value: a })),
                )}
                <Select
                  label={t("catalog.list.sort")}
                  labelInline
                  options={LIST_SORTS.map((s) => ({ label: t(`catalog.list.sort.${s}`), value: s }))}
                  value={params.get("sort") ?? "newest"}
                  onChange={(value) => apply({ sort: value === "newest" ? undefined : value })}
                />
                <Button
                  variant="plain"
                  onClick={() => {
                    setSearch("");
                    setParams(new URLSearchParams());
                  }}
                >
                  {t("catalog.list.clear")}
                </Button>
              </InlineStack>
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
            {bulk === "print" && selected.length ? (
              <div style={{ padding: "0 12px" }}>
                <InlineStack gap="200" blockAlign="end">
                  <Select
                    label={t("catalog.bulk.template")}
                    options={templates.map((tpl) => ({
                      label: tpl.rfid ? t("catalog.bulk.templateRfid", { name: tpl.name }) : tpl.name,
                      value: tpl.id,
                    }))}
                    value={printTemplate}
                    onChange={setPrintTemplate}
                  />
                  <Button
                    variant="primary"
                    loading={fetcher.state !== "idle"}
                    onClick={() => {
                      send({ intent: "print", ids: selected, templateId: printTemplate });
                      setBulk(null);
                    }}
                  >
                    {t("catalog.bulk.printCount", { count: selected.length })}
                  </Button>
                  <Button onClick={() => setBulk(null)}>{t("catalog.bulk.cancel")}</Button>
                </InlineStack>
              </div>
            ) : bulk && bulk !== "print" && selected.length ? (
              <div style={{ padding: "0 12px" }}>
                <InlineStack gap="200" blockAlign="end">
                  <Select
                    label={bulk === "move" ? t("catalog.bulk.move") : t("catalog.bulk.state")}
                    options={[
                      { label: "—", value: "" },
                      ...(bulk === "move"
                        ? locations.map((l) => ({ label: l.path, value: l.id }))
                        : PIECE_STATES.map((s) => ({ label: label(locale, "state", s), value: s }))),
                    ]}
                    value={bulkTarget}
                    onChange={setBulkTarget}
                  />
                  <Button
                    variant="primary"
                    disabled={!bulkTarget}
                    loading={fetcher.state !== "idle"}
                    onClick={() => {
                      send(
                        bulk === "move"
                          ? { intent: "move", ids: selected, locationId: bulkTarget }
                          : { intent: "state", ids: selected, to: bulkTarget },
                      );
                      setBulk(null);
                      setBulkTarget("");
                    }}
                  >
                    {t("catalog.bulk.apply")}
                  </Button>
                  <Button onClick={() => setBulk(null)}>{t("catalog.bulk.cancel")}</Button>
                </InlineStack>
              </div>
            ) : null}
            <IndexTable
              resourceName={{ singular: t("pieces.col.title"), plural: t("pieces.title") }}
              itemCount={pieces.length}
              selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
              onSelectionChange={handleSelectionChange}
              promotedBulkActions={[
                { content: t("catalog.bulk.print"), onAction: () => setBulk("print") },
                { content: t("catalog.bulk.move"), onAction: () => setBulk("move") },
                { content: t("catalog.bulk.state"), onAction: () => setBulk("state") },
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
