import { db } from "@vetted/db";
import { createOrgWithMembers, type TestOrg } from "@vetted/domain/testing";
import type { ReactElement } from "react";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { NoAccess } from "@/components/no-access";
import { callRoute, importApp } from "./route-harness";

// The compliance report's adapters (issue 16): the PDF and CSV downloads (re-authentication, headers,
// 403 for roles without reports.view, 400 naming the field for a bad period) and the page (the period
// from the query, a bad one shown as a field error, never a 500).

const acting = vi.hoisted(() => ({ userId: null as string | null, sessionId: null as string | null }));
vi.mock("../../../packages/auth/src/session.ts", () => ({
  currentIdentity: async () => (acting.userId && acting.sessionId ? { userId: acting.userId, sessionId: acting.sessionId } : null),
}));
vi.mock("../../../packages/auth/src/request.ts", () => ({ currentRequestMeta: async () => ({ ip: "127.0.0.1", userAgent: "report-routes" }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));
vi.mock("next/headers", () => ({ cookies: async () => ({ get: () => undefined, getAll: () => [], has: () => false }), headers: async () => new Headers() }));

const PDF = "api/orgs/[orgSlug]/reports/[period]/pdf/route.ts";
const CSV = "api/orgs/[orgSlug]/reports/[period]/csv/route.ts";
const PAGE = "orgs/[orgSlug]/reports/page.tsx";
type Json = { error?: { code: string; fields?: Record<string, string[]> } };

let t: TestOrg;
async function actAs(userId: string, reauthAt: Date | null = new Date()) {
  const session = await db().userSession.create({ data: { userId, idleMinutes: 60, reauthAt } });
  acting.userId = userId;
  acting.sessionId = session.id;
}

beforeAll(async () => {
  t = await createOrgWithMembers();
});

describe("compliance report downloads", () => {
  it("serve the PDF and the CSV as uncached attachments to admins and officers, audited", async () => {
    await actAs(t.users.COMPLIANCE_OFFICER.id);
    const pdf = await callRoute(PDF, "GET", { orgSlug: t.org.slug, period: "2026-11" });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(pdf.headers.get("content-disposition")).toBe(`attachment; filename="compliance-report-${t.org.slug}-2026-11.pdf"`);
    expect(pdf.headers.get("cache-control")).toBe("private, no-store");
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe("%PDF-");
    await actAs(t.users.ADMIN.id);
    const csv = await callRoute(CSV, "GET", { orgSlug: t.org.slug, period: "2026-Q4" });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect((await csv.text()).split("\r\n")[0]).toBe("section,measure,value,previous_value,at,officer,finding_type,reason_code,justification");
    const exported = await db().auditEvent.findMany({ where: { orgId: t.org.id, action: "compliance_report.exported" }, orderBy: { seq: "asc" } });
    expect(exported.map((e) => [e.actorId, (e.metadata as { format: string }).format, e.targetId])).toEqual([
      [t.users.COMPLIANCE_OFFICER.id, "pdf", "2026-11"], [t.users.ADMIN.id, "csv", "2026-Q4"],
    ]);
  });

  it("need a recent re-authentication", async () => {
    await actAs(t.users.ADMIN.id, null);
    const response = await callRoute(PDF, "GET", { orgSlug: t.org.slug, period: "2026-11" });
    expect(response.status).toBe(401);
    expect(((await response.json()) as Json).error?.code).toBe("REAUTH_REQUIRED");
  });

  it("are refused to consultants and staff, and a bad period is a 400 naming it", async () => {
    for (const role of ["CONSULTANT", "STAFF"] as const) {
      await actAs(t.users[role].id);
      expect((await callRoute(CSV, "GET", { orgSlug: t.org.slug, period: "2026-11" })).status, role).toBe(403);
    }
    await actAs(t.users.ADMIN.id);
    for (const period of ["2026-13", "november", "2099-01", "..%2F..%2Fetc"]) {
      const response = await callRoute(CSV, "GET", { orgSlug: t.org.slug, period });
      expect(response.status, period).toBe(400);
      expect(Object.keys(((await response.json()) as Json).error?.fields ?? {}), period).toEqual(["period"]);
    }
  });
});

describe("compliance report page", () => {
  type Page = (props: { params: Promise<Record<string, string>>; searchParams: Promise<Record<string, string>> }) => Promise<unknown>;
  const page = async (searchParams: Record<string, string>) =>
    ((await importApp(PAGE)).default as Page)({ params: Promise.resolve({ orgSlug: t.org.slug }), searchParams: Promise.resolve(searchParams) });
  // The element tree as JSON: text and props (server components below the page stay unrendered).
  const render = async (searchParams: Record<string, string>) => JSON.stringify(await page(searchParams));

  it("shows the period asked for, audits the view, and shows a bad period as a field error", async () => {
    await actAs(t.users.ADMIN.id);
    expect(await render({ period: "2026-10" })).toContain("October 2026");
    expect(await db().auditEvent.count({ where: { orgId: t.org.id, action: "compliance_report.viewed", targetId: "2026-10" } })).toBe(1);
    const bad = await render({ period: "2026-99" });
    expect(bad).toContain("period — A period is a month like 2026-11 or a quarter like 2026-Q4");
    expect(bad).not.toContain("2026-99");
  });

  it("tells a consultant the page is not for them", async () => {
    await actAs(t.users.CONSULTANT.id);
    expect(((await page({})) as ReactElement).type).toBe(NoAccess);
  });
});
