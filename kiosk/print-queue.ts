import crypto from "node:crypto";
import type { Dpi } from "../app/domain/tags";
import { AppUnreachable, ApiRefusal, type AppClient, type AppPrintJob } from "./api";
import type { AppLink } from "./app-link";
import type { KioskHooks } from "./crash-points";
import { errorBody, type JobState, type Journal, type OpEntry, type OperationKind } from "./journal";
import { KioskError } from "./messages";
import type { PrinterDriver, PrinterSettings, PrinterStatus } from "./printers";
import { singleFlight } from "./single-flight";
import { readTagData, renderTag } from "./tag";

export interface PrintQueueParts {
  journal: Journal;
  client: AppClient;
  link: AppLink;
  hooks: KioskHooks;
  driver: PrinterDriver;
  settings: PrinterSettings;
  /** The template of app jobs that name none. */
  templateId: string;
  /** The signed-in person's session, for acknowledging an app job that was journaled without one. */
  staffSession: () => string | undefined;
  /** An intake print journaled its "printed" operation: time to deliver it. */
  printedOperation: () => void;
  /** Tells the page that something it shows has changed. */
  changed: () => void;
}

/**
 * The print queue: intake jobs and the app's jobs, journaled before they are printed, printed in
 * journal order while the printer takes them, and the app's jobs acknowledged once printed or
 * failed. Claims the app's queued jobs for this location when polled.
 */
export class PrintQueue {
  status: PrinterStatus = { state: "ready" };
  private readonly flight = singleFlight(async () => {
    await this.printPass();
    await this.ackPass();
  });
  private pollInFlight = false;

  constructor(private readonly parts: PrintQueueParts) {}

  /** The printing run under way, if any. */
  get current(): Promise<void> | null {
    return this.flight.current;
  }

  render(tag: unknown, templateId: string): ReturnType<typeof renderTag> {
    const { settings, driver } = this.parts;
    return renderTag({
      tag,
      templateId,
      dpi: settings.dpi as Dpi,
      calibration: settings.calibration,
      language: driver.language,
      ...(settings.kind === "escpos-tcp" ? { escposType: settings.printerType } : {}),
    });
  }

  kick(): void {
    void this.run();
  }

  /** One printing run at a time; a call during a run waits for (and triggers) another pass. */
  run(): Promise<void> {
    return this.flight.run();
  }

  private async printPass(): Promise<void> {
    for (const job of this.parts.journal.jobsToPrint()) {
      const ok = await this.printOne(job);
      this.parts.changed();
      if (!ok) return;
    }
  }

  /** False when the printer cannot take jobs now (the rest waits too, in order). */
  private async printOne(job: JobState): Promise<boolean> {
    const { journal, driver, hooks } = this.parts;
    const e = job.entry;
    let rendered;
    try {
      rendered = this.render(e.tag, e.templateId);
    } catch (err) {
      if (!(err instanceof KioskError)) throw err;
      journal.append({ t: "job-failed", id: e.id, error: errorBody(err) });
      return true;
    }
    const bytes = e.copies > 1 ? Buffer.concat(Array.from({ length: e.copies }, () => rendered.bytes)) : rendered.bytes;
    if (job.status !== "printing") journal.append({ t: "job-printing", id: e.id });
    try {
      await driver.print({
        bytes,
        name: `${e.tagCode}-${e.id.slice(0, 8)}`,
        ...(rendered.zpl ? { zpl: e.copies > 1 ? bytes.toString("utf8") : rendered.zpl } : {}),
        widthMm: rendered.widthMm,
        heightMm: rendered.heightMm,
        dpi: rendered.dpi,
      });
    } catch (err) {
      if (err instanceof KioskError) {
        this.status = { state: "offline", message: err.toBilingual() };
        return false;
      }
      throw err;
    }
    await hooks.at("job-bytes-sent");
    // The crash window: between the printer taking the bytes (above) and this fsync, a kill
    // would print the tag again on restart. Nothing else runs in between.
    const printedOp: OpEntry[] =
      e.pieceId && e.source !== "calibration"
        ? [
            {
              t: "op",
              key: crypto.randomUUID(),
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
    journal.append({ t: "job-printed", id: e.id }, ...(e.appJobId ? [] : printedOp));
    this.status = { state: "ready" };
    await hooks.at("job-printed");
    if (!e.appJobId) this.parts.printedOperation();
    return true;
  }

  private async ackPass(): Promise<void> {
    const { journal, client, link } = this.parts;
    for (const job of journal.jobsToAck()) {
      try {
        await client.reportPrintJob(
          job.entry.appJobId!,
          job.status === "printed" ? "printed" : "failed",
          job.error?.message,
          job.entry.staffSession ?? this.parts.staffSession(),
        );
        journal.append({ t: "job-acked", id: job.entry.id });
        link.markOnline();
      } catch (err) {
        if (err instanceof AppUnreachable) {
          link.markOffline(err);
          return;
        }
        if (err instanceof ApiRefusal && err.httpStatus !== 401) {
          // The app no longer knows the job (cancelled, another kiosk): nothing left to report.
          journal.append({ t: "job-acked", id: job.entry.id });
          continue;
        }
        if (err instanceof KioskError) {
          link.problem = err.toBilingual();
          return;
        }
        throw err;
      }
    }
  }

  /** Claims the app's queued jobs for this location; each is journaled before it is printed. */
  async pollAppJobs(): Promise<void> {
    const { client, link } = this.parts;
    if (this.pollInFlight || !client.deviceToken) return;
    this.pollInFlight = true;
    try {
      const { jobs } = await client.printJobs();
      link.markOnline();
      let added = false;
      for (const job of jobs) added = this.acceptAppJob(job) !== null || added;
      if (added) this.parts.changed();
      await this.run();
    } catch (err) {
      if (err instanceof AppUnreachable) link.markOffline(err);
      else if (err instanceof KioskError) link.problem = err.toBilingual();
      else throw err;
    } finally {
      this.pollInFlight = false;
    }
  }

  /**
   * Journals an app job for printing: its local id, or null when it was journaled before (a
   * re-claim after our crash: never printed twice). `staffSession`: the person who asked for it here.
   */
  acceptAppJob(job: AppPrintJob, staffSession?: string): string | null {
    const { journal } = this.parts;
    if (journal.appJobs.has(job.id)) return null;
    let tagCode = "?";
    try {
      tagCode = readTagData(job.tag).tagCode;
    } catch {
      // Journaled anyway: printing will fail it with TAG_DATA_INVALID and report that.
    }
    const id = crypto.randomUUID();
    journal.append({
      t: "job",
      id,
      source: "queue",
      appJobId: job.id,
      ...(job.pieceId ? { pieceId: job.pieceId } : {}),
      tagCode,
      templateId: job.templateId ?? this.parts.templateId,
      copies: Math.min(Math.max(1, job.copies ?? 1), 50),
      reprint: job.reprint === true,
      tag: job.tag,
      at: new Date().toISOString(),
      ...(staffSession ? { staffSession } : {}),
    });
    return id;
  }

  async checkPrinter(): Promise<PrinterStatus> {
    this.status = await this.parts.driver.status();
    this.parts.changed();
    return this.status;
  }
}
