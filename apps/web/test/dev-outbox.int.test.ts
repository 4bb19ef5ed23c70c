import { db } from "@vetted/db";
import { createAgency, createUser, uniq } from "@vetted/db/testing";
import { createOrgWithMembers, testPasswordHash } from "@vetted/domain/testing";
import { queueMail } from "@vetted/domain";
import { renderToStaticMarkup } from "react-dom/server";
import type { ReactElement } from "react";
import { beforeAll, describe, expect, it, vi } from "vitest";

// The development outbox lists every mail, invitation links included: only an agency admin may see
// it, with tokens masked, and everyone else gets the same 404 as for a page that does not exist.

const acting = vi.hoisted(() => {
  process.env.DEV_OUTBOX = "true";
  return { userId: null as string | null, sessionId: null as string | null };
});
vi.mock("../../../packages/auth/src/session.ts", () => ({
  currentIdentity: async () => (acting.userId && acting.sessionId ? { userId: acting.userId, sessionId: acting.sessionId } : null),
}));
vi.mock("../../../packages/auth/src/request.ts", () => ({ currentRequestMeta: async () => ({ ip: "127.0.0.1", userAgent: "dev-outbox-test" }) }));

async function actAs(userId: string | null) {
  acting.userId = userId;
  acting.sessionId = userId ? (await db().userSession.create({ data: { userId, idleMinutes: 15 } })).id : null;
}

async function renderOutbox(): Promise<string> {
  const { default: OutboxPage } = await import("../app/dev/outbox/page");
  return renderToStaticMarkup((await OutboxPage()) as ReactElement);
}

/** next/navigation's notFound() throws an error whose digest marks a 404. */
async function expectNotFound(promise: Promise<unknown>) {
  const error = await promise.then(() => null, (e: unknown) => e as { digest?: string });
  expect(error?.digest).toMatch(/^NEXT_HTTP_ERROR_FALLBACK;404/);
}

const token = "aW52aXRhdGlvbi10b2tlbi1uZXZlci1zaG93bl9fXw";
let mailTo: string;
beforeAll(async () => {
  mailTo = `${uniq("outbox")}@test.vetted.local`;
  await db().$transaction((tx) => queueMail(tx, { to: mailTo, subject: "Invitation", text: `Join: http://localhost:3000/invite/${token}` }, null));
});

describe("/dev/outbox", () => {
  it("answers 404 to an anonymous visitor", async () => {
    await actAs(null);
    await expectNotFound(renderOutbox());
  });

  it("answers 404 to a signed-in client org admin who is not an agency admin", async () => {
    const { users } = await createOrgWithMembers();
    await actAs(users.ADMIN.id);
    await expectNotFound(renderOutbox());
  });

  it("answers 404 to an agency member who is not an agency admin", async () => {
    const agency = await createAgency();
    await actAs((await createUser({ passwordHash: await testPasswordHash(), agencyId: agency.id })).id);
    await expectNotFound(renderOutbox());
  });

  it("shows an agency admin the mail with the token masked", async () => {
    const agency = await createAgency();
    await actAs((await createUser({ passwordHash: await testPasswordHash(), agencyId: agency.id, agencyAdmin: true })).id);
    const html = await renderOutbox();
    expect(html).toContain(mailTo);
    expect(html).toContain("http://localhost:3000/invite/…");
    expect(html).not.toContain(token);
  });
});
