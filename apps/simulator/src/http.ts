import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

// Request parsing and Graph-shaped answers: {error:{message, type, code, error_subcode?, fbtrace_id}}.

const MAX_BODY_BYTES = 1024 * 1024;

/** A Graph error to answer with; thrown by handlers and turned into the response by the server. */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly subcode?: number,
    readonly type = "OAuthException",
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const errors = {
  invalidToken: () => new GraphError(400, 190, "Invalid OAuth access token - Cannot parse access token"),
  expiredToken: () => new GraphError(400, 190, "Error validating access token: Session has expired", 463),
  revokedToken: () => new GraphError(400, 190, "Error validating access token: The session has been invalidated", 460),
  noToken: () => new GraphError(400, 104, "An access token is required to request this resource."),
  missingScope: (scope: string) => new GraphError(403, 200, `(#200) Requires ${scope} permission to manage the object`),
  pageTokenRequired: () => new GraphError(403, 210, "(#210) A page access token is required to request this resource."),
  notFound: (id: string) =>
    new GraphError(400, 100, `Unsupported request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, 33, "GraphMethodException"),
  param: (message: string) => new GraphError(400, 100, `(#100) ${message}`),
  unsupported: (method: string) => new GraphError(400, 100, `Unsupported ${method.toLowerCase()} request.`, undefined, "GraphMethodException"),
};

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendGraphError(res: ServerResponse, e: GraphError): void {
  const error = { message: e.message, type: e.type, code: e.code, ...(e.subcode === undefined ? {} : { error_subcode: e.subcode }), fbtrace_id: randomBytes(8).toString("base64url") };
  sendJson(res, e.status, { error }, e.headers);
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new GraphError(413, 100, "(#100) Request body is too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export interface ParsedRequest {
  /** Query and form/JSON body merged (body wins), as Graph does; nested JSON values kept as-is. */
  params: Record<string, unknown>;
  /** The JSON body when there was one. */
  json: unknown;
}

export function parseRequest(url: URL, raw: Buffer, contentType: string | undefined): ParsedRequest {
  const params: Record<string, unknown> = Object.fromEntries(url.searchParams);
  let json: unknown;
  if (raw.length) {
    if ((contentType ?? "").includes("application/json")) {
      try {
        json = JSON.parse(raw.toString("utf8"));
      } catch {
        throw errors.param("Request body is not valid JSON");
      }
      if (json && typeof json === "object" && !Array.isArray(json)) Object.assign(params, json);
    } else {
      Object.assign(params, Object.fromEntries(new URLSearchParams(raw.toString("utf8"))));
    }
  }
  return { params, json };
}

/** A string parameter, or undefined. */
export const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : typeof v === "number" ? String(v) : undefined);

/** Graph booleans arrive as true/false, "true"/"false" or "1"/"0". */
export function bool(v: unknown): boolean | undefined {
  if (v === true || v === "true" || v === "1") return true;
  if (v === false || v === "false" || v === "0") return false;
  return undefined;
}

/** An object parameter that may arrive as JSON text in a form body (recipient={"comment_id":…}). */
export function obj(v: unknown): Record<string, unknown> | undefined {
  if (v && typeof v === "object" && !Array.isArray(v)) return v as Record<string, unknown>;
  if (typeof v !== "string") return undefined;
  try {
    const parsed: unknown = JSON.parse(v);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Graph's time format: 2024-05-01T12:00:00+0000. */
export const graphTime = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, "+0000");

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * An authorize request's redirect_uri as an http(s) URL to send the user back to, or what is wrong
 * with it (each platform wraps the message in its own error shape).
 */
export function redirectTarget(params: Record<string, unknown>): { redirect: string; target: URL } | { problem: string } {
  const redirect = str(params.redirect_uri) ?? "";
  let target: URL;
  try {
    target = new URL(redirect);
  } catch {
    return { problem: "redirect_uri must be an absolute URL" };
  }
  if (!/^https?:$/.test(target.protocol)) return { problem: "redirect_uri must be http or https" };
  return { redirect, target };
}
