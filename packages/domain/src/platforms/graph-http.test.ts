import { describe, expect, it } from "vitest";
import { z } from "zod";
import { GraphTransport } from "./graph-http";
import { classifyGraphError, PlatformError } from "./platform-error";

const TOKEN = "EAAunit-test-token";
const ok = z.object({ success: z.literal(true) });

function transport(respond: (url: URL, init: RequestInit) => Promise<Response> | Response, timeoutMs = 1_000) {
  const seen: { url: URL; init: RequestInit }[] = [];
  const t = new GraphTransport({
    graphUrl: "http://graph.test/",
    version: "v21.0",
    appSecret: "unit-secret",
    timeoutMs,
    fetch: async (input, init = {}) => {
      const url = new URL(String(input));
      seen.push({ url, init });
      return respond(url, init);
    },
  });
  return { t, seen };
}

const graphError = (status: number, error: Record<string, unknown>, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ error: { message: "echo: patient text here", type: "OAuthException", fbtrace_id: "Atrace1", ...error } }), { status, headers });

async function failure(p: Promise<unknown>): Promise<PlatformError> {
  const error = await p.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(PlatformError);
  return error as PlatformError;
}

describe("classifyGraphError", () => {
  it.each([
    [400, 190, undefined, "TOKEN_INVALID"],
    [400, 190, 463, "TOKEN_INVALID"],
    [400, 4, undefined, "RATE_LIMITED"],
    [400, 17, undefined, "RATE_LIMITED"],
    [429, 32, undefined, "RATE_LIMITED"],
    [400, 613, undefined, "RATE_LIMITED"],
    [400, 80001, undefined, "RATE_LIMITED"],
    [429, undefined, undefined, "RATE_LIMITED"],
    [400, 10900, undefined, "ALREADY_REPLIED"],
    [400, 10903, undefined, "WINDOW_CLOSED"],
    [403, 10, undefined, "PERMISSION"],
    [403, 200, undefined, "PERMISSION"],
    [400, 299, undefined, "PERMISSION"],
    [400, 100, 33, "NOT_FOUND"],
    [404, 100, undefined, "NOT_FOUND"],
    [404, 803, undefined, "NOT_FOUND"],
    [400, 100, undefined, "INVALID_REQUEST"],
    [500, 2, undefined, "TRANSIENT"],
    [503, undefined, undefined, "TRANSIENT"],
    [400, undefined, undefined, "INVALID_REQUEST"],
  ] as const)("HTTP %i, code %s/%s → %s", (status, code, subcode, expected) => {
    expect(classifyGraphError(status, code, subcode)).toBe(expected);
  });
});

describe("GraphTransport", () => {
  it("sends the token in a header with appsecret_proof, never in the path or error", async () => {
    const { t, seen } = transport(() => Response.json({ success: true }));
    await t.call("hideComment", { method: "POST", path: "/1_2", token: TOKEN, form: { is_hidden: true } }, ok);
    const { url, init } = seen[0]!;
    expect(url.pathname).toBe("/v21.0/1_2");
    expect(url.searchParams.get("appsecret_proof")).toMatch(/^[0-9a-f]{64}$/);
    expect(url.toString()).not.toContain(TOKEN);
    expect((init.headers as Record<string, string>).authorization).toBe(`Bearer ${TOKEN}`);
    expect(init.body).toBe("is_hidden=true");
  });

  it("maps Graph errors without copying Graph's message, keeping codes, trace id and Retry-After", async () => {
    const { t } = transport(() => graphError(429, { code: 32 }, { "retry-after": "30" }));
    const error = await failure(t.call("listComments", { method: "GET", path: "/1/comments", token: TOKEN }, ok));
    expect(error).toMatchObject({ code: "RATE_LIMITED", retryable: true, permanent: false, graphCode: 32, fbtraceId: "Atrace1", retryAfterSeconds: 30, httpStatus: 429 });
    expect(error.message).toBe("listComments: RATE_LIMITED (graph code 32)");
    expect(JSON.stringify(error.toJSON())).not.toMatch(/patient|EAA/);

    const { t: t2 } = transport(() => graphError(400, { code: 10900 }));
    expect(await failure(t2.call("privateReply", { method: "POST", path: "/1/messages", token: TOKEN, json: {} }, ok))).toMatchObject({ code: "ALREADY_REPLIED", permanent: true, outcomeUnknown: false });
  });

  it("marks a write that timed out or got a 5xx as outcome unknown, a refused connection as not sent", async () => {
    const slow = transport((_u, init) => new Promise<Response>((_r, reject) => init.signal!.addEventListener("abort", () => reject(init.signal!.reason))), 50);
    expect(await failure(slow.t.call("privateReply", { method: "POST", path: "/1/messages", token: TOKEN, json: {} }, ok))).toMatchObject({ code: "TRANSIENT", retryable: true, outcomeUnknown: true });
    expect(await failure(slow.t.call("getComment", { method: "GET", path: "/1_2", token: TOKEN }, ok))).toMatchObject({ code: "TRANSIENT", outcomeUnknown: false });

    const refused = transport(() => Promise.reject(Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } })));
    expect(await failure(refused.t.call("privateReply", { method: "POST", path: "/1/messages", token: TOKEN, json: {} }, ok))).toMatchObject({ code: "TRANSIENT", outcomeUnknown: false });

    const down = transport(() => new Response("<html>bad gateway</html>", { status: 502 }));
    expect(await failure(down.t.call("deleteComment", { method: "DELETE", path: "/1_2", token: TOKEN }, ok))).toMatchObject({ code: "TRANSIENT", outcomeUnknown: true, httpStatus: 502 });
  });

  it("treats a 2xx body of the wrong shape as INVALID_RESPONSE", async () => {
    const { t } = transport(() => Response.json({ success: false }));
    expect(await failure(t.call("hideComment", { method: "POST", path: "/1_2", token: TOKEN }, ok))).toMatchObject({ code: "INVALID_RESPONSE", permanent: true, outcomeUnknown: true });
  });
});
