import { describe, expect, it } from "vitest";
import { LinkedInClient } from "./linkedin-client";
import { PlatformError } from "./platform-error";
import { rateLimitWait } from "./rest-http";
import { XClient } from "./x-client";

// The LinkedIn and X clients over a fake fetch: what goes on the wire, and how answers map to PlatformErrors.

type Seen = { url: URL; init: RequestInit };
function fake(respond: (url: URL, init: RequestInit) => Response) {
  const seen: Seen[] = [];
  const fetchImpl = (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = new URL(String(input));
    seen.push({ url, init });
    return respond(url, init);
  }) as typeof fetch;
  return { seen, fetchImpl };
}
const json = (status: number, body: unknown, headers: Record<string, string> = {}) => new Response(JSON.stringify(body), { status, headers });
const NOW = 1_800_000_000_000;

async function failure(p: Promise<unknown>): Promise<PlatformError> {
  const error = await p.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(PlatformError);
  return error as PlatformError;
}

describe("rateLimitWait", () => {
  it("reads Retry-After, else X's x-rate-limit-reset against the clock, capped at an hour", () => {
    expect(rateLimitWait(new Headers({ "retry-after": "30" }), NOW)).toBe(30);
    expect(rateLimitWait(new Headers({ "x-rate-limit-reset": String(NOW / 1000 + 600) }), NOW)).toBe(600);
    expect(rateLimitWait(new Headers({ "x-rate-limit-reset": String(NOW / 1000 - 5) }), NOW)).toBe(1);
    expect(rateLimitWait(new Headers({ "x-rate-limit-reset": String(NOW / 1000 + 99_999) }), NOW)).toBe(3_600);
    expect(rateLimitWait(new Headers(), NOW)).toBeUndefined();
  });
});

describe("XClient", () => {
  it("hides with PUT /2/tweets/:id/hidden, the token in the header only", async () => {
    const { seen, fetchImpl } = fake(() => json(200, { data: { hidden: true } }));
    await new XClient({ apiBase: "http://x.test/", fetch: fetchImpl }).hideReply("user-token", "1790000000000000001", true);
    expect(seen[0]!.url.toString()).toBe("http://x.test/2/tweets/1790000000000000001/hidden");
    expect(seen[0]!.init).toMatchObject({ method: "PUT", body: JSON.stringify({ hidden: true }) });
    expect((seen[0]!.init.headers as Record<string, string>).authorization).toBe("Bearer user-token");
    expect(seen[0]!.url.search).toBe("");
  });

  it("maps a 429 to a retryable RATE_LIMITED with the wait until x-rate-limit-reset", async () => {
    const { fetchImpl } = fake(() => json(429, { title: "Too Many Requests", status: 429 }, { "x-rate-limit-reset": String(NOW / 1000 + 420), "x-rate-limit-remaining": "0" }));
    const e = await failure(new XClient({ apiBase: "http://x.test", fetch: fetchImpl, now: () => NOW }).hideReply("t", "1790000000000000001", true));
    expect(e.toJSON()).toMatchObject({ code: "RATE_LIMITED", retryable: true, httpStatus: 429, retryAfterSeconds: 420, outcomeUnknown: false });
  });

  it("maps 401, 403 (a conversation the account did not start) and 404; refuses a malformed id before calling", async () => {
    for (const [status, code] of [[401, "TOKEN_INVALID"], [403, "PERMISSION"], [404, "NOT_FOUND"], [503, "TRANSIENT"]] as const) {
      const { fetchImpl } = fake(() => json(status, { detail: "echo: patient text" }));
      const e = await failure(new XClient({ apiBase: "http://x.test", fetch: fetchImpl }).hideReply("t", "1", true));
      expect(e.code).toBe(code);
      expect(e.message).not.toContain("patient");
    }
    const { seen, fetchImpl } = fake(() => json(200, {}));
    expect((await failure(new XClient({ apiBase: "http://x.test", fetch: fetchImpl }).hideReply("t", "../1", true))).code).toBe("INVALID_REQUEST");
    expect(seen).toHaveLength(0);
  });

  it("searches a conversation with since_id, follows next_token and drops the post itself", async () => {
    const { seen, fetchImpl } = fake((url) =>
      url.searchParams.get("next_token")
        ? json(200, { data: [{ id: "12", text: "older", author_id: "9", conversation_id: "10", created_at: "2027-01-01T00:00:00.000Z" }], meta: { newest_id: "12", result_count: 1 } })
        : json(200, {
            data: [
              { id: "14", text: "newest", author_id: "8", conversation_id: "10", created_at: "2027-01-01T00:01:00.000Z", referenced_tweets: [{ type: "replied_to", id: "10" }] },
              { id: "10", text: "the post", author_id: "7", conversation_id: "10", created_at: "2027-01-01T00:00:00.000Z" },
            ],
            includes: { users: [{ id: "8", username: "someone" }] }, meta: { newest_id: "14", next_token: "p2", result_count: 2 },
          }),
    );
    const res = await new XClient({ apiBase: "http://x.test", fetch: fetchImpl }).searchReplies("t", "10", { sinceId: "11" });
    expect(seen[0]!.url.pathname).toBe("/2/tweets/search/recent");
    expect(Object.fromEntries(seen[0]!.url.searchParams)).toMatchObject({ query: "conversation_id:10", since_id: "11", expansions: "author_id" });
    expect(res).toEqual({
      newestId: "14",
      replies: [
        { id: "14", conversationId: "10", text: "newest", authorId: "8", authorUsername: "someone", createdAt: new Date("2027-01-01T00:01:00.000Z"), inReplyToId: "10" },
        { id: "12", conversationId: "10", text: "older", authorId: "9", createdAt: new Date("2027-01-01T00:00:00.000Z") },
      ],
    });
    const empty = fake(() => json(200, { meta: { result_count: 0 } }));
    expect(await new XClient({ apiBase: "http://x.test", fetch: empty.fetchImpl }).searchReplies("t", "10")).toEqual({ replies: [] });
  });
});

describe("LinkedInClient", () => {
  const COMMENT = "urn:li:comment:(urn:li:activity:700,800)";
  it("reads and deletes through /rest/socialActions with the version headers and the org as actor", async () => {
    const { seen, fetchImpl } = fake((_url, init) =>
      init.method === "DELETE" ? new Response(null, { status: 204 }) : json(200, { id: "800", actor: "urn:li:person:p1", object: "urn:li:activity:700", message: { text: "hello" }, created: { time: NOW } }),
    );
    const client = new LinkedInClient({ apiBase: "http://li.test", version: "202501", fetch: fetchImpl });
    expect(await client.getComment("tok", COMMENT)).toEqual({ urn: COMMENT, objectUrn: "urn:li:activity:700", text: "hello", authorUrn: "urn:li:person:p1", createdAt: new Date(NOW) });
    await client.deleteComment("tok", "urn:li:organization:5", COMMENT);
    expect(seen.map((s) => `${s.init.method} ${s.url.pathname}${s.url.search}`)).toEqual([
      "GET /rest/socialActions/urn%3Ali%3Aactivity%3A700/comments/800",
      "DELETE /rest/socialActions/urn%3Ali%3Aactivity%3A700/comments/800?actor=urn%3Ali%3Aorganization%3A5",
    ]);
    expect(seen[0]!.init.headers).toMatchObject({ "LinkedIn-Version": "202501", "X-Restli-Protocol-Version": "2.0.0", authorization: "Bearer tok" });
  });

  it("refuses a malformed comment or org URN before calling; a gone comment is NOT_FOUND", async () => {
    const { seen, fetchImpl } = fake(() => json(404, { status: 404, message: "Not found" }));
    const client = new LinkedInClient({ apiBase: "http://li.test", version: "202501", fetch: fetchImpl });
    expect((await failure(client.getComment("tok", "urn:li:share:1"))).code).toBe("INVALID_REQUEST");
    expect((await failure(client.deleteComment("tok", "urn:li:person:1", COMMENT))).code).toBe("INVALID_REQUEST");
    expect(seen).toHaveLength(0);
    expect((await failure(client.getComment("tok", COMMENT))).code).toBe("NOT_FOUND");
  });
});
