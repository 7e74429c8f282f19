import http from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import type { Kiosk } from "./kiosk";
import { KioskError, kioskError } from "./messages";
import { pageHtml } from "./page";
import { findTemplate, TEMPLATES } from "../app/domain/tags";
import { readTagData } from "./tag";
import type { PieceSummary } from "./api";
import { pieceCardText } from "./piece-card";

/**
 * The page's session cookie: which signed-in person this browser is. HttpOnly (the page's script
 * never reads it), SameSite=Strict, and with no expiry, so it ends with the browser session.
 */
const SESSION_COOKIE = "loupe_kiosk_session";

function sessionOf(req: http.IncomingMessage): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === SESSION_COOKIE) return value.join("=") || undefined;
  }
  return undefined;
}

const sessionCookie = (value: string, clear = false) =>
  `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict${clear ? "; Max-Age=0" : ""}`;

/** A piece as the page shows it: with its card worded in both languages. */
function forPage(piece: PieceSummary | undefined) {
  if (!piece) return undefined;
  return {
    ...piece,
    tagPrinted: piece.card?.tagPrinted ?? false,
    cardText: { en: pieceCardText(piece.state, piece.card, "en"), fr: pieceCardText(piece.state, piece.card, "fr") },
  };
}

function withPage<T extends { piece?: PieceSummary }>(answer: T): T {
  return answer.piece ? { ...answer, piece: forPage(answer.piece) } : answer;
}

const LOCAL_HOSTS = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;
const MAX_BODY = 16 * 1024;

const signInBody = z.object({ pin: z.string().max(32) });
const templateField = z
  .string()
  .min(1)
  .max(64)
  .refine((id) => findTemplate(id) !== undefined, { message: "unknown template" });
const codeBody = z.object({
  code: z.string().min(1).max(64),
  reprint: z.boolean().optional(),
  templateId: templateField.optional(),
});
const labelBody = z.object({ locationId: z.string().min(1).max(64) });
// No locationId: the location whose label was scanned last.
const receiveBody = z.object({ code: z.string().min(1).max(64), locationId: z.string().min(1).max(200).optional() });

function send(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  type = "application/json; charset=utf-8",
  extra: Record<string, string> = {},
): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, {
    ...extra,
    "content-type": type,
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    // The page runs only its own inline script and talks only to this server.
    "content-security-policy":
      "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:",
  });
  res.end(text);
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw kioskError("BAD_REQUEST", { detail: "body too large" }, { status: 413 });
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
  } catch {
    throw kioskError("BAD_REQUEST", { detail: "not JSON" }, { status: 400 });
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success)
    throw kioskError(
      "BAD_REQUEST",
      { detail: r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") },
      { status: 400 },
    );
  return r.data;
}

/**
 * The counter page and its small JSON API, on localhost only. Requests must name a local Host
 * (no DNS rebinding) and changes need the `X-Loupe-Kiosk` header, which a foreign web page cannot
 * send without a CORS preflight this server never grants.
 */
export function createKioskServer(kiosk: Kiosk): http.Server {
  return http.createServer((req, res) => {
    void handle(kiosk, req, res).catch((e: unknown) => {
      if (e instanceof KioskError) send(res, e.status, e.toJSON());
      else {
        console.error("kiosk page request failed", e);
        send(res, 500, {
          error: {
            code: "INTERNAL",
            message: "Unexpected error; see the kiosk's log.",
            messageFr: "Erreur inattendue ; voir le journal du poste.",
          },
        });
      }
    });
  });
}

async function handle(kiosk: Kiosk, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  if (!LOCAL_HOSTS.test(req.headers.host ?? "")) {
    send(res, 421, {
      error: {
        code: "NOT_LOCAL",
        message: "The kiosk answers on localhost only.",
        messageFr: "Le poste ne répond que sur localhost.",
      },
    });
    return;
  }
  const url = new URL(req.url ?? "/", "http://localhost");
  if (req.method === "GET" && url.pathname === "/") {
    send(res, 200, pageHtml(), "text/html; charset=utf-8");
    return;
  }
  if (url.pathname === "/favicon.ico") {
    res.writeHead(204).end();
    return;
  }
  if (!url.pathname.startsWith("/api/")) {
    send(res, 404, { error: { code: "NOT_FOUND", message: "Not found.", messageFr: "Introuvable." } });
    return;
  }
  if (req.method === "POST" && req.headers["x-loupe-kiosk"] !== "1") {
    send(res, 403, {
      error: {
        code: "FORBIDDEN",
        message: "Missing X-Loupe-Kiosk header.",
        messageFr: "En-tête X-Loupe-Kiosk manquant.",
      },
    });
    return;
  }
  const route = `${req.method} ${url.pathname}`;
  const session = sessionOf(req);
  switch (route) {
    case "GET /api/state":
      // Polled every 2 s by an open page: it reads the session without keeping it awake.
      send(res, 200, {
        ...kiosk.summary(session),
        context: kiosk.context() ?? null,
        templateId: kiosk.templateId,
        templates: TEMPLATES.map((t) => ({ id: t.id, name: t.name, rfid: t.rfidCapable })),
      });
      return;
    case "POST /api/sign-in": {
      const { pin } = parse(signInBody, await readJson(req));
      const { session: started, ...answer } = await kiosk.signIn(pin);
      kiosk.signOut(session);
      send(res, 200, answer, undefined, { "set-cookie": sessionCookie(started) });
      return;
    }
    case "POST /api/sign-out":
      kiosk.signOut(session);
      send(res, 200, { ok: true }, undefined, { "set-cookie": sessionCookie("", true) });
      return;
    case "POST /api/activity":
      // A tap or a key on the page: the person is still there.
      send(res, 200, { signedIn: kiosk.touch(session) });
      return;
    case "GET /api/receiving":
      kiosk.requireSignedIn(session);
      send(res, 200, await kiosk.receivingList());
      return;
    case "GET /api/piece": {
      // A location label scanned where a tag would be: it sets where the next pieces go.
      const place = kiosk.scanLocation(session, url.searchParams.get("code") ?? "");
      if (place) {
        send(res, 200, place);
        return;
      }
      kiosk.requireSignedIn(session);
      const wanted = url.searchParams.get("template");
      const templateId = wanted && findTemplate(wanted) ? wanted : kiosk.templateId;
      const found = await kiosk.lookup(url.searchParams.get("code") ?? "", templateId);
      // On RFID stock, what will be written: staff see the EPC before the tag is printed.
      const rfid = readTagData(found.tag).content.rfid ?? null;
      send(res, 200, { piece: forPage(found.piece), fromCache: found.fromCache, templateId, rfid });
      return;
    }
    case "POST /api/print": {
      const { code, reprint, templateId } = parse(codeBody, await readJson(req));
      send(
        res,
        200,
        withPage(
          await kiosk.printPiece(session, code, { reprint: reprint === true, ...(templateId ? { templateId } : {}) }),
        ),
      );
      return;
    }
    case "POST /api/location-label": {
      const { locationId } = parse(labelBody, await readJson(req));
      send(res, 200, await kiosk.printLocationLabel(session, locationId));
      return;
    }
    case "POST /api/tagged": {
      const { code } = parse(codeBody, await readJson(req));
      send(res, 200, withPage(await kiosk.markTagged(session, code)));
      return;
    }
    case "POST /api/receive": {
      const { code, locationId } = parse(receiveBody, await readJson(req));
      send(res, 200, withPage(await kiosk.receive(session, code, locationId)));
      return;
    }
    case "POST /api/printer-check":
      send(res, 200, await kiosk.checkPrinter());
      return;
    default:
      send(res, 404, { error: { code: "NOT_FOUND", message: "Not found.", messageFr: "Introuvable." } });
  }
}

export function listen(server: http.Server, port: number, host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
