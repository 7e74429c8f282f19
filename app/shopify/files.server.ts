// Certificate scans into Shopify Files, uploaded while the intake form is open.
import type { Issue } from "../domain/schemas/piece";
import { adminQuery, type AdminGraphql } from "./admin-graphql.server";
import { STAGED_UPLOADS_CREATE, type StagedUploadsCreateAnswer } from "./documents";

export const FILE_CREATE = `#graphql
  mutation LoupeFileCreate($files: [FileCreateInput!]!) {
    fileCreate(files: $files) {
      files { id fileStatus ... on GenericFile { url } ... on MediaImage { image { url } } }
      userErrors { field message code }
    }
  }`;

export const SCAN_TYPES = ["application/pdf", "image/jpeg", "image/png"] as const;
export const MAX_SCAN_BYTES = 20 * 1024 * 1024;

export type ScanUpload = { ok: true; scanFileGid: string; scanUrl: string | null } | { ok: false; issue: Issue };

/**
 * A certificate scan into Shopify Files: stagedUploadsCreate gives a target, the bytes go there,
 * fileCreate turns the upload into a file. Nothing is stored in Loupe until the piece is saved
 * with the returned gid (a scan uploaded for a form never submitted stays an unused file).
 */
export async function uploadCertificateScan(
  admin: AdminGraphql,
  file: { name: string; type: string; bytes: Uint8Array },
  alt: string,
): Promise<ScanUpload> {
  const fail = (reason: string): ScanUpload => ({
    ok: false,
    issue: { path: "scan", message: "catalog.error.uploadFailed", params: { reason } },
  });
  if (
    !(SCAN_TYPES as readonly string[]).includes(file.type) ||
    file.bytes.length === 0 ||
    file.bytes.length > MAX_SCAN_BYTES
  ) {
    return { ok: false, issue: { path: "scan", message: "catalog.error.uploadType" } };
  }
  const filename = file.name.replace(/[^\w.\- ]+/g, "_").slice(-120) || "certificate";
  const staged = await adminQuery<StagedUploadsCreateAnswer>(admin, STAGED_UPLOADS_CREATE, {
    input: [
      {
        filename,
        mimeType: file.type,
        resource: file.type === "application/pdf" ? "FILE" : "IMAGE",
        httpMethod: "POST",
        fileSize: String(file.bytes.length),
      },
    ],
  });
  const target = staged?.stagedUploadsCreate.stagedTargets?.[0];
  if (!staged || !target?.url || !target.resourceUrl)
    return fail(staged?.stagedUploadsCreate.userErrors[0]?.message ?? "stagedUploadsCreate");
  const form = new FormData();
  for (const p of target.parameters) form.append(p.name, p.value);
  form.append("file", new Blob([new Uint8Array(file.bytes)], { type: file.type }), filename);
  try {
    const put = await fetch(target.url, { method: "POST", body: form, signal: AbortSignal.timeout(30_000) });
    if (!put.ok) return fail(`upload HTTP ${put.status}`);
  } catch (error) {
    return fail((error as Error).message);
  }
  const created = await adminQuery<{
    fileCreate: {
      files: { id: string; url?: string | null; image?: { url: string } | null }[] | null;
      userErrors: { message: string }[];
    };
  }>(admin, FILE_CREATE, {
    files: [
      { originalSource: target.resourceUrl, contentType: file.type === "application/pdf" ? "FILE" : "IMAGE", alt },
    ],
  });
  const made = created?.fileCreate.files?.[0];
  if (!made) return fail(created?.fileCreate.userErrors[0]?.message ?? "fileCreate");
  return { ok: true, scanFileGid: made.id, scanUrl: made.url ?? made.image?.url ?? null };
}
