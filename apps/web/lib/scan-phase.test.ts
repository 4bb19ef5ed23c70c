import { describe, expect, it } from "vitest";
import { PHASE_TEXT, scanPhase } from "./scan-phase";

describe("scanPhase", () => {
  it("is scanning while the post scans or its revision's job has not finished, whatever the (empty) findings", () => {
    expect(scanPhase("SCANNING", null)).toBe("scanning");
    expect(scanPhase("SCANNING", "RUNNING")).toBe("scanning");
    for (const status of ["PENDING", "ENQUEUED", "RUNNING"]) expect(scanPhase("IN_REVIEW", status)).toBe("scanning");
  });

  it("is failed for a failed scan, never done", () => {
    expect(scanPhase("SCAN_FAILED", "FAILED")).toBe("failed");
    expect(scanPhase("SCAN_FAILED", null)).toBe("failed");
  });

  it("is done only once the current revision's scan succeeded; a draft has not been scanned", () => {
    expect(scanPhase("IN_REVIEW", "SUCCEEDED")).toBe("done");
    expect(scanPhase("APPROVED", "SUCCEEDED")).toBe("done");
    expect(scanPhase("DRAFT", null)).toBe("not-scanned");
    expect(scanPhase("CHANGES_REQUESTED", undefined)).toBe("not-scanned");
  });

  it("never words a pending phase as a clean result", () => {
    for (const text of Object.values(PHASE_TEXT)) expect(text).not.toMatch(/found nothing|nothing found|covered/i);
  });
});
