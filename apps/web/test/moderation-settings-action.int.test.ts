import { db } from "@vetted/db";
import { auditEventsFor, createOrgWithMembers, type TestOrg } from "@vetted/domain/testing";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { importApp } from "./route-harness";

// The settings form's comment-moderation fields (issue 12) through the server action, as the browser
// posts them: the checkbox's hidden "false" plus "on" when ticked, numbers as text.

const acting = vi.hoisted(() => ({ userId: null as string | null, sessionId: null as string | null }));
vi.mock("../../../packages/auth/src/session.ts", () => ({
  currentIdentity: async () => (acting.userId && acting.sessionId ? { userId: acting.userId, sessionId: acting.sessionId } : null),
}));
vi.mock("../../../packages/auth/src/request.ts", () => ({ currentRequestMeta: async () => ({ ip: "127.0.0.1", userAgent: "moderation-settings" }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));

type Result = { ok: boolean; message?: string; error?: { code: string; message: string; fields?: Record<string, string[]> } };
type Action = (slug: string, prev: null, data: FormData) => Promise<Result>;

let a: TestOrg;
beforeAll(async () => {
  a = await createOrgWithMembers();
  const session = await db().userSession.create({ data: { userId: a.users.ADMIN.id, idleMinutes: 15 } });
  acting.userId = a.users.ADMIN.id;
  acting.sessionId = session.id;
});

function settingsForm(opts: { ticked: boolean; days: string; minutes: string }): FormData {
  const data = new FormData();
  data.append("name", a.org.name);
  data.append("autoHideBlocking", "false");
  if (opts.ticked) data.append("autoHideBlocking", "on");
  data.append("commentRetentionDays", opts.days);
  data.append("firstResponseSlaMinutes", opts.minutes);
  return data;
}
const save = async (data: FormData) => ((await importApp("orgs/[orgSlug]/settings/actions.ts")).updateSettingsAction as Action)(a.org.slug, null, data);
const org = () => db().organization.findUniqueOrThrow({ where: { id: a.org.id } });

describe("comment moderation settings, through the form's action", () => {
  it("an unchanged form saves nothing and says so", async () => {
    expect(await save(settingsForm({ ticked: true, days: "2190", minutes: "240" }))).toEqual({ ok: true, message: "No changes to save" });
    expect(await auditEventsFor(a.org.id, { action: "org.updated" })).toHaveLength(0);
  });

  it("unticking the box turns auto-hide off; the message names what changed", async () => {
    const result = await save(settingsForm({ ticked: false, days: "2200", minutes: "120" }));
    expect(result.ok).toBe(true);
    expect(result.message).toMatch(/automatic hiding, snapshot retention, first-response time$/);
    expect(await org()).toMatchObject({ autoHideBlocking: false, commentRetentionDays: 2200, firstResponseSlaMinutes: 120 });
  });

  it("too short a retention or SLA is refused with the field named, and nothing changes", async () => {
    const before = await org();
    const result = await save(settingsForm({ ticked: true, days: "30", minutes: "5" }));
    expect(result).toMatchObject({ ok: false, error: { code: "VALIDATION" } });
    expect(result.error?.fields?.commentRetentionDays?.[0]).toMatch(/2190 days/);
    expect(result.error?.fields?.firstResponseSlaMinutes?.[0]).toMatch(/30 minutes/);
    expect(await org()).toEqual(before);
  });
});
