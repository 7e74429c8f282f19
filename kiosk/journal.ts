import fs from "node:fs";
import path from "node:path";
import type { KioskError } from "./messages";

/**
 * The kiosk's durable memory: an append-only file of JSON lines, each write fsync'd before the
 * caller goes on. Every operation and print job is written here BEFORE it is sent or printed,
 * and its outcome is written as soon as it is known, so after a crash (kill -9, power cut) the
 * kiosk knows exactly what is left to do:
 * - an operation without "op-done" is sent again with the same key (the app's KioskOperation
 *   table answers a repeated key with the first result, so the send is harmless);
 * - a print job with "job-printed" is never printed again; if it came from the app's queue and
 *   has no "job-acked", it is only acknowledged.
 *
 * Only the last line can be torn (every earlier line was fsync'd before the next was written),
 * so a last line that does not parse is cut off at open.
 */

export type OperationKind = "tagged" | "receive" | "printed";

export interface ApiErrorBody {
  code: string;
  message: string;
  messageFr: string;
}

/** A refusal as the journal keeps it (an operation the app refused, a job that cannot print). */
export function errorBody(e: KioskError): ApiErrorBody {
  return { code: e.code, message: e.message, messageFr: e.fr };
}

export interface OpEntry {
  t: "op";
  key: string;
  kind: OperationKind;
  pieceId: string;
  tagCode?: string;
  locationId?: string;
  locationPath?: string;
  templateId?: string;
  reprint?: boolean;
  at: string;
  /** The signed-in staff member's session at the time of the act: the app records who. */
  staffSession?: string;
}

export type JobSource = "queue" | "intake" | "cli" | "calibration";

export interface JobEntry {
  t: "job";
  id: string;
  source: JobSource;
  /** The app's print job id, for jobs claimed from GET /api/kiosk/print-jobs. */
  appJobId?: string;
  pieceId?: string;
  tagCode: string;
  templateId: string;
  copies: number;
  reprint: boolean;
  /** TagData as the app sent it (JSON). */
  tag: unknown;
  at: string;
  staffSession?: string;
}

export type JournalEntry =
  | OpEntry
  | { t: "op-done"; key: string; result?: unknown }
  | { t: "op-rejected"; key: string; status: number; error: ApiErrorBody }
  | JobEntry
  | { t: "job-printing"; id: string }
  | { t: "job-printed"; id: string }
  | { t: "job-failed"; id: string; error: ApiErrorBody }
  | { t: "job-acked"; id: string }
  /** Written by compaction: an app job id already handled, so a late re-claim is not reprinted. */
  | { t: "app-job-seen"; appJobId: string };

export interface OpState {
  entry: OpEntry;
  status: "pending" | "done" | "rejected";
  result?: unknown;
  error?: ApiErrorBody;
}

export interface JobState {
  entry: JobEntry;
  /** "printing": bytes may have reached the printer, but the kiosk died before it knew. */
  status: "queued" | "printing" | "printed" | "failed";
  acked: boolean;
  error?: ApiErrorBody;
}

export class JournalError extends Error {}

export class Journal {
  readonly file: string;
  private fd: number;
  readonly ops = new Map<string, OpState>();
  readonly jobs = new Map<string, JobState>();
  /** app job id → local job id ("" when only known from compaction). */
  readonly appJobs = new Map<string, string>();
  private lineCount = 0;

  private constructor(file: string, fd: number) {
    this.file = file;
    this.fd = fd;
  }

  static open(dir: string, options: { compact?: boolean } = {}): Journal {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const file = path.join(dir, "journal.jsonl");
    const existed = fs.existsSync(file);
    if (existed) repairTornTail(file);
    const journal = new Journal(file, fs.openSync(file, "a", 0o600));
    if (!existed) fsyncDir(dir);
    if (existed) {
      const text = fs.readFileSync(file, "utf8");
      for (const line of text.split("\n")) {
        if (line === "") continue;
        journal.apply(JSON.parse(line) as JournalEntry);
        journal.lineCount++;
      }
    }
    if (options.compact !== false && journal.lineCount > 2_000) journal.compact();
    return journal;
  }

  /** Counts for `kiosk status`, read without taking the lock (a running kiosk may hold it). */
  static peek(dir: string): { pendingOps: number; jobsToPrint: number; jobsToAck: number } {
    const file = path.join(dir, "journal.jsonl");
    const j = new Journal(file, -1);
    if (fs.existsSync(file)) {
      for (const line of fs.readFileSync(file, "utf8").split("\n")) {
        if (line === "") continue;
        try {
          j.apply(JSON.parse(line) as JournalEntry);
        } catch {
          // a torn last line: the running kiosk repairs it at its next start
        }
      }
    }
    return { pendingOps: j.pendingOps().length, jobsToPrint: j.jobsToPrint().length, jobsToAck: j.jobsToAck().length };
  }

  /** Writes the entries as one write and one fsync: either all of them survive a crash or none. */
  append(...entries: JournalEntry[]): void {
    const text = entries.map((e) => JSON.stringify(e) + "\n").join("");
    fs.writeSync(this.fd, text);
    fs.fsyncSync(this.fd);
    for (const e of entries) this.apply(e);
    this.lineCount += entries.length;
  }

  close(): void {
    fs.closeSync(this.fd);
  }

  pendingOps(): OpState[] {
    return [...this.ops.values()].filter((o) => o.status === "pending");
  }

  /** Jobs still to print, oldest first; "printing" ones are included (see the README's window). */
  jobsToPrint(): JobState[] {
    return [...this.jobs.values()].filter((j) => j.status === "queued" || j.status === "printing");
  }

  /** App jobs whose outcome the app has not been told yet. */
  jobsToAck(): JobState[] {
    return [...this.jobs.values()].filter(
      (j) => j.entry.appJobId !== undefined && !j.acked && (j.status === "printed" || j.status === "failed"),
    );
  }

  private apply(e: JournalEntry): void {
    switch (e.t) {
      case "op":
        if (!this.ops.has(e.key)) this.ops.set(e.key, { entry: e, status: "pending" });
        break;
      case "op-done": {
        const op = this.ops.get(e.key);
        // Settled: keep what the page shows, drop the rest (a kiosk runs for months).
        if (op) {
          Object.assign(op, { status: "done", result: e.result });
          delete op.entry.staffSession;
        }
        break;
      }
      case "op-rejected": {
        const op = this.ops.get(e.key);
        if (op) Object.assign(op, { status: "rejected", error: e.error });
        break;
      }
      case "job":
        if (!this.jobs.has(e.id)) this.jobs.set(e.id, { entry: e, status: "queued", acked: false });
        if (e.appJobId !== undefined) this.appJobs.set(e.appJobId, e.id);
        break;
      case "job-printing":
        this.setJob(e.id, (j) => {
          if (j.status === "queued") j.status = "printing";
        });
        break;
      case "job-printed":
        this.setJob(e.id, (j) => {
          j.status = "printed";
          if (j.entry.appJobId === undefined) j.entry.tag = null;
        });
        break;
      case "job-failed":
        this.setJob(e.id, (j) => {
          j.status = "failed";
          j.error = e.error;
        });
        break;
      case "job-acked":
        this.setJob(e.id, (j) => {
          j.acked = true;
          j.entry.tag = null;
        });
        break;
      case "app-job-seen":
        if (!this.appJobs.has(e.appJobId)) this.appJobs.set(e.appJobId, "");
        break;
    }
  }

  private setJob(id: string, change: (j: JobState) => void): void {
    const job = this.jobs.get(id);
    if (job) change(job);
  }

  /**
   * Rewrites the journal with only what is unfinished (plus the ids of handled app jobs), into a
   * temporary file that is fsync'd and renamed over the old one: a crash leaves one or the other.
   */
  compact(): void {
    const keep: JournalEntry[] = [];
    for (const [appJobId, localId] of this.appJobs) {
      const j = localId === "" ? undefined : this.jobs.get(localId);
      if (!j || (j.acked && (j.status === "printed" || j.status === "failed")))
        keep.push({ t: "app-job-seen", appJobId });
    }
    for (const op of this.ops.values()) {
      if (op.status === "pending") keep.push(op.entry);
    }
    for (const j of this.jobs.values()) {
      const settled = j.status === "failed" || (j.status === "printed" && (j.entry.appJobId === undefined || j.acked));
      if (settled) continue;
      keep.push(j.entry);
      if (j.status === "printing") keep.push({ t: "job-printing", id: j.entry.id });
      if (j.status === "printed") keep.push({ t: "job-printed", id: j.entry.id });
    }
    const tmp = this.file + ".tmp";
    const fd = fs.openSync(tmp, "w", 0o600);
    fs.writeSync(fd, keep.map((e) => JSON.stringify(e) + "\n").join(""));
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.closeSync(this.fd);
    fs.renameSync(tmp, this.file);
    fsyncDir(path.dirname(this.file));
    this.fd = fs.openSync(this.file, "a", 0o600);
    this.ops.clear();
    this.jobs.clear();
    this.appJobs.clear();
    this.lineCount = 0;
    for (const e of keep) {
      this.apply(e);
      this.lineCount++;
    }
  }
}

/** Cuts a last line that a crash left half-written (no newline, or not JSON). */
function repairTornTail(file: string): void {
  const buf = fs.readFileSync(file);
  if (buf.length === 0) return;
  let end = buf.length;
  if (buf[end - 1] !== 0x0a) {
    end = buf.lastIndexOf(0x0a) + 1;
  } else {
    const prev = buf.lastIndexOf(0x0a, end - 2) + 1;
    try {
      JSON.parse(buf.subarray(prev, end - 1).toString("utf8"));
    } catch {
      end = prev;
    }
  }
  // Every line before the last was fsync'd before the next write: a bad one is real damage.
  const lines = buf.subarray(0, end).toString("utf8").split("\n");
  lines.forEach((line, i) => {
    if (line === "") return;
    try {
      JSON.parse(line);
    } catch {
      throw new JournalError(`The kiosk journal ${file} is damaged at line ${i + 1}; keep a copy and ask for support.`);
    }
  });
  if (end !== buf.length) {
    fs.truncateSync(file, end);
    const fd = fs.openSync(file, "r+");
    fs.fsyncSync(fd);
    fs.closeSync(fd);
  }
}

function fsyncDir(dir: string): void {
  const fd = fs.openSync(dir, "r");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** One kiosk process per data directory: two would append to the same journal. */
export function acquireLock(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, "kiosk.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(file, "wx", 0o600);
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      return () => {
        try {
          if (fs.readFileSync(file, "utf8") === String(process.pid)) fs.unlinkSync(file);
        } catch {
          // already gone
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const pid = Number(fs.readFileSync(file, "utf8"));
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && processAlive(pid)) {
        throw new JournalError(
          `Another kiosk process (pid ${pid}) is using ${dir}. Stop it first, or use another --data-dir.`,
        );
      }
      // The previous holder died (kill -9): its lock is stale.
      fs.unlinkSync(file);
    }
  }
  throw new JournalError(`Could not lock ${dir}.`);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
