import crypto from "node:crypto";
import { AppUnreachable, ApiRefusal, type AppClient, type StaffSession } from "./api";
import type { AppLink } from "./app-link";
import type { KioskHooks } from "./crash-points";
import { errorBody, type Journal, type OpEntry } from "./journal";
import { KioskError } from "./messages";
import { singleFlight } from "./single-flight";

export interface DeliveryParts {
  journal: Journal;
  client: AppClient;
  link: AppLink;
  hooks: KioskHooks;
  /** Tells the page that something it shows has changed. */
  changed: () => void;
}

/**
 * Delivery of journaled operations to the app: each is written to the journal first, then sent
 * with its own key until the app has it (`op-done`) or refuses it (`op-rejected`), in journal
 * order, backing off while the app cannot be reached.
 */
export class OperationDelivery {
  // While backing off, a pass asked for during a pass waits for the timer's next kick.
  private readonly flight = singleFlight(() => this.pass(), { rerunIf: () => !this.parts.link.backingOff() });

  constructor(private readonly parts: DeliveryParts) {}

  /** The delivery run under way, if any. */
  get current(): Promise<void> | null {
    return this.flight.current;
  }

  /**
   * Journals the operation (fsync), then tries to deliver it at once. Resolves true when the app
   * has it; false when it is queued (offline). A refusal from the app is thrown as is.
   */
  async record(op: Omit<OpEntry, "t" | "key" | "at" | "staffSession">, staff: StaffSession): Promise<boolean> {
    const { journal, link, hooks } = this.parts;
    const entry: OpEntry = {
      t: "op",
      key: crypto.randomUUID(),
      at: new Date().toISOString(),
      staffSession: staff.staffSession,
      ...op,
    };
    journal.append(entry);
    this.parts.changed();
    await hooks.at("op-journaled");
    // Offline and backing off: the person is told "kept, sent later" without waiting on the network.
    if (link.online || !link.backingOff()) await this.deliverPending();
    const state = journal.ops.get(entry.key)!;
    if (state.status === "rejected" && state.error) {
      throw new KioskError(
        { code: state.error.code, en: state.error.message, fr: state.error.messageFr },
        { status: 409 },
      );
    }
    return state.status === "done";
  }

  kick(): void {
    if (this.parts.link.backingOff()) return;
    void this.deliverPending();
  }

  /** One delivery pass at a time; a call during a pass waits for (and may trigger) another. */
  deliverPending(): Promise<void> {
    return this.flight.run();
  }

  private async pass(): Promise<void> {
    const { journal, client, link, hooks } = this.parts;
    for (const op of journal.pendingOps()) {
      const e = op.entry;
      try {
        const answer = await client.operation(
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
        await hooks.at("op-sent");
        journal.append({ t: "op-done", key: e.key, result: answer.result });
        link.markOnline();
      } catch (err) {
        if (err instanceof AppUnreachable) {
          link.markOffline(err);
          return;
        }
        if (err instanceof ApiRefusal && err.httpStatus === 401) {
          // A revoked or unknown device: nothing is lost, pairing again lets it through.
          link.problem = err.toBilingual();
          link.backoff();
          return;
        }
        if (err instanceof KioskError) {
          journal.append({ t: "op-rejected", key: e.key, status: err.status, error: errorBody(err) });
          continue;
        }
        throw err;
      } finally {
        this.parts.changed();
      }
    }
  }
}
