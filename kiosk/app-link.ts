import type { AppUnreachable } from "./api";
import type { Bilingual } from "./messages";

/**
 * Whether the app answered the kiosk's last request, and when to try it again after it did not.
 * Every part that talks to the app reports here, so one failure slows them all down together.
 */
export class AppLink {
  online = true;
  /** Why the app could not be used last time (unreachable, device revoked…), shown on the page. */
  problem: Bilingual | null = null;
  private backoffMs = 0;
  private nextAttemptAt = 0;

  markOnline(): void {
    this.online = true;
    this.problem = null;
    this.backoffMs = 0;
    this.nextAttemptAt = 0;
  }

  markOffline(e: AppUnreachable): void {
    this.online = false;
    this.problem = e.toBilingual();
    this.backoff();
  }

  /** 1 s, 2 s, 4 s… up to 30 s, with jitter so many kiosks do not retry in step. */
  backoff(): void {
    this.backoffMs = Math.min(30_000, this.backoffMs === 0 ? 1000 : this.backoffMs * 2);
    this.nextAttemptAt = Date.now() + this.backoffMs * (0.75 + Math.random() * 0.5);
  }

  /** Still waiting out the backoff after a failure: not yet time to ask the app again. */
  backingOff(): boolean {
    return Date.now() < this.nextAttemptAt;
  }
}
