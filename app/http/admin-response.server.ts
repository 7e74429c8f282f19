// The admin action pattern (admin-action.server.ts) for routes whose callers read a plain Response
// rather than Remix's data(): the catalog pages' JSON fetchers (they show `message` in a banner),
// the admin block on Shopify's product page, and the tests that read status and body. Bad input is
// returned, not thrown, so it reaches the fetcher that sent it instead of the error boundary.
import type { ZodError } from "zod";
import { hasMessage, translate, type Locale, type MessageKey } from "../i18n";
import { invalidAnswer } from "./admin-action.server";

/** 400 with a translated message per field, as `readInput` answers it. */
export function invalidResponse(locale: Locale, error: ZodError | null, intent?: string): Response {
  const answer = invalidAnswer(locale, error, intent);
  return Response.json(answer.data, answer.init ?? undefined);
}

/**
 * For a page that shows bad input in one banner: the message a schema names for the failing field
 * (`.max(250, "catalog.bulk.tooMany")`), else the form's summary.
 */
export function invalidMessage(locale: Locale, error: ZodError | null): string {
  const named = error?.issues.find((issue) => hasMessage(issue.message));
  return translate(locale, named ? (named.message as MessageKey) : "form.error.summary");
}

/** 400 for a page that shows bad input in one banner: { ok: false, message }. */
export function invalidBannerResponse(locale: Locale, error: ZodError | null): Response {
  return Response.json({ ok: false, message: invalidMessage(locale, error) }, { status: 400 });
}
