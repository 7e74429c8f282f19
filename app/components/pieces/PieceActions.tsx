// The piece page's actions: lifecycle transitions, printing a tag, marking it tagged, moving the
// piece. Each answer shows in a banner; a change reloads the page's data.
import { useFetcher, useRevalidator } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import type { PieceState } from "../../domain/lifecycle";
import type { PieceAction } from "../../domain/schemas/piece-actions";
import { useI18n } from "../../i18n/react";
import { label } from "../../ui/format";

type ActionAnswer = { ok: boolean; message: string; code?: string };

export function PieceActions({
  state,
  transitions,
  locations,
  currentLocationId,
  provenanceUrl,
  tagged,
  version,
  templates,
  defaultTemplateId,
  may = { move: true, print: true },
  reasonRequired = [],
}: {
  state: string;
  transitions: PieceState[];
  locations: { id: string; path: string }[];
  currentLocationId: string | null;
  provenanceUrl: string;
  tagged: boolean;
  version: number;
  templates: { id: string; name: string }[];
  defaultTemplateId: string;
  /** What the person's role allows (the server refuses the rest with a message). */
  may?: { move: boolean; print: boolean };
  /** States whose change always needs a reason. */
  reasonRequired?: readonly string[];
}) {
  const { t, locale } = useI18n();
  const fetcher = useFetcher<ActionAnswer>();
  const revalidator = useRevalidator();
  const [target, setTarget] = useState("");
  const [templateId, setTemplateId] = useState(defaultTemplateId);
  const [reason, setReason] = useState("");
  const send = (body: PieceAction) => fetcher.submit(body as never, { method: "post", encType: "application/json" });
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok) revalidator.revalidate();
    // revalidator changes identity on every render.
  }, [fetcher.state, fetcher.data]);
  const busy = fetcher.state !== "idle";
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("catalog.piece.actions")}
        </Text>
        {state === "to_inspect" ? (
          <Banner tone="warning">
            <p data-testid="piece-inspect-notice">{t("records.inspect.banner")}</p>
          </Banner>
        ) : null}
        {fetcher.data && fetcher.state === "idle" ? (
          <Banner tone={fetcher.data.ok ? "success" : "warning"}>
            <p data-testid="piece-action-message">{fetcher.data.message}</p>
          </Banner>
        ) : null}
        <Text as="h3" variant="headingSm">
          {t("catalog.piece.transitions")}
        </Text>
        {transitions.length ? (
          <BlockStack gap="200">
            <TextField
              label={t("catalog.piece.reason")}
              helpText={
                transitions.some((to) => reasonRequired.includes(to)) ? t("staff.error.REASON_REQUIRED") : undefined
              }
              value={reason}
              onChange={setReason}
              autoComplete="off"
              maxLength={200}
            />
            <InlineStack gap="200" wrap>
              {transitions.map((to) => (
                <Button
                  key={to}
                  disabled={busy || (reasonRequired.includes(to) && reason.trim() === "")}
                  onClick={() => send({ intent: "transition", to, version, ...(reason.trim() ? { reason } : {}) })}
                >
                  {t("catalog.piece.to", { state: label(locale, "state", to) })}
                </Button>
              ))}
            </InlineStack>
          </BlockStack>
        ) : (
          <Text as="p" tone="subdued">
            {t("catalog.piece.noTransitions")}
          </Text>
        )}
        <InlineStack gap="200" wrap blockAlign="end">
          {may.print ? (
            <Select
              label={t("catalog.piece.tagTemplate")}
              options={templates.map((tpl) => ({ label: tpl.name, value: tpl.id }))}
              value={templateId}
              onChange={setTemplateId}
            />
          ) : null}
          {may.print ? (
            <Button disabled={busy} onClick={() => send({ intent: "print", templateId })}>
              {t("catalog.piece.printTag")}
            </Button>
          ) : null}
          {may.print && !tagged && state === "receiving" ? (
            <Button disabled={busy} onClick={() => send({ intent: "tagged" })}>
              {t("catalog.piece.markTagged")}
            </Button>
          ) : null}
          <Button url={provenanceUrl} target="_blank">
            {t("catalog.piece.provenance")}
          </Button>
        </InlineStack>
        {may.move ? (
          <InlineStack gap="200" blockAlign="end">
            <Select
              label={t("catalog.piece.moveTo")}
              options={[
                { label: "—", value: "" },
                ...locations.filter((l) => l.id !== currentLocationId).map((l) => ({ label: l.path, value: l.id })),
              ]}
              value={target}
              onChange={setTarget}
            />
            <Button
              disabled={!target || busy}
              onClick={() => {
                send({ intent: "move", locationId: target });
                setTarget("");
              }}
            >
              {t("catalog.piece.move")}
            </Button>
          </InlineStack>
        ) : null}
      </BlockStack>
    </Card>
  );
}
