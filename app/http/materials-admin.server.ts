// What materials loaders and actions share: the admin context with the right to see costs
// (material pages are all about cost), forms read with the page's schema
// (app/domain/materials/forms.ts), and refusals answered the admin action way
// (app/http/admin-action.server.ts): each message beside its field, in the reader's language.
import type { z } from "zod";
import { requireAdmin } from "./admin-context.server";
import { gatePermissions, type Gate, type Permission } from "../domain/staff/permissions";
import { invalidAnswer, readBody, refusedAnswer } from "./admin-action.server";
import { hasMessage, translate, type Locale } from "../i18n";
import type { Refusal } from "../services/materials/refusals.server";
import type { MoveInput, MoveResult } from "../services/materials/moves.server";
import type { MoveForm, NewClassForm } from "../domain/materials/forms";
import type { NewClassInput } from "../services/materials/classes.server";
import { parseFineness, type Metal } from "../domain/metals";
import type { ValuationMethod } from "../domain/valuation/index";
import { currencyDecimals } from "../domain/money";
import { toMinor } from "../domain/materials/replay";

/**
 * The admin context for a materials page: `gate` is the route's declared permission (materials.view
 * and cost.see at least, as every materials page is made of costs).
 */
export async function requireMaterialsAdmin(request: Request, gate: Gate = ["materials.view", "cost.see"]) {
  return requireAdmin(request, ["materials.view", "cost.see", ...gatePermissions(gate)]);
}

/**
 * What the reader's role may do on the materials pages beyond reading them: each page hides the
 * forms of the others and says why (the actions check the same permissions).
 */
export function materialsRights(can: (permission: Permission) => boolean) {
  return {
    post: can("materials.post"),
    close: can("materials.close"),
    methods: can("materials.methods"),
    impairment: can("materials.impairment"),
    export: can("data.export"),
  };
}

export type MaterialsRights = ReturnType<typeof materialsRights>;

/**
 * The form checked with its schema, or the 400 answer to return: one message per field, named by
 * the form's `intent` (or `intent` given) so the page shows it beside the field of the right form.
 * Returned rather than thrown, as a thrown answer would replace the page by its error boundary.
 */
export async function readMaterialsForm<T extends z.ZodTypeAny>(
  request: Request,
  schema: T,
  locale: Locale,
  intent?: string,
): Promise<{ ok: true; input: z.infer<T> } | { ok: false; answer: ReturnType<typeof invalidAnswer> }> {
  const body = await readBody(request);
  if (!body.ok) return { ok: false, answer: invalidAnswer(locale, null, intent) };
  const named = (body.value as { intent?: unknown } | null)?.intent;
  const parsed = schema.safeParse(body.value);
  if (parsed.success) return { ok: true, input: parsed.data as z.infer<T> };
  return { ok: false, answer: invalidAnswer(locale, parsed.error, intent ?? (typeof named === "string" ? named : "")) };
}

/** A service's refusal in the reader's language (the fallback names nothing was recorded). */
export function refusalText(locale: Locale, refusal: Pick<Refusal, "code" | "vars">): string {
  const key = `materials.error.${refusal.code}`;
  return translate(locale, hasMessage(key) ? key : "materials.refused", refusal.vars ?? {});
}

/** The first rows a price import refused, each with its reason, for the form to list. */
export function csvRowErrors(locale: Locale, errors: readonly { row: number; code: string }[]): string[] {
  return errors
    .slice(0, 20)
    .map((e) => translate(locale, "materials.prices.rowError", { row: e.row, message: refusalText(locale, e) }));
}

/** A refusal beside its field (or as the form's message), with the status its code calls for. */
export function refused(locale: Locale, intent: string, refusal: Refusal, details?: string[]) {
  return refusedAnswer(
    locale,
    { code: refusal.code, field: refusal.field, vars: refusal.vars, details },
    { prefix: "materials.error.", fallback: "materials.refused", intent, summary: "materials.refused" },
  );
}

/** The overview's new-class form as the class to create, or a refusal of its fineness. */
export function newClassInputOf(form: NewClassForm): NewClassInput | Refusal {
  if (form.kind === "stone_lot")
    return {
      ...form,
      label: form.label || null,
      method: form.method as ValuationMethod,
      nrvUnitValue: form.nrvUnitValue || null,
    };
  if (form.kind === "stone_single")
    return {
      ...form,
      label: form.label || null,
      lab: form.lab || null,
      certificate: form.reference,
      nrvUnitValue: form.nrvUnitValue || null,
    };
  let finenessBp: number;
  try {
    finenessBp = parseFineness(form.fineness, form.metal as Metal);
  } catch {
    return { ok: false, code: "BAD_FINENESS", field: "fineness" };
  }
  return {
    kind: "metal",
    metal: form.metal as Metal,
    finenessBp,
    investment: form.investment === "on",
    form: form.form || null,
    label: form.label || null,
    method: form.method as ValuationMethod,
    standardUnitCost: form.standardUnitCost || null,
  };
}

/** A class page's move form as the move it records in class `classId`. */
export function moveInputOf(classId: string, form: MoveForm): MoveInput {
  switch (form.intent) {
    case "receive": {
      const { intent, ...fields } = form;
      return { kind: intent, classId, ...fields };
    }
    case "issue": {
      const { intent, ...fields } = form;
      return { kind: intent, classId, ...fields };
    }
    case "transfer": {
      const { intent, ...fields } = form;
      return { kind: intent, classId, ...fields };
    }
    case "return": {
      const { intent, ...fields } = form;
      return { kind: intent, classId, ...fields };
    }
    case "count": {
      const { intent, ...fields } = form;
      return { kind: intent, classId, ...fields };
    }
    case "standard":
      return {
        kind: "standard_cost",
        classId,
        unitCost: form.unitCost,
        day: form.day,
        reason: form.justification,
      };
  }
}

/** A finish form's `inPiece.<classId>` fields: what each class left in the piece, by class id. */
export function inPieceOf(form: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(form)
      .filter(([key]) => key.startsWith("inPiece."))
      .map(([key, value]) => [key.slice("inPiece.".length), String(value)]),
  );
}

/** What a recorded move answers: the figures it changed, values in minor units of the shop's currency. */
export function movedAnswer(result: MoveResult, currency: string) {
  const decimals = currencyDecimals(currency);
  return {
    backDated: result.backDated,
    changes: result.changes,
    valueBefore: result.valueBefore,
    valueAfter: result.valueAfter,
    // Every class and job the move changed, the class itself first.
    classes: result.affectedClasses.map((c) => ({
      ...c,
      valueBefore: toMinor(c.valueBefore, decimals),
      valueAfter: toMinor(c.valueAfter, decimals),
    })),
    jobs: result.affectedJobs,
  };
}
