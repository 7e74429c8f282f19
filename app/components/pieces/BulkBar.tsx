// What the pieces list asks before a bulk change: the tag template to print on, or the place or
// state to move the selected pieces to. Always rendered (nothing shows until a bulk action is
// chosen for a selection), so the last choices stay while the person selects other pieces.
import { Button, InlineStack, Select, TextField } from "@shopify/polaris";
import { useState } from "react";
import { PIECE_STATES } from "../../domain/lifecycle";
import type { ListAction } from "../../domain/schemas/piece-actions";
import { useI18n } from "../../i18n/react";
import { SENSITIVE_STATES } from "../../domain/staff/permissions";
import { labelledChoices, locationChoices } from "../choices";

export type Bulk = "move" | "state" | "print";

const PADDING = { padding: "0 12px" };

export function BulkBar({
  bulk,
  selected,
  templates,
  defaultTemplateId,
  locations,
  busy,
  send,
  onClose,
}: {
  bulk: Bulk | null;
  selected: string[];
  templates: { id: string; name: string; rfid: boolean }[];
  defaultTemplateId: string;
  locations: { id: string; path: string }[];
  busy: boolean;
  send: (body: ListAction) => void;
  onClose: () => void;
}) {
  const { t, locale } = useI18n();
  const [target, setTarget] = useState("");
  const [printTemplate, setPrintTemplate] = useState(defaultTemplateId);
  const [reason, setReason] = useState("");
  // Sold outside Shopify, lost, written off, returned to consignor: always with a reason.
  const needsReason = bulk === "state" && SENSITIVE_STATES.includes(target);
  if (!bulk || !selected.length) return null;
  if (bulk === "print")
    return (
      <div style={PADDING}>
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
            loading={busy}
            onClick={() => {
              send({ intent: "print", ids: selected, templateId: printTemplate });
              onClose();
            }}
          >
            {t("catalog.bulk.printCount", { count: selected.length })}
          </Button>
          <Button onClick={onClose}>{t("catalog.bulk.cancel")}</Button>
        </InlineStack>
      </div>
    );
  return (
    <div style={PADDING}>
      <InlineStack gap="200" blockAlign="end">
        <Select
          label={bulk === "move" ? t("catalog.bulk.move") : t("catalog.bulk.state")}
          options={[
            { label: "—", value: "" },
            ...(bulk === "move" ? locationChoices(locations) : labelledChoices(locale, "state", PIECE_STATES)),
          ]}
          value={target}
          onChange={setTarget}
        />
        {bulk === "state" ? (
          <TextField
            label={t("catalog.piece.reason")}
            helpText={needsReason ? t("staff.error.REASON_REQUIRED") : undefined}
            value={reason}
            onChange={setReason}
            autoComplete="off"
            maxLength={200}
          />
        ) : null}
        <Button
          variant="primary"
          disabled={!target || (needsReason && reason.trim() === "")}
          loading={busy}
          onClick={() => {
            send(
              bulk === "move"
                ? { intent: "move", ids: selected, locationId: target }
                : {
                    intent: "state",
                    ids: selected,
                    to: target as (typeof PIECE_STATES)[number],
                    ...(reason.trim() ? { reason } : {}),
                  },
            );
            onClose();
            setTarget("");
            setReason("");
          }}
        >
          {t("catalog.bulk.apply")}
        </Button>
        <Button onClick={onClose}>{t("catalog.bulk.cancel")}</Button>
      </InlineStack>
    </div>
  );
}
