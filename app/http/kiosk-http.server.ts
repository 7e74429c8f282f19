// The kiosk API's answers: JSON, and errors as { error: { code, message, messageFr, … } } with a
// 4xx status (see the kiosk contract). Messages come from the kiosk i18n catalogue in both languages.
import type { z } from "zod";
import { hasMessage, translate, type MessageKey } from "../i18n";
import { JSON_BODY_LIMIT, megabytes, readBodyLimited, TOO_LARGE_HEADERS } from "./body-limit.server";

export function kioskJson(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...headers },
  });
}

/** `messageKey` defaults to kiosk.error.<code>; `vars` fill its placeholders; `extra` goes into the error object. */
export type KioskErrorOptions = {
  messageKey?: string;
  vars?: Record<string, string | number>;
  /** French values where they differ (dates, field names). */
  varsFr?: Record<string, string | number>;
  extra?: Record<string, unknown>;
  headers?: Record<string, string>;
};

export function kioskError(status: number, code: string, options: KioskErrorOptions = {}): Response {
  const key = options.messageKey ?? `kiosk.error.${code}`;
  const resolved: MessageKey = hasMessage(key) ? key : "kiosk.error.LAYOUT";
  const vars = { detail: code, ...(options.vars ?? {}) };
  const varsFr = { ...vars, ...(options.varsFr ?? {}) };
  return kioskJson(
    {
      error: {
        code,
        message: translate("en", resolved, vars),
        messageFr: translate("fr", resolved, varsFr),
        ...(options.extra ?? {}),
      },
    },
    status,
    options.headers,
  );
}

/**
 * The JSON body checked with zod; a 400 naming the first problem otherwise. Read with a 1 MB
 * ceiling (413 PAYLOAD_TOO_LARGE past it, before anything more is read): pairing is unauthenticated.
 */
export async function readJson<T extends z.ZodTypeAny>(request: Request, schema: T): Promise<z.infer<T>> {
  const body = await readBodyLimited(request, JSON_BODY_LIMIT);
  if (!body.ok)
    throw kioskError(413, "PAYLOAD_TOO_LARGE", { vars: { maxMb: megabytes(body.limit) }, headers: TOO_LARGE_HEADERS });
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(body.bytes));
  } catch {
    throw kioskError(400, "BAD_REQUEST", { vars: { detail: "the body must be JSON" } });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw kioskError(400, "BAD_REQUEST", {
      vars: { detail: `${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"}` },
    });
  }
  return parsed.data as z.infer<T>;
}

export function requireMethod(request: Request, method: string): void {
  if (request.method.toUpperCase() !== method)
    throw kioskError(405, "BAD_REQUEST", { vars: { detail: `use ${method}` } });
}
