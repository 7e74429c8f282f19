// One pass at a time over work that may grow while a pass runs (the journal's pending operations,
// the print queue). A request during a pass is neither dropped (what it asks for may have arrived
// after the pass looked) nor stacked: every request made during a pass is answered by one more
// pass after it.

export interface SingleFlight {
  /**
   * Starts a run of passes, or, during one, asks it for one more pass; resolves (or rejects with
   * the pass's error) when that run ends.
   */
  run(): Promise<void>;
  /** The run under way, if any: what shutting down waits for. */
  readonly current: Promise<void> | null;
}

/**
 * `rerunIf` is asked only when a pass was requested during the last one: false skips that pass
 * (delivery while backing off, whose next attempt the timer makes). A pass that throws ends the
 * run; the next request starts a new one.
 */
export function singleFlight(pass: () => Promise<void>, options: { rerunIf?: () => boolean } = {}): SingleFlight {
  const rerunIf = options.rerunIf ?? (() => true);
  let current: Promise<void> | null = null;
  let again = false;
  return {
    run() {
      if (current) {
        again = true;
        return current;
      }
      current = (async () => {
        do {
          again = false;
          await pass();
        } while (again && rerunIf());
      })().finally(() => {
        current = null;
      });
      return current;
    },
    get current() {
      return current;
    },
  };
}
