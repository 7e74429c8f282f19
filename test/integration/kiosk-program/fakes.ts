/**
 * Stand-ins for the kiosk's two neighbours, on real sockets on 127.0.0.1:
 * - FakeApp: the app's kiosk API as the contract describes it, including the KioskOperation
 *   idempotency (a repeated key answers the first result and changes nothing), and counters the
 *   tests check (effects per operation key, print job reports).
 * - FakeZebra: a ZPL printer on raw TCP that answers ~HS with real-looking strings (or stays
 *   silent, or answers garbage) and counts the formats it receives.
 */
import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { buildTagData, type TagPiece } from "../../../app/domain/kiosk/tag-data";
import { generateTagCode, validateTagCode } from "../../../app/domain/tagcode";

export const DEVICE_TOKEN = "dev_" + "t".repeat(40);
export const PIN = "2580";

export interface FakePiece {
  id: string;
  tagCode: string;
  title: string;
  state: "receiving" | "active";
  locationId: string | null;
  tagged: boolean;
  priceMinor: bigint;
}

export interface AppliedOperation {
  key: string;
  kind: string;
  pieceId: string;
  locationId?: string;
  reprint?: boolean;
  staff: string | undefined;
}

/** A distinct valid code per n (n < 26³): the last byte moves on until the check symbol is one a new code may end with. */
export function tagCodeFor(n: number): string {
  let attempt = 0;
  return generateTagCode(() =>
    Uint8Array.from([n % 26, Math.trunc(n / 26) % 26, Math.trunc(n / 676) % 26, 3, 7, attempt++]),
  );
}

export class FakeApp {
  server: http.Server;
  url = "";
  pieces = new Map<string, FakePiece>();
  /** key → first result (the KioskOperation table). */
  operations = new Map<string, { status: number; body: unknown }>();
  /** Every operation the app applied (once per key). */
  applied: AppliedOperation[] = [];
  /** How many times each key was posted (redeliveries included). */
  posts = new Map<string, number>();
  printJobs: {
    id: string;
    pieceId: string;
    templateId: string | null;
    copies: number;
    reprint: boolean;
    status: "queued" | "claimed" | "printed" | "failed";
    reports: number;
    error?: string;
  }[] = [];
  pairing = { polls: 0, confirmAfter: 1, expired: false };
  down = false;
  locations = [
    { id: "loc-safe", path: "Boutique > Coffre 1" },
    { id: "loc-show", path: "Boutique > Vitrine 3" },
  ];
  requests: string[] = [];
  /** What the app says the person signed in may do (the real app's sign-in answer); undefined: an older app, which says nothing. */
  staffPermissions: string[] | undefined = undefined;
  /** The shop's idle sign-out time the sign-in answer carries; undefined: an older app, which says nothing. */
  staffIdleMinutes: number | undefined = undefined;

  constructor() {
    this.server = http.createServer((req, res) => void this.handle(req, res));
  }

  async start(port = 0): Promise<this> {
    await new Promise<void>((r) => this.server.listen(port, "127.0.0.1", r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }

  addPiece(n: number, overrides: Partial<FakePiece> = {}): FakePiece {
    const p: FakePiece = {
      id: `piece-${n}`,
      tagCode: tagCodeFor(n),
      title: `Bague ${n}`,
      state: "receiving",
      locationId: null,
      tagged: false,
      priceMinor: 125000n + BigInt(n),
      ...overrides,
    };
    this.pieces.set(p.tagCode, p);
    return p;
  }

  queuePrintJob(piece: FakePiece, options: { reprint?: boolean; copies?: number } = {}): string {
    const id = `job-${this.printJobs.length + 1}`;
    this.printJobs.push({
      id,
      pieceId: piece.id,
      templateId: null,
      copies: options.copies ?? 1,
      reprint: options.reprint ?? false,
      status: "queued",
      reports: 0,
    });
    return id;
  }

  appliedFor(kind: string, pieceId: string): AppliedOperation[] {
    return this.applied.filter((o) => o.kind === kind && o.pieceId === pieceId);
  }

  tagData(p: FakePiece): unknown {
    const piece: TagPiece = {
      title: p.title,
      tagCode: p.tagCode,
      priceMinor: p.priceMinor,
      currency: "EUR",
      publicToken: "q3Zt0bX9-Lm_Pa7RkW2yEg",
      metals: [{ metal: "gold", finenessBp: 7500, grossWeightMg: 3420n }],
      stones: [
        {
          type: "diamond",
          origin: "natural",
          millicarats: 520,
          count: 1,
          colour: "G",
          clarity: "VS1",
          position: "centre",
          certificate: { lab: "GIA", number: "2141234567" },
        },
      ],
    };
    const built = buildTagData(
      piece,
      {
        domain: "bijoux-demo.myshopify.com",
        locale: "fr-FR",
        weightUnit: "g",
        proxyPrefix: "apps",
        proxySubpath: "loupe",
      },
      () => "Diamant naturel",
    );
    if (!built.ok) {
      // Tests that need an unprintable tag build it themselves; keep the raw content then.
      return {
        tagCode: p.tagCode,
        title: p.title,
        content: {
          locale: "fr-FR",
          priceMinor: p.priceMinor.toString(),
          currency: "EUR",
          tagCode: p.tagCode,
          title: p.title,
        },
      };
    }
    return built.data;
  }

  /** The lookup's card, as the app sends it: the same metal and stone as the tag. */
  private card(p: FakePiece) {
    return {
      priceMinor: p.priceMinor.toString(),
      currency: "EUR",
      metals: [{ metal: "gold", colour: "yellow", finenessBp: 7500, grossWeightMg: "3420" }],
      stones: [
        { type: "diamond", origin: "natural", shape: "round", millicarats: 520, count: 1, colour: "G", clarity: "VS1" },
      ],
      tagPrinted: this.appliedFor("printed", p.id).length > 0,
    };
  }

  private summary(p: FakePiece) {
    return {
      id: p.id,
      tagCode: p.tagCode,
      title: p.title,
      state: p.state,
      sku: null,
      locationPath: this.locations.find((l) => l.id === p.locationId)?.path ?? null,
      taggedAt: p.tagged ? "2026-11-26T10:00:00Z" : null,
    };
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req as AsyncIterable<Buffer>) chunks.push(c);
    const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>) : {};
    const url = new URL(req.url ?? "/", "http://x");
    this.requests.push(`${req.method} ${url.pathname}`);
    if (this.down) {
      req.socket.destroy();
      return;
    }
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(value));
    };
    const error = (status: number, code: string, extra: Record<string, unknown> = {}) =>
      json(status, { error: { code, message: `${code} (en)`, messageFr: `${code} (fr)`, ...extra } });

    if (url.pathname === "/api/kiosk/pair/start")
      return json(200, {
        code: "7K3QX9M2",
        pollSecret: "secret",
        expiresAt: new Date(Date.now() + 600_000).toISOString(),
      });
    if (url.pathname === "/api/kiosk/pair/poll") {
      if (this.pairing.expired) return error(410, "PAIRING_EXPIRED");
      this.pairing.polls++;
      if (this.pairing.polls <= this.pairing.confirmAfter) return json(202, { status: "waiting" });
      return json(200, {
        status: "paired",
        deviceToken: DEVICE_TOKEN,
        deviceId: "dev-1",
        shop: "bijoux-demo.myshopify.com",
        shopifyLocationGid: "gid://shopify/Location/1",
        locationName: "Boutique",
      });
    }
    if (req.headers.authorization !== `Bearer ${DEVICE_TOKEN}`) return error(401, "DEVICE_UNKNOWN");
    const staff = typeof req.headers["x-loupe-staff"] === "string" ? req.headers["x-loupe-staff"] : undefined;

    if (url.pathname === "/api/kiosk/staff/sign-in") {
      if (body.pin !== PIN) return error(401, "PIN_WRONG", { attemptsLeft: 4 });
      return json(200, {
        staffSession: "staff-session-1",
        staffId: "staff-1",
        name: "Camille",
        expiresAt: new Date(Date.now() + 12 * 3600_000).toISOString(),
        ...(this.staffPermissions ? { permissions: this.staffPermissions } : {}),
        ...(this.staffIdleMinutes ? { idleSignOutMinutes: this.staffIdleMinutes } : {}),
      });
    }
    if (url.pathname === "/api/kiosk/context") {
      return json(200, {
        shop: "bijoux-demo.myshopify.com",
        shopName: "Maison Aurore",
        currency: "EUR",
        locale: "fr-FR",
        shopifyLocationGid: "gid://shopify/Location/1",
        locationName: "Boutique",
        locations: this.locations,
      });
    }
    if (url.pathname === "/api/kiosk/receiving") {
      return json(200, {
        pieces: [...this.pieces.values()].filter((p) => p.state === "receiving").map((p) => this.summary(p)),
      });
    }
    const pieceMatch = /^\/api\/kiosk\/pieces\/([^/]+)$/.exec(url.pathname);
    if (pieceMatch) {
      const checked = validateTagCode(decodeURIComponent(pieceMatch[1]!));
      if (!checked.ok) return error(422, "TAG_CODE_INVALID", { reason: checked.reason });
      const p = this.pieces.get(checked.code);
      if (!p) return error(404, "PIECE_NOT_FOUND");
      return json(200, { piece: { ...this.summary(p), card: this.card(p) }, tag: this.tagData(p) });
    }
    if (url.pathname === "/api/kiosk/operations" && req.method === "POST") {
      if (!staff) return error(403, "STAFF_REQUIRED");
      const key = String(body.key);
      this.posts.set(key, (this.posts.get(key) ?? 0) + 1);
      const first = this.operations.get(key);
      if (first) return json(first.status, first.body);
      const p = [...this.pieces.values()].find((x) => x.id === body.pieceId);
      let answer: { status: number; body: unknown };
      if (!p)
        answer = {
          status: 404,
          body: { error: { code: "PIECE_NOT_FOUND", message: "not found", messageFr: "introuvable" } },
        };
      else if (body.kind === "receive" && p.state !== "receiving") {
        answer = {
          status: 409,
          body: {
            error: {
              code: "ILLEGAL_TRANSITION",
              message: "The piece is not receiving.",
              messageFr: "La pièce n'est pas en réception.",
            },
          },
        };
      } else {
        if (body.kind === "tagged") p.tagged = true;
        if (body.kind === "receive") {
          p.locationId = String(body.locationId);
          p.tagged = true;
          p.state = "active";
        }
        this.applied.push({
          key,
          kind: String(body.kind),
          pieceId: p.id,
          ...(body.locationId ? { locationId: String(body.locationId) } : {}),
          ...(body.reprint !== undefined ? { reprint: Boolean(body.reprint) } : {}),
          staff,
        });
        answer = { status: 200, body: { key, result: { state: p.state } } };
      }
      this.operations.set(key, answer);
      return json(answer.status, answer.body);
    }
    if (url.pathname === "/api/kiosk/print-jobs" && req.method === "GET") {
      const claimed = this.printJobs.filter((j) => j.status === "queued").slice(0, 20);
      for (const j of claimed) j.status = "claimed";
      return json(200, {
        jobs: claimed.map((j) => {
          const p = [...this.pieces.values()].find((x) => x.id === j.pieceId)!;
          return {
            id: j.id,
            pieceId: j.pieceId,
            templateId: j.templateId,
            copies: j.copies,
            reprint: j.reprint,
            tag: this.tagData(p),
          };
        }),
      });
    }
    const jobMatch = /^\/api\/kiosk\/print-jobs\/([^/]+)$/.exec(url.pathname);
    if (jobMatch && req.method === "POST") {
      const job = this.printJobs.find((j) => j.id === jobMatch[1]);
      if (!job) return error(404, "PRINT_JOB_NOT_FOUND");
      job.reports++;
      if (job.status === "claimed") {
        job.status = body.status === "printed" ? "printed" : "failed";
        if (typeof body.error === "string") job.error = body.error;
      }
      return json(200, { id: job.id, status: job.status });
    }
    return error(404, "NOT_FOUND");
  }
}

export type ZebraMode = "ready" | "paper-out" | "head-open" | "paused" | "silent" | "garbage" | "closes";

/** A real-looking ~HS answer (ZD421, 203 dpi, 56 × 13 mm labels = 0104 dots). */
export function hostStatusAnswer(
  flags: { paperOut?: boolean; paused?: boolean; headUp?: boolean; ribbonOut?: boolean; formats?: number } = {},
): string {
  const b = (v: boolean | undefined) => (v ? "1" : "0");
  const formats = String(flags.formats ?? 0).padStart(3, "0");
  return (
    `\x02030,${b(flags.paperOut)},${b(flags.paused)},0104,${formats},0,0,0,000,0,0,0\x03\r\n` +
    `\x02001,0,${b(flags.headUp)},${b(flags.ribbonOut)},0,2,4,0,00000000,1,000\x03\r\n` +
    `\x021234,0\x03\r\n`
  );
}

export class FakeZebra {
  server: net.Server;
  port = 0;
  mode: ZebraMode = "ready";
  /** Every ^XA…^XZ format received, in order. */
  formats: string[] = [];
  statusQueries = 0;
  /** Called with each format as it arrives (benchmarks time the arrival). */
  onFormat: ((zpl: string) => void) | null = null;
  private sockets = new Set<net.Socket>();

  constructor() {
    this.server = net.createServer((socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
      socket.on("error", () => undefined);
      let buffer = "";
      socket.on("data", (chunk) => {
        buffer += chunk.toString("utf8");
        for (;;) {
          const hs = buffer.indexOf("~HS");
          const xa = buffer.indexOf("^XA");
          if (hs >= 0 && (xa < 0 || hs < xa)) {
            buffer = buffer.slice(0, hs) + buffer.slice(hs + 3);
            this.statusQueries++;
            this.answerStatus(socket);
            continue;
          }
          if (xa >= 0) {
            const xz = buffer.indexOf("^XZ", xa);
            if (xz < 0) break;
            const format = buffer.slice(xa, xz + 3);
            buffer = buffer.slice(xz + 3);
            this.formats.push(format);
            this.onFormat?.(format);
            continue;
          }
          break;
        }
      });
    });
  }

  private answerStatus(socket: net.Socket): void {
    switch (this.mode) {
      case "silent":
        return;
      case "garbage":
        socket.write("HTTP/1.1 400 Bad Request\r\n\r\n<html>nope</html>");
        return;
      case "closes":
        socket.destroy();
        return;
      default:
        socket.write(
          hostStatusAnswer({
            paperOut: this.mode === "paper-out",
            headUp: this.mode === "head-open",
            paused: this.mode === "paused",
          }),
        );
    }
  }

  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise((r) => this.server.close(r));
  }

  /** How many formats carry this tag code in their barcode. */
  printedCount(tagCode: string): number {
    return this.formats.filter((f) => f.includes(`^FD${tagCode}^FS`)).length;
  }
}

/** The counter page's session cookie as one browser keeps it: a fresh jar is a fresh browser. */
export function cookieJar(): { headers(): Record<string, string>; keep(res: Response): void } {
  let cookie = "";
  return {
    headers: (): Record<string, string> => (cookie ? { cookie } : {}),
    keep(res) {
      const set = res.headers.get("set-cookie");
      if (!set) return;
      const pair = set.split(";")[0]!;
      cookie = pair.endsWith("=") ? "" : pair;
    },
  };
}
