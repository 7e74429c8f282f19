// The set-up page's action called as the admin would call it, and its answer unwrapped.
import { adminRequest, routeArgs, sessionToken } from "../helpers/shopify";

type Init = { type?: string; data?: unknown; init?: { status?: number } };

export type SetupAnswer = {
  status: number;
  body: { ok: boolean; intent?: string; message: string; errors?: Record<string, string>; conflicts?: string[] };
};

/** An action's answer: its data and status (data() wraps refusals with their 4xx). */
export function unwrap(value: unknown): SetupAnswer {
  const v = value as Init;
  if (v && v.type === "DataWithResponseInit")
    return { status: v.init?.status ?? 200, body: v.data as SetupAnswer["body"] };
  return { status: 200, body: value as SetupAnswer["body"] };
}

export async function postSetup(
  shop: string,
  fields: Record<string, string>,
  options: { locale?: string; userId?: string } = {},
): Promise<SetupAnswer> {
  const { action } = await import("../../../app/routes/app.setup");
  const request = adminRequest("/app/setup", shop, {
    method: "POST",
    body: new URLSearchParams(fields),
    token: sessionToken(shop, { userId: options.userId }),
    // The shop's own language is French until told otherwise: English unless a test asks.
    search: { locale: options.locale ?? "en" },
  });
  return unwrap(await action(routeArgs(request)));
}
