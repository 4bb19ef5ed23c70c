import { describe, expect, it } from "vitest";
import { auditSentence, plainIp } from "./audit-words";

describe("auditSentence", () => {
  it("reads as a sentence with the actor and the post's title", () => {
    expect(auditSentence({ action: "post.request_changes", actorName: "Olivia Officer", actorLabel: null, postTitle: "IV bag photo" })).toBe(
      "Olivia Officer requested changes on the post ‘IV bag photo’",
    );
  });
  it("names the system or a label when no member acted, and falls back for unknown actions", () => {
    expect(auditSentence({ action: "consent.expired", actorName: null, actorLabel: null, postTitle: null })).toBe("The system expired a consent");
    expect(auditSentence({ action: "consent_request.signed", actorName: null, actorLabel: "patient via signing link", postTitle: null })).toBe(
      "patient via signing link signed an authorization",
    );
    expect(auditSentence({ action: "thing.happened_now", actorName: "Ann", actorLabel: null, postTitle: null })).toBe('Ann did "thing.happened now"');
  });
});

describe("plainIp", () => {
  it("unwraps IPv4-mapped addresses and leaves others alone", () => {
    expect(plainIp("::ffff:203.0.113.9")).toBe("203.0.113.9");
    expect(plainIp("2001:db8::1")).toBe("2001:db8::1");
    expect(plainIp(null)).toBe("");
  });
});
