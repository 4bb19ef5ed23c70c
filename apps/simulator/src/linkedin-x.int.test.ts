import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { LinkedInClient, linkedInChallengeAnswer, parseLinkedInWebhook, PlatformError, verifyLinkedInSignature, XClient } from "@vetted/domain/platforms";
import { createSimulator, type Simulator } from "./simulator";

// The LinkedIn and X clients against the simulator over real HTTP, with a local LinkedIn webhook
// receiver: signed notifications and the challenge, reads and deletes as the organization (no hide),
// and X's rules for hiding replies (the account's own conversations only, 50 per 15 minutes).

const SECRET = "int-test-linkedin-client-secret";
const ORG = "urn:li:organization:3000001";
let sim: Simulator;
let receiver: Server;
let received: { raw: Buffer; signature: string | null }[] = [];
let linkedin: LinkedInClient;
let x: XClient;

async function control<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${sim.url}/_sim${path}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  expect(res.status, `${method} /_sim${path}`).toBeLessThan(300);
  return (await res.json()) as T;
}

async function failure(p: Promise<unknown>): Promise<PlatformError> {
  const error = await p.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(PlatformError);
  return error as PlatformError;
}

const liToken = async () => (await control<{ orgs: { urn: string; accessToken: string }[] }>("GET", "/linkedin/orgs")).orgs.find((o) => o.urn === ORG)!.accessToken;
const xAccount = async () => (await control<{ accounts: { id: string; accessToken: string }[] }>("GET", "/x/accounts")).accounts[0]!;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://receiver");
    if (req.method === "GET") {
      const answer = linkedInChallengeAnswer(url.searchParams.get("challengeCode"), SECRET);
      res.writeHead(answer ? 200 : 400, { "content-type": "application/json" }).end(JSON.stringify(answer ?? {}));
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ raw: Buffer.concat(chunks), signature: (req.headers["x-li-signature"] as string | undefined) ?? null });
      res.writeHead(200).end("{}");
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  const linkedinCallbackUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/webhooks/linkedin`;
  sim = await createSimulator({ port: 0, linkedinClientSecret: SECRET, linkedinCallbackUrl, log: () => undefined });
  linkedin = new LinkedInClient({ apiBase: sim.url, version: "202501", timeoutMs: 2_000 });
  x = new XClient({ apiBase: sim.url, timeoutMs: 2_000 });
});

afterAll(async () => {
  await sim?.close();
  await new Promise((r) => receiver?.close(r));
});

beforeEach(async () => {
  await control("POST", "/reset");
  received = [];
});

describe("simulated LinkedIn", () => {
  it("passes the challenge and signs each notification; a duplicate is byte-identical", async () => {
    expect(await control("POST", "/linkedin/callback/verify")).toEqual({ ok: true, status: 200 });
    const made = await control<{ commentUrn: string; postUrn: string }>("POST", "/linkedin/comments", { org: ORG, message: "What time does the clinic open?", duplicate: 1 });
    expect(received).toHaveLength(2);
    expect(received[0]!.raw.equals(received[1]!.raw)).toBe(true);
    for (const r of received) expect(verifyLinkedInSignature(r.raw, r.signature, SECRET)).toBe(true);
    expect(verifyLinkedInSignature(received[0]!.raw, received[0]!.signature, "another-secret-entirely")).toBe(false);
    expect(parseLinkedInWebhook(JSON.parse(received[0]!.raw.toString("utf8")))).toEqual([
      expect.objectContaining({ platform: "LINKEDIN", accountExternalId: ORG, objectId: made.commentUrn, postExternalId: made.postUrn, verb: "add", text: "What time does the clinic open?" }),
    ]);
  });

  it("reads and deletes a comment as the organization; has no hide; refuses other tokens and a missing version", async () => {
    const { commentUrn } = await control<{ commentUrn: string }>("POST", "/linkedin/comments", { org: ORG, message: "Thanks for the open house" });
    const token = await liToken();
    expect(await linkedin.getComment(token, commentUrn)).toMatchObject({ urn: commentUrn, text: "Thanks for the open house", authorUrn: "urn:li:person:simMember1" });
    expect((await failure(linkedin.getComment("not-a-token", commentUrn))).code).toBe("TOKEN_INVALID");
    const [other] = (await control<{ orgs: { urn: string; accessToken: string }[] }>("POST", "/linkedin/orgs", { orgs: [{ id: "3000999", name: "Other Org" }] })).orgs.filter((o) => o.urn !== ORG);
    expect((await failure(linkedin.deleteComment(other!.accessToken, other!.urn, commentUrn))).code).toBe("PERMISSION");

    const [objectUrn, id] = /\((.+),(\d+)\)$/.exec(commentUrn)!.slice(1) as [string, string];
    const path = `${sim.url}/rest/socialActions/${encodeURIComponent(objectUrn)}/comments/${id}`;
    const hide = await fetch(path, { method: "POST", headers: { authorization: `Bearer ${token}`, "linkedin-version": "202501", "content-type": "application/json" }, body: '{"hidden":true}' });
    expect(hide.status).toBe(405);
    expect((await fetch(path, { headers: { authorization: `Bearer ${token}` } })).status).toBe(400);

    await linkedin.deleteComment(token, ORG, commentUrn);
    expect((await failure(linkedin.deleteComment(token, ORG, commentUrn))).code).toBe("NOT_FOUND");
    expect((await control<{ data: { type: string; platform: string; ok: boolean }[] }>("GET", `/calls?commentId=${encodeURIComponent(commentUrn)}`)).data).toEqual([
      expect.objectContaining({ type: "delete", platform: "linkedin", ok: false, errorCode: 403 }),
      expect.objectContaining({ type: "delete", platform: "linkedin", ok: true }),
    ]);
  });
});

describe("simulated X", () => {
  it("hides only replies in the account's own conversations", async () => {
    const me = await xAccount();
    const { accounts } = await control<{ accounts: { id: string; accessToken: string }[] }>("POST", "/x/accounts", { accounts: [{ username: "another_clinic" }] });
    const other = accounts.find((a) => a.id !== me.id)!;
    const mine = await control<{ id: string }>("POST", "/x/tweets", { authorId: me.id, text: "Our new wing opens Monday" });
    const theirs = await control<{ id: string }>("POST", "/x/tweets", { authorId: other.id, text: "Another clinic's post" });
    const replyMine = await control<{ id: string }>("POST", "/x/replies", { inReplyToId: mine.id, text: "congrats" });
    const replyTheirs = await control<{ id: string }>("POST", "/x/replies", { inReplyToId: theirs.id, text: "hello" });

    await x.hideReply(me.accessToken, replyMine.id, true);
    expect((await control<{ hidden: boolean }>("GET", `/x/tweets/${replyMine.id}`)).hidden).toBe(true);
    expect((await failure(x.hideReply(me.accessToken, replyTheirs.id, true))).code).toBe("PERMISSION");
    expect((await failure(x.hideReply(me.accessToken, mine.id, true))).code).toBe("PERMISSION");
    expect((await failure(x.hideReply("bad-token", replyMine.id, true))).code).toBe("TOKEN_INVALID");
  });

  it("answers the 51st hide within 15 minutes with 429 and the reset time; the next window takes calls again", async () => {
    const me = await xAccount();
    const post = await control<{ id: string }>("POST", "/x/tweets", { authorId: me.id, text: "Flu shots this week" });
    const reply = await control<{ id: string }>("POST", "/x/replies", { inReplyToId: post.id, text: "where?" });
    for (let i = 0; i < 50; i++) await x.hideReply(me.accessToken, reply.id, i % 2 === 0);
    const limited = await failure(x.hideReply(me.accessToken, reply.id, true));
    expect(limited.toJSON()).toMatchObject({ code: "RATE_LIMITED", retryable: true, httpStatus: 429 });
    // x-rate-limit-reset is the end of the 15-minute window that began with the first hide.
    expect(limited.retryAfterSeconds).toBeGreaterThan(890);
    expect(limited.retryAfterSeconds).toBeLessThanOrEqual(901);
    await control("POST", "/clock", { advanceSeconds: 900 });
    await x.hideReply(me.accessToken, reply.id, true);
  });

  it("finds the account's posts and searches a conversation with since_id", async () => {
    const me = await xAccount();
    const post = await control<{ id: string }>("POST", "/x/tweets", { authorId: me.id, text: "Open house Saturday" });
    const first = await control<{ id: string }>("POST", "/x/replies", { inReplyToId: post.id, text: "see you there", username: "a_visitor" });
    expect(await x.listRecentPosts(me.accessToken, me.id, { startTime: new Date(Date.now() - 86_400_000) })).toEqual([expect.objectContaining({ id: post.id, conversationId: post.id })]);
    const found = await x.searchReplies(me.accessToken, post.id);
    expect(found).toEqual({ newestId: first.id, replies: [expect.objectContaining({ id: first.id, text: "see you there", authorUsername: "a_visitor", inReplyToId: post.id })] });
    expect(await x.searchReplies(me.accessToken, post.id, { sinceId: found.newestId! })).toEqual({ replies: [] });
    const second = await control<{ id: string }>("POST", "/x/replies", { inReplyToId: first.id, text: "me too" });
    expect((await x.searchReplies(me.accessToken, post.id, { sinceId: found.newestId! })).replies).toEqual([expect.objectContaining({ id: second.id, inReplyToId: first.id })]);
    expect((await control<{ data: { sinceId: string | null; results: number }[] }>("GET", "/x/searches")).data.map((s) => [s.sinceId, s.results])).toEqual([[null, 2], [first.id, 0], [first.id, 1]]);
  });
});
