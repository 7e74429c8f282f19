import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { isPinShaped } from "../app/domain/kiosk/pin";
import { validateTagCode } from "../app/domain/tagcode";
import { findTemplate, type Dpi } from "../app/domain/tags";
import {
  AppClient,
  AppUnreachable,
  ApiRefusal,
  type AppPrintJob,
  type KioskContext,
  type PieceSummary,
  type StaffSession,
} from "./api";
import {
  Journal,
  acquireLock,
  type ApiErrorBody,
  type JobEntry,
  type JobSource,
  type JobState,
  type OpEntry,
  type OperationKind,
} from "./journal";
import { bilingual, KioskError, kioskError, type Bilingual } from "./messages";
import { createDriver, type PrinterDriver, type PrinterSettings, type PrinterStatus } from "./printers";
import { renderTag, readTagData } from "./tag";

/**
 * Test hook: the kill -9 tests stop the kiosk at these points (see test/integration/kiosk-program).
 * In production `at` resolves at once.
 */
export type CrashPoint = "op-journaled" | "op-sent" | "job-journaled" | "job-bytes-sent" | "job-printed";

export interface KioskHooks {
  at(point: CrashPoint): Promise<void>;
}

export interface KioskOptions {
  dataDir: string;
  appUrl: string;
  deviceToken?: string;
  printer: PrinterSettings;
  templateId?: string;
  /** How often the app's print queue is polled while running (the contract says 2 s). */
  pollIntervalMs?: number;
  appTimeoutMs?: number;
  hooks?: KioskHooks;
  /** Replaces the driver made from `printer` (benchmarks, tests). */
  driver?: PrinterDriver;
}

interface CachedPiece {
  piece: PieceSummary;
  tag: unknown;
  at: number;
  /** The template the tag was made for: an RFID template's tag carries the piece's EPC. */
  templateId?: string;
}

interface Cache {
  context?: KioskContext;
  receiving?: PieceSummary[];
  pieces: Record<string, CachedPiece>;
}

export interface ActionResult {
  ok: true;
  message: Bilingual;
  delivered?: boolean;
  printed?: boolean;
  piece?: PieceSummary;
  /** On RFID stock, the EPC the tag was given (final: the serial is the piece's). */
  rfid?: { gtin: string; serial: string; epcHex: string };
}

const CACHE_LIMIT = 500;
const NO_HOOKS: KioskHooks = { at: () => Promise.resolve() };

function uuid(): string {
  return crypto.randomUUID();
}

function errorBody(e: KioskError): ApiErrorBody {
  return { code: e.code, message: e.message, messageFr: e.fr };
}

/**
 * The kiosk's engine: intake actions from the page or the CLI, the durable queue of operations
 * for the app, the print queue (local intake jobs and the app's jobs), and the loops that deliver
 * them. Everything that changes the world is written to the journal first.
 */
export class Kiosk {
  readonly journal: Journal;
  readonly client: AppClient;
  readonly driver: PrinterDriver;
  readonly settings: PrinterSettings;
  readonly templateId: string;
  private readonly dataDir: string;
  private readonly hooks: KioskHooks;
  private readonly pollIntervalMs: number;
  private readonly releaseLock: () => void;
  private cache: Cache;
  private cacheDirty = false;
  staff: StaffSession | null = null;
  online = true;
  lastAppProblem: Bilingual | null = null;
  printerStatus: PrinterStatus = { state: "ready" };
  private timers: NodeJS.Timeout[] = [];
  private running = false;
  private deliveryRun: Promise<void> | null = null;
  private deliveryAgain = false;
  private printRun: Promise<void> | null = null;
  private printAgain = false;
  private deliveryBackoffMs = 0;
  private nextDeliveryAt = 0;
  private pollInFlight = false;
  private listeners = new Set<() => void>();

  constructor(options: KioskOptions) {
    this.dataDir = options.dataDir;
    this.releaseLock = acquireLock(options.dataDir);
    try {
      this.journal = Journal.open(options.dataDir);
    } catch (e) {
      this.releaseLock();
      throw e;
    }
    this.client = new AppClient({
      baseUrl: options.appUrl,
      deviceToken: options.deviceToken,
      timeoutMs: options.appTimeoutMs ?? 5000,
    });
    this.settings = options.printer;
    this.driver = options.driver ?? createDriver(options.printer);
    this.templateId = options.templateId ?? "barbell-56x13";
    this.hooks = options.hooks ?? NO_HOOKS;
    this.pollIntervalMs = options.pollIntervalMs ?? 2000;
    this.cache = this.loadCache();
  }

  // ---- lifecycle ---------------------------------------------------------------------------

  /** Starts the loops: delivery of queued operations, printing, the app's print queue, refresh. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.kickDelivery();
    this.kickPrinting();
    void this.pollPrintJobs();
    void this.refreshContext();
    this.timers.push(setInterval(() => void this.pollPrintJobs(), this.pollIntervalMs));
    this.timers.push(
      setInterval(() => {
        this.kickDelivery();
        this.kickPrinting();
      }, 1000),
    );
    this.timers.push(setInterval(() => void this.refreshContext(), 60_000));
    this.timers.push(setInterval(() => this.saveCache(), 5_000));
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await Promise.allSettled([this.deliveryRun, this.printRun].filter(Boolean));
    this.saveCache();
    this.journal.close();
    this.releaseLock();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }

  // ---- staff -------------------------------------------------------------------------------

  async signIn(pin: string): Promise<ActionResult> {
    if (!isPinShaped(pin)) throw kioskError("PIN_FORMAT", {}, { status: 400 });
    const session = await this.client.signIn(pin);
    this.staff = session;
    this.markOnline();
    return { ok: true, message: { code: "SIGNED_IN", en: `Hello ${session.name}.`, fr: `Bonjour ${session.name}.` } };
  }

  signOut(): void {
    this.staff = null;
  }

  private requireStaff(): StaffSession {
    const staff = this.staff;
    if (!staff || Date.parse(staff.expiresAt) <= Date.now()) {
      this.staff = null;
      throw kioskError("SIGN_IN_REQUIRED", {}, { status: 403 });
    }
    return staff;
  }

  // ---- looking pieces up ---------------------------------------------------------------------

  /** Local check first (a mistyped code never reaches the app), then the app, then the cache. */
  async lookup(
    input: string,
    templateId: string = this.templateId,
  ): Promise<{ piece: PieceSummary; tag: unknown; fromCache: boolean }> {
    const checked = validateTagCode(input);
    if (!checked.ok) {
      const shown = input.trim().slice(0, 40);
      throw kioskError(
        checked.reason === "LENGTH"
          ? "TAG_CODE_LENGTH"
          : checked.reason === "CHARACTER"
            ? "TAG_CODE_CHARACTER"
            : "TAG_CODE_CHECK",
        { input: shown },
        { status: 422 },
      );
    }
    const code = checked.code;
    // Known to be offline: answer from the kept copy at once instead of waiting for a timeout.
    // A tag kept for another template serves too, except on RFID stock, whose EPC only the app gives.
    const usable = (c: CachedPiece | undefined) =>
      c && ((c.templateId ?? this.templateId) === templateId || !findTemplate(templateId)?.rfidCapable) ? c : undefined;
    const kept = usable(this.cache.pieces[code]);
    if (!this.online && kept && Date.now() < this.nextDeliveryAt)
      return { piece: kept.piece, tag: kept.tag, fromCache: true };
    try {
      const found = await this.client.piece(code, templateId);
      this.markOnline();
      // The app says why this piece's tag cannot be printed (no price, no GTIN for RFID…): show it.
      if (found.tag === null && found.tagError)
        throw new KioskError(
          { code: found.tagError.code, en: found.tagError.message, fr: found.tagError.messageFr },
          { status: 422 },
        );
      readTagData(found.tag);
      this.remember(found.piece, found.tag, templateId);
      return { piece: found.piece, tag: found.tag, fromCache: false };
    } catch (e) {
      if (e instanceof ApiRefusal && e.httpStatus === 404)
        throw kioskError("PIECE_NOT_FOUND", { code }, { status: 404 });
      if (e instanceof AppUnreachable) {
        this.markOffline(e);
        const cached = usable(this.cache.pieces[code]);
        if (cached) return { piece: cached.piece, tag: cached.tag, fromCache: true };
        throw kioskError("PIECE_NOT_CACHED", { code }, { status: 503, transient: true });
      }
      throw e;
    }
  }

  async receivingList(): Promise<{ pieces: PieceSummary[]; fromCache: boolean }> {
    try {
      const { pieces } = await this.client.receiving();
      this.markOnline();
      this.cache.receiving = pieces;
      this.cacheDirty = true;
      return { pieces: this.withLocalState(pieces), fromCache: false };
    } catch (e) {
      if (!(e instanceof AppUnreachable)) throw e;
      this.markOffline(e);
      return { pieces: this.withLocalState(this.cache.receiving ?? []), fromCache: true };
    }
  }

  context(): KioskContext | undefined {
    return this.cache.context;
  }

  /** Pieces received here but not yet delivered are no longer "receiving" for the person. */
  private withLocalState(pieces: PieceSummary[]): PieceSummary[] {
    const received = new Set(
      this.journal
        .pendingOps()
        .filter((o) => o.entry.kind === "receive")
        .map((o) => o.entry.pieceId),
    );
    return pieces.filter((p) => !received.has(p.id));
  }

  async refreshContext(): Promise<void> {
    if (!this.client.deviceToken) return;
    try {
      this.cache.context = await this.client.context();
      this.markOnline();
      this.cacheDirty = true;
      // Keep today's receiving pieces with their tag data, so intake goes on offline.
      const { pieces } = await this.client.receiving();
      this.cache.receiving = pieces;
      for (const p of pieces.slice(0, 100)) {
        if (this.cache.pieces[p.tagCode]) continue;
        const found = await this.client.piece(p.tagCode, this.templateId);
        if (found.tag) this.remember(found.piece, found.tag, this.templateId);
      }
    } catch (e) {
      if (e instanceof AppUnreachable) this.markOffline(e);
      else if (e instanceof KioskError) this.lastAppProblem = e.toBilingual();
      else throw e;
    }
  }

  private remember(piece: PieceSummary, tag: unknown, templateId: string): void {
    this.cache.pieces[piece.tagCode] = { piece, tag, at: Date.now(), templateId };
    const codes = Object.keys(this.cache.pieces);
    if (codes.length > CACHE_LIMIT) {
      codes.sort((a, b) => this.cache.pieces[a]!.at - this.cache.pieces[b]!.at);
      for (const c of codes.slice(0, codes.length - CACHE_LIMIT)) delete this.cache.pieces[c];
    }
    this.cacheDirty = true;
  }

  // ---- intake actions ------------------------------------------------------------------------

  /** Prints a piece's tag here (an explicit reprint when `reprint`), then records "printed". */
  async printPiece(
    input: string,
    options: { reprint?: boolean; templateId?: string; source?: JobSource } = {},
  ): Promise<ActionResult> {
    const staff = this.requireStaff();
    const templateId = options.templateId ?? this.templateId;
    const found = await this.lookup(input, templateId);
    const piece = found.piece;
    const tag = findTemplate(templateId)?.rfidCapable ? await this.tagToPrint(found, templateId, staff) : found.tag;
    // Refusals (price too long, missing glyphs, a provisional EPC) are found before anything is queued.
    this.render(tag, templateId);
    const job: JobEntry = {
      t: "job",
      id: uuid(),
      source: options.source ?? "intake",
      pieceId: piece.id,
      tagCode: piece.tagCode,
      templateId,
      copies: 1,
      reprint: options.reprint === true,
      tag,
      at: new Date().toISOString(),
      staffSession: staff.staffSession,
    };
    this.journal.append(job);
    this.changed();
    await this.hooks.at("job-journaled");
    await this.runPrinting();
    const state = this.journal.jobs.get(job.id)!;
    const rfid = readTagData(tag).content.rfid;
    if (state.status === "printed")
      return {
        ok: true,
        printed: true,
        piece,
        ...(rfid ? { rfid } : {}),
        message: bilingual("PRINTED", { code: piece.tagCode }),
      };
    if (state.status === "failed" && state.error)
      throw new KioskError(
        { code: state.error.code, en: state.error.message, fr: state.error.messageFr },
        { status: 422 },
      );
    // Printer offline: the job waits in the journal; say why.
    const why = this.printerStatus.message;
    return {
      ok: true,
      printed: false,
      piece,
      message: why
        ? { code: "QUEUED", en: `${why.en}`, fr: `${why.fr}` }
        : bilingual("QUEUED", { code: piece.tagCode }),
    };
  }

  /**
   * On RFID stock, the tag with its final EPC: the app gives the piece its serial when asked for
   * the tag to print (a lookup only shows the next serial, provisionally). Offline, a kept tag
   * whose serial was already given still prints the same EPC; a provisional one cannot print.
   */
  private async tagToPrint(
    found: { piece: PieceSummary; tag: unknown; fromCache: boolean },
    templateId: string,
    staff: StaffSession,
  ): Promise<unknown> {
    const provisional = (tag: unknown) => readTagData(tag).content.rfid?.provisional === true;
    const offlineCopy = () => {
      if (provisional(found.tag))
        throw kioskError("RFID_SERIAL_PENDING", { template: templateId }, { status: 503, transient: true });
      return found.tag;
    };
    if (found.fromCache && !this.online && Date.now() < this.nextDeliveryAt) return offlineCopy();
    try {
      const answer = await this.client.tagToPrint(found.piece.id, templateId, staff.staffSession);
      this.markOnline();
      readTagData(answer.tag);
      this.remember(found.piece, answer.tag, templateId);
      return answer.tag;
    } catch (e) {
      if (e instanceof ApiRefusal && e.httpStatus === 404)
        throw kioskError("PIECE_NOT_FOUND", { code: found.piece.tagCode }, { status: 404 });
      if (e instanceof AppUnreachable) {
        this.markOffline(e);
        return offlineCopy();
      }
      throw e;
    }
  }

  async markTagged(input: string): Promise<ActionResult> {
    const staff = this.requireStaff();
    const { piece } = await this.lookup(input);
    const delivered = await this.record({ kind: "tagged", pieceId: piece.id, tagCode: piece.tagCode }, staff);
    return { ok: true, delivered, piece, message: bilingual("TAGGED", { code: piece.tagCode }) };
  }

  async receive(input: string, locationId: string): Promise<ActionResult> {
    const staff = this.requireStaff();
    if (!locationId) throw kioskError("LOCATION_REQUIRED", {}, { status: 400 });
    const { piece } = await this.lookup(input);
    const location = this.cache.context?.locations.find((l) => l.id === locationId);
    if (this.cache.context && !location)
      throw kioskError("BAD_REQUEST", { detail: `unknown location ${locationId}` }, { status: 400 });
    const locationPath = location?.path ?? locationId;
    const delivered = await this.record(
      { kind: "receive", pieceId: piece.id, tagCode: piece.tagCode, locationId, locationPath },
      staff,
    );
    const cached = this.cache.pieces[piece.tagCode];
    if (cached) cached.piece = { ...cached.piece, state: "active", locationPath };
    return {
      ok: true,
      delivered,
      piece,
      message: bilingual(delivered ? "RECEIVED" : "RECEIVED_OFFLINE", { code: piece.tagCode, location: locationPath }),
    };
  }

  /**
   * Journals the operation (fsync), then tries to deliver it at once. Resolves true when the app
   * has it; false when it is queued (offline). A refusal from the app is thrown as is.
   */
  private async record(op: Omit<OpEntry, "t" | "key" | "at" | "staffSession">, staff: StaffSession): Promise<boolean> {
    const entry: OpEntry = {
      t: "op",
      key: uuid(),
      at: new Date().toISOString(),
      staffSession: staff.staffSession,
      ...op,
    };
    this.journal.append(entry);
    this.changed();
    await this.hooks.at("op-journaled");
    // Offline and backing off: the person is told "kept, sent later" without waiting on the network.
    if (this.online || Date.now() >= this.nextDeliveryAt) await this.deliverPending();
    const state = this.journal.ops.get(entry.key)!;
    if (state.status === "rejected" && state.error) {
      throw new KioskError(
        { code: state.error.code, en: state.error.message, fr: state.error.messageFr },
        { status: 409 },
      );
    }
    return state.status === "done";
  }

  // ---- delivery of operations ----------------------------------------------------------------

  kickDelivery(): void {
    if (Date.now() < this.nextDeliveryAt) return;
    void this.deliverPending();
  }

  /** One delivery pass at a time; a call during a pass waits for (and may trigger) another. */
  deliverPending(): Promise<void> {
    if (this.deliveryRun) {
      this.deliveryAgain = true;
      return this.deliveryRun;
    }
    this.deliveryRun = (async () => {
      do {
        this.deliveryAgain = false;
        await this.deliveryPass();
      } while (this.deliveryAgain && this.nextDeliveryAt <= Date.now());
    })().finally(() => {
      this.deliveryRun = null;
    });
    return this.deliveryRun;
  }

  private async deliveryPass(): Promise<void> {
    for (const op of this.journal.pendingOps()) {
      const e = op.entry;
      try {
        const answer = await this.client.operation(
          {
            key: e.key,
            kind: e.kind,
            pieceId: e.pieceId,
            at: e.at,
            ...(e.locationId ? { locationId: e.locationId } : {}),
            ...(e.templateId ? { templateId: e.templateId } : {}),
            ...(e.reprint !== undefined ? { reprint: e.reprint } : {}),
          },
          e.staffSession,
        );
        await this.hooks.at("op-sent");
        this.journal.append({ t: "op-done", key: e.key, result: answer.result });
        this.markOnline();
      } catch (err) {
        if (err instanceof AppUnreachable) {
          this.markOffline(err);
          return;
        }
        if (err instanceof ApiRefusal && err.httpStatus === 401) {
          // A revoked or unknown device: nothing is lost, pairing again lets it through.
          this.lastAppProblem = err.toBilingual();
          this.backoff();
          return;
        }
        if (err instanceof KioskError) {
          this.journal.append({ t: "op-rejected", key: e.key, status: err.status, error: errorBody(err) });
          continue;
        }
        throw err;
      } finally {
        this.changed();
      }
    }
  }

  private markOnline(): void {
    this.online = true;
    this.lastAppProblem = null;
    this.deliveryBackoffMs = 0;
    this.nextDeliveryAt = 0;
  }

  private markOffline(e: AppUnreachable): void {
    this.online = false;
    this.lastAppProblem = e.toBilingual();
    this.backoff();
  }

  /** 1 s, 2 s, 4 s… up to 30 s, with jitter so many kiosks do not retry in step. */
  private backoff(): void {
    this.deliveryBackoffMs = Math.min(30_000, this.deliveryBackoffMs === 0 ? 1000 : this.deliveryBackoffMs * 2);
    this.nextDeliveryAt = Date.now() + this.deliveryBackoffMs * (0.75 + Math.random() * 0.5);
  }

  // ---- printing ------------------------------------------------------------------------------

  render(tag: unknown, templateId: string): ReturnType<typeof renderTag> {
    return renderTag({
      tag,
      templateId,
      dpi: this.settings.dpi as Dpi,
      calibration: this.settings.calibration,
      language: this.driver.language,
      ...(this.settings.kind === "escpos-tcp" ? { escposType: this.settings.printerType } : {}),
    });
  }

  kickPrinting(): void {
    void this.runPrinting();
  }

  runPrinting(): Promise<void> {
    if (this.printRun) {
      this.printAgain = true;
      return this.printRun;
    }
    this.printRun = (async () => {
      do {
        this.printAgain = false;
        await this.printPass();
        await this.ackPass();
      } while (this.printAgain);
    })().finally(() => {
      this.printRun = null;
    });
    return this.printRun;
  }

  private async printPass(): Promise<void> {
    for (const job of this.journal.jobsToPrint()) {
      const ok = await this.printOne(job);
      this.changed();
      if (!ok) return;
    }
  }

  /** False when the printer cannot take jobs now (the rest waits too, in order). */
  private async printOne(job: JobState): Promise<boolean> {
    const e = job.entry;
    let rendered;
    try {
      rendered = this.render(e.tag, e.templateId);
    } catch (err) {
      if (!(err instanceof KioskError)) throw err;
      this.journal.append({ t: "job-failed", id: e.id, error: errorBody(err) });
      return true;
    }
    const bytes = e.copies > 1 ? Buffer.concat(Array.from({ length: e.copies }, () => rendered.bytes)) : rendered.bytes;
    if (job.status !== "printing") this.journal.append({ t: "job-printing", id: e.id });
    try {
      await this.driver.print({
        bytes,
        name: `${e.tagCode}-${e.id.slice(0, 8)}`,
        ...(rendered.zpl ? { zpl: e.copies > 1 ? bytes.toString("utf8") : rendered.zpl } : {}),
        widthMm: rendered.widthMm,
        heightMm: rendered.heightMm,
        dpi: rendered.dpi,
      });
    } catch (err) {
      if (err instanceof KioskError) {
        this.printerStatus = { state: "offline", message: err.toBilingual() };
        return false;
      }
      throw err;
    }
    await this.hooks.at("job-bytes-sent");
    // The crash window: between the printer taking the bytes (above) and this fsync, a kill
    // would print the tag again on restart. Nothing else runs in between.
    const printedOp: OpEntry[] =
      e.pieceId && e.source !== "calibration"
        ? [
            {
              t: "op",
              key: uuid(),
              kind: "printed" satisfies OperationKind,
              pieceId: e.pieceId,
              tagCode: e.tagCode,
              templateId: e.templateId,
              reprint: e.reprint,
              at: new Date().toISOString(),
              ...(e.staffSession ? { staffSession: e.staffSession } : {}),
            },
          ]
        : [];
    // An app job's own acknowledgement records the print on the app side, so no "printed" op.
    this.journal.append({ t: "job-printed", id: e.id }, ...(e.appJobId ? [] : printedOp));
    this.printerStatus = { state: "ready" };
    await this.hooks.at("job-printed");
    if (!e.appJobId) this.kickDelivery();
    return true;
  }

  private async ackPass(): Promise<void> {
    for (const job of this.journal.jobsToAck()) {
      try {
        await this.client.reportPrintJob(
          job.entry.appJobId!,
          job.status === "printed" ? "printed" : "failed",
          job.error?.message,
          job.entry.staffSession ?? this.staff?.staffSession,
        );
        this.journal.append({ t: "job-acked", id: job.entry.id });
        this.markOnline();
      } catch (err) {
        if (err instanceof AppUnreachable) {
          this.markOffline(err);
          return;
        }
        if (err instanceof ApiRefusal && err.httpStatus !== 401) {
          // The app no longer knows the job (cancelled, another kiosk): nothing left to report.
          this.journal.append({ t: "job-acked", id: job.entry.id });
          continue;
        }
        if (err instanceof KioskError) {
          this.lastAppProblem = err.toBilingual();
          return;
        }
        throw err;
      }
    }
  }

  /** Claims the app's queued jobs for this location; each is journaled before it is printed. */
  async pollPrintJobs(): Promise<void> {
    if (this.pollInFlight || !this.client.deviceToken) return;
    this.pollInFlight = true;
    try {
      const { jobs } = await this.client.printJobs();
      this.markOnline();
      let added = false;
      for (const job of jobs) added = this.acceptAppJob(job) || added;
      if (added) this.changed();
      await this.runPrinting();
    } catch (err) {
      if (err instanceof AppUnreachable) this.markOffline(err);
      else if (err instanceof KioskError) this.lastAppProblem = err.toBilingual();
      else throw err;
    } finally {
      this.pollInFlight = false;
    }
  }

  private acceptAppJob(job: AppPrintJob): boolean {
    // Seen before (a re-claim after our crash): never print it twice.
    if (this.journal.appJobs.has(job.id)) return false;
    let tagCode = "?";
    try {
      tagCode = readTagData(job.tag).tagCode;
    } catch {
      // Journaled anyway: printing will fail it with TAG_DATA_INVALID and report that.
    }
    this.journal.append({
      t: "job",
      id: uuid(),
      source: "queue",
      appJobId: job.id,
      pieceId: job.pieceId,
      tagCode,
      templateId: job.templateId ?? this.templateId,
      copies: Math.min(Math.max(1, job.copies ?? 1), 50),
      reprint: job.reprint === true,
      tag: job.tag,
      at: new Date().toISOString(),
    });
    return true;
  }

  async checkPrinter(): Promise<PrinterStatus> {
    this.printerStatus = await this.driver.status();
    this.changed();
    return this.printerStatus;
  }

  // ---- state for the page ----------------------------------------------------------------------

  summary(): {
    online: boolean;
    paired: boolean;
    appProblem: Bilingual | null;
    staff: { name: string } | null;
    printer: PrinterStatus & { where: string; kind: string };
    pendingOperations: number;
    pendingPrints: number;
    problems: { at: string; tagCode?: string; message: Bilingual }[];
  } {
    const problems: { at: string; tagCode?: string; message: Bilingual }[] = [];
    for (const op of this.journal.ops.values()) {
      if (op.status === "rejected" && op.error)
        problems.push({
          at: op.entry.at,
          ...(op.entry.tagCode ? { tagCode: op.entry.tagCode } : {}),
          message: { code: op.error.code, en: op.error.message, fr: op.error.messageFr },
        });
    }
    for (const job of this.journal.jobs.values()) {
      if (job.status === "failed" && job.error)
        problems.push({
          at: job.entry.at,
          tagCode: job.entry.tagCode,
          message: { code: job.error.code, en: job.error.message, fr: job.error.messageFr },
        });
    }
    problems.sort((a, b) => b.at.localeCompare(a.at));
    return {
      online: this.online,
      paired: Boolean(this.client.deviceToken),
      appProblem: this.lastAppProblem,
      staff: this.staff ? { name: this.staff.name } : null,
      printer: { ...this.printerStatus, where: this.driver.where, kind: this.driver.kind },
      pendingOperations: this.journal.pendingOps().length,
      pendingPrints: this.journal.jobsToPrint().length,
      problems: problems.slice(0, 10),
    };
  }

  // ---- cache ---------------------------------------------------------------------------------

  private cacheFile(): string {
    return path.join(this.dataDir, "cache.json");
  }

  private loadCache(): Cache {
    try {
      const parsed = JSON.parse(fs.readFileSync(this.cacheFile(), "utf8")) as Cache;
      return { ...parsed, pieces: parsed.pieces ?? {} };
    } catch {
      return { pieces: {} };
    }
  }

  /** The cache only speeds up offline intake; losing it loses nothing, so no fsync. */
  saveCache(): void {
    if (!this.cacheDirty) return;
    this.cacheDirty = false;
    const tmp = this.cacheFile() + ".tmp";
    fs.writeFileSync(tmp, JSON.stringify(this.cache), { mode: 0o600 });
    fs.renameSync(tmp, this.cacheFile());
  }
}
