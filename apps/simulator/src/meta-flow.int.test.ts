import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MetaClient, metaHandshakeChallenge, parseMetaWebhook, PlatformError, verifyMetaSignature } from "@vetted/domain/platforms";
import { createSimulator, type Simulator } from "./simulator";

// The Meta client against the simulator over real HTTP, with a local webhook receiver: the OAuth
// flow, publishing, signed deliveries (duplicates, edits ahead of creates), hide/delete, the private
// reply rules, token expiry, permissions and the rate limit.

const APP_ID = "int-test-app";
const SECRET = "int-test-app-secret-5b1e9c";
const VERIFY = "int-test-verify-token";
const PAGE = "200000000000001";
const IG = "17841400000000001";
const DAY = 86_400;

interface Received {
  raw: Buffer;
  signature: string | null;
}

let sim: Simulator;
let receiver: Server;
let received: Received[] = [];
let client: MetaClient;

async function control<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${sim.url}/_sim${path}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  expect(res.status, `${method} /_sim${path}`).toBeLessThan(300);
  return (await res.json()) as T;
}

const pageToken = async () => (await control<{ pages: { id: string; accessToken: string }[] }>("GET", "/pages")).pages.find((p) => p.id === PAGE)!.accessToken;
const say = (message: string, extra: Record<string, unknown> = {}) => control<{ commentId: string; postId: string; deliveries: { verb: string; copy: number; outcome: string }[] }>("POST", "/comments", { pageId: PAGE, message, ...extra });

async function failure(p: Promise<unknown>): Promise<PlatformError> {
  const error = await p.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(PlatformError);
  return error as PlatformError;
}

async function until<T>(read: () => T | undefined, ms = 3_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://receiver");
    if (req.method === "GET") {
      const challenge = metaHandshakeChallenge(url.searchParams, VERIFY);
      res.writeHead(challenge ? 200 : 403).end(challenge ?? "");
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ raw: Buffer.concat(chunks), signature: req.headers["x-hub-signature-256"] as string | null });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  const callbackUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/webhooks/meta`;
  sim = await createSimulator({ port: 0, appId: APP_ID, appSecret: SECRET, verifyToken: VERIFY, callbackUrl, log: () => undefined });
  client = new MetaClient({ graphUrl: sim.url, oauthUrl: `${sim.url}/v21.0/dialog/oauth`, version: "v21.0", appId: APP_ID, appSecret: SECRET, timeoutMs: 2_000 });
});

afterAll(async () => {
  await sim?.close();
  await new Promise((r) => receiver?.close(r));
});

beforeEach(async () => {
  await control("POST", "/reset");
  received = [];
});

describe("OAuth: code → user token → long-lived token → Pages", () => {
  const redirectUri = "http://127.0.0.1:3000/api/accounts/meta/callback";

  async function authorize(scopes: string[], extra = ""): Promise<URL> {
    const res = await fetch(client.oauthAuthorizeUrl("state-123", redirectUri, scopes) + extra, { redirect: "manual" });
    expect(res.status).toBe(302);
    return new URL(res.headers.get("location")!);
  }

  it("connects an account end to end", async () => {
    const back = await authorize(["pages_show_list", "pages_manage_engagement", "pages_messaging"]);
    expect(back.origin + back.pathname).toBe(redirectUri);
    expect(back.searchParams.get("state")).toBe("state-123");
    const code = back.searchParams.get("code")!;

    const short = await client.exchangeCode(code, redirectUri);
    expect(short.expiresAt!.getTime() - Date.now()).toBeLessThan(3 * 3600_000);
    expect((await failure(client.exchangeCode(code, redirectUri))).code).toBe("INVALID_REQUEST");

    const long = await client.exchangeLongLived(short.accessToken);
    expect(long.expiresAt!.getTime() - Date.now()).toBeGreaterThan(59 * DAY * 1000);

    const pages = await client.listPages(long.accessToken);
    expect(pages.map((p) => p.id)).toEqual([PAGE, "200000000000002"]);
    expect(pages[0]).toMatchObject({ name: "Vetted Demo Clinic", instagramAccountId: IG });

    const info = await client.debugToken(pages[0]!.accessToken);
    expect(info).toMatchObject({ isValid: true, expiresAt: null, appId: APP_ID });
    expect(info.scopes).toEqual(["pages_show_list", "pages_manage_engagement", "pages_messaging"]);
  });

  it("reports a denied dialog, a wrong redirect URI and a wrong app secret", async () => {
    const denied = await authorize(["pages_show_list"], "&deny=1");
    expect(denied.searchParams.get("error")).toBe("access_denied");
    expect(denied.searchParams.get("code")).toBeNull();

    const code = (await authorize(["pages_show_list"])).searchParams.get("code")!;
    expect((await failure(client.exchangeCode(code, "http://evil.example/cb"))).code).toBe("INVALID_REQUEST");
    const wrongSecret = new MetaClient({ graphUrl: sim.url, oauthUrl: `${sim.url}/dialog/oauth`, appId: APP_ID, appSecret: "not-the-app-secret" });
    expect((await failure(wrongSecret.exchangeCode(code, redirectUri))).code).toBe("INVALID_REQUEST");
  });
});

describe("publishing and subscriptions", () => {
  it("publishes to the feed and subscribes the app to the Page's feed webhook", async () => {
    const token = await pageToken();
    const post = await client.publishToFeed(token, PAGE, "Flu shots are available on Saturdays.");
    expect(post.id).toMatch(new RegExp(`^${PAGE}_\\d+$`));
    await client.subscribeApp(token, PAGE, ["feed"]);
    expect(await client.listSubscribedApps(token, PAGE)).toEqual([{ appId: APP_ID, fields: ["feed"] }]);
    expect((await control<{ data: { type: string; ok: boolean }[] }>("GET", "/calls?type=publish")).data).toMatchObject([{ type: "publish", ok: true }]);
  });
});

describe("webhook deliveries", () => {
  it("signs every delivery and sends duplicates and an edit ahead of its create as asked", async () => {
    const created = await say("first words", { duplicate: 1, edit: "second words", outOfOrder: true });
    expect(created.deliveries.map((d) => [d.verb, d.copy, d.outcome])).toEqual([["edited", 1, "delivered"], ["add", 1, "delivered"], ["edited", 2, "delivered"], ["add", 2, "delivered"]]);
    expect(received).toHaveLength(4);
    for (const r of received) {
      expect(verifyMetaSignature(r.raw, r.signature, SECRET)).toBe(true);
      expect(verifyMetaSignature(r.raw, r.signature, "another-secret")).toBe(false);
    }
    // Duplicates are the same bytes, as a Meta retry is.
    expect(received[2]!.raw.equals(received[0]!.raw)).toBe(true);
    expect(received[3]!.raw.equals(received[1]!.raw)).toBe(true);

    const changes = received.flatMap((r) => parseMetaWebhook(JSON.parse(r.raw.toString("utf8"))));
    expect(changes.map((c) => [c.verb, c.text])).toEqual([["edited", "second words"], ["add", "first words"], ["edited", "second words"], ["add", "first words"]]);
    expect(changes[1]).toMatchObject({ platform: "FACEBOOK", accountExternalId: PAGE, objectId: created.commentId, postExternalId: created.postId });
    expect(changes[0]!.time).toBeGreaterThan(changes[1]!.time);

    // Events are hints: re-reading gives the current text whatever order they came in.
    expect((await client.getComment(await pageToken(), created.commentId)).text).toBe("second words");
  });

  it("answers the subscription handshake and skips Pages the app is not subscribed to", async () => {
    expect(await control("POST", "/callback/verify")).toEqual({ ok: true, status: 200 });
    const token = await pageToken();
    await fetch(`${sim.url}/${PAGE}/subscribed_apps`, { method: "DELETE", headers: { authorization: `Bearer ${token}` } });
    const created = await say("nobody hears this");
    expect(created.deliveries).toMatchObject([{ outcome: "skipped" }]);
    expect(received).toHaveLength(0);
  });

  it("delivers late when asked", async () => {
    const created = await say("later", { delay: 150 });
    expect(created.deliveries).toMatchObject([{ outcome: "pending" }]);
    expect(received).toHaveLength(0);
    await until(() => (received.length === 1 ? true : undefined));
  });
});

describe("moderation calls", () => {
  it("hides idempotently, lists hidden comments for the poll, deletes, and notifies its own actions", async () => {
    const token = await pageToken();
    const { commentId, postId } = await say("hide me");
    await client.hideComment(token, commentId, true);
    await client.hideComment(token, commentId, true);
    expect(await client.getComment(token, commentId)).toMatchObject({ id: commentId, hidden: true, text: "hide me", canReplyPrivately: true });
    const hideEvents = await until(() => {
      const hides = received.flatMap((r) => parseMetaWebhook(JSON.parse(r.raw.toString("utf8")))).filter((c) => c.verb === "hide");
      return hides.length ? hides : undefined;
    });
    expect(hideEvents).toHaveLength(1);

    await say("second", { postId });
    await say("third", { postId });
    const first = await client.listComments(token, postId, { limit: 2 });
    expect(first.comments.map((c) => c.text)).toEqual(["hide me", "second"]);
    expect(first.comments[0]!.hidden).toBe(true);
    const rest = await client.listComments(token, postId, { limit: 2, after: first.after });
    expect(rest.comments.map((c) => c.text)).toEqual(["third"]);
    expect(rest.after).toBeUndefined();

    await client.deleteComment(token, commentId);
    expect((await failure(client.getComment(token, commentId))).code).toBe("NOT_FOUND");
    expect((await failure(client.deleteComment(token, commentId))).code).toBe("NOT_FOUND");
    const calls = await control<{ data: { type: string; ok: boolean }[] }>("GET", `/calls?commentId=${commentId}`);
    expect(calls.data.map((c) => [c.type, c.ok])).toEqual([["hide", true], ["hide", true], ["delete", true]]);
  });

  it("lists replies too with filter=stream; `next` repeats the query with the cursor but never the token", async () => {
    const token = await pageToken();
    const { commentId, postId } = await say("top level");
    await say("a reply", { postId, parentId: commentId });
    await say("another top level", { postId });
    const stream = await client.listComments(token, postId, { limit: 2 });
    const rest = await client.listComments(token, postId, { limit: 2, after: stream.after });
    expect([...stream.comments, ...rest.comments].map((c) => [c.text, c.parentId ?? null])).toEqual([["top level", null], ["a reply", commentId], ["another top level", null]]);

    const url = new URL(`${sim.url}/v21.0/${postId}/comments`);
    for (const [k, v] of Object.entries({ fields: "id,message,from,created_time,is_hidden,parent", filter: "toplevel", limit: "1", access_token: token })) url.searchParams.set(k, v);
    const page = (await (await fetch(url)).json()) as { data: { id: string; message: string }[]; paging: { next: string } };
    expect(page.data.map((c) => c.message)).toEqual(["top level"]);
    const next = new URL(page.paging.next);
    expect(Object.fromEntries(next.searchParams)).toMatchObject({ fields: "id,message,from,created_time,is_hidden,parent", filter: "toplevel", limit: "1" });
    expect(next.searchParams.has("access_token")).toBe(false);
    next.searchParams.set("access_token", token);
    const second = (await (await fetch(next)).json()) as { data: { message: string }[] };
    // toplevel leaves the reply out.
    expect(second.data.map((c) => c.message)).toEqual(["another top level"]);
  });

  it("allows one private reply per comment, then ALREADY_REPLIED", async () => {
    const token = await pageToken();
    const { commentId } = await say("please call me");
    const sent = await client.privateReply(token, PAGE, commentId, "We can't discuss care here; please call the front desk.");
    expect(sent.messageId).toMatch(/^m_/);
    const again = await failure(client.privateReply(token, PAGE, commentId, "Second try"));
    expect(again).toMatchObject({ code: "ALREADY_REPLIED", permanent: true, graphCode: 10900 });
    expect(again.message).not.toContain("Second try");
    const calls = await control<{ data: { ok: boolean; errorCode?: number }[] }>("GET", `/calls?commentId=${commentId}&type=private_reply`);
    expect(calls.data.map((c) => [c.ok, c.errorCode])).toEqual([[true, undefined], [false, 10900]]);
  });

  it("posts a public reply from the Page under the comment, recorded with its text", async () => {
    const token = await pageToken();
    const { commentId } = await say("what time does the class start?");
    const reply = await client.replyToComment(token, commentId, "It starts at 6 pm in the main lobby.");
    const thread = (await (await fetch(`${sim.url}/v19.0/${commentId}/comments?access_token=${encodeURIComponent(token)}`)).json()) as { data: { id: string; message: string; from: { id: string } }[] };
    expect(thread.data).toEqual([expect.objectContaining({ id: reply.id, message: "It starts at 6 pm in the main lobby.", from: expect.objectContaining({ id: PAGE }) })]);
    const calls = await control<{ data: { ok: boolean; text?: string }[] }>("GET", `/calls?commentId=${commentId}&type=public_reply`);
    expect(calls.data).toEqual([expect.objectContaining({ ok: true, text: "It starts at 6 pm in the main lobby." })]);
    expect((await failure(client.replyToComment(token, commentId, "   "))).code).toBe("INVALID_REQUEST");
  });

  it("closes the private-reply window after 7 days and expires short-lived tokens", async () => {
    const longLived = await pageToken();
    const shortUser = (await control<{ accessToken: string }>("POST", "/tokens", { expiresInSeconds: 7200 })).accessToken;
    const shortPage = (await control<{ accessToken: string }>("POST", "/tokens", { pageId: PAGE, expiresInSeconds: 7200 })).accessToken;
    const { commentId } = await say("old news");
    await control("POST", "/clock", { advanceSeconds: 8 * DAY });

    expect((await failure(client.privateReply(longLived, PAGE, commentId, "Too late"))).code).toBe("WINDOW_CLOSED");
    expect((await client.getComment(longLived, commentId)).canReplyPrivately).toBe(false);
    const expired = await failure(client.hideComment(shortPage, commentId, true));
    expect(expired).toMatchObject({ code: "TOKEN_INVALID", permanent: true, graphCode: 190, graphSubcode: 463 });
    expect((await failure(client.listPages(shortUser))).code).toBe("TOKEN_INVALID");
    expect(await client.debugToken(shortPage)).toMatchObject({ isValid: false });
  });

  it("refuses a revoked token, a token without the scope and another Page's token", async () => {
    const { commentId } = await say("scoped");
    const readOnly = (await control<{ accessToken: string }>("POST", "/tokens", { pageId: PAGE, scopes: ["pages_read_engagement"] })).accessToken;
    expect((await failure(client.hideComment(readOnly, commentId, true))).code).toBe("PERMISSION");
    const other = (await control<{ accessToken: string }>("POST", "/tokens", { pageId: "200000000000002" })).accessToken;
    expect((await failure(client.hideComment(other, commentId, true))).code).toBe("PERMISSION");
    await control("POST", "/tokens/revoke", { token: readOnly });
    expect((await failure(client.getComment(readOnly, commentId))).code).toBe("TOKEN_INVALID");
  });

  it("rate-limits per token and says when to come back", async () => {
    const token = await pageToken();
    const { commentId } = await say("busy");
    await control("POST", "/rate-limit", { limit: 3, windowSeconds: 60 });
    for (let i = 0; i < 3; i++) await client.getComment(token, commentId);
    const limited = await failure(client.getComment(token, commentId));
    expect(limited).toMatchObject({ code: "RATE_LIMITED", retryable: true, graphCode: 32, httpStatus: 429 });
    expect(limited.retryAfterSeconds).toBeGreaterThan(0);
    await control("POST", "/clock", { advanceSeconds: 61 });
    await client.getComment(token, commentId);
  });

  it("a private reply that times out is flagged outcome-unknown and was in fact sent once", async () => {
    const token = await pageToken();
    const { commentId } = await say("slow network");
    await control("POST", "/faults", { op: "private_reply", delayMs: 1_000 });
    const impatient = new MetaClient({ graphUrl: sim.url, oauthUrl: `${sim.url}/dialog/oauth`, appId: APP_ID, appSecret: SECRET, timeoutMs: 200 });
    expect(await failure(impatient.privateReply(token, PAGE, commentId, "Please call us"))).toMatchObject({ code: "TRANSIENT", retryable: true, outcomeUnknown: true });
    const calls = await control<{ data: { ok: boolean }[] }>("GET", `/calls?commentId=${commentId}&type=private_reply`);
    expect(calls.data.filter((c) => c.ok)).toHaveLength(1);
  });
});

describe("Instagram", () => {
  it("delivers comments, hides, replies privately once and deletes", async () => {
    const token = await pageToken();
    const created = await control<{ commentId: string; postId: string }>("POST", "/comments", { platform: "instagram", igUserId: IG, message: "is this open sunday", from: { name: "ig.visitor" } });
    const [change] = parseMetaWebhook(JSON.parse(received[0]!.raw.toString("utf8")));
    expect(verifyMetaSignature(received[0]!.raw, received[0]!.signature, SECRET)).toBe(true);
    expect(change).toMatchObject({ platform: "INSTAGRAM", accountExternalId: IG, objectId: created.commentId, postExternalId: created.postId, verb: "add", authorName: "ig.visitor" });

    await client.hideInstagramComment(token, created.commentId, true);
    expect(await client.getInstagramComment(token, created.commentId)).toMatchObject({ hidden: true, text: "is this open sunday", postId: created.postId });
    expect((await client.listInstagramComments(token, created.postId)).comments.map((c) => c.id)).toEqual([created.commentId]);
    await client.privateReplyInstagram(token, IG, created.commentId, "Hi! Our hours are on our profile.");
    expect((await failure(client.privateReplyInstagram(token, IG, created.commentId, "again"))).code).toBe("ALREADY_REPLIED");
    await client.deleteInstagramComment(token, created.commentId);
    expect((await failure(client.getInstagramComment(token, created.commentId))).code).toBe("NOT_FOUND");
  });
});
