// The details sheet: export the list, then check a filled sheet (a dry run that writes nothing)
// and apply it. Each row shows what it changes, or each cell's problem in the reader's language.
import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, Checkbox, InlineStack, Select, Text } from "@shopify/polaris";
import { useState } from "react";
import { ENCODINGS } from "../../domain/csv/encoding";
import { useI18n } from "../../i18n/react";

type SheetRow = {
  row: number;
  tagCode: string;
  status: "change" | "unchanged" | "refused";
  completes: boolean;
  messages: { column: string; message: string }[];
  changeLines: string[];
};
type SheetAnswer = {
  ok: boolean;
  message: string;
  sheet?: { applied: boolean; rows: SheetRow[]; counts: { change: number; completes: number } };
};

export function DetailsSheetCard({ exportUrl }: { exportUrl: string }) {
  const { t } = useI18n();
  const fetcher = useFetcher<SheetAnswer>();
  const [file, setFile] = useState<File | null>(null);
  const [markComplete, setMarkComplete] = useState(false);
  const [encoding, setEncoding] = useState<string>("utf-8");
  const submit = (intent: "check" | "apply") => {
    if (!file) return;
    const data = new FormData();
    data.set("file", file);
    data.set("intent", intent);
    data.set("encoding", encoding);
    data.set("markComplete", markComplete ? "true" : "false");
    fetcher.submit(data, { method: "post", encType: "multipart/form-data" });
  };
  const answer = fetcher.state === "idle" ? fetcher.data : undefined;
  const checked = answer?.sheet && !answer.sheet.applied ? answer.sheet : null;
  const download = async () => {
    const response = await fetch(exportUrl);
    if (!response.ok) return;
    const link = document.createElement("a");
    link.href = URL.createObjectURL(await response.blob());
    link.download = "loupe-details.csv";
    link.click();
    URL.revokeObjectURL(link.href);
  };
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingSm">
          {t("details.sheet.title")}
        </Text>
        <Text as="p" tone="subdued">
          {t("details.sheet.help")}
        </Text>
        <InlineStack gap="300" blockAlign="center">
          <Button onClick={() => void download()}>{t("details.sheet.export")}</Button>
          <label>
            <Text as="span" variant="bodySm">
              {t("details.sheet.file")}{" "}
            </Text>
            <input
              type="file"
              accept=".csv,text/csv"
              data-testid="details-file"
              onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
            />
          </label>
          <Select
            label={t("catalog.import.encoding")}
            labelInline
            options={ENCODINGS.map((e) => ({
              value: e,
              label: t(e === "utf-8" ? "catalog.import.encoding.utf8" : "catalog.import.encoding.windows1252"),
            }))}
            value={encoding}
            onChange={setEncoding}
          />
        </InlineStack>
        <Checkbox label={t("details.sheet.markComplete")} checked={markComplete} onChange={setMarkComplete} />
        <InlineStack gap="200">
          <Button disabled={!file} loading={fetcher.state !== "idle"} onClick={() => submit("check")}>
            {t("details.sheet.check")}
          </Button>
          {checked && checked.counts.change + checked.counts.completes > 0 ? (
            <Button variant="primary" loading={fetcher.state !== "idle"} onClick={() => submit("apply")}>
              {t("details.sheet.apply", { count: checked.counts.change + checked.counts.completes })}
            </Button>
          ) : null}
        </InlineStack>
        {answer ? (
          <Banner tone={answer.ok ? "success" : "warning"} title={answer.message}>
            {answer.sheet ? (
              <ul data-testid="details-sheet-rows">
                {answer.sheet.rows
                  .filter((r) => r.status !== "unchanged" || r.completes)
                  .map((r) => (
                    <li key={r.row}>
                      {t("details.sheet.row", { row: r.row })} · {r.tagCode}:{" "}
                      {[...r.changeLines, ...r.messages.map((m) => `${m.column}: ${m.message}`)].join(" ; ")}
                      {r.completes ? ` ✓ ${t("details.completeOne")}` : ""}
                    </li>
                  ))}
              </ul>
            ) : null}
          </Banner>
        ) : null}
      </BlockStack>
    </Card>
  );
}
