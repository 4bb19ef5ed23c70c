import { describe, expect, it } from "vitest";
import { clientIp, requestMetaFrom, trustList } from "./client-ip";

const none = trustList([]);
const edge = trustList(["10.0.0.0/8", "fd00::/8"]);

describe("clientIp (X-Forwarded-For trusted only from configured proxies)", () => {
  it("ignores the header entirely when no proxy is trusted: a client can write anything there", () => {
    expect(clientIp("6.6.6.6", none)).toBeNull();
    expect(clientIp("6.6.6.6, 203.0.113.9", none)).toBeNull();
    expect(clientIp(null, none)).toBeNull();
  });

  it("takes the first untrusted hop from the right, so a spoofed left part is skipped", () => {
    // The client sent "X-Forwarded-For: 6.6.6.6"; our proxy appended the peer it really saw.
    expect(clientIp("6.6.6.6, 203.0.113.9", edge)).toBe("203.0.113.9");
    expect(clientIp("203.0.113.9", edge)).toBe("203.0.113.9");
  });

  it("steps left over inner trusted proxies", () => {
    expect(clientIp("6.6.6.6, 203.0.113.9, 10.1.2.3, 10.9.9.9", edge)).toBe("203.0.113.9");
    expect(clientIp("2001:db8::1, fd00::7", edge)).toBe("2001:db8::1");
  });

  it("normalises ports and IPv4-mapped IPv6, and refuses garbage", () => {
    expect(clientIp("203.0.113.9:51234", edge)).toBe("203.0.113.9");
    expect(clientIp("[2001:db8::1]:443", edge)).toBe("2001:db8::1");
    expect(clientIp("::ffff:10.1.2.3, ::ffff:203.0.113.9", edge)).toBe("203.0.113.9");
    expect(clientIp("203.0.113.9, <script>", edge)).toBeNull();
    expect(clientIp("", edge)).toBeNull();
  });

  it("uses the leftmost entry when every hop is a trusted proxy (a request from inside)", () => {
    expect(clientIp("10.0.0.5, 10.0.0.6", edge)).toBe("10.0.0.5");
  });

  it("never reads X-Real-IP, which any client can set as well", () => {
    const headers = new Headers({ "x-real-ip": "6.6.6.6", "user-agent": "ua" });
    expect(requestMetaFrom(headers, none)).toMatchObject({ ip: null, userAgent: "ua" });
    expect(requestMetaFrom(headers, edge)).toMatchObject({ ip: null, userAgent: "ua" });
    expect(requestMetaFrom(new Headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.9" }), edge)).toMatchObject({ ip: "203.0.113.9", userAgent: null });
  });
});
