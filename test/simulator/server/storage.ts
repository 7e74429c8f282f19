// The files Shopify's storage and CDN would serve, served by the simulator itself: staged
// uploads (PUT or the form POST), bulk operation result files, and a product photo.
import type { IncomingMessage, ServerResponse } from "node:http";
import { TINY_PNG } from "../media";
import { header, json, parseMultipart, readBody } from "./http";
import type { SimulatorParts } from "./parts";

/** /_sim/uploads/<token>: the body of a staged upload, raw or as a multipart form with a `file` field. */
export async function receiveStagedUpload(
  parts: SimulatorParts,
  req: IncomingMessage,
  res: ServerResponse,
  token: string,
): Promise<void> {
  const body = await readBody(req);
  for (const shop of parts.state.shops.values()) {
    const staged = shop.stagedUploads.get(token);
    if (staged) {
      const type = header(req, "content-type") ?? "";
      if (!type.startsWith("multipart/form-data")) {
        staged.body = body;
        return json(res, req.method === "POST" ? 201 : 200, { ok: true, size: body.length });
      }
      // A form POST as the storage service takes it: the target's parameters, then the file.
      const form = parseMultipart(body, /boundary="?([^";]+)"?/.exec(type)?.[1] ?? "");
      const file = form.get("file");
      if (!file) return json(res, 400, { error: "The form has no file field" });
      const key = form.get("key")?.toString("utf8");
      if (key !== undefined && key !== staged.key)
        return json(res, 403, { error: "The key does not match the staged upload" });
      staged.body = file;
      return json(res, 201, { ok: true, size: staged.body.length, key: staged.key });
    }
  }
  return json(res, 404, { error: "Unknown staged upload" });
}

/** /_sim/bulk-results/<token>.jsonl: a bulk operation's result file. */
export function serveBulkResult(parts: SimulatorParts, res: ServerResponse, token: string): void {
  for (const shop of parts.state.shops.values()) {
    const text = shop.bulkResults.get(token);
    if (text !== undefined) {
      res.writeHead(200, { "Content-Type": "application/jsonl", "Content-Length": Buffer.byteLength(text) }).end(text);
      return;
    }
  }
  return json(res, 404, { error: "Unknown bulk operation result" });
}

/** /_sim/images/<name>.png: a tiny real PNG, so product photos render offline (the demo and e2e tests). */
export function serveImage(res: ServerResponse): void {
  res
    .writeHead(200, {
      "Content-Type": "image/png",
      "Content-Length": TINY_PNG.length,
      "Cache-Control": "max-age=3600",
    })
    .end(TINY_PNG);
}
