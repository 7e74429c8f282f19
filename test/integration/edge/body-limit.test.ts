// Body size limits, through a real HTTP server built like `npm start`'s: a body larger than its
// limit is refused with 413 as soon as it is known to be too large — at once when Content-Length
// says so, after about the limit when the body is chunked — and nothing past the limit is read.
// Before, a webhook read 200 MB before checking its signature (4 posts: 2.1 GB RSS).
import { request as httpRequest } from "node:http";
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ENGINES } from "../../setup/databases";
import { appOn } from "../helpers/app";
import { API_SECRET, installShop, knownAdmin, sessionToken } from "../helpers/shopify";
import { startHttpApp } from "../helpers/http-app";

const MB = 1024 * 1024;

type Sent = { status: number; body: string; sentBeforeAnswer: number; ms: number };

/**
 * Streams up to `total` bytes of `filler` (64 KB writes, honouring backpressure), chunked unless
 * `declaredLength` is given, and stops writing as soon as an answer arrives.
 */
function send(
  url: string,
  path: string,
  options: { headers?: Record<string, string>; total: number; declaredLength?: number; prefix?: string },
): Promise<Sent> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.declaredLength !== undefined) headers["Content-Length"] = String(options.declaredLength);
    const req = httpRequest(`${url}${path}`, { method: "POST", headers });
    req.on("response", (res) => {
      answered = true;
      const sentBeforeAnswer = sent;
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        req.destroy();
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString("utf8"),
          sentBeforeAnswer,
          ms: performance.now() - started,
        });
      });
      res.on("error", () => {});
    });
    req.on("error", (error) => {
      if (!answered) reject(error);
    });
    req.flushHeaders();
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const write = () => {
      if (options.prefix && sent === 0) {
        req.write(options.prefix);
        sent += Buffer.byteLength(options.prefix);
      }
      while (!answered && sent < options.total) {
        sent += chunk.length;
        if (!req.write(chunk)) {
          req.once("drain", write);
          return;
        }
      }
      if (!answered && options.declaredLength === undefined) req.end();
    };
    write();
  });
}

function webhookHeaders(shop: string, topic: string, body = "") {
  return {
    "Content-Type": "application/json",
    "X-Shopify-Topic": topic,
    "X-Shopify-Shop-Domain": shop,
    "X-Shopify-API-Version": "2026-07",
    "X-Shopify-Webhook-Id": `wh-${Math.random()}`,
    "X-Shopify-Hmac-Sha256": createHmac("sha256", API_SECRET()).update(body).digest("base64"),
  };
}

describe.each(ENGINES)("%s", (engine) => {
  const SHOP = `limits-${engine}.myshopify.com`;
  let app: Awaited<ReturnType<typeof startHttpApp>>;

  beforeAll(async () => {
    await appOn(engine);
    await installShop(SHOP);
    await knownAdmin(SHOP, "owner");
    process.env.LOUPE_UPLOAD_LIMIT_MB = "2";
    app = await startHttpApp({
      "/webhooks/orders/create": await import("../../../app/routes/webhooks.orders.create"),
      "/webhooks/app/uninstalled": await import("../../../app/routes/webhooks.app.uninstalled"),
      "/api/kiosk/pair/start": await import("../../../app/routes/api.kiosk.pair.start"),
      "/app/settings": await import("../../../app/routes/app.settings"),
      "/app/import": await import("../../../app/routes/app.import"),
    });
  });

  afterAll(async () => {
    delete process.env.LOUPE_UPLOAD_LIMIT_MB;
    await app?.close();
  });

  test("an unsigned chunked webhook of 64 MB is refused with 413 after about 1 MB, quickly", async () => {
    const rssBefore = process.memoryUsage().rss;
    const answer = await send(app.url, "/webhooks/orders/create", {
      headers: webhookHeaders(SHOP, "orders/create"),
      total: 64 * MB,
    });
    expect(answer.status).toBe(413);
    // What the client managed to send before the answer: the limit plus what sits in socket buffers.
    expect(answer.sentBeforeAnswer).toBeLessThan(8 * MB);
    expect(answer.ms).toBeLessThan(10_000);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(48 * MB);
  });

  test("a webhook declaring 200 MB is refused with 413 before any of its body is sent", async () => {
    const answer = await send(app.url, "/webhooks/orders/create", {
      headers: webhookHeaders(SHOP, "orders/create"),
      declaredLength: 200 * MB,
      total: 0,
    });
    expect(answer.status).toBe(413);
    expect(answer.sentBeforeAnswer).toBe(0);
  });

  test("a signed webhook of ordinary size still goes through the same server", async () => {
    const other = await installShop(`leaving-${engine}.myshopify.com`);
    const body = JSON.stringify({ id: 1, name: "Bijoux", domain: other.domain });
    const answer = await send(app.url, "/webhooks/app/uninstalled", {
      headers: webhookHeaders(other.domain, "app/uninstalled", body),
      total: 0,
      prefix: body,
    });
    expect(answer.status).toBe(200);
  });

  test("unauthenticated kiosk pairing with a chunked 64 MB body: 413 in both languages, after about 1 MB", async () => {
    const answer = await send(app.url, "/api/kiosk/pair/start", {
      headers: { "Content-Type": "application/json" },
      prefix: '{"deviceName":"',
      total: 64 * MB,
    });
    expect(answer.status).toBe(413);
    expect(answer.sentBeforeAnswer).toBeLessThan(8 * MB);
    const { error } = JSON.parse(answer.body) as { error: { code: string; message: string; messageFr: string } };
    expect(error.code).toBe("PAYLOAD_TOO_LARGE");
    expect(error.message).toBe("The request is larger than 1 MB and was not read. Send less at once.");
    expect(error.messageFr).toBe("La requête dépasse 1 Mo et n'a pas été lue. Envoyez moins à la fois.");
  });

  test("an admin JSON action with a 64 MB body is refused with 413, in the page's language", async () => {
    const answer = await send(app.url, "/app/settings?locale=fr", {
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${sessionToken(SHOP)}` },
      prefix: '{"intent":"save","note":"',
      total: 64 * MB,
    });
    expect(answer.status).toBe(413);
    expect(answer.sentBeforeAnswer).toBeLessThan(16 * MB);
    expect(JSON.parse(answer.body)).toMatchObject({
      ok: false,
      errors: { _form: "L'envoi dépasse 1 Mo et n'a pas été lu. Envoyez un fichier plus petit ou moins de lignes." },
    });
  });

  test("a CSV upload over LOUPE_UPLOAD_LIMIT_MB (2 MB here) is refused with 413; one under it is read", async () => {
    const boundary = "----loupe-limit";
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="stock.csv"\r\nContent-Type: text/csv\r\n\r\n`;
    const big = await send(app.url, "/app/import", {
      headers: {
        "Content-Type": `multipart/form-data; boundary=${boundary}`,
        Authorization: `Bearer ${sessionToken(SHOP)}`,
      },
      prefix: head,
      total: 24 * MB,
    });
    expect(big.status).toBe(413);
    expect(big.sentBeforeAnswer).toBeLessThan(12 * MB);
    expect(JSON.parse(big.body).message).toBe(
      "What was sent is larger than 2 MB and was not read. Send a smaller file or fewer rows.",
    );

    const csv = `title;sku\nBague;B-1\n`;
    const small = `${head}${csv}\r\n--${boundary}--\r\n`;
    const ok = await send(app.url, "/app/import", {
      headers: {
        "Content-Type": `multipart/form-data; boundary=${boundary}`,
        Authorization: `Bearer ${sessionToken(SHOP)}`,
      },
      prefix: small,
      total: 0,
    });
    expect(ok.status).not.toBe(413);
    expect(ok.status).toBeLessThan(500);
  });
});
