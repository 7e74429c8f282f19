// POST /api/admin/print-jobs {"pieceId": "…"} — queue a tag print from the admin block. The print
// queue is the kiosk's (app/services/print-queue.server.ts); this route only authenticates the
// extension's session token, validates the body and answers in the admin's language.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireExtensionAdmin } from "../http/admin-extension.server";
import { queuePrintJobs } from "../services/kiosk/print-queue.server";
import { hasMessage, translate, type MessageKey } from "../i18n";

const body = z.object({ pieceId: z.string().min(1).max(64) });

// The CORS preflight (OPTIONS) reaches the loader in Remix; authenticate.admin answers it.
export async function loader({ request }: LoaderFunctionArgs) {
  const { json } = await requireExtensionAdmin(request);
  return json({ error: "METHOD" }, 405);
}

export async function action({ request }: ActionFunctionArgs) {
  const { shop, actor, locale, json } = await requireExtensionAdmin(request);
  if (request.method !== "POST") return json({ error: "METHOD" }, 405);
  let input: unknown;
  try {
    input = await request.json();
  } catch {
    input = null;
  }
  const parsed = body.safeParse(input);
  if (!parsed.success) return json({ error: "NO_PIECES", message: translate(locale, "kiosk.error.NO_PIECES") }, 400);
  const result = await queuePrintJobs(shop.id, [parsed.data.pieceId], actor, {
    reason: "queued from the product page (admin block)",
  });
  if (!result.ok) {
    const key = `kiosk.error.${result.code}`;
    const status = result.code === "PIECE_NOT_FOUND" ? 404 : 422;
    return json(
      {
        error: result.code,
        message: hasMessage(key) ? translate(locale, key as MessageKey) : translate(locale, "prov.block.error"),
      },
      status,
    );
  }
  return json({ ok: true, jobIds: result.jobIds, message: translate(locale, "prov.block.queued") }, 201);
}
