/**
 * Errors a person can cause carry a stable `code` so the UI can translate them; the English
 * `message` is for logs and developers only.
 */
export class DomainError<C extends string = string> extends Error {
  readonly code: C;
  readonly details: Readonly<Record<string, string | number>> | undefined;

  constructor(code: C, message: string, details?: Record<string, string | number>) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.details = details;
  }
}

/** Largest value of a signed 64-bit column (PostgreSQL and SQLite BIGINT). */
export const INT64_MAX = 9223372036854775807n;

/** Non-breaking space: keeps a number and its unit on one line (tags, narrow columns). */
export const NBSP = "\u00a0";

/**
 * Group separators people type or paste: space, no-break space, narrow no-break space (what
 * Intl produces for fr-FR), thin space, and the Swiss apostrophes.
 */
export const GROUP_SPACES = /[ \u00a0\u202f\u2009'\u2019]/;
