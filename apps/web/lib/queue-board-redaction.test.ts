import { describe, expect, it } from "vitest";
import { HIDDEN_REASON, redactFailure } from "./queue-board-redaction";

const stack = (message: string) => `Error: ${message}\n    at runScanJob (/app/packages/domain/src/scans/run-scan-job.ts:40:11)\n    at async processScan (/app/apps/worker/src/processors/scan.ts:27:12)`;

describe("what the queue dashboard shows of a failure", () => {
  it("shows codes and the processors' own refusals as they are", () => {
    for (const reason of ["NOT_FOUND", "FORBIDDEN", "OCR_UNREADABLE", "Invalid scan.run payload (scanJobId: invalid_format; orgId: invalid_format)", "Unknown job name on queue scan"]) {
      expect(redactFailure({ failedReason: reason }).failedReason, reason).toBe(reason);
    }
  });

  it("hides any other message, which may quote data, and keeps the stack's frames without it", () => {
    const message = "Key (name)=(Jane Doe, MRN 0042) already exists";
    const job = redactFailure({ id: "scan-1", data: { scanJobId: "x" }, failedReason: message, stacktrace: [stack(message), null] });
    expect(job.failedReason).toBe(HIDDEN_REASON);
    expect(job.stacktrace![0]).toBe("    at runScanJob (/app/packages/domain/src/scans/run-scan-job.ts:40:11)\n    at async processScan (/app/apps/worker/src/processors/scan.ts:27:12)");
    expect(JSON.stringify(job)).not.toContain("Jane");
    expect(job).toMatchObject({ id: "scan-1", data: { scanJobId: "x" } });
  });

  it("hides a message dressed as a refusal that carries more than field names", () => {
    expect(redactFailure({ failedReason: "Invalid scan.run payload (Jane (MRN 42))" }).failedReason).toBe(HIDDEN_REASON);
    expect(redactFailure({ failedReason: "Unknown job name on queue scan: Jane Doe" }).failedReason).toBe(HIDDEN_REASON);
  });

  it("leaves a job that did not fail alone", () => {
    expect(redactFailure({ id: "a", failedReason: undefined, stacktrace: [] })).toEqual({ id: "a", failedReason: undefined, stacktrace: [] });
  });
});
