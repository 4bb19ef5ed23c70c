import { isAppError, PermissionDeniedError, recordAccessDenied, type AccessDenial } from "@vetted/domain";
import { logger } from "@vetted/log";

/**
 * The route pattern of a request path, for the audit trail: a segment that is the value of a route
 * param becomes `[name]`, any other segment that does not look like a fixed path word (ids, tokens)
 * becomes `[id]`, and the query string is dropped. Record ids and free text never reach the event.
 */
export function routePattern(path: string, params: Record<string, string | string[] | undefined> = {}): string {
  const byValue = new Map<string, string>();
  for (const [name, value] of Object.entries(params)) for (const v of [value ?? []].flat()) byValue.set(v, name);
  const decode = (raw: string) => {
    try {
      return decodeURIComponent(raw);
    } catch {
      return null;
    }
  };
  const segments = path.split(/[?#]/)[0]!.split("/").map((raw) => {
    const segment = decode(raw);
    if (segment === null) return "[id]";
    if (segment === "") return "";
    const param = byValue.get(segment);
    if (param) return `[${param}]`;
    // The app's own path words (posts, consents, approval-policy) and Next's [param] file names.
    return /^[a-z][a-z-]{0,39}$/.test(segment) || /^\[[A-Za-z]+\]$/.test(segment) ? segment : "[id]";
  });
  return segments.join("/") || "/";
}

/** Records a refusal; never lets a recording failure replace the answer the user gets. */
export async function noteDenied(denial: AccessDenial): Promise<void> {
  try {
    await recordAccessDenied(denial);
  } catch (error) {
    // Ids only: the error may quote SQL, not PHI, but there is nothing here worth the risk.
    logger().warn({ event: "access.denied_not_recorded", err: error });
  }
}

/** A FORBIDDEN from a use case run for this tenant, recorded with the permission it lacked. */
export async function noteForbidden(ctx: { user: { id: string }; org: { id: string }; request: AccessDenial["request"] }, error: unknown, where: string) {
  if (!isAppError(error) || error.code !== "FORBIDDEN") return;
  await noteDenied({
    userId: ctx.user.id,
    orgId: ctx.org.id,
    where,
    request: ctx.request,
    ...(error instanceof PermissionDeniedError ? { permission: error.action } : {}),
  });
}
