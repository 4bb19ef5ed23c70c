import { describe, expect, it } from "vitest";
import { beforeTrail, finalOutcome, slaBreached, turnaroundMs } from "./report-figures";
import { figures } from "./report-test-helpers";

const H = 3_600_000;
const t = (h: number) => new Date(Date.UTC(2026, 10, 1) + h * H);

describe("final decisions", () => {
  it("counts a decision that ended the review, by what it did to the post", () => {
    expect(finalOutcome("post.approve", { to: "APPROVED" })).toBe("approved");
    expect(finalOutcome("post.approve", { to: "SCHEDULED" })).toBe("approved");
    expect(finalOutcome("post.request_changes", { to: "CHANGES_REQUESTED" })).toBe("changesRequested");
    expect(finalOutcome("post.reject", { to: "REJECTED" })).toBe("rejected");
    expect(finalOutcome("client_approval.decided", { decision: "APPROVE", to: "APPROVED" })).toBe("approved");
    expect(finalOutcome("client_approval.decided", { decision: "REQUEST_CHANGES", to: "CHANGES_REQUESTED" })).toBe("changesRequested");
  });

  it("leaves out the approval of one step of several, and events without a state change", () => {
    expect(finalOutcome("post.approve", { step: 1, from: "IN_REVIEW", to: "IN_REVIEW" })).toBeNull();
    expect(finalOutcome("client_approval.decided", { decision: "APPROVE", to: "IN_REVIEW" })).toBeNull();
    expect(finalOutcome("post.approve", {})).toBeNull();
    expect(finalOutcome("post.approve", null)).toBeNull();
  });
});

describe("turnaround", () => {
  it("runs from the post's latest submission before each decision", () => {
    const waits = turnaroundMs(
      [{ postId: "a", at: t(2) }, { postId: "a", at: t(40) }, { postId: "b", at: t(30) }, { postId: "c", at: t(5) }],
      [{ postId: "a", at: t(0) }, { postId: "a", at: t(30) }, { postId: "b", at: t(6) }, { postId: "b", at: t(31) }],
    );
    // a: 2 h, then 10 h from its resubmission; b: 24 h (its later submission came after); c: no submission on record.
    expect(waits.map((ms) => ms / H)).toEqual([2, 10, 24]);
  });
});

describe("first-response SLA breaches", () => {
  const due = t(10);
  it("counts the sweep's overdue mark and a first response after the deadline", () => {
    expect(slaBreached({ responseDueAt: due, firstRespondedAt: null, slaBreachedAt: t(10.1) })).toBe(true);
    expect(slaBreached({ responseDueAt: due, firstRespondedAt: t(11), slaBreachedAt: null })).toBe(true);
    expect(slaBreached({ responseDueAt: due, firstRespondedAt: t(9), slaBreachedAt: null })).toBe(false);
    expect(slaBreached({ responseDueAt: due, firstRespondedAt: due, slaBreachedAt: null })).toBe(false);
    expect(slaBreached({ responseDueAt: null, firstRespondedAt: null, slaBreachedAt: null })).toBe(false);
  });
});

describe("periods before the audit trail on record", () => {
  const period = { from: t(0), to: t(24 * 30) };
  const counted = figures({ postsSubmitted: 4, postsApproved: 2, decisions: 2, turnaroundMedianHours: 3, scansCompleted: 9, overrides: 1, auditEvents: 12 });

  it("keeps every figure when the trail began before the period ended", () => {
    expect(beforeTrail(counted, period, t(-5))).toEqual(counted);
    expect(beforeTrail(counted, period, t(24 * 30 - 1))).toEqual(counted);
  });

  it("makes the trail's figures unknown, not zero, for a period that ended before it began (or with no trail), and leaves the rest", () => {
    for (const start of [t(24 * 30), t(24 * 40), null]) {
      const shown = beforeTrail(counted, period, start);
      for (const key of ["postsSubmitted", "postsApproved", "postsChangesRequested", "postsRejected", "decisions", "turnaroundMedianHours", "turnaroundP90Hours"] as const) expect(shown[key]).toBeNull();
      expect([shown.scansCompleted, shown.overrides, shown.auditEvents]).toEqual([9, 1, 12]);
    }
  });
});
