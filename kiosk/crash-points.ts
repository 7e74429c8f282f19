/**
 * Test hook: the kill -9 tests stop the kiosk at these points (see test/integration/kiosk-program).
 * In production `at` resolves at once.
 */
export type CrashPoint = "op-journaled" | "op-sent" | "job-journaled" | "job-bytes-sent" | "job-printed";

export interface KioskHooks {
  at(point: CrashPoint): Promise<void>;
}

export const NO_HOOKS: KioskHooks = { at: () => Promise.resolve() };
