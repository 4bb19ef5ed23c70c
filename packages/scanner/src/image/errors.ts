// Errors raised for untrusted input. Messages describe the file's shape only — never its content —
// so they are safe to log and to return to the uploading user.

export type ImageInputErrorCode =
  | "EMPTY"
  | "UNSUPPORTED_FORMAT"
  | "TOO_LARGE"
  | "ANIMATED"
  | "CORRUPT";

export class ImageInputError extends Error {
  readonly code: ImageInputErrorCode;
  constructor(code: ImageInputErrorCode, message: string) {
    super(message);
    this.name = "ImageInputError";
    this.code = code;
  }
}

/** Raised when a redacted image still shows text the scanner flags: the redaction must not be published. */
export class RedactionError extends Error {
  readonly code = "REDACTION_INCOMPLETE";
  readonly regions: number;
  /** 0-based positions, in the boxes passed to redact(), of the boxes left readable: the caller names them. */
  readonly boxes: number[];
  constructor(boxes: number[]) {
    super(`redaction incomplete: PHI text is still readable in ${boxes.length} region(s)`);
    this.name = "RedactionError";
    this.regions = boxes.length;
    this.boxes = boxes;
  }
}
