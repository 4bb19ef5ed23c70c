import { BlockList, isIP } from "node:net";
import { proxyEnv } from "@vetted/config";
import { requestIdFrom } from "@vetted/log";
import type { RequestMeta } from "@vetted/domain";

/**
 * Who is on the other end of a request, for the audit trail and the sign-in limiter.
 *
 * Next's server (16.x, base-server.js) sets X-Forwarded-For to the socket's peer address only when
 * the header is absent (`??=`): a header sent by the client is passed on untouched, and the socket
 * address is not exposed to route handlers at all. So the header is trustworthy only when every
 * request reaches Next through a reverse proxy that appends the peer it saw, and only from the
 * right: TRUSTED_PROXIES lists those proxies, and the first hop from the right that is not one of
 * them is the client. With no trusted proxy configured, the header is ignored and the IP recorded
 * as unknown (null) rather than as whatever an attacker wrote there.
 */
export interface TrustList {
  readonly enabled: boolean;
  has(ip: string): boolean;
}

export function trustList(entries: readonly string[]): TrustList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = "", prefix] = entry.split("/");
    const type = isIP(address) === 6 ? "ipv6" : "ipv4";
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return { enabled: entries.length > 0, has: (ip) => list.check(ip, isIP(ip) === 6 ? "ipv6" : "ipv4") };
}

/** One X-Forwarded-For entry as a bare address: ports and brackets dropped, IPv4-mapped IPv6 unwrapped; null if not an IP. */
function normalise(entry: string): string | null {
  let s = entry.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(s);
  if (bracketed) s = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(s)) s = s.slice(0, s.lastIndexOf(":"));
  const mapped = /^::ffff:([\d.]+)$/i.exec(s);
  if (mapped && isIP(mapped[1]!) === 4) s = mapped[1]!;
  return isIP(s) ? s.toLowerCase() : null;
}

export function clientIp(forwardedFor: string | null | undefined, trusted: TrustList): string | null {
  if (!trusted.enabled || !forwardedFor) return null;
  const hops = forwardedFor.split(",").map(normalise);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i];
    // An entry that is not an address came from the client side of the chain: no answer, not a guess.
    if (!hop) return null;
    if (!trusted.has(hop)) return hop;
  }
  // Every hop is one of our proxies: the request started inside; the leftmost is the origin.
  return hops[0] ?? null;
}

let configured: TrustList | undefined;
const configuredTrustList = () => (configured ??= trustList(proxyEnv().TRUSTED_PROXIES));

export function requestMetaFrom(headers: Pick<Headers, "get">, trusted: TrustList = configuredTrustList()): RequestMeta {
  return { ip: clientIp(headers.get("x-forwarded-for"), trusted), userAgent: headers.get("user-agent"), requestId: requestIdFrom(headers) };
}
