/** A file the app hands over (a report, an export, a manual): what the route handler returns. */
export interface Download {
  body: Uint8Array | Buffer | string;
  mime: string;
  filename: string;
  /** Sent as X-Content-SHA256 when the export's digest is in the audit trail, so a copy can be matched to its event. */
  sha256?: string;
}

/**
 * The response for a download: saved as a file (never shown inline), never cached, its type not sniffed,
 * and sandboxed should a browser render it anyway. Every export route answers through this.
 */
export function downloadResponse({ body, mime, filename, sha256 }: Download): Response {
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : new Uint8Array(body);
  return new Response(bytes, {
    headers: {
      "Content-Type": mime,
      "Content-Length": String(bytes.length),
      "Content-Disposition": `attachment; filename="${filename}"`,
      ...(sha256 ? { "X-Content-SHA256": sha256 } : {}),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "sandbox; default-src 'none'",
    },
  });
}
