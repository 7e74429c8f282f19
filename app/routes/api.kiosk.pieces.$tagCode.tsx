// GET /api/kiosk/pieces/:tagCode[?templateId=] -> { piece, tag, tagError, templateId } | 422 TAG_CODE_INVALID | 404 PIECE_NOT_FOUND.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { authenticateDevice } from "../http/kiosk-auth.server";
import { kioskError, kioskJson } from "../http/kiosk-http.server";
import { tagRefusalError } from "../http/kiosk-errors.server";
import { lookupByTagCode } from "../services/kiosk/counter.server";

export const permission = { loader: "device" } as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const device = await authenticateDevice(request);
  const templateId = new URL(request.url).searchParams.get("templateId") ?? undefined;
  const found = await lookupByTagCode(device, (params.tagCode ?? "").slice(0, 64), templateId);
  if (!found.ok) {
    if (found.code === "TAG_CODE_INVALID")
      return kioskError(422, "TAG_CODE_INVALID", {
        messageKey: `kiosk.error.TAG_CODE_INVALID.${found.reason}`,
        extra: { reason: found.reason },
      });
    return kioskError(found.code === "PIECE_NOT_FOUND" ? 404 : 422, found.code);
  }
  return kioskJson({
    piece: found.piece,
    tag: found.tag,
    tagError: found.tagError ? tagRefusalError(found.tagError) : null,
    templateId: found.templateId,
  });
}
