import net from "node:net";
import { bilingual, kioskError, KioskError } from "../messages";
import type { PrintPayload, PrinterStatus } from "./types";

function seconds(ms: number): string {
  return (ms / 1000).toLocaleString("en-US", { maximumFractionDigits: 1 });
}

/** A connected socket, or a clear message within `timeoutMs` (a dead host never answers SYN). */
export function connect(host: string, port: number, timeoutMs: number): Promise<net.Socket> {
  const where = `${host}:${port}`;
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        kioskError("PRINTER_CONNECT_TIMEOUT", { where, seconds: seconds(timeoutMs) }, { status: 503, transient: true }),
      );
    }, timeoutMs);
    socket.once("connect", () => {
      clearTimeout(timer);
      socket.removeAllListeners("error");
      // An error after connecting is reported by whoever uses the socket next.
      socket.on("error", () => undefined);
      resolve(socket);
    });
    socket.once("error", (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      socket.destroy();
      if (e.code === "ECONNREFUSED") {
        reject(kioskError("PRINTER_REFUSED", { where }, { status: 503, transient: true }));
      } else {
        reject(
          kioskError(
            "PRINTER_WRITE_FAILED",
            { detail: `${where}: ${e.code ?? e.message}` },
            { status: 503, transient: true },
          ),
        );
      }
    });
  });
}

/**
 * Sends `query` and collects the answer until `complete(answer)` or the timeout. Resolves with
 * what arrived (possibly nothing) and whether it completed; the caller decides what that means.
 */
export function ask(
  socket: net.Socket,
  query: Buffer | string,
  complete: (answer: Buffer) => boolean,
  timeoutMs: number,
): Promise<{ answer: Buffer; complete: boolean; closed: boolean }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (completeNow: boolean, closed: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.off("data", onData);
      socket.off("close", onClose);
      resolve({ answer: Buffer.concat(chunks), complete: completeNow, closed });
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      if (complete(Buffer.concat(chunks))) finish(true, false);
    };
    const onClose = () => finish(false, true);
    const timer = setTimeout(() => finish(false, false), timeoutMs);
    socket.on("data", onData);
    socket.once("close", onClose);
    socket.write(query);
  });
}

/**
 * Writes every byte and half-closes; resolves when the OS has taken them all (the printer then
 * reads them from its buffer). A printer that stops reading makes the write hang: the timeout
 * turns that into a message.
 */
export function sendAll(socket: net.Socket, bytes: Buffer, where: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        kioskError(
          "PRINTER_WRITE_FAILED",
          { detail: `${where} stopped reading within ${seconds(timeoutMs)} s` },
          { status: 503, transient: true },
        ),
      );
    }, timeoutMs);
    socket.once("error", (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        kioskError(
          "PRINTER_WRITE_FAILED",
          { detail: `${where}: ${e.code ?? e.message}` },
          { status: 503, transient: true },
        ),
      );
    });
    socket.end(bytes, () => {
      clearTimeout(timer);
      socket.destroySoon();
      resolve();
    });
  });
}

export { seconds };

type Endpoint = { host: string; port: number; connectTimeoutMs: number };

/**
 * A printer on raw TCP (Zebra port 9100, ESC/POS): one connection per question or job, the
 * printer's own status read on that connection before a job, and an unreachable printer reported
 * as offline instead of thrown. Subclasses say how to read the status.
 */
export abstract class RawTcpPrinter {
  readonly where: string;

  constructor(protected readonly endpoint: Endpoint) {
    this.where = `${endpoint.host}:${endpoint.port}`;
  }

  /** The printer's state as read on an open connection; `purpose` lets a driver skip it for jobs. */
  protected abstract statusOn(socket: net.Socket, purpose: "status" | "print"): Promise<PrinterStatus>;
  protected abstract readonly sendTimeoutMs: number;

  async status(): Promise<PrinterStatus> {
    let socket: net.Socket;
    try {
      socket = await connect(this.endpoint.host, this.endpoint.port, this.endpoint.connectTimeoutMs);
    } catch (e) {
      return offline(e);
    }
    try {
      return await this.statusOn(socket, "status");
    } finally {
      socket.destroy();
    }
  }

  async print(job: PrintPayload): Promise<void> {
    const socket = await connect(this.endpoint.host, this.endpoint.port, this.endpoint.connectTimeoutMs);
    try {
      const status = await this.statusOn(socket, "print");
      if (status.state !== "ready")
        throw new KioskError(status.message ?? bilingual("PRINTER_PAUSED"), { status: 503, transient: true });
      await sendAll(socket, job.bytes, this.where, this.sendTimeoutMs);
    } finally {
      socket.destroy();
    }
  }
}

export function offline(e: unknown): PrinterStatus {
  if (e instanceof KioskError) return { state: "offline", message: { code: e.code, en: e.message, fr: e.fr } };
  throw e;
}
