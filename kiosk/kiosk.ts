import crypto from "node:crypto";
import { isPinShaped } from "../app/domain/kiosk/pin";
import { findTemplate } from "../app/domain/tags";
import { AppClient, AppUnreachable, type KioskContext, type PieceSummary, type StaffSession } from "./api";
import { AppLink } from "./app-link";
import { NO_HOOKS, type KioskHooks } from "./crash-points";
import { OperationDelivery } from "./delivery";
import { Journal, acquireLock, type JobEntry, type JobSource } from "./journal";
import { LookupCache } from "./lookup-cache";
import { PieceLookups, type FoundPiece } from "./lookups";
import { bilingual, KioskError, kioskError, type Bilingual } from "./messages";
import { PrintQueue } from "./print-queue";
import { createDriver, type PrinterDriver, type PrinterSettings, type PrinterStatus } from "./printers";
import { readTagData, type renderTag } from "./tag";
import { readLocationCode } from "../app/domain/locations/code";
import { kioskIdleMs } from "../app/domain/kiosk/idle";

/** Where the next pieces received go when none is chosen: set by scanning a location label. */
export type CurrentLocation = { id: string; path: string; code: string };

export type { CrashPoint, KioskHooks } from "./crash-points";

/**
 * One person signed in on one browser of this device (the page's session cookie names it): a
 * fresh browser, or another tablet on the same kiosk, starts signed out. It ends at sign-out, when
 * the app's staff session expires, or after the shop's idle time without an action.
 */
interface BrowserSession {
  staff: StaffSession;
  idleMs: number;
  lastActiveAt: number;
  currentLocation: CurrentLocation | null;
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
  /** The clock idle sign-out reads (tests move it instead of waiting minutes). */
  now?: () => number;
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

/**
 * The kiosk's engine: intake actions from the page or the CLI, over its parts — lookups with their
 * offline cache (lookups.ts, lookup-cache.ts), delivery of journaled operations (delivery.ts) and
 * the print queue (print-queue.ts) — and the timers that keep them going. Everything that changes
 * the world is written to the journal first.
 */
export class Kiosk {
  readonly journal: Journal;
  readonly client: AppClient;
  readonly driver: PrinterDriver;
  readonly settings: PrinterSettings;
  readonly templateId: string;
  private readonly hooks: KioskHooks;
  private readonly pollIntervalMs: number;
  private readonly releaseLock: () => void;
  private readonly link = new AppLink();
  private readonly cache: LookupCache;
  private readonly lookups: PieceLookups;
  private readonly delivery: OperationDelivery;
  private readonly printQueue: PrintQueue;
  private readonly sessions = new Map<string, BrowserSession>();
  private readonly now: () => number;
  private timers: NodeJS.Timeout[] = [];
  private running = false;
  private listeners = new Set<() => void>();

  constructor(options: KioskOptions) {
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
    this.now = options.now ?? Date.now;
    this.cache = new LookupCache(options.dataDir, this.templateId);
    const shared = { journal: this.journal, client: this.client, link: this.link };
    const changed = () => this.changed();
    this.lookups = new PieceLookups({ ...shared, cache: this.cache, templateId: this.templateId });
    this.delivery = new OperationDelivery({ ...shared, hooks: this.hooks, changed });
    this.printQueue = new PrintQueue({
      ...shared,
      hooks: this.hooks,
      changed,
      driver: this.driver,
      settings: this.settings,
      templateId: this.templateId,
      staffSession: () => this.latestStaff()?.staffSession,
      printedOperation: () => this.kickDelivery(),
    });
  }

  get online(): boolean {
    return this.link.online;
  }

  get lastAppProblem(): Bilingual | null {
    return this.link.problem;
  }

  get printerStatus(): PrinterStatus {
    return this.printQueue.status;
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
        this.endIdleSessions();
      }, 1000),
    );
    this.timers.push(setInterval(() => void this.refreshContext(), 60_000));
    this.timers.push(setInterval(() => this.saveCache(), 5_000));
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await Promise.allSettled([this.delivery.current, this.printQueue.current].filter(Boolean));
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

  /** `session`: the new browser session's id, for the page's cookie (never shown). */
  async signIn(pin: string): Promise<ActionResult & { session: string }> {
    if (!isPinShaped(pin)) throw kioskError("PIN_FORMAT", {}, { status: 400 });
    const staff = await this.client.signIn(pin);
    this.link.markOnline();
    const session = crypto.randomBytes(32).toString("base64url");
    this.sessions.set(session, {
      staff,
      idleMs: kioskIdleMs(staff.idleSignOutMinutes),
      lastActiveAt: this.now(),
      currentLocation: null,
    });
    return {
      ok: true,
      session,
      message: { code: "SIGNED_IN", en: `Hello ${staff.name}.`, fr: `Bonjour ${staff.name}.` },
    };
  }

  signOut(session: string | undefined): void {
    if (session) this.sessions.delete(session);
  }

  /** The live browser session with this id; an expired or idle one ends here. Does not count as activity. */
  private live(session: string | undefined): BrowserSession | null {
    const s = session ? this.sessions.get(session) : undefined;
    if (!s) return null;
    const now = this.now();
    if (Date.parse(s.staff.expiresAt) <= now || now - s.lastActiveAt >= s.idleMs) {
      this.sessions.delete(session!);
      return null;
    }
    return s;
  }

  /** The person's action (or touch on the page): the idle time starts again. */
  touch(session: string | undefined): boolean {
    const s = this.live(session);
    if (s) s.lastActiveAt = this.now();
    return s !== null;
  }

  /** The staff session of this browser, for the work it asks for (which counts as activity). */
  staffOf(session: string | undefined): StaffSession | null {
    const s = this.live(session);
    if (s) s.lastActiveAt = this.now();
    return s?.staff ?? null;
  }

  private requireSession(session: string | undefined): BrowserSession {
    const s = this.live(session);
    if (!s) throw kioskError("SIGN_IN_REQUIRED", {}, { status: 403 });
    s.lastActiveAt = this.now();
    return s;
  }

  /** For the page's reads that show a piece (its price among them): a signed-in person only. */
  requireSignedIn(session: string | undefined): void {
    this.requireSession(session);
  }

  private requireStaff(session: string | undefined): StaffSession {
    return this.requireSession(session).staff;
  }

  /** Sessions left idle end even when no page asks (a closed tab), so nothing runs in their name. */
  endIdleSessions(): void {
    for (const id of [...this.sessions.keys()]) this.live(id);
  }

  /** Whose session acknowledges the app's print jobs: the person who acted last on this device. */
  private latestStaff(): StaffSession | null {
    let latest: BrowserSession | null = null;
    for (const id of [...this.sessions.keys()]) {
      const s = this.live(id);
      if (s && (!latest || s.lastActiveAt > latest.lastActiveAt)) latest = s;
    }
    return latest?.staff ?? null;
  }

  // ---- looking pieces up ---------------------------------------------------------------------

  /** Local check first (a mistyped code never reaches the app), then the app, then the cache. */
  async lookup(input: string, templateId: string = this.templateId): Promise<FoundPiece> {
    const found = await this.lookups.lookup(input, templateId);
    return { ...found, piece: this.withLocalPrints(found.piece) };
  }

  /** A tag printed here counts as printed before the app hears of it (offline, or delivery pending). */
  private withLocalPrints(piece: PieceSummary): PieceSummary {
    if (!piece.card || piece.card.tagPrinted) return piece;
    for (const job of this.journal.jobs.values())
      if (job.entry.tagCode === piece.tagCode && job.status === "printed")
        return { ...piece, card: { ...piece.card, tagPrinted: true } };
    return piece;
  }

  receivingList(): Promise<{ pieces: PieceSummary[]; fromCache: boolean }> {
    return this.lookups.receivingList();
  }

  context(): KioskContext | undefined {
    return this.cache.context;
  }

  refreshContext(): Promise<void> {
    return this.lookups.refreshContext();
  }

  // ---- intake actions ------------------------------------------------------------------------

  /** Prints a piece's tag here (an explicit reprint when `reprint`), then records "printed". */
  async printPiece(
    session: string | undefined,
    input: string,
    options: { reprint?: boolean; templateId?: string; source?: JobSource } = {},
  ): Promise<ActionResult> {
    const staff = this.requireStaff(session);
    const templateId = options.templateId ?? this.templateId;
    const found = await this.lookup(input, templateId);
    const piece = found.piece;
    const tag = findTemplate(templateId)?.rfidCapable
      ? await this.lookups.tagToPrint(found, templateId, staff)
      : found.tag;
    // Refusals (price too long, missing glyphs, a provisional EPC) are found before anything is queued.
    this.printQueue.render(tag, templateId);
    const job: JobEntry = {
      t: "job",
      id: crypto.randomUUID(),
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
    await this.printQueue.run();
    const state = this.journal.jobs.get(job.id)!;
    const rfid = readTagData(tag).content.rfid;
    if (state.status === "printed")
      return {
        ok: true,
        printed: true,
        piece: piece.card ? { ...piece, card: { ...piece.card, tagPrinted: true } } : piece,
        ...(rfid ? { rfid } : {}),
        message: bilingual("PRINTED", { code: piece.tagCode }),
      };
    if (state.status === "failed" && state.error)
      throw new KioskError(
        { code: state.error.code, en: state.error.message, fr: state.error.messageFr },
        { status: 422 },
      );
    // Printer offline: the job waits in the journal; say why.
    const why = this.printQueue.status.message;
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
   * "Print label" on the screen: the app makes the label of a place of this kiosk's site (the
   * tree's template, audited, refused without the person's print permission) as a job given to this
   * kiosk, which journals and prints it like the jobs it polls, then reports it. Needs the app.
   */
  async printLocationLabel(
    session: string | undefined,
    locationId: string,
  ): Promise<ActionResult & { code: string; path: string }> {
    const staff = this.requireStaff(session);
    let answer: Awaited<ReturnType<AppClient["locationLabel"]>>;
    try {
      answer = await this.client.locationLabel(locationId, staff.staffSession);
    } catch (err) {
      if (err instanceof AppUnreachable) this.link.markOffline(err);
      throw err;
    }
    this.link.markOnline();
    const vars = { location: answer.path, code: answer.code };
    const id = this.printQueue.acceptAppJob(answer.job, staff.staffSession);
    this.changed();
    await this.printQueue.run();
    const state = id ? this.journal.jobs.get(id) : undefined;
    if (state?.status === "failed" && state.error)
      throw new KioskError(
        { code: state.error.code, en: state.error.message, fr: state.error.messageFr },
        { status: 422 },
      );
    const printed = state?.status === "printed";
    return {
      ok: true,
      printed,
      code: answer.code,
      path: answer.path,
      message: bilingual(printed ? "LABEL_PRINTED" : "LABEL_QUEUED", vars),
    };
  }

  async markTagged(session: string | undefined, input: string): Promise<ActionResult> {
    const staff = this.requireStaff(session);
    const { piece } = await this.lookup(input);
    const delivered = await this.delivery.record({ kind: "tagged", pieceId: piece.id, tagCode: piece.tagCode }, staff);
    return { ok: true, delivered, piece, message: bilingual("TAGGED", { code: piece.tagCode }) };
  }

  /**
   * A scanned or typed location label: sets where the next pieces received go (when none is chosen
   * on the page). Null when the code is not a location's, for the piece lookup to take. Read from
   * the context, so it works offline.
   */
  scanLocation(session: string | undefined, input: string): (ActionResult & { location: CurrentLocation }) | null {
    const reading = readLocationCode(input);
    if (reading.kind === "not-a-location") return null;
    const browser = this.requireSession(session);
    const shown = input.trim().toUpperCase();
    if (reading.kind === "invalid-location")
      throw kioskError("LOCATION_CODE_INVALID", { code: shown }, { status: 400 });
    const context = this.cache.context;
    const place = context?.locations.find((l) => l.code === reading.code);
    if (!place) {
      if (context?.archivedLocationCodes?.includes(reading.code))
        throw kioskError("LOCATION_ARCHIVED", { code: reading.code }, { status: 409 });
      throw kioskError("LOCATION_CODE_UNKNOWN", { code: reading.code }, { status: 404 });
    }
    browser.currentLocation = { id: place.id, path: place.path, code: reading.code };
    return {
      ok: true,
      location: browser.currentLocation,
      message: bilingual("LOCATION_SET", { location: place.path }),
    };
  }

  async receive(session: string | undefined, input: string, chosenLocationId?: string): Promise<ActionResult> {
    const browser = this.requireSession(session);
    const staff = browser.staff;
    // None chosen on the page: the last location label scanned on this browser.
    const locationId = chosenLocationId || browser.currentLocation?.id;
    if (!locationId) throw kioskError("LOCATION_REQUIRED", {}, { status: 400 });
    const { piece } = await this.lookup(input);
    const location = this.cache.context?.locations.find((l) => l.id === locationId);
    if (this.cache.context && !location)
      throw kioskError("BAD_REQUEST", { detail: `unknown location ${locationId}` }, { status: 400 });
    const locationPath = location?.path ?? locationId;
    const delivered = await this.delivery.record(
      { kind: "receive", pieceId: piece.id, tagCode: piece.tagCode, locationId, locationPath },
      staff,
    );
    this.cache.markReceived(piece.tagCode, locationPath);
    return {
      ok: true,
      delivered,
      // The card shows where the piece now is, delivered or still queued here.
      piece: { ...piece, state: "active", locationPath },
      message: bilingual(delivered ? "RECEIVED" : "RECEIVED_OFFLINE", { code: piece.tagCode, location: locationPath }),
    };
  }

  // ---- delivery of operations ----------------------------------------------------------------

  kickDelivery(): void {
    this.delivery.kick();
  }

  /** One delivery pass at a time; a call during a pass waits for (and may trigger) another. */
  deliverPending(): Promise<void> {
    return this.delivery.deliverPending();
  }

  // ---- printing ------------------------------------------------------------------------------

  render(tag: unknown, templateId: string): ReturnType<typeof renderTag> {
    return this.printQueue.render(tag, templateId);
  }

  kickPrinting(): void {
    this.printQueue.kick();
  }

  runPrinting(): Promise<void> {
    return this.printQueue.run();
  }

  /** Claims the app's queued jobs for this location; each is journaled before it is printed. */
  pollPrintJobs(): Promise<void> {
    return this.printQueue.pollAppJobs();
  }

  checkPrinter(): Promise<PrinterStatus> {
    return this.printQueue.checkPrinter();
  }

  // ---- state for the page ----------------------------------------------------------------------

  /** The state of the kiosk as one browser sees it: its own signed-in person and scanned location. */
  summary(session?: string): {
    online: boolean;
    paired: boolean;
    appProblem: Bilingual | null;
    /** `permissions` as the app gave them at sign-in (absent from older apps: nothing hidden). */
    staff: { name: string; permissions?: string[] } | null;
    printer: PrinterStatus & { where: string; kind: string };
    pendingOperations: number;
    pendingPrints: number;
    problems: { at: string; tagCode?: string; message: Bilingual }[];
    currentLocation: CurrentLocation | null;
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
    const browser = this.live(session);
    const staff = browser?.staff;
    return {
      online: this.link.online,
      paired: Boolean(this.client.deviceToken),
      appProblem: this.link.problem,
      staff: staff
        ? {
            name: staff.name,
            ...(Array.isArray(staff.permissions) ? { permissions: staff.permissions } : {}),
          }
        : null,
      printer: { ...this.printQueue.status, where: this.driver.where, kind: this.driver.kind },
      pendingOperations: this.journal.pendingOps().length,
      pendingPrints: this.journal.jobsToPrint().length,
      problems: problems.slice(0, 10),
      currentLocation: browser?.currentLocation ?? null,
    };
  }

  // ---- cache ---------------------------------------------------------------------------------

  /** The cache only speeds up offline intake; losing it loses nothing, so no fsync. */
  saveCache(): void {
    this.cache.save();
  }
}
