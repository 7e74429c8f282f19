import { bilingual, KioskError, type Bilingual } from "./messages";
import type { PieceCardFacts } from "./piece-card";

/**
 * The app's kiosk API (see the kiosk ⇄ app contract in the README). Two kinds of failure:
 * - `ApiRefusal`: the app answered 4xx with `{ error: { code, message, messageFr } }`; retrying
 *   the same request changes nothing (except 401, which a new pairing can fix).
 * - `AppUnreachable`: no answer, a timeout, a 5xx or a 429; the work stays queued and is retried.
 */
export class ApiRefusal extends KioskError {
  readonly httpStatus: number;
  readonly body: Record<string, unknown>;

  constructor(httpStatus: number, msg: Bilingual, body: Record<string, unknown>) {
    super(msg, { status: httpStatus });
    this.httpStatus = httpStatus;
    this.body = body;
  }
}

export class AppUnreachable extends KioskError {
  constructor(readonly detail: string) {
    super(bilingual("APP_UNREACHABLE"), { status: 503, transient: true });
  }
}

export interface PieceSummary {
  id: string;
  tagCode: string;
  title: string;
  state: string;
  sku?: string | null;
  locationPath?: string | null;
  taggedAt?: string | null;
  /** A lookup's card facts (price, metals, stones, printed before); absent from lists and older apps. */
  card?: PieceCardFacts;
}

export interface KioskContext {
  shop: string;
  shopName: string;
  currency: string;
  locale: string;
  shopifyLocationGid: string;
  locationName: string;
  /** Each with its label's code (older app versions send none). */
  locations: { id: string; path: string; code?: string }[];
  /** Codes of this site's archived places, so their labels are refused by name. */
  archivedLocationCodes?: string[];
}

export interface StaffSession {
  staffSession: string;
  staffId: string;
  name: string;
  expiresAt: string;
  /** What the person's role may do at a kiosk (older app versions send none: the page then hides nothing). */
  permissions?: string[];
  /** The shop's idle time before the kiosk signs the person out (older app versions send none: 10). */
  idleSignOutMinutes?: number;
}

export interface AppPrintJob {
  id: string;
  /** Null for a location label. */
  pieceId: string | null;
  templateId?: string | null;
  copies?: number;
  reprint?: boolean;
  tag: unknown;
}

export interface OperationBody {
  key: string;
  kind: string;
  pieceId: string;
  locationId?: string;
  templateId?: string;
  reprint?: boolean;
  at: string;
}

export interface AppClientOptions {
  baseUrl: string;
  deviceToken?: string;
  timeoutMs?: number;
}

/** The messages the kiosk words better than a generic refusal (attempts left, what to run). */
const OWN_WORDING = new Set(["DEVICE_UNKNOWN", "DEVICE_REVOKED", "PIN_LOCKED", "PIECE_NOT_FOUND", "RATE_LIMITED"]);

export class AppClient {
  readonly baseUrl: string;
  deviceToken: string | undefined;
  private readonly timeoutMs: number;

  constructor(options: AppClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.deviceToken = options.deviceToken;
    this.timeoutMs = options.timeoutMs ?? 5000;
  }

  async request<T>(
    method: "GET" | "POST",
    path: string,
    options: { body?: unknown; staffSession?: string; auth?: boolean } = {},
  ): Promise<T> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (options.body !== undefined) headers["content-type"] = "application/json";
    if (options.auth !== false) {
      if (!this.deviceToken) throw new KioskError(bilingual("NOT_PAIRED"), { status: 401 });
      headers.authorization = `Bearer ${this.deviceToken}`;
    }
    if (options.staffSession) headers["x-loupe-staff"] = options.staffSession;
    let res: Response;
    try {
      res = await fetch(this.baseUrl + path, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      throw new AppUnreachable(
        `${method} ${path}: ${(e as Error).name === "TimeoutError" ? "timeout" : String((e as Error).cause ?? e)}`,
      );
    }
    const text = await res.text().catch(() => "");
    if (res.status >= 500 || res.status === 429) {
      throw new AppUnreachable(`${method} ${path}: HTTP ${res.status}`);
    }
    let json: unknown = null;
    try {
      json = text === "" ? null : JSON.parse(text);
    } catch {
      throw new AppUnreachable(`${method} ${path}: HTTP ${res.status} answered non-JSON`);
    }
    if (res.status >= 400) throw refusal(res.status, json);
    return json as T;
  }

  pairStart(deviceName: string): Promise<{ code: string; pollSecret: string; expiresAt: string }> {
    return this.request("POST", "/api/kiosk/pair/start", { body: { deviceName }, auth: false });
  }

  /** 202 `{ status: "waiting" }` comes back as such; 410 as an ApiRefusal. */
  pairPoll(
    code: string,
    pollSecret: string,
  ): Promise<
    | { status: "waiting" }
    | {
        status: "paired";
        deviceToken: string;
        deviceId: string;
        shop: string;
        shopifyLocationGid: string;
        locationName: string;
      }
  > {
    return this.request("POST", "/api/kiosk/pair/poll", { body: { code, pollSecret }, auth: false });
  }

  signIn(pin: string): Promise<StaffSession> {
    return this.request("POST", "/api/kiosk/staff/sign-in", { body: { pin } });
  }

  context(): Promise<KioskContext> {
    return this.request("GET", "/api/kiosk/context");
  }

  receiving(): Promise<{ pieces: PieceSummary[] }> {
    return this.request("GET", "/api/kiosk/receiving");
  }

  piece(
    tagCode: string,
    templateId?: string,
  ): Promise<{
    piece: PieceSummary;
    tag: unknown;
    tagError?: { code: string; message: string; messageFr: string } | null;
  }> {
    const query = templateId ? `?templateId=${encodeURIComponent(templateId)}` : "";
    return this.request("GET", `/api/kiosk/pieces/${encodeURIComponent(tagCode)}${query}`);
  }

  /** The tag as it will be printed now: on RFID stock the app gives the piece its serial here. */
  tagToPrint(
    pieceId: string,
    templateId: string,
    staffSession: string | undefined,
  ): Promise<{ tag: unknown; templateId: string }> {
    return this.request("POST", "/api/kiosk/tags", { body: { pieceId, templateId }, staffSession });
  }

  /** "Print label" here: the place's label as a job the app has already given to this kiosk. */
  locationLabel(
    locationId: string,
    staffSession: string | undefined,
  ): Promise<{ job: AppPrintJob; code: string; path: string }> {
    return this.request("POST", "/api/kiosk/location-labels", { body: { locationId }, staffSession });
  }

  operation(body: OperationBody, staffSession: string | undefined): Promise<{ key: string; result: unknown }> {
    return this.request("POST", "/api/kiosk/operations", { body, staffSession });
  }

  printJobs(): Promise<{ jobs: AppPrintJob[] }> {
    return this.request("GET", "/api/kiosk/print-jobs");
  }

  reportPrintJob(
    id: string,
    status: "printed" | "failed",
    error: string | undefined,
    staffSession: string | undefined,
  ): Promise<unknown> {
    return this.request("POST", `/api/kiosk/print-jobs/${encodeURIComponent(id)}`, {
      body: error ? { status, error } : { status },
      staffSession,
    });
  }
}

function refusal(status: number, json: unknown): ApiRefusal {
  const body = (json && typeof json === "object" ? json : {}) as Record<string, unknown>;
  const err = (body.error && typeof body.error === "object" ? body.error : {}) as Record<string, unknown>;
  const code = typeof err.code === "string" ? err.code : `HTTP_${status}`;
  const en = typeof err.message === "string" ? err.message : `HTTP ${status}`;
  const fr = typeof err.messageFr === "string" ? err.messageFr : en;
  if (code === "PIN_WRONG") {
    const attemptsLeft =
      typeof err.attemptsLeft === "number"
        ? err.attemptsLeft
        : typeof body.attemptsLeft === "number"
          ? body.attemptsLeft
          : "?";
    return new ApiRefusal(status, bilingual("PIN_WRONG", { attemptsLeft }), body);
  }
  if (code === "PAIRING_EXPIRED" || (status === 410 && code.startsWith("PAIR")))
    return new ApiRefusal(status, bilingual("PAIRING_EXPIRED"), body);
  if (OWN_WORDING.has(code))
    return new ApiRefusal(status, { ...bilingual(code as "DEVICE_UNKNOWN", { code: "" }), code }, body);
  return new ApiRefusal(status, { code, en, fr }, body);
}
