// POST /api/kiosk/tags { pieceId, templateId } -> { tag, templateId } | 422 <tag refusal> | 404 PIECE_NOT_FOUND
// | 409 PIECE_AT_OTHER_LOCATION (a piece at another Shopify location than the kiosk's)
// | 409 OUT_OF_HAND (a sold, returned or written-off piece: no tag is printed for it).
// Asked for when staff press Print: the tag as it will be printed. On RFID stock the piece gets its
// SGTIN serial here (a lookup only shows the next one, provisionally), so the EPC written is final.
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { authenticateDevice, kioskActor } from "../http/kiosk-auth.server";
import { requireStaffWith } from "../http/kiosk-permission.server";
import { kioskError, kioskJson, readJson } from "../http/kiosk-http.server";
import { tagRefusalError } from "../http/kiosk-errors.server";
import { tagToPrint } from "../services/kiosk/counter.server";
import { label } from "../ui/format";

const body = z.object({
  pieceId: z.string().min(1).max(64),
  templateId: z.string().min(1).max(64),
});

export const permission = { loader: "public", action: "pieces.print" } as const;

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return kioskError(405, "BAD_REQUEST", { vars: { detail: "use POST" } });
  const device = await authenticateDevice(request);
  const staff = await requireStaffWith(request, device, permission.action);
  const input = await readJson(request, body);
  const result = await tagToPrint(device, kioskActor(device, staff), input.pieceId, input.templateId);
  if (result.ok) return kioskJson({ tag: result.tag, templateId: result.templateId });
  if (result.code === "TAG_REFUSED") return kioskJson({ error: tagRefusalError(result.refusal) }, 422);
  if (result.code === "PIECE_AT_OTHER_LOCATION")
    return kioskError(409, result.code, { vars: { location: result.location } });
  if (result.code === "OUT_OF_HAND")
    return kioskError(409, result.code, {
      vars: { state: label("en", "state", result.state) },
      varsFr: { state: label("fr", "state", result.state) },
    });
  return kioskError(result.code === "PIECE_NOT_FOUND" ? 404 : 422, result.code);
}

export const loader = () => kioskError(405, "BAD_REQUEST", { vars: { detail: "use POST" } });
