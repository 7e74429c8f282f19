import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigate, useSearchParams } from "@remix-run/react";
import { Badge, Card, IndexTable, InlineStack, Page, Select, Text, TextField, Button } from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { requireAdmin } from "../services/admin-context.server";
import { listPieces } from "../models/pieces.server";
import { PIECE_STATES } from "../domain/lifecycle";
import { caratTotal } from "../domain/units";
import { useI18n } from "../i18n/react";
import { carats, label, metalLine, money, weight } from "../ui/format";
import { formatInteger } from "../i18n";

const querySchema = z.object({
  q: z.string().max(200).optional(),
  state: z.enum(PIECE_STATES).optional().catch(undefined),
  cursor: z.string().max(64).optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireAdmin(request);
  const params = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const result = await listPieces(shop.id, { search: params.q, state: params.state, cursor: params.cursor });
  return { ...result, weightUnit: shop.weightUnit };
}

export default function PiecesList() {
  const { pieces, total, nextCursor, weightUnit } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(params.get("q") ?? "");

  const apply = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    next.delete("cursor");
    setParams(next);
  };

  const stateOptions = [
    { label: t("pieces.filter.all"), value: "" },
    ...PIECE_STATES.map((s) => ({ label: label(locale, "state", s), value: s })),
  ];

  return (
    <Page title={t("pieces.title")} subtitle={t("pieces.count", { count: formatInteger(total, locale) })}>
      <Card padding="0">
        <div style={{ padding: "12px" }}>
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
              label={t("pieces.filter.state")}
              labelInline
              options={stateOptions}
              value={params.get("state") ?? ""}
              onChange={(value) => apply({ state: value || undefined })}
            />
          </InlineStack>
        </div>
        <IndexTable
          resourceName={{ singular: t("pieces.col.title"), plural: t("pieces.title") }}
          itemCount={pieces.length}
          selectable={false}
          emptyState={<Text as="p" alignment="center">{t("pieces.empty")}</Text>}
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
              <IndexTable.Row id={p.id} key={p.id} position={index} onClick={() => navigate(`/app/pieces/${p.id}`)}>
                <IndexTable.Cell>
                  <Text as="span" fontWeight="semibold">
                    <span data-testid="tag-code">{p.tagCode}</span>
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <a href={`/app/pieces/${p.id}`} onClick={(e) => { e.preventDefault(); navigate(`/app/pieces/${p.id}`); }} data-testid="piece-link">
                    {p.title}
                  </a>
                </IndexTable.Cell>
                <IndexTable.Cell>{firstMetal ? metalLine(firstMetal.metal, firstMetal.finenessBp, locale) : "—"}</IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" alignment="end" numeric>{p.metals.length ? weight(gross, weightUnit, locale) : "—"}</Text>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" alignment="end" numeric>{ct ? carats(ct, locale) : "—"}</Text>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" alignment="end" numeric>{money(p.priceMinor, p.currency, locale)}</Text>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Badge tone={p.state === "active" ? "success" : p.state === "sold" ? "info" : undefined}>{label(locale, "state", p.state)}</Badge>
                  {p.consignment ? <Badge tone="attention">{t("home.consigned")}</Badge> : null}
                </IndexTable.Cell>
                <IndexTable.Cell>{p.location?.path ?? "—"}</IndexTable.Cell>
              </IndexTable.Row>
            );
          })}
        </IndexTable>
        {nextCursor ? (
          <div style={{ padding: "12px" }}>
            <Button onClick={() => { const next = new URLSearchParams(params); next.set("cursor", nextCursor); setParams(next); }}>
              {t("pieces.next")}
            </Button>
          </div>
        ) : null}
      </Card>
    </Page>
  );
}
