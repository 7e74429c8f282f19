// Request bodies read with a ceiling. Every body Loupe reads (webhooks, the kiosk API, admin
// actions, uploads) goes through `readBodyLimited`, which refuses before reading anything when the
// declared Content-Length is over the limit, and otherwise counts the bytes as they arrive (a
// chunked body declares no length) and stops at the limit. Nothing past the limit is buffered: the
// unread rest stays in the socket, and the 413 answers carry `Connection: close` so the server
// drops the connection instead of reading on.
import { z } from "zod";

/** Webhooks, the kiosk API and admin JSON or form posts: about 1 MB (Shopify's largest order payloads are far below). */
export const JSON_BODY_LIMIT = 1024 * 1024;

/** LOUPE_UPLOAD_LIMIT_MB: the largest multipart upload (CSV files, sheets, certificate scans), default 25 MB. */
const uploadSetting = z.coerce.number().int().min(1).max(1024).default(25);

export function uploadBodyLimit(): number {
  return uploadSetting.parse(process.env.LOUPE_UPLOAD_LIMIT_MB || undefined) * 1024 * 1024;
}

export type LimitedBody = { ok: true; bytes: Uint8Array } | { ok: false; limit: number };

/** The whole body, or `ok: false` as soon as it is known to be larger than `limit` bytes. */
export async function readBodyLimited(request: Request, limit: number): Promise<LimitedBody> {
  const declared = request.headers.get("Content-Length");
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > limit) return { ok: false, limit };
  if (!request.body) return { ok: true, bytes: new Uint8Array(0) };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      // Stop pulling: the rest is never read (cancelling would destroy the socket before the 413 is sent).
      if (total > limit) return { ok: false, limit };
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return { ok: true, bytes };
}

/** The same request with its body already read (for code that reads the body itself: formData, the Shopify library). */
export function withBody(request: Request, bytes: Uint8Array): Request {
  return new Request(request.url, { method: request.method, headers: request.headers, body: bytes });
}

/** Headers every 413 carries: the client is told to stop, and the server closes instead of draining the rest. */
export const TOO_LARGE_HEADERS = { Connection: "close", "Cache-Control": "no-store" } as const;

/** The limit for a request's body from its type: multipart uploads get the upload limit, anything else 1 MB. */
export function limitFor(request: Request): number {
  return (request.headers.get("Content-Type") ?? "").includes("multipart/form-data")
    ? uploadBodyLimit()
    : JSON_BODY_LIMIT;
}

export function megabytes(limit: number): string {
  return String(Math.round((limit / 1024 / 1024) * 10) / 10);
}
