import type { RequestMeta } from "@vetted/domain";
import { headers } from "next/headers";
import { requestMetaFrom } from "./client-ip";

/** IP (from trusted proxies only, see client-ip.ts) and user agent of the current request, for the audit trail. */
export async function currentRequestMeta(): Promise<RequestMeta> {
  return requestMetaFrom(await headers());
}
