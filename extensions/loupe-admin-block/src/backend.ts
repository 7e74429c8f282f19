// Calls to Loupe's backend. The admin adds the session token to same-origin calls to the app's
// URL; Loupe sends it explicitly (shopify.auth.idToken()) so the calls work the same from any
// origin, and the backend answers CORS.
export type BlockPiece = {
  id: string;
  tagCode: string;
  title: string;
  state: string;
  stateLabel: string;
  location: string | null;
  metals: string[];
  stones: string | null;
  certificates: string[];
  provenanceUrl: string;
  canPrint: boolean;
};

export type Backend = {
  /** "" in the admin: relative URLs resolve against the app's application_url there. */
  appUrl: string;
  idToken: () => Promise<string | null>;
  locale: string;
  fetch?: typeof fetch;
};

async function call(backend: Backend, path: string, init: RequestInit = {}): Promise<Response> {
  const token = await backend.idToken();
  const headers = new Headers(init.headers);
  if (token) headers.set("Authorization", `Bearer ${token}`);
  const target = `${backend.appUrl.replace(/\/+$/, "")}${path}${path.includes("?") ? "&" : "?"}locale=${encodeURIComponent(backend.locale)}`;
  return (backend.fetch ?? fetch)(target, { ...init, headers });
}

export async function loadPieces(backend: Backend, productId: string): Promise<BlockPiece[]> {
  const res = await call(backend, `/api/admin/product-pieces?productId=${encodeURIComponent(productId)}`);
  if (!res.ok) throw new Error(`Loupe answered ${res.status}`);
  const body = (await res.json()) as { pieces: BlockPiece[] };
  return body.pieces;
}

export async function queueTagPrint(backend: Backend, pieceId: string): Promise<{ ok: boolean; message: string }> {
  const res = await call(backend, "/api/admin/print-jobs", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ pieceId }),
  });
  const body = (await res.json().catch(() => ({}))) as { message?: string };
  return { ok: res.ok, message: body.message ?? `Loupe answered ${res.status}` };
}
