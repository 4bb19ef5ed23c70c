import { describe, expect, it } from "vitest";
import { daysLeft, missingFactors, notificationDeadline, reminderMilestone, storedAssessment } from "./incident-rules";

describe("incident rules", () => {
  it("puts the deadline exactly 60 days after discovery, across a daylight-saving change", () => {
    const discovered = new Date("2026-02-20T15:30:00.000Z");
    expect(notificationDeadline(discovered).toISOString()).toBe("2026-04-21T15:30:00.000Z");
    expect(notificationDeadline(discovered).getTime() - discovered.getTime()).toBe(60 * 24 * 3600 * 1000);
  });

  it("counts whole days left, 0 on the last day and negative once passed", () => {
    const deadline = new Date("2026-04-21T15:30:00.000Z");
    expect(daysLeft(deadline, new Date("2026-02-20T15:30:00.000Z"))).toBe(60);
    expect(daysLeft(deadline, new Date("2026-04-21T10:00:00.000Z"))).toBe(0);
    expect(daysLeft(deadline, new Date("2026-04-21T15:31:00.000Z"))).toBe(-1);
    expect(daysLeft(deadline, new Date("2026-04-24T15:31:00.000Z"))).toBe(-4);
  });

  it("reads a stored assessment defensively and lists the factors still to assess", () => {
    const a = storedAssessment({ nature: { checked: true, notesCipher: "v1:x" }, recipient: { checked: true, notesCipher: null }, acquired: "junk", extra: { checked: true } });
    expect(a).toEqual({ nature: { checked: true, notesCipher: "v1:x" }, recipient: { checked: true, notesCipher: null } });
    expect(missingFactors(a)).toEqual(["recipient", "acquired", "mitigation"]);
    expect(storedAssessment(null)).toEqual({});
    expect(storedAssessment([1])).toEqual({});
  });

  it("names the deadline reminder due: the nearest milestone reached, then one per day overdue", () => {
    const deadline = new Date("2026-04-21T15:30:00.000Z");
    const at = (daysBefore: number) => new Date(deadline.getTime() - daysBefore * 86_400_000);
    expect(reminderMilestone(deadline, at(45))).toBeNull();
    expect(reminderMilestone(deadline, at(30.01))).toBeNull();
    expect(reminderMilestone(deadline, at(30))).toBe("before-30");
    expect(reminderMilestone(deadline, at(14.5))).toBe("before-30");
    expect(reminderMilestone(deadline, at(14))).toBe("before-14");
    // First seen five days ahead: the 7-day reminder alone, not the 30- and 14-day ones as well.
    expect(reminderMilestone(deadline, at(5))).toBe("before-7");
    expect(reminderMilestone(deadline, at(3))).toBe("before-3");
    expect(reminderMilestone(deadline, at(0.5))).toBe("before-1");
    expect(reminderMilestone(deadline, deadline)).toBe("overdue-1");
    expect(reminderMilestone(deadline, at(-0.99))).toBe("overdue-1");
    expect(reminderMilestone(deadline, at(-1))).toBe("overdue-2");
    expect(reminderMilestone(deadline, at(-9.5))).toBe("overdue-10");
  });
});
