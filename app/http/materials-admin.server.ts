// What materials loaders and actions share: the admin context with the right to see costs
// (material pages are all about cost), and refusals turned into translated field errors.
import { data } from "@remix-run/node";
import type { ZodError } from "zod";
import { requireAdmin } from "./admin-context.server";
import { hasMessage, translate, type Locale } from "../i18n";
import type { Refusal } from "../services/materials/refusals.server";

export async function requireMaterialsAdmin(request: Request) {
  const context = await requireAdmin(request);
  if (!context.canSeeCost) throw new Response(translate(context.locale, "materials.noCost"), { status: 403 });
  return context;
}

export type ActionFailure = {
  ok: false;
  intent: string;
  message: string;
  errors: Record<string, string>;
  details?: string[];
};

export function refusalText(locale: Locale, refusal: Pick<Refusal, "code" | "vars">): string {
  const key = `materials.error.${refusal.code}`;
  return translate(locale, hasMessage(key) ? key : "materials.refused", refusal.vars ?? {});
}

/** 422 with the refusal next to its field (or as the form's message). */
export function refused(locale: Locale, intent: string, refusal: Refusal, details: string[] = []) {
  const message = refusalText(locale, refusal);
  const body: ActionFailure = {
    ok: false,
    intent,
    message: translate(locale, "materials.refused"),
    errors: { [refusal.field ?? "_form"]: message },
    details,
  };
  return data(body, { status: refusal.code === "NOT_FOUND" ? 404 : 422 });
}

/** 400 with each invalid field named. */
export function invalid(locale: Locale, intent: string, error: ZodError) {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = issue.path.join(".") || "_form";
    errors[field] ??= translate(locale, "materials.error.INVALID");
  }
  return data({ ok: false, intent, message: translate(locale, "materials.refused"), errors } satisfies ActionFailure, {
    status: 400,
  });
}
