import type { z } from "zod";
import { appSecretProof } from "./meta-signature";
import { classifyGraphError, PlatformError } from "./platform-error";

// One Graph API call: token in the Authorization header (never in the URL, which proxies and access
// logs keep), appsecret_proof beside it, a hard timeout, and every failure turned into a PlatformError.

export interface GraphTransportOptions {
  /** Base URL without a version, e.g. "https://graph.facebook.com" or the simulator's URL. */
  graphUrl: string;
  /** "v21.0" or "" for unversioned paths. */
  version: string;
  appSecret: string;
  timeoutMs: number;
  /** Injectable for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
}

export interface GraphRequest {
  method: "GET" | "POST" | "DELETE";
  /** Path after the version, ids already encoded: "/123/comments". */
  path: string;
  token?: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string | number | boolean | undefined>;
  /** Sent as application/json (Send API messages). */
  json?: unknown;
  signal?: AbortSignal;
}

/** Connection refused or no such host: the request never left, so even a write is safe to repeat. */
export const NOT_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

export function networkCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  return typeof cause?.code === "string" ? cause.code : undefined;
}

export const entries = (o: Record<string, string | number | boolean | undefined> = {}): [string, string][] =>
  Object.entries(o).flatMap(([k, v]): [string, string][] => (v === undefined ? [] : [[k, String(v)]]));

export class GraphTransport {
  private readonly base: string;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: GraphTransportOptions) {
    this.base = options.graphUrl.replace(/\/+$/, "") + (options.version ? `/${options.version}` : "");
    this.fetchImpl = options.fetch ?? ((...args) => fetch(...args));
  }

  url(path: string, query?: GraphRequest["query"]): string {
    const url = new URL(this.base + path);
    for (const [k, v] of entries(query)) url.searchParams.set(k, v);
    return url.toString();
  }

  /** Performs the call and validates the 2xx body with the schema. `operation` names the client method in errors. */
  async call<S extends z.ZodType>(operation: string, request: GraphRequest, schema: S): Promise<z.infer<S>> {
    const write = request.method !== "GET";
    const query = { ...request.query, ...(request.token ? { appsecret_proof: appSecretProof(request.token, this.options.appSecret) } : {}) };
    const headers: Record<string, string> = { accept: "application/json" };
    if (request.token) headers.authorization = `Bearer ${request.token}`;
    let body: string | undefined;
    if (request.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(request.json);
    } else if (request.form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(entries(request.form)).toString();
    }
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const signal = request.signal ? AbortSignal.any([timeout, request.signal]) : timeout;

    let response: Response;
    let text: string;
    try {
      response = await this.fetchImpl(this.url(request.path, query), { method: request.method, headers, body, signal, redirect: "manual" });
      text = await response.text();
    } catch (error) {
      const code = networkCode(error);
      throw new PlatformError("TRANSIENT", operation, { outcomeUnknown: write && !(code && NOT_SENT.has(code)) });
    }

    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : {};
    } catch {
      parsed = undefined;
    }

    if (!response.ok) {
      const err = (parsed as { error?: { code?: unknown; error_subcode?: unknown; fbtrace_id?: unknown } } | undefined)?.error;
      const graphCode = typeof err?.code === "number" ? err.code : undefined;
      const graphSubcode = typeof err?.error_subcode === "number" ? err.error_subcode : undefined;
      const retryAfter = Number(response.headers.get("retry-after"));
      const code = classifyGraphError(response.status, graphCode, graphSubcode);
      throw new PlatformError(code, operation, {
        httpStatus: response.status,
        graphCode,
        graphSubcode,
        fbtraceId: typeof err?.fbtrace_id === "string" ? err.fbtrace_id.slice(0, 64) : undefined,
        retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
        outcomeUnknown: write && code === "TRANSIENT",
      });
    }

    const result = schema.safeParse(parsed);
    // A write that answered 2xx happened even if its answer is unreadable: say so, so it is not repeated.
    if (!result.success) throw new PlatformError("INVALID_RESPONSE", operation, { httpStatus: response.status, outcomeUnknown: write });
    return result.data;
  }
}
