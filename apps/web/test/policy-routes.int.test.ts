import { db } from "@vetted/db";
import { getPolicyManual } from "@vetted/domain";
import { addMember, createUser } from "@vetted/db/testing";
import { createOrgWithMembers, testPasswordHash, type TestOrg } from "@vetted/domain/testing";
import { createElement, type ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { AppRouterContext } from "next/dist/shared/lib/app-router-context.shared-runtime";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { callRoute, form, importApp } from "./route-harness";

// The policy manual's adapters: the PDF route (headers, audited, drafts hidden from readers), the
// approve action reading the effective time in the org's zone, and field errors reaching the form.

const acting = vi.hoisted(() => ({ userId: null as string | null, sessionId: null as string | null }));
vi.mock("../../../packages/auth/src/session.ts", () => ({
  currentIdentity: async () => (acting.userId && acting.sessionId ? { userId: acting.userId, sessionId: acting.sessionId } : null),
}));
vi.mock("../../../packages/auth/src/request.ts", () => ({ currentRequestMeta: async () => ({ ip: "127.0.0.1", userAgent: "policy-routes" }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));

const PDF = "api/orgs/[orgSlug]/policy/versions/[versionId]/pdf/route.ts";
const ACTIONS = "orgs/[orgSlug]/policy/actions.ts";
type Action = (slug: string, prev: null, data: FormData) => Promise<{ ok: boolean; error?: { code: string; fields?: Record<string, string[]> } }>;

let t: TestOrg;
let officer2: string;
let versionId: string;

async function actAs(userId: string) {
  const session = await db().userSession.create({ data: { userId, idleMinutes: 60 } });
  acting.userId = userId;
  acting.sessionId = session.id;
}
const call = async (name: string, fields: Record<string, string>) => ((await importApp(ACTIONS))[name] as Action)(t.org.slug, null, form(fields));

beforeAll(async () => {
  t = await createOrgWithMembers();
  await db().organization.update({ where: { id: t.org.id }, data: { timeZone: "America/Chicago" } });
  const user = await createUser({ passwordHash: await testPasswordHash(), name: "Route Officer" });
  await addMember(t.org.id, user.id, "COMPLIANCE_OFFICER");
  officer2 = user.id;
  versionId = (await getPolicyManual(t.ctx.ADMIN)).open!.id;
});

describe("policy manual adapters", () => {
  it("serves a draft's PDF to editors only, as an attachment that is never cached", async () => {
    await actAs(t.users.STAFF.id);
    expect((await callRoute(PDF, "GET", { orgSlug: t.org.slug, versionId })).status).toBe(404);
    await actAs(t.users.ADMIN.id);
    const response = await callRoute(PDF, "GET", { orgSlug: t.org.slug, versionId });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="policy-manual-v1.pdf"');
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(Buffer.from(await response.arrayBuffer()).subarray(0, 5).toString()).toBe("%PDF-");
    expect(await db().auditEvent.count({ where: { orgId: t.org.id, action: "manual.version.pdf_downloaded", targetId: versionId } })).toBe(1);
  });

  it("names the field of a bad edit, and a quiz without answers", async () => {
    await actAs(t.users.ADMIN.id);
    const edit = await call("updateDraftAction", { versionId, "sections.monitoring.body": "We never watch" });
    expect(edit).toMatchObject({ ok: false, error: { code: "VALIDATION", fields: { "sections.monitoring": [expect.stringMatching(/generated/)] } } });
    const quiz = await call("saveQuizQuestionAction", { prompt: "What do you do with a PHI comment?", choices: "", correctIndex: "0" });
    expect(quiz).toMatchObject({ ok: false, error: { code: "VALIDATION" } });
    expect(quiz.error!.fields).toHaveProperty("choices");
  });

  it("approves with the effective time typed in the org's zone", async () => {
    await actAs(t.users.ADMIN.id);
    const html = '<script>alert("policy")</script>\n\n- <img src=x onerror=alert(2)>';
    expect(await call("updateDraftAction", { versionId, "sections.sanctions.body": html, material: "on" })).toMatchObject({ ok: true });
    expect(await call("submitVersionAction", { versionId })).toMatchObject({ ok: true });
    await actAs(officer2);
    const past = await call("approveVersionAction", { versionId, effectiveAt: "2020-01-01T09:00" });
    expect(past).toMatchObject({ ok: false, error: { code: "VALIDATION", fields: { effectiveAt: [expect.any(String)] } } });
    const year = new Date().getUTCFullYear() + 1;
    expect(await call("approveVersionAction", { versionId, effectiveAt: `${year}-01-15T09:30` })).toMatchObject({ ok: true });
    const row = await db().policyManualVersion.findFirstOrThrow({ where: { id: versionId, orgId: t.org.id } });
    // 09:30 in Chicago in January is 15:30 UTC.
    expect(row.effectiveAt!.toISOString()).toBe(`${year}-01-15T15:30:00.000Z`);
  });

  it("shows a section's HTML to readers as text, never as markup", async () => {
    await actAs(t.users.STAFF.id);
    const page = (await importApp("orgs/[orgSlug]/policy/versions/[versionId]/page.tsx")).default as (p: { params: Promise<Record<string, string>> }) => Promise<ReactElement>;
    const router = { back() {}, forward() {}, refresh() {}, push() {}, replace() {}, prefetch() {} };
    const markup = renderToStaticMarkup(createElement(AppRouterContext.Provider, { value: router as never }, await page({ params: Promise.resolve({ orgSlug: t.org.slug, versionId }) })));
    expect(markup).toContain("&lt;script&gt;alert(&quot;policy&quot;)&lt;/script&gt;");
    expect(markup).toContain("<li class=\"break-words\">&lt;img src=x onerror=alert(2)&gt;</li>");
    expect(markup).not.toMatch(/<script|<img/);
    expect(markup).toContain("from settings: Approval policy");
  });

  it("saves the acknowledgement settings, naming a bad field; starts and discards a draft", async () => {
    await actAs(t.users.ADMIN.id);
    const bad = await call("updateManualSettingsAction", { ackDueDays: "0" });
    expect(bad).toMatchObject({ ok: false, error: { code: "VALIDATION", fields: { ackDueDays: [expect.any(String)] } } });
    expect(await call("updateManualSettingsAction", { ackDueDays: "14", ackDepartments: "", ackJobRoles: "Nurse" })).toMatchObject({ ok: true });
    expect(await db().policyManual.findFirstOrThrow({ where: { orgId: t.org.id } })).toMatchObject({ ackDueDays: 14, ackDepartments: [], ackJobRoles: ["Nurse"] });

    // Version 1 was approved above: no draft is open, so one is started, then discarded.
    const render = async () => {
      const page = (await importApp("orgs/[orgSlug]/policy/page.tsx")).default as (p: { params: Promise<Record<string, string>> }) => Promise<ReactElement>;
      const router = { back() {}, forward() {}, refresh() {}, push() {}, replace() {}, prefetch() {} };
      return renderToStaticMarkup(createElement(AppRouterContext.Provider, { value: router as never }, await page({ params: Promise.resolve({ orgSlug: t.org.slug }) })));
    };
    const before = await render();
    expect(before).toContain("Start a new draft");
    expect(before).toContain("Days to sign once asked");
    expect(await call("startDraftAction", {})).toMatchObject({ ok: true });
    const draft = (await getPolicyManual(t.ctx.ADMIN)).open!;
    expect(draft).toMatchObject({ number: 2, status: "DRAFT" });
    expect(await call("startDraftAction", {})).toMatchObject({ ok: false, error: { code: "CONFLICT" } });
    expect(await call("discardDraftAction", { versionId: draft.id })).toMatchObject({ ok: true });
    expect(await call("discardDraftAction", { versionId })).toMatchObject({ ok: false, error: { code: "CONFLICT" } });
    expect((await render())).toContain("Discarded draft");
  });
});
