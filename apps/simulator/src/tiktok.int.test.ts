import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PlatformError, TikTokClient, TikTokOAuth } from "@vetted/domain/platforms";
import { createSimulator, type Simulator } from "./simulator";

// TikTok's API for Business in the simulator, driven by the app's clients over real HTTP: the OAuth
// round trip (client secret, redirect URI, single-use code, rotating refresh token), TikTok's rules
// (hide needs the comment's video, delete only the account's own comments, replies of 150 characters),
// its envelope codes (refused token, rate limit) and the calls recorded for the tests.

const APP = { id: "int-tiktok-client", secret: "int-tiktok-client-secret-0001" };
const REDIRECT = "http://127.0.0.1:3999/api/oauth/tiktok/callback";
const OPEN_ID = "ttbiz-int-1";
let sim: Simulator;
let oauth: TikTokOAuth;
let tiktok: TikTokClient;

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

async function connect(): Promise<{ accessToken: string; refreshToken: string }> {
  const res = await fetch(`${oauth.authorizeUrl("S".repeat(43), REDIRECT, ["user.info.basic", "video.list", "comment.list", "comment.list.manage"])}&login_as=${OPEN_ID}`, { redirect: "manual" });
  expect(res.status).toBe(302);
  const back = new URL(res.headers.get("location")!);
  expect(back.searchParams.get("state")).toBe("S".repeat(43));
  const grant = await oauth.exchangeCode(back.searchParams.get("code")!, REDIRECT);
  expect(grant.openId).toBe(OPEN_ID);
  return { accessToken: grant.accessToken, refreshToken: grant.refreshToken! };
}

beforeAll(async () => {
  sim = await createSimulator({ port: 0, callbackUrl: null, tiktokClientId: APP.id, tiktokClientSecret: APP.secret, log: () => undefined });
  oauth = new TikTokOAuth({ clientId: APP.id, clientSecret: APP.secret, authorizeUrl: `${sim.url}/v2/auth/authorize/`, apiBase: sim.url, timeoutMs: 5_000 });
  tiktok = new TikTokClient({ apiBase: sim.url, timeoutMs: 5_000 });
});
beforeEach(async () => {
  await control("POST", "/reset");
  await control("POST", "/tiktok/accounts", { accounts: [{ openId: OPEN_ID, username: "int_clinic" }, { openId: "ttbiz-int-2", username: "other_clinic" }] });
});
afterAll(async () => {
  await sim.close();
});

describe("TikTok OAuth", () => {
  it("code → 24-hour token and refresh token; the code once; the refresh token rotates; the wrong secret or redirect is refused", async () => {
    const { accessToken, refreshToken } = await connect();
    expect(await tiktok.getBusiness(accessToken, OPEN_ID)).toEqual({ username: "int_clinic", displayName: "int_clinic" });
    const renewed = await oauth.refresh(refreshToken);
    expect(renewed.refreshToken).not.toBe(refreshToken);
    expect((await failure(oauth.refresh(refreshToken))).code).toBe("TOKEN_INVALID");
    // Another account's business_id with this token: no permission.
    expect((await failure(tiktok.getBusiness(renewed.accessToken, "ttbiz-int-2"))).code).toBe("PERMISSION");

    const wrong = new TikTokOAuth({ clientId: APP.id, clientSecret: "not-the-secret-000000", authorizeUrl: `${sim.url}/v2/auth/authorize/`, apiBase: sim.url });
    expect((await failure(wrong.refresh(renewed.refreshToken!))).code).toBe("PERMISSION");
    const res = await fetch(`${oauth.authorizeUrl("S".repeat(43), REDIRECT, ["video.list"])}&login_as=${OPEN_ID}`, { redirect: "manual" });
    const code = new URL(res.headers.get("location")!).searchParams.get("code")!;
    expect((await failure(oauth.exchangeCode(code, "http://127.0.0.1:3999/elsewhere"))).code).toBe("TOKEN_INVALID");
    expect((await failure(oauth.exchangeCode(code, REDIRECT))).code).toBe("TOKEN_INVALID");
  });

  it("a token past its 24 hours, or of an account that removed the app, is refused (40105)", async () => {
    const { accessToken } = await connect();
    await control("POST", "/clock", { advanceSeconds: 86_400 + 1 });
    expect((await failure(tiktok.getBusiness(accessToken, OPEN_ID))).code).toBe("TOKEN_INVALID");
    const fresh = await connect();
    await control("POST", "/tiktok/accounts/remove-app", { openId: OPEN_ID });
    expect((await failure(tiktok.getBusiness(fresh.accessToken, OPEN_ID))).code).toBe("TOKEN_INVALID");
    expect((await failure(oauth.refresh(fresh.refreshToken))).code).toBe("TOKEN_INVALID");
  });
});

describe("TikTok comments", () => {
  it("lists recent videos and their comments (hidden ones with status ALL), pages with a cursor", async () => {
    const { accessToken } = await connect();
    const recent = await control<{ id: string }>("POST", "/tiktok/videos", { openId: OPEN_ID, ageSeconds: 3_600 });
    await control("POST", "/tiktok/videos", { openId: OPEN_ID, ageSeconds: 9 * 86_400 });
    const videos = await tiktok.listVideos(accessToken, OPEN_ID, new Date(Date.now() - 7 * 86_400_000));
    expect(videos.map((v) => v.id)).toEqual([recent.id]);

    const ids: string[] = [];
    for (let i = 0; i < 32; i++) ids.push((await control<{ id: string }>("POST", "/tiktok/comments", { videoId: recent.id, text: `comment ${i}` })).id);
    const first = await tiktok.listComments(accessToken, OPEN_ID, recent.id);
    expect(first.comments).toHaveLength(30);
    const second = await tiktok.listComments(accessToken, OPEN_ID, recent.id, first.cursor);
    expect(second).toEqual({ comments: [expect.objectContaining({ id: ids[30] }), expect.objectContaining({ id: ids[31] })] });
    await tiktok.hideComment(accessToken, OPEN_ID, recent.id, ids[0]!, true);
    expect((await tiktok.listComments(accessToken, OPEN_ID, recent.id)).comments[0]).toMatchObject({ id: ids[0], hidden: true });
    expect((await control<{ data: { videoId: string }[] }>("GET", "/tiktok/listings")).data.filter((l) => l.videoId === recent.id)).toHaveLength(3);
  });

  it("hides with the right video only, replies publicly, deletes only the account's own comments; records each call", async () => {
    const { accessToken } = await connect();
    const video = await control<{ id: string }>("POST", "/tiktok/videos", { openId: OPEN_ID });
    const other = await control<{ id: string }>("POST", "/tiktok/videos", { openId: OPEN_ID });
    const c = await control<{ id: string }>("POST", "/tiktok/comments", { videoId: video.id, text: "a viewer's comment" });
    expect((await failure(tiktok.hideComment(accessToken, OPEN_ID, other.id, c.id, true))).code).toBe("INVALID_REQUEST");
    await tiktok.hideComment(accessToken, OPEN_ID, video.id, c.id, true);
    await tiktok.hideComment(accessToken, OPEN_ID, video.id, c.id, false);
    await tiktok.replyToComment(accessToken, OPEN_ID, video.id, c.id, "Please call us so we can help.");
    expect((await failure(tiktok.deleteComment(accessToken, OPEN_ID, c.id))).code).toBe("PERMISSION");
    const own = (await control<{ data: { id: string; owner: boolean; parentId?: string }[] }>("GET", "/tiktok/comments")).data.find((x) => x.owner)!;
    expect(own.parentId).toBe(c.id);
    await tiktok.deleteComment(accessToken, OPEN_ID, own.id);
    expect((await failure(tiktok.deleteComment(accessToken, OPEN_ID, own.id))).code).toBe("NOT_FOUND");
    const recorded = (await control<{ data: { platform: string; type: string; ok: boolean; text?: string }[] }>("GET", "/calls")).data.filter((x) => x.platform === "tiktok");
    expect(recorded.map((x) => [x.type, x.ok])).toEqual([["hide", false], ["hide", true], ["unhide", true], ["public_reply", true], ["delete", false], ["delete", true]]);
  });

  it("answers code 40100 over the rate limit: RATE_LIMITED with a wait, and calls again in the next window", async () => {
    const { accessToken } = await connect();
    await control("POST", "/tiktok/rate-limit", { limit: 2, windowSeconds: 60 });
    await tiktok.getBusiness(accessToken, OPEN_ID);
    await tiktok.getBusiness(accessToken, OPEN_ID);
    const limited = await failure(tiktok.getBusiness(accessToken, OPEN_ID));
    expect(limited).toMatchObject({ code: "RATE_LIMITED", retryable: true });
    expect(limited.retryAfterSeconds).toBeGreaterThan(0);
    await control("POST", "/clock", { advanceSeconds: 60 });
    expect(await tiktok.getBusiness(accessToken, OPEN_ID)).toMatchObject({ username: "int_clinic" });
  });
});
