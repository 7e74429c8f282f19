// Staged uploads (the storage service's form POST targets, served by the simulator) and fileCreate.
import { fileView } from "../views/files";
import type { ViewContext } from "../views/shared";
import type { Args, RootResolver } from "./shared";

function stagedUploadsCreate(args: Args, ctx: ViewContext): unknown {
  const targets = (args.input as Args[]).map((input) => {
    const token = `${ctx.sim.id()}-${Math.random().toString(36).slice(2, 10)}`;
    const url = `${ctx.baseUrl}/_sim/uploads/${token}`;
    const resource = String(input.resource);
    const filename = String(input.filename);
    // A bulk mutation's variables are addressed by this key (the `stagedUploadPath`), not by a URL.
    const bulk = resource === "BULK_MUTATION_VARIABLES";
    const key = bulk ? `tmp/${ctx.shop.id}/bulk/${token}/${filename}` : `tmp/${token}/${filename}`;
    ctx.shop.stagedUploads.set(token, {
      token,
      filename,
      mimeType: String(input.mimeType),
      resourceUrl: url,
      resource,
      key,
      body: null,
    });
    return {
      url,
      resourceUrl: bulk ? null : url,
      parameters: [
        { name: "Content-Type", value: String(input.mimeType) },
        { name: "success_action_status", value: "201" },
        { name: "acl", value: "private" },
        { name: "key", value: key },
      ],
    };
  });
  return { stagedTargets: targets, userErrors: [] };
}

function fileCreate(args: Args, ctx: ViewContext): unknown {
  const errors: { field: string[]; message: string; code: string }[] = [];
  const files = (args.files as Args[]).map((input, i) => {
    const source = String(input.originalSource);
    const staged = [...ctx.shop.stagedUploads.values()].find((s) => s.resourceUrl === source);
    if (staged && staged.body === null) {
      errors.push({
        field: ["files", String(i), "originalSource"],
        message: "The staged upload has not received a file.",
        code: "INVALID",
      });
      return null;
    }
    const mimeType = staged?.mimeType ?? "application/octet-stream";
    const isImage = input.contentType === "IMAGE" || (input.contentType == null && mimeType.startsWith("image/"));
    const id = ctx.sim.id();
    const filename = (input.filename as string | undefined) ?? staged?.filename ?? source.split("/").pop() ?? "file";
    const record = {
      id,
      kind: isImage ? ("MediaImage" as const) : ("GenericFile" as const),
      filename,
      mimeType,
      url: `https://cdn.shopify.com/s/files/1/sim/${id}/${encodeURIComponent(filename)}`,
      alt: (input.alt as string | undefined) ?? null,
      size: staged?.body?.length ?? 0,
      createdAt: ctx.sim.now(),
    };
    ctx.shop.files.set(id, record);
    return record;
  });
  if (errors.length > 0) return { files: null, userErrors: errors };
  return { files: files.map((f) => fileView(f!)), userErrors: [] };
}

export const fileMutations: Record<string, RootResolver> = { stagedUploadsCreate, fileCreate };
