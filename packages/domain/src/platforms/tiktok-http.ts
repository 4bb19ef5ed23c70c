import { z } from "zod";
import { entries, networkCode, NOT_SENT } from "./graph-http";
import { PlatformError, type PlatformErrorCode } from "./platform-error";
import { rateLimitWait } from "./rest-http";

// One call to TikTok's API for Business (https://business-api.tiktok.com/open_api/v1.3/…). TikTok
// answers HTTP 200 with an envelope {code, message, request_id, data}: code 0 is success, anything
// else a failure read from the code alone (the message can quote what was sent). The user token goes
// in the Access-Token header only, never in a URL.

export interface TikTokTransportOptions {
  /** "https://business-api.tiktok.com" or the simulator's URL, without a trailing slash. */
  baseUrl: string;
  timeoutMs: number;
  fetch?: typeof fetch;
  now?: () => number;
}

export interface TikTokRequest {
  method: "GET" | "POST";
  /** Under /open_api/v1.3, e.g. "/business/comment/list/". */
  path: string;
  /** Absent for the token endpoints (the app's credentials go in the body). */
  token?: string;
  query?: Record<string, string | number | boolean | undefined>;
  json?: unknown;
}

const envelope = z.object({ code: z.coerce.number().int(), data: z.unknown().optional() });

/**
 * TikTok's numeric codes → ours. 40100 is "too many requests", 40102/40104/40105 an expired, missing
 * or invalid (revoked) access token, 40001 no permission, 40002 a bad parameter, 40007 a missing
 * object; 5xxxx TikTok's own trouble. Refresh-token refusals on the token endpoints are TOKEN_INVALID too.
 */
export function classifyTikTokCode(code: number): PlatformErrorCode {
  if (code === 40100 || code === 40016) return "RATE_LIMITED";
  if (code === 40102 || code === 40103 || code === 40104 || code === 40105 || code === 40106 || code === 40107) return "TOKEN_INVALID";
  if (code === 40001) return "PERMISSION";
  if (code === 40007 || code === 40004) return "NOT_FOUND";
  if (code >= 50000) return "TRANSIENT";
  return "INVALID_REQUEST";
}

export class TikTokTransport {
  private readonly base: string;
  private readonly fetchImpl: typeof fetch;
  private readonly now: () => number;

  constructor(private readonly options: TikTokTransportOptions) {
    this.base = `${options.baseUrl.replace(/\/+$/, "")}/open_api/v1.3`;
    this.fetchImpl = options.fetch ?? ((...args) => fetch(...args));
    this.now = options.now ?? Date.now;
  }

  /** Performs the call and validates `data` of a code-0 envelope. `operation` names the client method in errors. */
  async call<S extends z.ZodType>(operation: string, request: TikTokRequest, schema: S): Promise<z.infer<S>> {
    const write = request.method !== "GET";
    const url = new URL(this.base + request.path);
    for (const [k, v] of entries(request.query)) url.searchParams.set(k, v);
    const headers: Record<string, string> = { accept: "application/json", ...(request.token ? { "access-token": request.token } : {}) };
    if (request.json !== undefined) headers["content-type"] = "application/json";
    let response: Response;
    let text: string;
    try {
      const init = { method: request.method, headers, body: request.json === undefined ? undefined : JSON.stringify(request.json), signal: AbortSignal.timeout(this.options.timeoutMs), redirect: "manual" as const };
      response = await this.fetchImpl(url.toString(), init);
      text = await response.text();
    } catch (error) {
      const code = networkCode(error);
      throw new PlatformError("TRANSIENT", operation, { outcomeUnknown: write && !(code && NOT_SENT.has(code)) });
    }
    if (response.status === 429 || response.status >= 500) {
      throw new PlatformError(response.status === 429 ? "RATE_LIMITED" : "TRANSIENT", operation, { httpStatus: response.status, retryAfterSeconds: rateLimitWait(response.headers, this.now()), outcomeUnknown: write && response.status >= 500 });
    }
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    const head = envelope.safeParse(parsed);
    if (!response.ok && !head.success) throw new PlatformError(response.status === 401 ? "TOKEN_INVALID" : response.status === 404 ? "NOT_FOUND" : "INVALID_REQUEST", operation, { httpStatus: response.status });
    if (!head.success) throw new PlatformError("INVALID_RESPONSE", operation, { httpStatus: response.status, outcomeUnknown: write });
    if (head.data.code !== 0) {
      const code = classifyTikTokCode(head.data.code);
      throw new PlatformError(code, operation, {
        httpStatus: response.status,
        ...(code === "RATE_LIMITED" ? { retryAfterSeconds: rateLimitWait(response.headers, this.now()) ?? 60 } : {}),
        outcomeUnknown: write && code === "TRANSIENT",
      });
    }
    const data = schema.safeParse(head.data.data ?? {});
    // A write that answered code 0 happened even if its data is unreadable: say so, so it is not repeated.
    if (!data.success) throw new PlatformError("INVALID_RESPONSE", operation, { httpStatus: response.status, outcomeUnknown: write });
    return data.data;
  }
}
