// What a social platform said, reduced to what the caller must decide: retry, stop, or tell an admin.
// Messages carry the operation and the platform's numeric codes only: the platform's own message can
// echo the text that was sent (PHI) and the request can carry a token, so neither is ever copied here.

export type PlatformErrorCode =
  /** Token unknown, expired or revoked (Graph 190): reconnect the account. */
  | "TOKEN_INVALID"
  /** Too many calls (Graph 4, 17, 32, 613, 80001-80014, HTTP 429): retry later. */
  | "RATE_LIMITED"
  /** A private reply was already sent for this comment (Graph 10900). */
  | "ALREADY_REPLIED"
  /** The comment is outside the private-reply window (Graph 10903). */
  | "WINDOW_CLOSED"
  /** A permission or scope is missing (Graph 10, 200-299). */
  | "PERMISSION"
  /** The object is gone (Graph 100 with subcode 33 or HTTP 404, Graph 803). */
  | "NOT_FOUND"
  /** Platform hiccup, 5xx, network failure or timeout: retry (see outcomeUnknown). */
  | "TRANSIENT"
  /** The platform refused the request as malformed (other 4xx). */
  | "INVALID_REQUEST"
  /** The platform answered 2xx with a body of an unexpected shape. */
  | "INVALID_RESPONSE"
  /** The platform has no such action (LinkedIn cannot hide, X cannot delete someone else's reply). */
  | "UNSUPPORTED";

const RETRYABLE: ReadonlySet<PlatformErrorCode> = new Set(["RATE_LIMITED", "TRANSIENT"]);

export interface PlatformErrorDetails {
  httpStatus?: number;
  /** Graph's error.code / error_subcode / fbtrace_id: numbers and an opaque id, safe to log. */
  graphCode?: number;
  graphSubcode?: number;
  fbtraceId?: string;
  retryAfterSeconds?: number;
  /**
   * True when the request may have been applied although no answer came back (timeout, connection
   * lost after sending, 5xx). A private reply in that state must not be re-sent blindly.
   */
  outcomeUnknown?: boolean;
}

export class PlatformError extends Error {
  override name = "PlatformError";
  readonly retryable: boolean;
  readonly httpStatus?: number;
  readonly graphCode?: number;
  readonly graphSubcode?: number;
  readonly fbtraceId?: string;
  readonly retryAfterSeconds?: number;
  readonly outcomeUnknown: boolean;

  constructor(
    readonly code: PlatformErrorCode,
    /** The client method that failed, e.g. "hideComment". */
    readonly operation: string,
    details: PlatformErrorDetails = {},
  ) {
    const graph = details.graphCode === undefined ? "" : ` (graph code ${details.graphCode}${details.graphSubcode === undefined ? "" : `/${details.graphSubcode}`})`;
    super(`${operation}: ${code}${graph}`);
    this.retryable = RETRYABLE.has(code);
    this.httpStatus = details.httpStatus;
    this.graphCode = details.graphCode;
    this.graphSubcode = details.graphSubcode;
    this.fbtraceId = details.fbtraceId;
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.outcomeUnknown = details.outcomeUnknown ?? false;
  }

  /** Permanent: retrying the same call cannot succeed. */
  get permanent(): boolean {
    return !this.retryable;
  }

  /** Ids and codes only, for logs and job failure reasons. */
  toJSON() {
    return {
      name: this.name,
      code: this.code,
      operation: this.operation,
      retryable: this.retryable,
      outcomeUnknown: this.outcomeUnknown,
      ...(this.httpStatus === undefined ? {} : { httpStatus: this.httpStatus }),
      ...(this.graphCode === undefined ? {} : { graphCode: this.graphCode }),
      ...(this.graphSubcode === undefined ? {} : { graphSubcode: this.graphSubcode }),
      ...(this.fbtraceId === undefined ? {} : { fbtraceId: this.fbtraceId }),
      ...(this.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: this.retryAfterSeconds }),
    };
  }
}

export const isPlatformError = (e: unknown): e is PlatformError => e instanceof PlatformError;

const RATE_LIMIT_CODES = new Set([4, 17, 32, 613]);

/** Graph's documented codes → our codes. `graphCode` undefined means the body was not a Graph error. */
export function classifyGraphError(httpStatus: number, graphCode?: number, graphSubcode?: number): PlatformErrorCode {
  if (graphCode === 190 || graphCode === 102) return "TOKEN_INVALID";
  if (httpStatus === 429 || (graphCode !== undefined && (RATE_LIMIT_CODES.has(graphCode) || (graphCode >= 80001 && graphCode <= 80014)))) return "RATE_LIMITED";
  if (graphCode === 10900) return "ALREADY_REPLIED";
  if (graphCode === 10903) return "WINDOW_CLOSED";
  if (graphCode === 10 || (graphCode !== undefined && graphCode >= 200 && graphCode <= 299)) return "PERMISSION";
  // Gone: 100/33 "does not exist", the same code answered 404, or 803 "aliases … do not exist". A bare
  // 100 is a bad parameter, never taken for a deleted comment (that would be final).
  if ((graphCode === 100 && (graphSubcode === 33 || httpStatus === 404)) || graphCode === 803) return "NOT_FOUND";
  // 1 "API Unknown" and 2 "API Service" are Graph's own temporary failures.
  if (graphCode === 1 || graphCode === 2 || httpStatus >= 500) return "TRANSIENT";
  return "INVALID_REQUEST";
}

/** LinkedIn's and X's REST answers, by HTTP status alone (their bodies carry no stable numeric codes). */
export function classifyHttpStatus(httpStatus: number): PlatformErrorCode {
  if (httpStatus === 401) return "TOKEN_INVALID";
  if (httpStatus === 429) return "RATE_LIMITED";
  if (httpStatus === 403) return "PERMISSION";
  if (httpStatus === 404 || httpStatus === 410) return "NOT_FOUND";
  if (httpStatus >= 500) return "TRANSIENT";
  return "INVALID_REQUEST";
}
