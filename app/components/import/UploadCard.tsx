// The stock list's upload: the file, its encoding (old Excel files are Windows-1252), and on
// success the page of the new batch.
import { useFetcher, useNavigate, useSearchParams } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, InlineStack, Select, Text } from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";
import { ENCODINGS } from "../../domain/csv/encoding";
import { useI18n } from "../../i18n/react";

export function UploadCard() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const upload = useFetcher<{ ok: boolean; message?: string; batchId?: string }>();
  const [encoding, setEncoding] = useState<string>("utf-8");
  const [file, setFile] = useState<File | null>(null);
  // Acted on once per answer: navigate() and params change while the navigation runs.
  const handledUpload = useRef<unknown>(null);
  useEffect(() => {
    if (upload.state !== "idle" || !upload.data?.ok || !upload.data.batchId || handledUpload.current === upload.data)
      return;
    handledUpload.current = upload.data;
    navigate(
      `/app/import?${new URLSearchParams({ ...Object.fromEntries(params), batch: upload.data.batchId }).toString()}`,
    );
  }, [upload.state, upload.data, navigate, params]);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="p">{t("catalog.import.intro")}</Text>
        <InlineStack gap="300" blockAlign="end">
          <label>
            <Text as="span" variant="bodySm">
              {t("catalog.import.file")}{" "}
            </Text>
            <input
              type="file"
              accept=".csv,text/csv"
              data-testid="import-file"
              onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
            />
          </label>
          <Select
            label={t("catalog.import.encoding")}
            options={ENCODINGS.map((e) => ({
              value: e,
              label: t(e === "utf-8" ? "catalog.import.encoding.utf8" : "catalog.import.encoding.windows1252"),
            }))}
            value={encoding}
            onChange={setEncoding}
          />
          <Button
            disabled={!file}
            loading={upload.state !== "idle"}
            onClick={() => {
              if (!file) return;
              const data = new FormData();
              data.set("file", file);
              data.set("encoding", encoding);
              upload.submit(data, { method: "post", encType: "multipart/form-data" });
            }}
          >
            {t("catalog.import.upload")}
          </Button>
        </InlineStack>
        {upload.data && !upload.data.ok ? (
          <Banner tone="critical">
            <p data-testid="import-error">{upload.data.message}</p>
          </Banner>
        ) : null}
      </BlockStack>
    </Card>
  );
}
