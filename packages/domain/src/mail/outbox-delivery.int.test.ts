import { randomUUID } from "node:crypto";
import { db, disconnectDb } from "@vetted/db";
import { createAgency, createUser, uniq, withPgClient } from "@vetted/db/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadAgencyAdminContext } from "../orgs/agency-context";
import { auditEventsFor, expectAppError, testPasswordHash, testRequest } from "../testing";
import { backfillOutboxEncryption } from "./backfill-outbox";
import { listDeadMails, retryDeadMail } from "./dead-mails";
import { mailAad, openMail } from "./mail-crypto";
import { decryptField } from "../consents/crypto";
import { outboxMailsTo } from "./mails-to";
import { onMailOutcome, type MailOutcome } from "./mail-outcomes";
import { deliverMail, MAIL_MAX_ATTEMPTS, queueMail, sendDueMails } from "./send-mail";
import { outboxIdOf } from "./message-id";
import { messageIdHeader, startSmtpSink, type SmtpSink } from "./test-smtp-sink";

// mailEnv() is read once per test file: SMTP_URL must be set before the first send.
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
beforeEach(() => {
  sink.failing = false;
  sink.acceptDelayMs = 0;
});

const address = () => `${uniq("patient")}@test.vetted.local`;
const queue = (to: string, subject = "Sign the authorization for Jane Roe") =>
  db().$transaction((tx) => queueMail(tx, { to, subject, text: `Dear patient, open http://localhost:3000/sign/${uniq("tok")}`, html: "<p>Jane Roe</p>" }, null));
const received = (to: string) => sink.messages.filter((m) => m.to.includes(to));
// Older than anything else queued by other test files, so a sweep takes these first.
const makeFirstInLine = (ids: string[]) => db().outboxMail.updateMany({ where: { id: { in: ids } }, data: { nextAttemptAt: new Date("2000-01-01T00:00:00Z") } });

describe("outbox mail at rest", () => {
  it("stores address, subject and bodies only as envelopes bound to the row", async () => {
    const to = address();
    const { id } = await queue(to);
    const [raw] = await withPgClient(async (c) => (await c.query(`SELECT * FROM "OutboxMail" WHERE id = $1`, [id])).rows);
    expect(raw).toMatchObject({ to: null, subject: null, text: null, html: null });
    for (const column of ["toCipher", "subjectCipher", "textCipher", "htmlCipher"]) expect(raw[column]).toMatch(/^v1:/);
    expect(JSON.stringify(raw)).not.toMatch(/Jane Roe|patient|test\.vetted\.local/);
    expect(openMail(raw)).toMatchObject({ to, subject: "Sign the authorization for Jane Roe", html: "<p>Jane Roe</p>" });
    // An envelope copied into another mail does not open there.
    expect(() => decryptField(raw.textCipher, mailAad(uniq("other"), "text"))).toThrow(/integrity/);
  });

  it("seals rows written in plaintext before encryption (the worker's backfill)", async () => {
    const to = address();
    const legacy = await db().outboxMail.create({ data: { to, subject: "Old subject", text: "Old body" } });
    for (let i = 0; i < 20 && (await db().outboxMail.findUniqueOrThrow({ where: { id: legacy.id } })).toCipher === null; i++) await backfillOutboxEncryption();
    const row = await db().outboxMail.findUniqueOrThrow({ where: { id: legacy.id } });
    expect(row).toMatchObject({ to: null, subject: null, text: null });
    expect(openMail(row)).toMatchObject({ to, subject: "Old subject", text: "Old body" });
    expect((await outboxMailsTo(to)).map((m) => m.id)).toEqual([legacy.id]);
  });
});

describe("sending", () => {
  it("sends each pending mail exactly once when two sweeps run at the same time", async () => {
    const tos = Array.from({ length: 8 }, address);
    const ids = [];
    for (const to of tos) ids.push((await queue(to)).id);
    await makeFirstInLine(ids);
    await Promise.all([sendDueMails({ limit: 8 }), sendDueMails({ limit: 8 })]);
    // Whatever the split, a third sweep and the fast path find nothing more of these to send.
    await sendDueMails({ limit: 8 });
    expect(await deliverMail(ids[0]!)).toBe("busy");
    for (const to of tos) expect(received(to)).toHaveLength(1);
    const rows = await db().outboxMail.findMany({ where: { id: { in: ids } } });
    expect(rows.every((r) => r.sentAt !== null && r.attempts === 1)).toBe(true);
    expect(received(tos[0]!)[0]!.data).toContain("Sign the authorization for Jane Roe");
    // Each message names its row: a resend of the row would carry the same Message-ID.
    for (const [i, to] of tos.entries()) expect(outboxIdOf(messageIdHeader(received(to)[0]!.data)!)).toBe(ids[i]);
  });

  // Two sweeps, the second starting while the first is still sending: each mail must arrive once and
  // be claimed once. Claims lapse after 1 s unless renewed; the sink takes `sendMs` to accept each mail.
  async function overlappingSweeps(count: number, sendMs: number, secondAfterMs: number) {
    const tos = Array.from({ length: count }, address);
    const ids = [];
    for (const to of tos) ids.push((await queue(to)).id);
    await makeFirstInLine(ids);
    sink.acceptDelayMs = sendMs;
    const timings = { leaseSeconds: 1, renewEveryMs: 200 };
    const first = sendDueMails({ limit: count, ...timings });
    await new Promise((r) => setTimeout(r, secondAfterMs));
    await Promise.all([first, sendDueMails({ limit: count, ...timings })]);
    for (const to of tos) expect(received(to)).toHaveLength(1);
    const rows = await db().outboxMail.findMany({ where: { id: { in: ids } } });
    expect(rows.every((r) => r.sentAt !== null && r.attempts === 1)).toBe(true);
  }

  it("renews a claim while its send outlasts the lease: another sweep meanwhile does not send it again", async () => {
    await overlappingSweeps(1, 1_500, 1_200);
  });

  it("claims a mail only when it is its turn: one waiting behind a slow send does not lapse and go out twice", async () => {
    await overlappingSweeps(2, 1_200, 1_100);
  });

  it("retries a failed send with backoff, dead-letters it after the last attempt, and an agency admin re-queues it", async () => {
    const to = address();
    const { id } = await queue(to);
    sink.failing = true;
    expect(await deliverMail(id)).toBe("failed");
    let row = await db().outboxMail.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ attempts: 1, deadAt: null, sentAt: null, error: expect.stringMatching(/^SMTP delivery failed/) });
    const wait = row.nextAttemptAt.getTime() - Date.now();
    expect(wait).toBeGreaterThan(20_000);
    expect(wait).toBeLessThanOrEqual(30_000);
    // Not due yet: the fast path does not send it.
    expect(await deliverMail(id)).toBe("busy");

    for (let attempt = 2; attempt <= MAIL_MAX_ATTEMPTS; attempt++) {
      await makeFirstInLine([id]);
      expect(await deliverMail(id)).toBe("failed");
      row = await db().outboxMail.findUniqueOrThrow({ where: { id } });
      expect(row.attempts).toBe(attempt);
      if (attempt === 3) expect(row.nextAttemptAt.getTime() - Date.now()).toBeGreaterThan(100_000); // 2 min: doubling
    }
    expect(row.deadAt).not.toBeNull();
    await db().outboxMail.update({ where: { id }, data: { nextAttemptAt: new Date("2000-01-01T00:00:00Z") } });
    expect(await deliverMail(id)).toBe("busy");
    expect(received(to)).toHaveLength(0);

    const agency = await createAgency();
    const admin = await createUser({ passwordHash: await testPasswordHash(), agencyId: agency.id, agencyAdmin: true });
    const ctx = await loadAgencyAdminContext(admin.id, testRequest());
    const dead = (await listDeadMails(ctx, 1000)).find((m) => m.id === id);
    expect(dead).toMatchObject({ attempts: MAIL_MAX_ATTEMPTS, error: expect.stringMatching(/SMTP/) });
    expect(dead!.to).toBe(`${to[0]}•••@test.vetted.local`);
    expect(JSON.stringify(dead)).not.toMatch(/Jane Roe|authorization/);

    sink.failing = false;
    await retryDeadMail(ctx, { mailId: id });
    expect(await db().outboxMail.findUniqueOrThrow({ where: { id } })).toMatchObject({ attempts: 0, deadAt: null, error: null });
    expect(await auditEventsFor(null, { action: "mail.retried", targetId: id })).toHaveLength(1);
    await makeFirstInLine([id]);
    await sendDueMails({ limit: 5 });
    expect(received(to)).toHaveLength(1);
    // A mail that is not dead cannot be "retried" again.
    await expectAppError(retryDeadMail(ctx, { mailId: id }), "NOT_FOUND");
  });
});

describe("what each send reports, for the sender's log line (issue 15)", () => {
  it("names the mail and the request behind it, and says which path sent it; a failure by its class only", async () => {
    const heard: MailOutcome[] = [];
    const stop = onMailOutcome((o) => heard.push(o));
    try {
      const requestId = randomUUID();
      const { id } = await db().$transaction((tx) => queueMail(tx, { to: address(), subject: "Invitation", text: "Join us" }, { requestId }));
      sink.failing = true;
      expect(await deliverMail(id)).toBe("failed");
      sink.failing = false;
      await makeFirstInLine([id]);
      await sendDueMails({ limit: 50 });
      expect(heard.filter((o) => o.mailId === id)).toEqual([
        { mailId: id, requestId, outcome: "failed", attempts: 1, via: "direct", errorType: expect.stringMatching(/^[A-Za-z]+$/) },
        { mailId: id, requestId, outcome: "sent", attempts: 2, via: "sweep" },
      ]);
      // A mail no request caused reports none.
      const other = await queue(address());
      expect(await deliverMail(other.id)).toBe("sent");
      expect(heard.find((o) => o.mailId === other.id)).toMatchObject({ requestId: null, outcome: "sent", via: "direct" });
    } finally {
      stop();
    }
    const after = heard.length;
    await deliverMail((await queue(address())).id);
    expect(heard).toHaveLength(after);
  });
});
