/**
 * A scan that cannot succeed however often it is retried (a missing or undecodable image, a
 * missing revision). The worker fails such a job at once. `code` is what ScanJob.lastErrorCode
 * records: a code, never a message, because messages about content could carry PHI.
 */
export class PermanentScanError extends Error {
  override name = "PermanentScanError";
  constructor(readonly code: string) {
    super(`Scan cannot succeed (${code})`);
  }
}

/** The code to record for any error: ours, an image input error's code, or the error's class. */
export function scanErrorCode(error: unknown): string {
  if (error instanceof PermanentScanError) return error.code;
  if (!(error instanceof Error)) return "UNKNOWN";
  const code = (error as { code?: unknown }).code;
  if (error.name === "ImageInputError" && typeof code === "string") return `IMAGE_${code}`;
  return error.name.replace(/[^A-Za-z0-9_]/g, "").slice(0, 60).toUpperCase() || "ERROR";
}
