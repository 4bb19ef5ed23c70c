import { db } from "@vetted/db";
import { scanText } from "@vetted/scanner";
import { beforeAll, describe, expect, it } from "vitest";
import { createOrgWithMembers, expectAppError, type TestOrg } from "../testing";
import { previewTextScan } from "./preview-text-scan";

// The composer's as-you-type hint runs on the server with the org's own lists.

const PATIENT_STORY = "So proud of Rosalind Ferreira, home today after her open heart surgery on our cardiac unit.";

let org: TestOrg;
beforeAll(async () => {
  org = await createOrgWithMembers();
  // A realistic staff name, so the staff directory has something to allow.
  await db().user.update({ where: { id: org.users.STAFF.id }, data: { name: "Evangeline Marchetti" } });
});

describe("previewTextScan", () => {
  it("reports findings as offsets into the text sent, without echoing the text", async () => {
    const preview = await previewTextScan(org.ctx.CONSULTANT, { text: PATIENT_STORY, channel: "FACEBOOK" });
    expect(preview.verdict).not.toBe("allow");
    const name = preview.findings.find((f) => f.type === "NAME");
    expect(name && PATIENT_STORY.slice(name.start, name.end)).toContain("Rosalind");
    expect(JSON.stringify(preview)).not.toContain("Rosalind");
    expect(preview.findings.every((f) => f.explanation.length > 0)).toBe(true);
  });

  it("does not flag the org's own staff by name (the scanner alone would)", async () => {
    const text = "Ask Evangeline Marchetti about your diabetes questions at the health fair.";
    expect(scanText(text, { kind: "post" }).findings.some((f) => f.type === "NAME")).toBe(true);
    const preview = await previewTextScan(org.ctx.CONSULTANT, { text });
    expect(preview.findings.filter((f) => f.type === "NAME")).toEqual([]);
  });

  it("answers an empty draft without scanning", async () => {
    expect(await previewTextScan(org.ctx.CONSULTANT, { text: "   " })).toEqual({ verdict: "allow", findings: [] });
  });

  it("refuses roles that do not write posts, and bad input by field", async () => {
    await expectAppError(previewTextScan(org.ctx.STAFF, { text: PATIENT_STORY }), "FORBIDDEN");
    await expectAppError(previewTextScan(org.ctx.COMPLIANCE_OFFICER, { text: PATIENT_STORY }), "FORBIDDEN");
    const long = (await expectAppError(previewTextScan(org.ctx.CONSULTANT, { text: "a".repeat(5001) }), "VALIDATION")) as Error & { fields?: Record<string, string[]> };
    expect(Object.keys(long.fields ?? {})).toEqual(["text"]);
    await expectAppError(previewTextScan(org.ctx.CONSULTANT, { text: "hello", channel: "MYSPACE" }), "VALIDATION");
    await expectAppError(previewTextScan(org.ctx.CONSULTANT, {}), "VALIDATION");
  });
});
