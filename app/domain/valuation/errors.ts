export type ValuationErrorCode =
  | "INSUFFICIENT_STOCK"
  | "NO_COST"
  | "NEGATIVE_COST"
  | "NEGATIVE_QUANTITY"
  | "ZERO_QUANTITY"
  | "RETURN_EXCEEDS"
  | "BAD_REFERENCE"
  | "INVALID_NUMBER"
  | "UNKNOWN_MOVE"
  | "PERIOD_OPEN"
  | "BAD_OPTION";

/** A refused move or option. `code` and `moveIndex` let a UI show its own translated message. */
export class ValuationError extends Error {
  readonly code: ValuationErrorCode;
  /** Index of the refused move, or null when the options themselves are wrong. */
  readonly moveIndex: number | null;

  constructor(code: ValuationErrorCode, moveIndex: number | null, message: string) {
    super(moveIndex === null ? message : `Move ${moveIndex}: ${message}`);
    this.name = "ValuationError";
    this.code = code;
    this.moveIndex = moveIndex;
  }
}
