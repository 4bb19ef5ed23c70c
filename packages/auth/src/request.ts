import type { RequestMeta } from "@vetted/domain";
import { headers } from "next/headers";

/** IP and user agent of the current request, for the audit trail. */
export async function currentRequestMeta(): Promise<RequestMeta> {
  const h = await headers();
  const forwarded = h.get("x-forwarded-for")?.split(",")[0]?.trim();
  return { ip: forwarded || h.get("x-real-ip") || null, userAgent: h.get("user-agent") };
}
