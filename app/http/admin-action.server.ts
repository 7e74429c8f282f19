// One pattern for admin actions (the kiosk API's routes read the same way):
//   const ctx = await requireAdmin(request);
//   const input = await readInput(request, schema, ctx.locale);        // 400 with field errors
//   const result = await someService(ctx.shop.id, input, ctx.actor);   // a result union
//   return result.ok ? { ok: true, … } : refusedAnswer(ctx.locale, result);
// The page uses the same zod schema, so the person sees the same message beside the same field
// whether the browser or the server found the problem. Every answer a person reads is in their
// language.
import { data } from "@remix-run/node";
import type { z, ZodError, ZodIssue } from "zod";
import { hasMessage, resolveLocale, translate, type Locale, type MessageKey } from "../i18n";
import { limitFor, megabytes, readBodyLimited, TOO_LARGE_HEADERS, withBody } from "./body-limit.server";

export type FieldErrors = Record<string, string>;

/** What a failed admin action answers: a summary, one message per field ("_form" for the whole form). */
export type ActionFailure = { ok: false; intent?: string; message: string; errors: FieldErrors; details?: string[] };

/**
 * What a service says when it refuses: a code, the field it is about (if any), values for its
 * message. The message is looked up as `<prefix><code>` in the reader's language.
 */
export type Refusal = { code: string; field?: string; vars?: Record<string, string | number>; details?: string[] };

export type RefusalStatus = 403 | 404 | 409 | 422;

/**
 * The HTTP status of a refusal, from its code: something missing is 404, something another
 * request changed first (or that already happened) is 409, a right the person lacks is 403,
 * anything else the person can correct is 422.
 */
export function refusalStatus(code: string): RefusalStatus {
  if (code === "NOT_FOUND" || code.endsWith("_NOT_FOUND") || code.startsWith("UNKNOWN_")) return 404;
  if (code === "FORBIDDEN" || code.endsWith("_FORBIDDEN")) return 403;
  if (
    code === "CONFLICT" ||
    code === "STALE" ||
    code.startsWith("ALREADY_") ||
    code.endsWith("_CONFLICT") ||
    code.endsWith("_STALE")
  )
    return 409;
  return 422;
}

/**
 * The 413 thrown for a body over its limit, before more of it is read. Thrown rather than returned
 * so every action that reads its body gets it; the person's language is the page's (?locale=) or
 * the browser's, as nothing else is known yet.
 */
const requestLocale = (request: Request) =>
  resolveLocale(
    new URL(request.url).searchParams.get("locale") ?? request.headers.get("Accept-Language")?.split(",")[0],
    "en",
  );

export function tooLargeAnswer(request: Request, limit: number): Response {
  const message = translate(requestLocale(request), "form.error.tooLarge", { maxMb: megabytes(limit) });
  return Response.json({ ok: false, message, errors: { _form: message } } satisfies ActionFailure, {
    status: 413,
    headers: TOO_LARGE_HEADERS,
  });
}

/** The body's bytes within its limit (1 MB, or LOUPE_UPLOAD_LIMIT_MB for multipart uploads); throws the 413 otherwise. */
export async function readLimited(request: Request): Promise<Request> {
  const limit = limitFor(request);
  const body = await readBodyLimited(request, limit);
  if (!body.ok) throw tooLargeAnswer(request, limit);
  return withBody(request, body.bytes);
}

/** The form's fields, read within the body limit (413 thrown past it). */
export async function readForm(request: Request): Promise<FormData> {
  const read = await readLimited(request);
  try {
    return await read.formData();
  } catch {
    // JSON or any other body sent to a form's action: a 400 that says so, never a 500.
    const message = translate(requestLocale(request), "form.error.notAForm");
    throw Response.json({ ok: false, message, errors: { _form: message } } satisfies ActionFailure, { status: 400 });
  }
}

/** The body as a plain value: JSON when the request says so, else the form's fields (repeated names as arrays). */
export async function readBody(request: Request): Promise<{ ok: true; value: unknown } | { ok: false }> {
  const type = request.headers.get("Content-Type") ?? "";
  const read = await readLimited(request);
  if (type.includes("application/x-www-form-urlencoded") || type.includes("multipart/form-data")) {
    const form = await read.formData();
    const value: Record<string, unknown> = {};
    for (const key of new Set(form.keys())) {
      const all = form.getAll(key);
      value[key] = all.length === 1 ? all[0] : all;
    }
    return { ok: true, value };
  }
  try {
    return { ok: true, value: await read.json() };
  } catch {
    return { ok: false };
  }
}

/** The body checked with `schema`: the data, or why not (not readable at all, or the schema's issues). */
export async function parseBody<T extends z.ZodTypeAny>(
  request: Request,
  schema: T,
): Promise<{ ok: true; data: z.infer<T> } | { ok: false; error: ZodError | null }> {
  const body = await readBody(request);
  if (!body.ok) return { ok: false, error: null };
  const parsed = schema.safeParse(body.value);
  return parsed.success ? { ok: true, data: parsed.data as z.infer<T> } : { ok: false, error: parsed.error };
}

/**
 * One message per field for zod's issues. A schema may name its own message with a catalog key
 * (`z.string().min(1, "catalog.error.required")`); otherwise the issue's kind decides.
 */
export function zodFieldErrors(error: ZodError, locale: Locale): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.join(".") || "_form";
    out[field] ??= issueMessage(issue, locale);
  }
  return out;
}

function issueMessage(issue: ZodIssue, locale: Locale): string {
  if (hasMessage(issue.message))
    return translate(locale, issue.message, (issue as { params?: Record<string, string> }).params ?? {});
  const [key, vars] = issueKey(issue);
  return translate(locale, key, vars);
}

function issueKey(issue: ZodIssue): [MessageKey, Record<string, string | number>] {
  switch (issue.code) {
    case "invalid_type":
      if (issue.received === "undefined" || issue.received === "null") return ["form.error.required", {}];
      if (issue.expected === "integer") return ["form.error.integer", {}];
      return issue.expected === "number" || issue.expected === "bigint"
        ? ["form.error.number", {}]
        : ["form.error.invalid", {}];
    case "too_small":
      if (issue.type === "string")
        return issue.minimum === 1
          ? ["form.error.required", {}]
          : ["form.error.tooShort", { minimum: Number(issue.minimum) }];
      if (issue.type === "array") return ["form.error.tooFew", { minimum: Number(issue.minimum) }];
      return [issue.inclusive ? "form.error.tooSmall" : "form.error.moreThan", { minimum: String(issue.minimum) }];
    case "too_big":
      if (issue.type === "string") return ["form.error.tooLong", { maximum: Number(issue.maximum) }];
      if (issue.type === "array") return ["form.error.tooMany", { maximum: Number(issue.maximum) }];
      return [issue.inclusive ? "form.error.tooBig" : "form.error.lessThan", { maximum: String(issue.maximum) }];
    case "invalid_enum_value":
    case "invalid_literal":
    case "invalid_union_discriminator":
      return ["form.error.choice", {}];
    case "invalid_date":
      return ["form.error.date", {}];
    case "invalid_string":
      return ["form.error.format", {}];
    default:
      return ["form.error.invalid", {}];
  }
}

/** The failure answer for a body that could not be read or did not pass the schema (400). */
export function invalidAnswer(locale: Locale, error: ZodError | null, intent?: string) {
  const errors = error ? zodFieldErrors(error, locale) : { _form: translate(locale, "form.error.unreadable") };
  return data({ ok: false, intent, message: translate(locale, "form.error.summary"), errors } satisfies ActionFailure, {
    status: 400,
  });
}

/** The body checked with `schema`, or a thrown 400 answer with one translated message per field. */
export async function readInput<T extends z.ZodTypeAny>(
  request: Request,
  schema: T,
  locale: Locale,
  intent?: string,
): Promise<z.infer<T>> {
  const parsed = await parseBody(request, schema);
  if (!parsed.ok) throw invalidAnswer(locale, parsed.error, intent);
  return parsed.data;
}

/** A refusal's message, looked up as `<prefix><code>` in the reader's language, else `fallback`. */
export function refusalMessage(
  locale: Locale,
  refusal: Pick<Refusal, "code" | "vars">,
  options: { prefix: string; fallback: MessageKey },
): string {
  const key = `${options.prefix}${refusal.code}`;
  return translate(locale, hasMessage(key) ? key : options.fallback, { code: refusal.code, ...(refusal.vars ?? {}) });
}

/**
 * A refusal as an answer: its message beside its field (or for the whole form), with the status
 * its code calls for. `prefix` is the area's catalog of refusal messages ("materials.error.").
 */
export function refusedAnswer(
  locale: Locale,
  refusal: Refusal,
  options: { prefix: string; fallback: MessageKey; intent?: string; status?: RefusalStatus; summary?: MessageKey },
) {
  const message = refusalMessage(locale, refusal, options);
  const body: ActionFailure = {
    ok: false,
    intent: options.intent,
    message: translate(locale, options.summary ?? "form.error.summary"),
    errors: { [refusal.field ?? "_form"]: message },
    ...(refusal.details ? { details: refusal.details } : {}),
  };
  return data(body, { status: options.status ?? refusalStatus(refusal.code) });
}
