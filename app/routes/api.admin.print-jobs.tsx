// POST /api/admin/print-jobs {"pieceId": "…"} -> 201 { ok, jobIds, message } | 400 NO_PIECES
// | 404 PIECE_NOT_FOUND | 422 <refusal> (OUT_OF_HAND: a sold, returned or written-off piece, its state
// named), refusals as { error: code, message } in the admin's language.
// Queues a tag print from the admin block. The print queue is the kiosk's
// (app/services/kiosk/print-queue.server.ts); this route authenticates the extension's session token.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireExtensionAdmin } from "../http/admin-extension.server";
import { parseBody, refusalStatus } from "../http/admin-action.server";
import { refusalMessage } from "../http/admin-action.server";
import { queuePrintJobs } from "../services/kiosk/print-queue.server";
import { printRefusalReason } from "../http/kiosk-errors.server";
import { translate } from "../i18n";

const body = z.object({ pieceId: z.string().min(1).max(64) });

export const permission = { loader: "signed-in", action: "pieces.print" } as const;

// The CORS preflight (OPTIONS) reaches the loader in Remix; authenticate.admin answers it.
export async function loader({ request }: LoaderFunctionArgs) {
  const { json } = await requireExtensionAdmin(request, permission.loader);
  return json({ error: "METHOD" }, 405);
}

export async function action({ request }: ActionFunctionArgs) {
  const { shop, actor, locale, json } = await requireExtensionAdmin(request, permission.action);
  if (request.method !== "POST") return json({ error: "METHOD" }, 405);
  const input = await parseBody(request, body);
  if (!input.ok) return json({ error: "NO_PIECES", message: translate(locale, "kiosk.error.NO_PIECES") }, 400);
  const result = await queuePrintJobs(shop.id, [input.data.pieceId], actor, {
    reason: "queued from the product page (admin block)",
  });
  if (!result.ok) {
    const message =
      result.code === "OUT_OF_HAND"
        ? printRefusalReason(locale, result)
        : refusalMessage(locale, result, { prefix: "kiosk.error.", fallback: "prov.block.error" });
    return json({ error: result.code, message }, refusalStatus(result.code));
  }
  return json({ ok: true, jobIds: result.jobIds, message: translate(locale, "prov.block.queued") }, 201);
}
