import { describe, expect, it } from "vitest";
import { CALLBACK_SLUG, CONNECT_PLATFORMS, LINKEDIN_CONNECT_SCOPES, REQUIRED_SCOPES, TIKTOK_CONNECT_SCOPES, X_CONNECT_SCOPES } from "./account-connect";
import { completeAccountConnectSchema } from "./complete-account-connect";
import { connectSelectedPagesSchema } from "./connect-selected-pages";
import { parseLinkedInGrant } from "./connect-linkedin-orgs";
import { startAccountConnectSchema } from "./start-account-connect";

// The inputs of the connect flows: which platforms, what a callback and a pick may carry.

const STATE = "a".repeat(43);
const ID = "5b4c3c1e-7d1a-4c55-9a51-3c2f5e0b9d11";

describe("connect flow inputs", () => {
  it("starts Facebook (the default), LinkedIn, X or TikTok, nothing else", () => {
    expect(startAccountConnectSchema.parse({})).toEqual({ platform: "FACEBOOK" });
    for (const platform of CONNECT_PLATFORMS) expect(startAccountConnectSchema.parse({ platform }).platform).toBe(platform);
    const bad = startAccountConnectSchema.safeParse({ platform: "INSTAGRAM" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(["platform"]);
    expect(Object.values(CALLBACK_SLUG)).toEqual(["meta", "linkedin", "x", "tiktok"]);
  });

  it("takes the callback's state and code or error, the platform from the route", () => {
    expect(completeAccountConnectSchema.parse({ platform: "X", state: STATE, code: "c" })).toEqual({ platform: "X", state: STATE, code: "c" });
    expect(completeAccountConnectSchema.parse({ state: STATE, error: "access_denied" }).platform).toBe("FACEBOOK");
    expect(completeAccountConnectSchema.safeParse({ platform: "LINKEDIN", state: STATE }).error?.issues[0]?.path).toEqual(["code"]);
    expect(completeAccountConnectSchema.safeParse({ platform: "LINKEDIN", state: "short", code: "c" }).error?.issues[0]?.path).toEqual(["state"]);
  });

  it("picks Facebook Page ids or LinkedIn organization URNs, one or several", () => {
    expect(connectSelectedPagesSchema.parse({ connectId: ID, pageIds: "urn:li:organization:3000001" }).pageIds).toEqual(["urn:li:organization:3000001"]);
    expect(connectSelectedPagesSchema.parse({ connectId: ID, pageIds: ["200000000000001", "urn:li:organization:7"] }).pageIds).toHaveLength(2);
    for (const bad of ["urn:li:person:abc", "urn:li:organization:3000001/../x", "abc"]) {
      expect(connectSelectedPagesSchema.safeParse({ connectId: ID, pageIds: bad }).success).toBe(false);
    }
  });

  it("asks for what moderation needs and requires it on each platform", () => {
    expect(X_CONNECT_SCOPES).toContain("offline.access");
    for (const s of REQUIRED_SCOPES.X) expect(X_CONNECT_SCOPES).toContain(s);
    for (const s of REQUIRED_SCOPES.TIKTOK) expect(TIKTOK_CONNECT_SCOPES).toContain(s);
    for (const s of REQUIRED_SCOPES.LINKEDIN) expect(LINKEDIN_CONNECT_SCOPES).toContain(s);
  });

  it("reads a waiting LinkedIn grant back with its dates", () => {
    expect(parseLinkedInGrant(JSON.stringify({ a: "tok", e: 1_000, s: ["x"], r: "ref", re: null }))).toEqual({ accessToken: "tok", expiresAt: new Date(1_000), scopes: ["x"], refreshToken: "ref", refreshExpiresAt: null });
    expect(parseLinkedInGrant(JSON.stringify({ a: "tok", e: null, s: [] }))).toEqual({ accessToken: "tok", expiresAt: null, scopes: [] });
    expect(() => parseLinkedInGrant(JSON.stringify({ e: null, s: [] }))).toThrow();
  });
});
