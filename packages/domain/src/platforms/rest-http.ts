import type { z } from "zod";
import { entries, networkCode, NOT_SENT } from "./graph-http";
import { classifyHttpStatus, PlatformError } from "./platform-error";

// One call to a JSON REST API with a bearer token (LinkedIn's /rest, X's /2): the token in the
// Authorization header only, a hard timeout, and every failure turned into a PlatformError read by
// HTTP status. A 429 carries how long to wait, from Retry-After or X's x-rate-limit-reset.

export interface RestTransportOptions {
  /** Base URL without a trailing slash, e.g. "https://api.linkedin.com" or the simulator's URL. */
  baseUrl: string;
  timeoutMs: number;
  /** Sent with every request (LinkedIn-Version, X-Restli-Protocol-Version). */
  headers?: Record<string, string>;
  /** Injectable for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Clock for x-rate-limit-reset (epoch seconds); injectable for tests. */
  now?: () => number;
}

export interface RestRequest {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** Path with every id already encoded: "/2/tweets/123/hidden". */
  path: string;
  token: string;
  query?: Record<string, string | number | boolean | undefined>;
  json?: unknown;
}

/** A wait longer than this is someone's clock being off; an hour is X's longest window. */
const MAX_WAIT_S = 3_600;

/** Seconds until the platform takes calls again: Retry-After, else X's x-rate-limit-reset (epoch seconds). */
export function rateLimitWait(headers: Headers, nowMs: number): number | undefined {
  const retryAfter = Number(headers.get("retry-after"));
  if (Number.isFinite(retryAfter) && retryAfter > 0) return Math.min(Math.ceil(retryAfter), MAX_WAIT_S);
  const reset = Number(headers.get("x-rate-limit-reset"));
  if (!Number.isFinite(reset) || reset <= 0) return undefined;
  return Math.min(Math.max(1, Math.ceil(reset - nowMs / 1000)), MAX_WAIT_S);
}

export class RestTransport {
  private readonly base: string;
  private readonly fetchImpl: typeof fetch;
  private readonly now: () => number;

  constructor(private readonly options: RestTransportOptions) {
    this.base = options.baseUrl.replace(/\/+$/, "");
    this.fetchImpl = options.fetch ?? ((...args) => fetch(...args));
    this.now = options.now ?? Date.now;
  }

  url(path: string, query?: RestRequest["query"]): string {
    const url = new URL(this.base + path);
    for (const [k, v] of entries(query)) url.searchParams.set(k, v);
    return url.toString();
  }

  /** Performs the call and validates the 2xx body (an empty body reads as {}). `operation` names the client method in errors. */
  async call<S extends z.ZodType>(operation: string, request: RestRequest, schema: S): Promise<z.infer<S>> {
    const write = request.method !== "GET";
    const headers: Record<string, string> = { accept: "application/json", ...this.options.headers, authorization: `Bearer ${request.token}` };
    let body: string | undefined;
    if (request.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(request.json);
    }
    let response: Response;
    let text: string;
    try {
      const signal = AbortSignal.timeout(this.options.timeoutMs);
      response = await this.fetchImpl(this.url(request.path, request.query), { method: request.method, headers, body, signal, redirect: "manual" });
      text = await response.text();
    } catch (error) {
      const code = networkCode(error);
      throw new PlatformError("TRANSIENT", operation, { outcomeUnknown: write && !(code && NOT_SENT.has(code)) });
    }
    if (!response.ok) {
      const code = classifyHttpStatus(response.status);
      throw new PlatformError(code, operation, {
        httpStatus: response.status,
        retryAfterSeconds: code === "RATE_LIMITED" || code === "TRANSIENT" ? rateLimitWait(response.headers, this.now()) : undefined,
        outcomeUnknown: write && code === "TRANSIENT",
      });
    }
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : {};
    } catch {
      parsed = undefined;
    }
    const result = schema.safeParse(parsed);
    // A write that answered 2xx happened even if its answer is unreadable: say so, so it is not repeated.
    if (!result.success) throw new PlatformError("INVALID_RESPONSE", operation, { httpStatus: response.status, outcomeUnknown: write });
    return result.data;
  }
}
