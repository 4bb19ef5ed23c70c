import { describe, expect, it } from "vitest";
import { awaitsResponse, commentSla, firstResponseData, RESPONSE_DECISIONS, responseDueAt, SLA_WARN_BEFORE_MS } from "./comment-sla";

const now = new Date("2026-12-06T12:00:00Z");
const minutes = (m: number) => new Date(now.getTime() + m * 60_000);
const comment = (over: Partial<Parameters<typeof commentSla>[0]> = {}) => ({
  responseDueAt: minutes(120), firstRespondedAt: null, deletedAt: null, status: "HIDDEN_PENDING_REVIEW" as const, needsReview: true, ...over,
});

describe("first-response SLA", () => {
  it("counts the deadline from when the comment started needing a response, never from the future", () => {
    expect(responseDueAt(minutes(-60), 240, now)).toEqual(minutes(180));
    // A platform clock ahead of ours does not lengthen the promise.
    expect(responseDueAt(minutes(5), 240, now)).toEqual(minutes(240));
  });

  it("awaits a response while hidden pending review, marked needs reply, or new and flagged", () => {
    expect(awaitsResponse(comment())).toBe(true);
    expect(awaitsResponse(comment({ status: "NEEDS_REPLY", needsReview: false }))).toBe(true);
    expect(awaitsResponse(comment({ status: "NEW", needsReview: true }))).toBe(true);
    expect(awaitsResponse(comment({ status: "NEW", needsReview: false }))).toBe(false);
    expect(awaitsResponse(comment({ status: "RESOLVED" }))).toBe(false);
    expect(awaitsResponse(comment({ status: "ESCALATED" }))).toBe(false);
  });

  it("stops once someone responded, the comment is gone, or no deadline was set", () => {
    expect(awaitsResponse(comment({ firstRespondedAt: now }))).toBe(false);
    expect(awaitsResponse(comment({ deletedAt: now }))).toBe(false);
    expect(awaitsResponse(comment({ responseDueAt: null }))).toBe(false);
  });

  it("says on time, due soon within the last 30 minutes, and overdue once passed", () => {
    expect(commentSla(comment({ responseDueAt: minutes(31) }), now)).toEqual({ dueAt: minutes(31), state: "on_time" });
    expect(commentSla(comment({ responseDueAt: minutes(30) }), now)?.state).toBe("due_soon");
    expect(commentSla(comment({ responseDueAt: minutes(1) }), now)?.state).toBe("due_soon");
    expect(commentSla(comment({ responseDueAt: now }), now)?.state).toBe("overdue");
    expect(commentSla(comment({ responseDueAt: minutes(-90) }), now)?.state).toBe("overdue");
    expect(commentSla(comment({ firstRespondedAt: minutes(-5), responseDueAt: minutes(-90) }), now)).toBeNull();
    expect(SLA_WARN_BEFORE_MS).toBe(30 * 60_000);
  });

  it("counts decisions as responses, but not assigning or marking needs reply", () => {
    for (const d of ["hide", "unhide", "delete", "resolve", "escalate"]) expect(RESPONSE_DECISIONS.has(d)).toBe(true);
    for (const d of ["assign", "unassign", "needs_reply"]) expect(RESPONSE_DECISIONS.has(d)).toBe(false);
  });

  it("records the first response only", () => {
    expect(firstResponseData({ firstRespondedAt: null }, now)).toEqual({ firstRespondedAt: now });
    expect(firstResponseData({ firstRespondedAt: minutes(-10) }, now)).toEqual({});
  });
});
