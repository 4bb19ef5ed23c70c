import { randomBytes } from "node:crypto";
import type { ConsentKeys } from "@vetted/config";
import { describe, expect, it } from "vitest";
import { policyStepsSchema } from "../approvals/approval-policy";
import { codeMatches, hashCode, linkExpiry, newCode, nextCodeAt, sessionExpiry } from "./client-link-rules";

const keys = (): ConsentKeys => ({ keys: new Map([["k1", randomBytes(32)]]), activeKeyId: "k1", indexKey: randomBytes(32), insecureDevKeys: false });
const LINK = "3f0e8c59-8d1f-4d6e-9a52-2b9f3c1d7e10";

describe("client approval codes", () => {
  it("are six digits, leading zeros kept, and spread over the whole range", () => {
    const codes = Array.from({ length: 2_000 }, newCode);
    for (const c of codes) expect(c).toMatch(/^\d{6}$/);
    expect(new Set(codes).size).toBeGreaterThan(1_990);
    expect(codes.some((c) => c.startsWith("0"))).toBe(true);
  });

  it("are stored as a keyed hash bound to their link: another link, key or code does not match", () => {
    const k = keys();
    const stored = hashCode(LINK, "042917", k);
    expect(stored).toMatch(/^[0-9a-f]{64}$/);
    expect(codeMatches(LINK, "042917", stored, k)).toBe(true);
    expect(codeMatches(LINK, "042918", stored, k)).toBe(false);
    expect(codeMatches("8c1d2e3f-0000-4000-8000-000000000000", "042917", stored, k)).toBe(false);
    expect(codeMatches(LINK, "042917", stored, keys())).toBe(false);
  });

  it("may be asked for again a minute after the last one", () => {
    const sent = new Date("2026-12-06T10:00:00Z");
    expect(nextCodeAt(null, sent)).toBeNull();
    expect(nextCodeAt(sent, new Date("2026-12-06T10:00:30Z"))?.toISOString()).toBe("2026-12-06T10:01:00.000Z");
    expect(nextCodeAt(sent, new Date("2026-12-06T10:01:00Z"))).toBeNull();
  });
});

describe("link and session lifetimes", () => {
  it("a link lives 72 hours; a session 2 hours, never past its link", () => {
    const now = new Date("2026-12-06T10:00:00Z");
    expect(linkExpiry(now).toISOString()).toBe("2026-12-09T10:00:00.000Z");
    expect(sessionExpiry(now, linkExpiry(now)).toISOString()).toBe("2026-12-06T12:00:00.000Z");
    expect(sessionExpiry(now, new Date("2026-12-06T10:30:00Z")).toISOString()).toBe("2026-12-06T10:30:00.000Z");
  });
});

describe("the CLIENT policy step", () => {
  const team = { mode: "ANY", roles: ["COMPLIANCE_OFFICER"] };
  const client = { mode: "CLIENT", clientApproverIds: [LINK] };
  it("follows a step of the team and names client approvers only", () => {
    expect(policyStepsSchema.safeParse([team, client]).success).toBe(true);
    expect(policyStepsSchema.safeParse([client, team]).success).toBe(false);
    expect(policyStepsSchema.safeParse([team, { ...client, clientApproverIds: [] }]).success).toBe(false);
    expect(policyStepsSchema.safeParse([team, { ...client, userIds: [LINK] }]).success).toBe(false);
    expect(policyStepsSchema.safeParse([{ ...team, clientApproverIds: [LINK] }]).success).toBe(false);
  });

  it("reads a stored policy from before issue 16 unchanged", () => {
    const parsed = policyStepsSchema.parse([{ mode: "ALL", userIds: [LINK], roles: [] }]);
    expect(parsed).toEqual([{ mode: "ALL", userIds: [LINK], roles: [], clientApproverIds: [] }]);
  });
});
