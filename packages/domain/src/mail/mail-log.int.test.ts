import { randomUUID } from "node:crypto";
import { disconnectDb } from "@vetted/db";
import { uniq } from "@vetted/db/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { TenantContext } from "../context";
import { inviteMember } from "../invitations/invite-member";
import { createOrgWithMembers } from "../testing";
import { logMailOutcomes, type MailLineLogger } from "./mail-outcomes";
import { startSmtpSink, type SmtpSink } from "./test-smtp-sink";

// Issue 15: a mail the web sends itself right after a request's commit (SMTP_URL set in the web) gets
// the same mail.* line as the worker's sends, naming the request. The web registers logMailOutcomes at
// start-up (apps/web/lib/startup.ts); here the request's use case runs in this process, as in a route.

let sink: SmtpSink;
const previousSmtp = process.env.SMTP_URL;
beforeAll(async () => {
  sink = await startSmtpSink();
  process.env.SMTP_URL = sink.url;
});
afterAll(async () => {
  if (previousSmtp === undefined) delete process.env.SMTP_URL;
  else process.env.SMTP_URL = previousSmtp;
  await sink.close();
  await disconnectDb();
});

const asRequest = (ctx: TenantContext, requestId: string): TenantContext => ({ ...ctx, request: { ...ctx.request, requestId } });

it("an invitation sent at once by the request writes mail.sent (direct) with the request's id, and no address", async () => {
  const written: string[] = [];
  const log: MailLineLogger = {
    child: (bindings) => ({
      info: (fields) => void written.push(JSON.stringify({ level: "info", ...bindings, ...fields })),
      warn: (fields) => void written.push(JSON.stringify({ level: "warn", ...bindings, ...fields })),
    }),
  };
  const stop = logMailOutcomes(log);
  try {
    const org = await createOrgWithMembers();
    const requestId = randomUUID();
    const email = `${uniq("invitee")}@test.vetted.local`;
    await inviteMember(asRequest(org.ctx.ADMIN, requestId), { email, role: "STAFF" });
    expect(sink.messages.some((m) => m.to.includes(email))).toBe(true);
    const mine = written.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.requestId === requestId);
    expect(mine).toEqual([{ level: "info", mailId: expect.any(String), requestId, event: "mail.sent", attempts: 1, via: "direct" }]);
    expect(written.join("\n")).not.toContain(email);
  } finally {
    stop();
  }
});
