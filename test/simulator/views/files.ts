// Files made by fileCreate.
import type { FileRecord } from "../state/files";
import { gid, iso } from "../state/ids-and-formats";
import type { View } from "./shared";

export function fileView(f: FileRecord): View {
  const common = {
    __typename: f.kind,
    id: gid(f.kind, f.id),
    alt: f.alt,
    createdAt: iso(f.createdAt),
    updatedAt: iso(f.createdAt),
    fileStatus: "READY",
    fileErrors: [],
    mimeType: f.mimeType,
    preview: null,
  };
  if (f.kind === "MediaImage") {
    return {
      ...common,
      status: "READY",
      mediaContentType: "IMAGE",
      mediaErrors: [],
      mediaWarnings: [],
      image: { url: f.url, altText: f.alt, width: null, height: null, id: gid("ImageSource", f.id) },
      originalSource: { url: f.url, fileSize: f.size },
    };
  }
  return { ...common, url: f.url, originalFileSize: f.size };
}
