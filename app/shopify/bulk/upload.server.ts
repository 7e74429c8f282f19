// Puts a bulk operation's JSONL file where Shopify can run it: stagedUploadsCreate gives a target,
// the file is posted there as multipart/form-data, and the target's `key` is the path
// bulkOperationRunMutation reads it from.
import { randomUUID } from "node:crypto";
import type { BulkReasonCode } from "../../domain/bulk/lines";
import { ShopifyRefusedError, ShopifyTransientError, shopGraphql } from "../admin-client.server";
import { STAGED_UPLOADS_CREATE, type StagedUploadsCreateAnswer } from "../documents";

/** Shopify refused the operation for a reason of Loupe's (not Shopify's own words). */
export class BulkRefusal extends ShopifyRefusedError {
  constructor(
    readonly reasonCode: BulkReasonCode,
    message: string,
  ) {
    super(message);
  }
}

/** The upload may take this long (a file of 20,000 lines is a few megabytes). */
const UPLOAD_TIMEOUT_MS = 120_000;

/** A multipart/form-data body written by hand: the target's parameters first, the file last. */
function multipart(
  parameters: { name: string; value: string }[],
  file: Buffer,
  filename: string,
): { body: Buffer; type: string } {
  const boundary = `----loupe-${randomUUID()}`;
  const parts: Buffer[] = [];
  for (const p of parameters)
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}\r\n`));
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: text/jsonl\r\n\r\n`,
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${boundary}` };
}

/** Uploads the file and returns its staged upload path; an upload that did not answer is transient. */
export async function uploadBulkFile(shop: string, filename: string, jsonl: Buffer): Promise<string> {
  const staged = await shopGraphql<StagedUploadsCreateAnswer>(shop, STAGED_UPLOADS_CREATE, {
    input: [{ resource: "BULK_MUTATION_VARIABLES", filename, mimeType: "text/jsonl", httpMethod: "POST" }],
  });
  const target = staged.data.stagedUploadsCreate.stagedTargets?.[0];
  const path = target?.parameters.find((p) => p.name === "key")?.value;
  if (!target?.url || !path) {
    const messages = staged.data.stagedUploadsCreate.userErrors.map((e) => e.message).join("; ");
    throw messages
      ? new ShopifyRefusedError(`stagedUploadsCreate: ${messages}`)
      : new BulkRefusal("NO_UPLOAD_TARGET", "stagedUploadsCreate: no target");
  }
  const form = multipart(target.parameters, jsonl, filename);
  let uploaded: Response;
  try {
    uploaded = await fetch(target.url, {
      method: "POST",
      headers: { "Content-Type": form.type },
      body: new Uint8Array(form.body),
      signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS),
    });
  } catch (error) {
    throw new ShopifyTransientError(`The JSONL upload did not answer: ${(error as Error).message}`);
  }
  if (!uploaded.ok) throw new ShopifyTransientError(`The JSONL upload answered ${uploaded.status}`);
  return path;
}
