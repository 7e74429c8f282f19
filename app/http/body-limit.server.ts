// Request bodies read with a ceiling. Every body Loupe reads (webhooks, the kiosk API, admin
// actions, uploads) goes through `readBodyLimited`, which refuses before reading anything when the
// declared Content-Length is over the limit, and otherwise counts the bytes as they arrive (a
// chunked body declares no length) and stops at the limit. Nothing past the limit is kept: while
// the 413 goes out, what follows is read and thrown away for at most DISCARD_BYTES or DISCARD_MS,
// then the connection is dropped. (Closing at once would make the kernel reset the connection over
// the unread bytes, and a client still sending often loses the 413 itself; this is nginx's
// "lingering close".)
import { z } from "zod";

/** Webhooks, the kiosk API and admin JSON or form posts: about 1 MB (Shopify's largest order payloads are far below). */
export const JSON_BODY_LIMIT = 1024 * 1024;

/** LOUPE_UPLOAD_LIMIT_MB: the largest multipart upload (CSV files, sheets, certificate scans), default 25 MB. */
const uploadSetting = z.coerce.number().int().min(1).max(1024).default(25);

export function uploadBodyLimit(): number {
  return uploadSetting.parse(process.env.LOUPE_UPLOAD_LIMIT_MB || undefined) * 1024 * 1024;
}

export type LimitedBody = { ok: true; bytes: Uint8Array<ArrayBuffer> } | { ok: false; limit: number };

const DISCARD_BYTES = 16 * 1024 * 1024;
const DISCARD_MS = 3_000;

/** Reads and drops the rest of a refused body for a while, then cancels it (which closes the connection). */
async function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  const until = Date.now() + DISCARD_MS;
  let dropped = 0;
  const timer = setTimeout(() => void reader.cancel().catch(() => {}), DISCARD_MS);
  try {
    while (dropped < DISCARD_BYTES && Date.now() < until) {
      const { done, value } = await reader.read();
      if (done) return;
      dropped += value.byteLength;
    }
    await reader.cancel();
  } catch {
    // The client went away, or the timer cancelled the read: nothing more to do.
  } finally {
    clearTimeout(timer);
  }
}

/** The whole body, or `ok: false` as soon as it is known to be larger than `limit` bytes. */
export async function readBodyLimited(request: Request, limit: number): Promise<LimitedBody> {
  const declared = request.headers.get("Content-Length");
  const tooLong = declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > limit;
  if (!request.body) return tooLong ? { ok: false, limit } : { ok: true, bytes: new Uint8Array(0) };
  const reader = request.body.getReader();
  if (tooLong) {
    void discardRest(reader);
    return { ok: false, limit };
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      chunks.length = 0;
      void discardRest(reader);
      return { ok: false, limit };
    }
    chunks.push(value);
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
export function withBody(request: Request, bytes: Uint8Array<ArrayBuffer>): Request {
  return new Request(request.url, { method: request.method, headers: request.headers, body: bytes });
}

/** Headers every 413 carries. */
export const TOO_LARGE_HEADERS = { "Cache-Control": "no-store" } as const;

/** The limit for a request's body from its type: multipart uploads get the upload limit, anything else 1 MB. */
export function limitFor(request: Request): number {
  return (request.headers.get("Content-Type") ?? "").includes("multipart/form-data")
    ? uploadBodyLimit()
    : JSON_BODY_LIMIT;
}

export function megabytes(limit: number): string {
  return String(Math.round((limit / 1024 / 1024) * 10) / 10);
}
