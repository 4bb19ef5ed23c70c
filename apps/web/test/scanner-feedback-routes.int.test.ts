import { db } from "@vetted/db";
import { evalRecordSchema } from "@vetted/domain";
import { auditEventsFor, createOrgWithMembers, type TestOrg } from "@vetted/domain/testing";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { callRoute, form, importApp } from "./route-harness";

// The scanner-feedback routes over HTTP (issue 11, item 7): a label in, field-named 4xx for bad
// input, undo, and the JSONL download's headers. Tenant isolation is in route-matrix.int.test.ts.

const acting = vi.hoisted(() => ({ userId: null as string | null, sessionId: null as string | null }));
vi.mock("../../../packages/auth/src/session.ts", () => ({
  currentIdentity: async () => (acting.userId && acting.sessionId ? { userId: acting.userId, sessionId: acting.sessionId } : null),
}));
vi.mock("../../../packages/auth/src/request.ts", () => ({ currentRequestMeta: async () => ({ ip: "127.0.0.1", userAgent: "scanner-feedback-routes" }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));

const RECORD = "api/orgs/[orgSlug]/scanner-feedback/route.ts";
const WITHDRAW = "api/orgs/[orgSlug]/scanner-feedback/[feedbackId]/withdraw/route.ts";
const EXPORT = "api/orgs/[orgSlug]/scanner-feedback/export/route.ts";
const ACTIONS = "orgs/[orgSlug]/posts/feedback-actions.ts";
const TEXT = "Cheering for Evangeline Whitcombe-Oduya, back from her cardiac rehab at our Linden campus!";
const at = (part: string) => ({ start: TEXT.indexOf(part), end: TEXT.indexOf(part) + part.length });
type ErrorJson = { error: { code: string; fields?: Record<string, string[]> } };

let a: TestOrg;
let revisionId: string;
let findingId: string;
beforeAll(async () => {
  a = await createOrgWithMembers();
  // A revision whose scan finished, with one finding: set up directly, the routes are what is tested.
  const post = await db().post.create({ data: { orgId: a.org.id, authorId: a.users.CONSULTANT.id, title: "Routes", state: "IN_REVIEW", channels: ["LINKEDIN"] } });
  const revision = await db().postRevision.create({ data: { orgId: a.org.id, postId: post.id, number: 1, text: TEXT, createdById: a.users.CONSULTANT.id } });
  await db().scanJob.create({ data: { orgId: a.org.id, postId: post.id, revisionId: revision.id, status: "SUCCEEDED", verdict: "block" } });
  const finding = await db().finding.create({
    data: { orgId: a.org.id, postId: post.id, revisionId: revision.id, source: "TEXT", type: "LOCATION", ...at("Linden campus"), score: 0.7, recognizer: "test", explanation: "invented" },
  });
  revisionId = revision.id;
  findingId = finding.id;
});

async function actAs(userId: string) {
  const session = await db().userSession.create({ data: { userId, idleMinutes: 15 } });
  acting.userId = userId;
  acting.sessionId = session.id;
}
const post = (body: unknown) => callRoute(RECORD, "POST", { orgSlug: a.org.slug }, { body: JSON.stringify(body) });

describe("scanner feedback routes", () => {
  it("records labels, names the bad field, refuses other roles, and undoes", async () => {
    await actAs(a.users.COMPLIANCE_OFFICER.id);
    const missed = await post({ kind: "MISSED_PHI", revisionId, ...at("Evangeline Whitcombe-Oduya"), type: "NAME" });
    expect(missed.status).toBe(200);
    const { feedback } = (await missed.json()) as { feedback: { id: string; kind: string; start: number } };
    expect(feedback).toMatchObject({ kind: "MISSED_PHI", start: at("Evangeline").start });
    for (const [body, field] of [
      [{ kind: "MISSED_PHI", revisionId, ...at("cardiac rehab"), type: "ILLNESS" }, "type"],
      [{ kind: "MISSED_PHI", revisionId, start: 10, end: TEXT.length + 1, type: "HEALTH" }, "end"],
      [{ kind: "MISSED_PHI", revisionId, ...at("Evangeline Whitcombe-Oduya"), type: "NAME" }, "start"],
      [{ kind: "NOT_PHI" }, "findingId"],
      [{}, "kind"],
    ] as const) {
      const response = await post(body);
      expect(response.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(Object.keys(((await response.json()) as ErrorJson).error.fields ?? {})).toContain(field);
    }
    const withdrawn = await callRoute(WITHDRAW, "POST", { orgSlug: a.org.slug, feedbackId: feedback.id });
    expect(withdrawn.status).toBe(200);
    expect((await callRoute(WITHDRAW, "POST", { orgSlug: a.org.slug, feedbackId: feedback.id })).status).toBe(409);
    expect((await callRoute(WITHDRAW, "POST", { orgSlug: a.org.slug, feedbackId: "not-an-id" })).status).toBe(400);

    await actAs(a.users.CONSULTANT.id);
    expect((await post({ kind: "NOT_PHI", findingId })).status).toBe(403);
    expect((await callRoute(EXPORT, "GET", { orgSlug: a.org.slug })).status).toBe(403);
  });

  it("the page's actions record a Not PHI label and a missed span from form fields", async () => {
    await actAs(a.users.COMPLIANCE_OFFICER.id);
    const actions = (await importApp(ACTIONS)) as Record<string, (slug: string, prev: null, data: FormData) => Promise<{ ok: boolean }>>;
    expect(await actions.recordScannerFeedbackAction!(a.org.slug, null, form({ kind: "NOT_PHI", findingId }))).toMatchObject({ ok: true });
    const span = at("cardiac rehab");
    expect(await actions.recordScannerFeedbackAction!(a.org.slug, null, form({ kind: "MISSED_PHI", revisionId, source: "TEXT", start: String(span.start), end: String(span.end), type: "HEALTH" }))).toMatchObject({ ok: true });
    expect(await actions.recordScannerFeedbackAction!(a.org.slug, null, form({ kind: "MISSED_PHI", revisionId, source: "TEXT", start: "", end: "", type: "HEALTH" }))).toMatchObject({ ok: false, error: { code: "VALIDATION" } });
  });

  it("an admin downloads the JSONL as an audited attachment, no PHI in the address", async () => {
    await actAs(a.users.ADMIN.id);
    const response = await callRoute(EXPORT, "GET", { orgSlug: a.org.slug });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="scanner-feedback-[a-z0-9-]+-\d{4}-\d{2}-\d{2}\.jsonl"$/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const lines = (await response.text()).trimEnd().split("\n").map((l) => evalRecordSchema.parse(JSON.parse(l)));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ id: revisionId, kind: "post", channel: "linkedin", text: TEXT, phi: [{ ...at("cardiac rehab"), type: "HEALTH" }], verdict: "review" });
    const [event] = await auditEventsFor(a.org.id, { action: "scanner_feedback.exported" });
    expect(event).toMatchObject({ actorId: a.users.ADMIN.id, metadata: { records: 1, labels: 2 } });
  });
});
