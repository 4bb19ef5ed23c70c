import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { ackRemindersDue, ackState, currentAckMilestone, EVERYONE, hashAckToken, inAckScope, looksLikeAckToken, newAckToken, renewalDue, renewalOpensAt, typedNameMatches } from "./ack-rules";
import { gradeQuiz } from "./quiz-grading";

const DAY = 86_400_000;
const assignedAt = new Date("2026-03-01T09:00:00.000Z");
const dueAt = new Date(assignedAt.getTime() + 30 * DAY);
const at = (daysFromDue: number) => new Date(dueAt.getTime() + daysFromDue * DAY);

describe("acknowledgement reminder schedule", () => {
  it("moves start → before-7 → before-1 → due → overdue-n", () => {
    expect(currentAckMilestone({ assignedAt, dueAt }, new Date(assignedAt.getTime() - 1))).toBeNull();
    expect(currentAckMilestone({ assignedAt, dueAt }, assignedAt)).toBe("start");
    expect(currentAckMilestone({ assignedAt, dueAt }, at(-7.01))).toBe("start");
    expect(currentAckMilestone({ assignedAt, dueAt }, at(-7))).toBe("before-7");
    expect(currentAckMilestone({ assignedAt, dueAt }, at(-1.5))).toBe("before-7");
    expect(currentAckMilestone({ assignedAt, dueAt }, at(-1))).toBe("before-1");
    expect(currentAckMilestone({ assignedAt, dueAt }, at(0))).toBe("due");
    expect(currentAckMilestone({ assignedAt, dueAt }, at(0.99))).toBe("due");
    expect(currentAckMilestone({ assignedAt, dueAt }, at(1))).toBe("overdue-1");
    expect(currentAckMilestone({ assignedAt, dueAt }, at(5.5))).toBe("overdue-5");
  });

  it("skips the milestones that fall before a short assignment", () => {
    const short = { assignedAt, dueAt: new Date(assignedAt.getTime() + 3 * DAY) };
    expect(currentAckMilestone(short, new Date(assignedAt.getTime() + DAY))).toBe("start");
    expect(currentAckMilestone(short, new Date(assignedAt.getTime() + 2 * DAY))).toBe("before-1");
  });

  it("sends the current milestone once, escalates once from the first day after due, nothing once signed", () => {
    const a = { assignedAt, dueAt };
    expect(ackRemindersDue(a, at(-3))).toEqual({ milestones: ["before-7"], escalate: false });
    expect(ackRemindersDue(a, at(-3), new Set(["start", "before-7"]))).toEqual({ milestones: [], escalate: false });
    expect(ackRemindersDue(a, at(0.5), new Set(["before-7"]))).toEqual({ milestones: ["due"], escalate: false });
    expect(ackRemindersDue(a, at(1.1), new Set(["due"]))).toEqual({ milestones: ["overdue-1", "escalated"], escalate: true });
    expect(ackRemindersDue(a, at(2.1), new Set(["due", "overdue-1", "escalated"]))).toEqual({ milestones: ["overdue-2"], escalate: false });
    expect(ackRemindersDue({ ...a, signedAt: at(-2) }, at(3))).toEqual({ milestones: [], escalate: false });
  });

  it("reads the state: acknowledged, pending before the due time, overdue from it", () => {
    expect(ackState({ signedAt: null, dueAt }, at(-0.1))).toBe("pending");
    expect(ackState({ signedAt: null, dueAt }, at(0))).toBe("overdue");
    expect(ackState({ signedAt: at(2), dueAt }, at(3))).toBe("acknowledged");
  });
});

describe("who must acknowledge, and when again", () => {
  const nurse = { department: "Clinical", jobRole: "Nurse" };
  const clerk = { department: "Billing", jobRole: "Clerk" };
  const member = { department: "", jobRole: "" };

  it("is everyone while no department or role is chosen, else anyone in a chosen department or with a chosen role", () => {
    for (const p of [nurse, clerk, member]) expect(inAckScope(p, EVERYONE)).toBe(true);
    const scope = { departments: ["Clinical"], jobRoles: ["Clerk"] };
    expect(inAckScope(nurse, scope)).toBe(true);
    expect(inAckScope(clerk, scope)).toBe(true);
    expect(inAckScope(member, scope)).toBe(false);
    expect(inAckScope(clerk, { departments: ["Clinical"], jobRoles: [] })).toBe(false);
    // Exact values, as the roster has them.
    expect(inAckScope(nurse, { departments: ["clinical"], jobRoles: [] })).toBe(false);
  });

  it("opens the next cycle a cadence after the signature, never for an unsigned one", () => {
    const signedAt = new Date("2026-01-10T15:00:00.000Z");
    expect(renewalOpensAt(signedAt, 365)).toEqual(new Date("2027-01-10T15:00:00.000Z"));
    expect(renewalDue(signedAt, 365, new Date("2027-01-10T14:59:59.999Z"))).toBe(false);
    expect(renewalDue(signedAt, 365, new Date("2027-01-10T15:00:00.000Z"))).toBe(true);
    expect(renewalDue(signedAt, 30, new Date("2026-02-09T15:00:00.000Z"))).toBe(true);
    expect(renewalOpensAt(null, 365)).toBeNull();
    expect(renewalDue(null, 30, new Date("2030-01-01T00:00:00.000Z"))).toBe(false);
  });
});

describe("acknowledgement link and signature", () => {
  it("makes 256-bit tokens of which only the SHA-256 is kept", () => {
    const { token, tokenHash } = newAckToken();
    expect(looksLikeAckToken(token)).toBe(true);
    expect(tokenHash).toBe(hashAckToken(token));
    expect(tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(newAckToken().token).not.toBe(token);
  });

  it("matches the typed name case- and space-insensitively, and nothing else", () => {
    expect(typedNameMatches("  ana   DIAZ ", "Ana Diaz")).toBe(true);
    expect(typedNameMatches("Ana Dias", "Ana Diaz")).toBe(false);
    expect(typedNameMatches("", "")).toBe(false);
  });
});

describe("quiz grading", () => {
  const q = (id: string, correctIndex: number) => ({ id, choices: ["a", "b", "c"], correctIndex });
  const ids = ["00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002", "00000000-0000-4000-8000-000000000003"] as const;
  const questions = [q(ids[0], 0), q(ids[1], 1), q(ids[2], 2)];

  it("scores in whole percent, rounded down, and compares the pass mark exactly", () => {
    expect(gradeQuiz(questions, { [ids[0]]: 0, [ids[1]]: 1, [ids[2]]: 2 }, 80)).toEqual({ scorePercent: 100, passed: true, correct: 3, total: 3, wrong: [] });
    expect(gradeQuiz(questions, { [ids[0]]: 0, [ids[1]]: 1, [ids[2]]: 0 }, 80)).toEqual({ scorePercent: 66, passed: false, correct: 2, total: 3, wrong: [ids[2]] });
    // 2 of 3 is 66.67 %: passes a 66 % mark, fails a 67 % one.
    expect(gradeQuiz(questions, { [ids[0]]: 0, [ids[1]]: 1, [ids[2]]: 0 }, 66).passed).toBe(true);
    expect(gradeQuiz(questions, { [ids[0]]: 0, [ids[1]]: 1, [ids[2]]: 0 }, 67).passed).toBe(false);
    expect(gradeQuiz([], {}, 80)).toMatchObject({ passed: true, total: 0 });
  });

  it("refuses missing, out-of-range and foreign answers, naming the field", () => {
    const err = (answers: Record<string, number>) => {
      try {
        gradeQuiz(questions, answers, 80);
      } catch (e) {
        return e as AppError;
      }
      throw new Error("expected a refusal");
    };
    expect(err({}).fields).toEqual({ answers: ["Answer every question"] });
    expect(err({ [ids[0]]: 0, [ids[1]]: 1 }).fields).toEqual({ [`answers.${ids[2]}`]: ["Choose an answer"] });
    expect(err({ [ids[0]]: 0, [ids[1]]: 1, [ids[2]]: 3 }).fields).toEqual({ [`answers.${ids[2]}`]: ["Choose one of the answers"] });
    const foreign = "00000000-0000-4000-8000-000000000009";
    expect(err({ [ids[0]]: 0, [ids[1]]: 1, [ids[2]]: 2, [foreign]: 0 }).fields).toEqual({ [`answers.${foreign}`]: ["This question is not part of the quiz"] });
  });
});
