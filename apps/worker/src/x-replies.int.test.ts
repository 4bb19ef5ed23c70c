import { randomUUID } from "node:crypto";
import { baseEnv, linkedinEnv, metaEnv } from "@vetted/config";
import { db } from "@vetted/db";
import { linkedinClientFromEnv, metaClientFromEnv, platformClientsFromEnv, pollXReplies, processCommentEvent, sendModerationAction, XClient } from "@vetted/domain";
import { connectTestAccount, createOrgWithMembers, type TestOrg } from "@vetted/domain/testing";
import { createProducer, createProducerRedis, type Producer, type Redis } from "@vetted/queue";
import { createSimulator, type Simulator } from "@vetted/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// X through the simulator, step by step (no worker running, so every call is the test's): the poll
// finds an account's posts and picks up each reply once, a PHI reply is hidden, and the 51st hide
// within 15 minutes is refused by X with 429: the outbox reschedules it to the window's end without
// using up an attempt, and it goes through once the window has passed. Our own sentences only.
const PHI = "My aunt Philippa Okonkwo-Reyes had her mastectomy at your hospital last week, she is recovering";
const CLEAN = "Looking forward to the open house this weekend";

let sim: Simulator;
let redis: Redis;
let producer: Producer;
let org: TestOrg;
let account: { id: string; accessToken: string };
let clients: ReturnType<typeof platformClientsFromEnv>;
let x: XClient;

async function control<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${sim.url}/_sim${path}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  expect(res.status, `${method} /_sim${path}`).toBeLessThan(300);
  return (await res.json()) as T;
}
const poll = () => pollXReplies({ x, producer, orgId: org.org.id, intervalMs: 0 });
const events = (objectId: string) => db().commentEvent.findMany({ where: { orgId: org.org.id, objectId } });
const post = (text: string) => control<{ id: string }>("POST", "/x/tweets", { authorId: account.id, text });
const reply = (inReplyToId: string, text: string, authorId?: string) => control<{ id: string }>("POST", "/x/replies", { inReplyToId, text, ...(authorId ? { authorId } : {}) });

beforeAll(async () => {
  redis = createProducerRedis(baseEnv().REDIS_URL);
  producer = createProducer(redis, { prefix: `vetted-test-${randomUUID().slice(0, 8)}` });
  sim = await createSimulator({ port: 0, log: () => undefined });
  x = new XClient({ apiBase: sim.url, timeoutMs: 5_000 });
  clients = platformClientsFromEnv(metaClientFromEnv(metaEnv(), { graphUrl: sim.url }), { linkedin: linkedinClientFromEnv(linkedinEnv(), { apiBase: sim.url }), x });
  org = await createOrgWithMembers();
  // X user ids are unique across orgs and the test database outlives the simulator: a fresh one per run.
  const id = `66${Date.now()}`.slice(0, 15);
  const { accounts } = await control<{ accounts: { id: string; accessToken: string }[] }>("POST", "/x/accounts", { accounts: [{ id, username: "pipeline_clinic" }] });
  account = accounts.find((a) => a.id === id)!;
  await connectTestAccount(org.org.id, org.users.ADMIN.id, { platform: "X", externalId: account.id, token: account.accessToken });
});

afterAll(async () => {
  await producer.queue("comments").obliterate({ force: true });
  await producer.close();
  await redis.quit();
  await sim.close();
});

describe("X replies", () => {
  it("the poll picks a reply up once: a second poll searches from it and adds nothing", async () => {
    const p = await post("Our flu clinic opens Monday");
    const r = await reply(p.id, CLEAN);
    await reply(p.id, "Thanks everyone!", account.id);

    expect(await poll()).toMatchObject({ accounts: 1, posts: 1, searched: 1, replies: 1, events: 1, failed: 0 });
    expect(await events(r.id)).toEqual([expect.objectContaining({ platform: "X", verb: "add", postExternalId: p.id, parentId: null })]);
    expect(await db().xConversationPoll.findFirst({ where: { orgId: org.org.id, conversationId: p.id } })).toMatchObject({ lastErrorCode: null });

    expect(await poll()).toMatchObject({ posts: 0, searched: 1, replies: 0, events: 0 });
    expect(await events(r.id)).toHaveLength(1);
    const searches = (await control<{ data: { conversationId: string; sinceId: string | null; results: number }[] }>("GET", "/x/searches")).data.filter((s) => s.conversationId === p.id);
    // The first search sees the post itself, the reply and the account's own reply; the second, nothing newer.
    expect(searches.map((s) => s.results)).toEqual([3, 0]);
    expect(searches[1]!.sinceId).not.toBeNull();

    const processed = await processCommentEvent({ orgId: org.org.id, commentEventId: (await events(r.id))[0]!.id }, { clients });
    expect(await db().socialComment.findFirst({ where: { id: processed.commentId!, orgId: org.org.id } })).toMatchObject({ platform: "X", externalId: r.id, verdict: "allow", status: "NEW" });
    expect((await control<{ data: unknown[] }>("GET", `/calls?commentId=${r.id}`)).data).toEqual([]);
  });

  it("hides PHI replies within the rate limit; the 51st within 15 minutes is rescheduled, not failed, and sent after the window", async () => {
    const p = await post("Thank you to our oncology nurses");
    const replies: string[] = [];
    for (let i = 0; i < 51; i++) replies.push((await reply(p.id, PHI)).id);
    expect(await poll()).toMatchObject({ replies: 51, events: 51 });

    const started = Date.now();
    for (const id of replies) await processCommentEvent({ orgId: org.org.id, commentEventId: (await events(id))[0]!.id }, { clients });
    const commentIds = (await db().socialComment.findMany({ where: { orgId: org.org.id, externalId: { in: replies } }, select: { id: true } })).map((c) => c.id);
    const actions = await db().moderationAction.findMany({ where: { orgId: org.org.id, kind: "HIDE", commentId: { in: commentIds } } });
    expect(actions).toHaveLength(51);
    expect(actions.filter((a) => a.status === "SENT")).toHaveLength(50);
    const [limited] = actions.filter((a) => a.status !== "SENT");
    // Rescheduled to the end of X's 15-minute window, the attempt not counted: not FAILED.
    expect(limited).toMatchObject({ status: "PENDING", lastErrorCode: "RATE_LIMITED", attempts: 0 });
    const wait = limited!.nextAttemptAt.getTime() - started;
    expect(wait).toBeGreaterThan(14 * 60_000);
    expect(wait).toBeLessThanOrEqual(15 * 60_000 + 5_000);
    const hides = (await control<{ data: { platform: string; ok: boolean; errorCode?: number }[] }>("GET", "/calls?type=hide")).data.filter((c) => c.platform === "x");
    expect(hides.filter((c) => c.ok)).toHaveLength(50);
    expect(hides.filter((c) => !c.ok)).toEqual([expect.objectContaining({ errorCode: 429 })]);

    // The window passes (simulated clock) and the action falls due: it is sent, once.
    await control("POST", "/clock", { advanceSeconds: 15 * 60 });
    await db().moderationAction.updateMany({ where: { id: limited!.id, orgId: org.org.id }, data: { nextAttemptAt: new Date(Date.now() - 1000) } });
    expect(await sendModerationAction(org.org.id, limited!.id, { clients })).toBe("SENT");
    const hiddenOnX = await Promise.all(replies.map(async (id) => (await control<{ hidden: boolean }>("GET", `/x/tweets/${id}`)).hidden));
    expect(hiddenOnX.every(Boolean)).toBe(true);
    expect(await db().socialComment.count({ where: { orgId: org.org.id, externalId: { in: replies }, hiddenAt: { not: null }, status: "HIDDEN_PENDING_REVIEW" } })).toBe(51);
  });
});
