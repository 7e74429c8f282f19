import { spawn } from "node:child_process";
import type { z } from "zod";
import { bilingual, kioskError } from "../messages";
import type { cupsSettings } from "./settings";
import type { PrintPayload, PrinterDriver, PrinterStatus } from "./types";

type Settings = z.infer<typeof cupsSettings>;

/** The arguments given to lp: raw, so CUPS passes the ZPL through untouched. */
export function lpArguments(queue: string, title: string): string[] {
  return ["-d", queue, "-o", "raw", "-t", title];
}

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  spawnError?: NodeJS.ErrnoException;
}

function run(command: string, args: string[], input: Buffer | null, timeoutMs: number): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.stdin.on("error", () => undefined);
    child.once("error", (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ code: null, stdout, stderr, timedOut, spawnError: e });
    });
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
    child.stdin.end(input ?? undefined);
  });
}

/**
 * A CUPS raw queue (`lpadmin -p Z -E -v socket://printer:9100 -m raw`). lp returning 0 means
 * CUPS has spooled the job; CUPS then owns delivery (and its own retries).
 */
export class CupsDriver implements PrinterDriver {
  readonly kind = "cups";
  readonly language = "zpl" as const;
  readonly where: string;

  constructor(private readonly settings: Settings) {
    this.where = `CUPS queue ${settings.queue}`;
  }

  async status(): Promise<PrinterStatus> {
    const lpstat = this.settings.lpCommand.replace(/lp$/, "lpstat");
    const r = await run(lpstat, ["-p", this.settings.queue], null, this.settings.timeoutMs);
    if (r.spawnError || r.timedOut || r.code !== 0) {
      const detail = r.spawnError
        ? `${lpstat} not found`
        : r.timedOut
          ? "lpstat did not answer"
          : r.stderr.trim() || `lpstat exit ${r.code}`;
      return { state: "offline", message: bilingual("CUPS_FAILED", { queue: this.settings.queue, detail }) };
    }
    if (/disabled/i.test(r.stdout)) {
      return {
        state: "paused",
        message: bilingual("CUPS_FAILED", { queue: this.settings.queue, detail: r.stdout.trim() }),
      };
    }
    // CUPS keeps an unreachable printer's queue "enabled" and retries quietly; its only sign is
    // this reason line. Saying "ready" then would leave tags waiting unseen.
    if (/may not exist or is unavailable|not responding|unable to connect/i.test(r.stdout)) {
      return {
        state: "offline",
        message: bilingual("CUPS_FAILED", { queue: this.settings.queue, detail: r.stdout.trim() }),
      };
    }
    // A queue that refuses jobs still shows "idle, enabled" under -p: ask -a too.
    const accepting = await run(lpstat, ["-a", this.settings.queue], null, this.settings.timeoutMs);
    if (accepting.code === 0 && /not accepting/i.test(accepting.stdout)) {
      return {
        state: "error",
        message: bilingual("CUPS_FAILED", { queue: this.settings.queue, detail: accepting.stdout.trim() }),
      };
    }
    return { state: "ready" };
  }

  async print(job: PrintPayload): Promise<void> {
    const r = await run(
      this.settings.lpCommand,
      lpArguments(this.settings.queue, job.name),
      job.bytes,
      this.settings.timeoutMs,
    );
    if (r.spawnError) {
      throw kioskError(
        "CUPS_FAILED",
        {
          queue: this.settings.queue,
          detail: `${this.settings.lpCommand} could not be started (${r.spawnError.code}); install cups-client`,
        },
        { status: 503, transient: true },
      );
    }
    if (r.timedOut)
      throw kioskError(
        "CUPS_FAILED",
        { queue: this.settings.queue, detail: "lp did not finish in time" },
        { status: 503, transient: true },
      );
    if (r.code !== 0) {
      throw kioskError(
        "CUPS_FAILED",
        { queue: this.settings.queue, detail: r.stderr.trim() || `lp exit ${r.code}` },
        { status: 503, transient: true },
      );
    }
  }
}
