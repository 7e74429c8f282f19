// The admin action pattern's pieces: how a body is read, how zod's issues become one translated
// message per field, and which status each kind of refusal gets.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  parseBody,
  readInput,
  refusalStatus,
  refusedAnswer,
  zodFieldErrors,
} from "../../../app/http/admin-action.server";

const schema = z.object({
  name: z.string().min(1),
  code: z.string().min(3).max(5),
  kind: z.enum(["metal", "stone"]),
  grams: z.number().positive(),
  note: z.string().min(1, "catalog.error.required"),
});

function post(body: string, type = "application/json"): Request {
  return new Request("http://app.test/x", { method: "POST", headers: { "Content-Type": type }, body });
}

describe("zodFieldErrors", () => {
  it("gives each invalid field its own message, in English and in French", () => {
    const parsed = schema.safeParse({ name: "", code: "ABCDEFG", kind: "wood", grams: "x" });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(zodFieldErrors(parsed.error, "en")).toEqual({
      name: "Required.",
      code: "At most 5 characters.",
      kind: "Choose one of the options.",
      grams: "Enter a number.",
      note: "Required.",
    });
    expect(zodFieldErrors(parsed.error, "fr")).toMatchObject({
      code: "Au plus 5 caractères.",
      kind: "Choisissez l'une des options.",
    });
  });

  it("uses the catalog message a schema names, and keeps the first message of a field", () => {
    const two = z.object({ note: z.string().min(1, "catalog.error.required").max(0, "form.error.date") });
    const parsed = two.safeParse({ note: "" });
    if (parsed.success) throw new Error("expected a failure");
    expect(zodFieldErrors(parsed.error, "fr")).toEqual({ note: "Obligatoire." });
  });
});

describe("reading a body", () => {
  it("reads JSON and form data alike, repeated form names as a list", async () => {
    const list = z.object({ ids: z.array(z.string()), reason: z.string() });
    expect(await parseBody(post(JSON.stringify({ ids: ["a"], reason: "r" })), list)).toEqual({
      ok: true,
      data: { ids: ["a"], reason: "r" },
    });
    const form = await parseBody(post("ids=a&ids=b&reason=r", "application/x-www-form-urlencoded"), list);
    expect(form).toEqual({ ok: true, data: { ids: ["a", "b"], reason: "r" } });
  });

  it("answers 400 with a translated form message when the body is not JSON, and field errors when it is wrong", async () => {
    const unreadable = await readInput(post("{not json"), schema, "fr").catch((e: unknown) => e);
    expect(unreadable).toMatchObject({
      init: { status: 400 },
      data: { ok: false, errors: { _form: expect.stringContaining("Rechargez") } },
    });
    const wrong = await readInput(
      post(JSON.stringify({ name: "a", code: "abc", kind: "metal", grams: -1, note: "n" })),
      schema,
      "en",
    ).catch((e: unknown) => e);
    expect(wrong).toMatchObject({ init: { status: 400 }, data: { errors: { grams: "Must be more than 0." } } });
  });
});

describe("refusals", () => {
  it.each([
    ["NOT_FOUND", 404],
    ["PIECE_NOT_FOUND", 404],
    ["UNKNOWN_LOCATION", 404],
    ["COST_FORBIDDEN", 403],
    ["STALE", 409],
    ["ALREADY_PRINTED", 409],
    ["INSUFFICIENT_STOCK", 422],
    ["PERIOD_CLOSED", 422],
  ] as const)("%s answers %i", (code, status) => {
    expect(refusalStatus(code)).toBe(status);
  });

  it("puts the refusal's message beside its field, in the reader's language", () => {
    const answer = refusedAnswer(
      "fr",
      { code: "NOT_FOUND", field: "classId" },
      { prefix: "nope.", fallback: "error.notFound" },
    );
    expect(answer).toMatchObject({ init: { status: 404 }, data: { ok: false, errors: { classId: "Introuvable" } } });
  });
});

describe("whole numbers", () => {
  it("asks for a whole number when a decimal is given where an integer is expected", () => {
    const parsed = z.object({ count: z.number().int() }).safeParse({ count: 1.5 });
    if (parsed.success) throw new Error("expected a failure");
    expect(zodFieldErrors(parsed.error, "en")).toEqual({ count: "Enter a whole number." });
  });
});
