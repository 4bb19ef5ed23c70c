import { randomUUID } from "node:crypto";
import { db } from "@vetted/db";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type TestOrg } from "../testing";
import { ingestMetaWebhook } from "./ingest-meta-webhook";
import { closeTestProducer, feedBody, PHI_COMMENT, RecordingPlatformClient, signed, twoConnectedOrgs } from "./moderation-test-helpers";
import { processCommentEvent } from "./process-comment-event";

// Issue 17 (bench:comments): every audited write of an org queues on the org's audit chain lock, held
// from the head read to the commit, so whatever runs in between is time all of the org's other events
// wait for. These tests watch the statements each database connection runs while a blocked comment is
// applied and its hide sent, and hold the held section to the one write and the commit.

type Sent = { connection: object; text: string };
let sent: Sent[] | null = null;
const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
const query = proto.query;

let setup: Awaited<ReturnType<typeof twoConnectedOrgs>>;
let org: TestOrg;

beforeAll(async () => {
  setup = await twoConnectedOrgs();
  org = setup.a;
  proto.query = function (this: object, ...args: unknown[]) {
    const q = args[0];
    sent?.push({ connection: this, text: typeof q === "string" ? q : String((q as { text?: unknown })?.text ?? "") });
    return query.apply(this, args);
  };
});

afterEach(() => {
  sent = null;
});

afterAll(async () => {
  proto.query = query;
  await closeTestProducer(setup);
});

/** Per transaction that appended to the audit chain: the statements after the chain's lock, up to the commit. */
function heldSections(statements: Sent[]): string[][] {
  const sections: string[][] = [];
  for (const [i, s] of statements.entries()) {
    if (!s.text.includes("vetted_audit_chain_head")) continue;
    const after = statements.slice(i + 1).filter((t) => t.connection === s.connection);
    const end = after.findIndex((t) => /^\s*(COMMIT|ROLLBACK)\b/i.test(t.text));
    sections.push(after.slice(0, end + 1).map((t) => t.text.replace(/\s+/g, " ").trim()));
  }
  return sections;
}

describe("the comment worker's statements under the audit chain's lock", () => {
  it("a blocked comment: the event's transaction and the hide's each write once after taking the lock, then commit", async () => {
    const commentId = `${setup.pageA}_8_${randomUUID().slice(0, 8)}`;
    await ingestMetaWebhook(signed(feedBody([{ pageId: setup.pageA, commentId, verb: "add", message: PHI_COMMENT, time: Math.floor(Date.now() / 1000) - 60 }])), { producer: setup.producer });
    const event = await db().commentEvent.findFirstOrThrow({ where: { orgId: org.org.id, objectId: commentId } });
    const clients = new RecordingPlatformClient();

    sent = [];
    const result = await processCommentEvent({ orgId: org.org.id, commentEventId: event.id }, { clients: () => clients });
    const statements = sent;
    sent = null;

    expect(result).toMatchObject({ outcome: "APPLIED", actionIds: [expect.any(String)] });
    expect(clients.calls.map((c) => c.op)).toEqual(["hide"]);
    // Two audited transactions: the event (comment.event, comment.hide_requested) and the sent hide.
    const sections = heldSections(statements);
    expect(sections).toHaveLength(2);
    for (const section of sections) {
      expect(section).toHaveLength(2);
      expect(section[0]).toMatch(/INSERT INTO "AuditEvent"/);
      expect(section[1]).toMatch(/^COMMIT/);
    }
    // What those single writes carried: the event marked processed with its audit, the hide recorded with its own.
    const c = await db().socialComment.findFirstOrThrow({ where: { orgId: org.org.id, externalId: commentId } });
    expect(c).toMatchObject({ status: "HIDDEN_PENDING_REVIEW", hiddenAt: expect.any(Date), responseDueAt: expect.any(Date) });
    expect((await db().commentEvent.findFirstOrThrow({ where: { orgId: org.org.id, id: event.id } })).processedAt).not.toBeNull();
    const trail = await db().auditEvent.findMany({ where: { orgId: org.org.id, targetId: c.id }, orderBy: { seq: "asc" } });
    expect(trail.map((e) => e.action)).toEqual(["comment.event", "comment.hide_requested", "moderation.sent"]);
  });
});
