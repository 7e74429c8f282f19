// Reading requests and writing JSON answers, shared by every route.
import type { IncomingMessage, ServerResponse } from "node:http";

export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(text),
  });
  res.end(text);
}

/** The parts of a multipart/form-data body by field name (the storage service's form POST). */
export function parseMultipart(body: Buffer, boundary: string): Map<string, Buffer> {
  const parts = new Map<string, Buffer>();
  // Some undici versions (two copies under vitest) announce one boundary and write another: the
  // body's own first line is the delimiter a multipart body starts with, so it wins.
  const firstLine = body.subarray(0, Math.max(0, body.indexOf("\r\n"))).toString("latin1");
  const delimiter = Buffer.from(firstLine.startsWith("--") ? firstLine : `--${boundary}`, "latin1");
  if (delimiter.length <= 2) return parts;
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const start = at + delimiter.length;
    const next = body.indexOf(delimiter, start);
    if (next < 0) break;
    const part = body.subarray(start + 2, next - 2); // after CRLF, before the CRLF that precedes the next delimiter
    const headerEnd = part.indexOf("\r\n\r\n");
    if (headerEnd >= 0) {
      const name = /name="([^"]*)"/.exec(part.subarray(0, headerEnd).toString("utf8"))?.[1];
      if (name !== undefined) parts.set(name, part.subarray(headerEnd + 4));
    }
    at = next;
  }
  return parts;
}
