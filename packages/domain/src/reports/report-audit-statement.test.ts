import { describe, expect, it } from "vitest";
import { auditVerification } from "./report-audit-statement";

const at = new Date("2026-12-02T15:30:00Z");
const cp = { status: "ok" as const, seq: 90, signedAt: "2026-12-02T15:00:00.000Z", keyId: "k1" };

describe("the report's audit statement", () => {
  it("states an intact chain with its checkpoint", () => {
    const v = auditVerification({ ok: true, events: 100, lastSeq: 100, lastHash: "h", checkpoint: cp }, at);
    expect(v).toMatchObject({ ok: true, events: 100, lastSeq: 100, checkpoint: { status: "ok", seq: 90, keyId: "k1" } });
    expect(v.statement).toBe(
      "Verified intact on 2026-12-02T15:30:00.000Z: all 100 events of the organization's audit trail (up to event 100) were recomputed and every hash link holds. It matches the latest signed checkpoint (event 90, signed 2026-12-02T15:00:00.000Z with key k1).",
    );
  });

  it("says when no checkpoint exists yet, and when the trail was purged for retention", () => {
    const v = auditVerification({ ok: true, events: 1, lastSeq: 41, lastHash: "h", checkpoint: { status: "none" }, purgedThroughSeq: 40 }, at);
    expect(v.statement).toContain("No signed checkpoint had been written yet");
    expect(v.statement).toContain("Events 1 to 40 were purged");
    expect(v.checkpoint).toEqual({ status: "none", seq: null, signedAt: null, keyId: null });
  });

  it("names the first broken event and the reason", () => {
    const v = auditVerification({ ok: false, events: 16, brokenAt: { seq: 17, id: null, reason: "event content does not match its hash" }, checkpoint: cp }, at);
    expect(v).toMatchObject({ ok: false, brokenAtSeq: 17, lastSeq: null });
    expect(v.statement).toBe("VERIFICATION FAILED on 2026-12-02T15:30:00.000Z: the audit trail does not hold at event 17 (event content does not match its hash); 16 events before it verified. Report this to the agency's security contact.");
  });
});
