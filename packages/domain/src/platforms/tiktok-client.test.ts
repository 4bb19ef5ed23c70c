import { describe, expect, it } from "vitest";
import { PlatformError } from "./platform-error";
import { TikTokClient } from "./tiktok-client";
import { classifyTikTokCode } from "./tiktok-http";
import { TikTokOAuth } from "./tiktok-oauth";

// Requests and answers of the TikTok client and its OAuth client, with a recording fetch (the
// simulator tests cover the round trip over HTTP): the token only in the Access-Token header, TikTok's
// envelope codes turned into ours, comments and their replies flattened.

const NOW = Date.UTC(2026, 0, 1);

function recorder(body: unknown, status = 200) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetchImpl = (async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} });
    return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  }) as typeof fetch;
  return { calls, fetchImpl };
}
const ok = (data: unknown) => ({ code: 0, message: "OK", request_id: "r1", data });
const client = (fetchImpl: typeof fetch) => new TikTokClient({ apiBase: "https://business-api.tiktok.com/", fetch: fetchImpl, now: () => NOW });

describe("TikTok client", () => {
  it("lists a video's comments with their replies, hidden ones included, the token in a header only", async () => {
    const rec = recorder(ok({
      comments: [{ comment_id: "11", video_id: "7", text: "first", create_time: 1_700_000_000, status: "HIDDEN", username: "viewer", reply_list: [{ comment_id: "12", video_id: "7", text: "answer", create_time: 1_700_000_100, owner: true }] }],
      cursor: 30, has_more: true,
    }));
    const page = await client(rec.fetchImpl).listComments("tok-123", "biz-1", "7");
    expect(page).toEqual({
      cursor: "30",
      comments: [
        { id: "11", videoId: "7", text: "first", createdAt: new Date(1_700_000_000_000), hidden: true, owner: false, username: "viewer" },
        { id: "12", videoId: "7", text: "answer", createdAt: new Date(1_700_000_100_000), hidden: false, owner: true, parentId: "11" },
      ],
    });
    const url = new URL(rec.calls[0]!.url);
    expect(url.pathname).toBe("/open_api/v1.3/business/comment/list/");
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ business_id: "biz-1", video_id: "7", status: "ALL", include_replies: "true" });
    expect(rec.calls[0]!.url).not.toContain("tok-123");
    expect((rec.calls[0]!.init.headers as Record<string, string>)["access-token"]).toBe("tok-123");
  });

  it("hides with the video's id and reads TikTok's codes: refused token, rate limit, no permission", async () => {
    const rec = recorder(ok({}));
    await client(rec.fetchImpl).hideComment("t", "biz-1", "7", "11", true);
    expect(JSON.parse(String(rec.calls[0]!.init.body))).toEqual({ business_id: "biz-1", video_id: "7", comment_id: "11", action: "HIDE" });
    const fail = (code: number) => client(recorder({ code, message: "quoted text", request_id: "r" }).fetchImpl).hideComment("t", "biz-1", "7", "11", false);
    await expect(fail(40105)).rejects.toMatchObject({ name: "PlatformError", code: "TOKEN_INVALID" });
    await expect(fail(40100)).rejects.toMatchObject({ code: "RATE_LIMITED", retryable: true, retryAfterSeconds: 60 });
    await expect(fail(40001)).rejects.toMatchObject({ code: "PERMISSION", retryable: false });
    // TikTok's message never travels into ours (it can quote what was sent).
    await expect(fail(40002)).rejects.toSatisfy((e: PlatformError) => e.code === "INVALID_REQUEST" && !e.message.includes("quoted"));
    expect(classifyTikTokCode(50002)).toBe("TRANSIENT");
  });

  it("refuses a reply over 150 characters and malformed ids before any call", async () => {
    const rec = recorder(ok({}));
    await expect(client(rec.fetchImpl).replyToComment("t", "biz-1", "7", "11", "x".repeat(151))).rejects.toMatchObject({ code: "INVALID_REQUEST" });
    await expect(client(rec.fetchImpl).deleteComment("t", "biz/../1", "11")).rejects.toMatchObject({ code: "INVALID_REQUEST" });
    expect(rec.calls).toHaveLength(0);
  });
});

describe("TikTok OAuth client", () => {
  const oauth = (fetchImpl?: typeof fetch) => new TikTokOAuth({ clientId: "tt-app", clientSecret: "tt-secret-0123456789", authorizeUrl: "https://www.tiktok.com/v2/auth/authorize/", apiBase: "https://business-api.tiktok.com", fetch: fetchImpl, now: () => NOW });

  it("builds the consent URL with client_key and comma-separated scopes, never the secret", () => {
    const url = new URL(oauth().authorizeUrl("S".repeat(43), "https://app.example/api/oauth/tiktok/callback", ["video.list", "comment.list"]));
    expect(Object.fromEntries(url.searchParams)).toEqual({ client_key: "tt-app", response_type: "code", scope: "video.list,comment.list", redirect_uri: "https://app.example/api/oauth/tiktok/callback", state: "S".repeat(43) });
    expect(url.toString()).not.toContain("tt-secret");
  });

  it("exchanges the code in the body and reads the grant; a refused refresh token is TOKEN_INVALID", async () => {
    const rec = recorder(ok({ access_token: "a", expires_in: 86_400, refresh_token: "r", refresh_token_expires_in: 31_536_000, open_id: "biz-1", scope: "video.list,comment.list" }));
    const grant = await oauth(rec.fetchImpl).exchangeCode("code-1", "https://app.example/cb");
    expect(grant).toEqual({ accessToken: "a", openId: "biz-1", expiresAt: new Date(NOW + 86_400_000), refreshToken: "r", refreshExpiresAt: new Date(NOW + 31_536_000_000), scopes: ["video.list", "comment.list"] });
    expect(rec.calls[0]!.url).toBe("https://business-api.tiktok.com/open_api/v1.3/tt_user/oauth2/token/");
    expect(JSON.parse(String(rec.calls[0]!.init.body))).toEqual({ client_id: "tt-app", client_secret: "tt-secret-0123456789", grant_type: "authorization_code", auth_code: "code-1", redirect_uri: "https://app.example/cb" });
    await expect(oauth(recorder({ code: 40002, message: "invalid", request_id: "r" }).fetchImpl).refresh("old")).rejects.toMatchObject({ code: "TOKEN_INVALID" });
  });
});
