// The block on the product details page: the Loupe pieces of this product with their jewelry
// details, state and internal location, and "Queue a tag print" per piece.
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { loadPieces, queueTagPrint, type Backend, type BlockPiece } from "./backend";

// In the admin, relative URLs go to the app's application_url (shopify.app.toml). Outside it (the
// browser test) LOUPE_APP_URL names the app.
const APP_URL = (globalThis as { LOUPE_APP_URL?: string }).LOUPE_APP_URL ?? "";

export default async () => {
  render(<PiecesBlock />, document.body);
};

export function PiecesBlock() {
  const t = (key: string, vars?: Record<string, string>) => String(shopify.i18n.translate(key, vars));
  const backend: Backend = { appUrl: APP_URL, idToken: () => shopify.auth.idToken(), locale: t("locale") };
  const productId = shopify.data.selected[0]?.id ?? "";
  const [pieces, setPieces] = useState<BlockPiece[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ ok: boolean; message: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  useEffect(() => {
    loadPieces(backend, productId).then(setPieces, () => setError(t("error")));
  }, [productId]);

  const print = async (pieceId: string) => {
    setBusy(pieceId);
    try {
      setNotice(await queueTagPrint(backend, pieceId));
    } catch {
      setNotice({ ok: false, message: t("error") });
    } finally {
      setBusy(null);
    }
  };

  return (
    <s-admin-block heading={t("heading")} collapsedSummary={pieces ? String(pieces.length) : undefined}>
      <s-stack gap="base">
        {notice ? <s-banner tone={notice.ok ? "success" : "critical"}>{notice.message}</s-banner> : null}
        {error ? <s-banner tone="critical">{error}</s-banner> : null}
        {!pieces && !error ? <s-spinner accessibilityLabel={t("loading")} /> : null}
        {pieces && pieces.length === 0 ? <s-text>{t("none")}</s-text> : null}
        {pieces?.map((piece) => (
          <s-section key={piece.id} heading={`${piece.title} — ${t("tag", { code: piece.tagCode })}`}>
            <s-stack gap="small-200">
              <s-stack direction="inline" gap="small-200">
                <s-badge tone={piece.state === "active" ? "success" : "neutral"}>{piece.stateLabel}</s-badge>
                <s-text>{piece.location ?? t("noLocation")}</s-text>
              </s-stack>
              {piece.metals.map((m) => (
                <s-text key={m}>{`${t("metal")}: ${m}`}</s-text>
              ))}
              {piece.stones ? <s-text>{`${t("stones")}: ${piece.stones}`}</s-text> : null}
              {piece.certificates.length ? (
                <s-text>{`${t("certificates")}: ${piece.certificates.join(", ")}`}</s-text>
              ) : null}
              <s-stack direction="inline" gap="small-200">
                <s-button
                  disabled={!piece.canPrint || busy === piece.id}
                  loading={busy === piece.id}
                  onClick={() => void print(piece.id)}
                >
                  {t("print")}
                </s-button>
                <s-link href={piece.provenanceUrl} target="_blank">
                  {t("provenance")}
                </s-link>
              </s-stack>
            </s-stack>
          </s-section>
        ))}
      </s-stack>
    </s-admin-block>
  );
}
