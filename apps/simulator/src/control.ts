import { z } from "zod";
import type { Ctx } from "./context";
import { sendJson, str } from "./http";
import { ControlError, createComment, editComment, parseBody, removeComment } from "./sim-comments";
import { handleLinkedInControl } from "./linkedin";
import { handleTikTokControl } from "./tiktok";
import { handleXControl } from "./x";
import { ALL_SCOPES, DEMO_USER, type SimComment } from "./state";

// The control API under /_sim, for tests and the demo: seed Pages and tokens, make people comment,
// move the clock, set the rate limit, inject faults, and read back what the app did. LinkedIn's and
// X's live under /_sim/linkedin and /_sim/x (linkedin.ts, x.ts).

const graphId = z.string().regex(/^[A-Za-z0-9_]{1,64}$/, "letters, digits and _ only");

const pagesSchema = z.object({
  pages: z
    .array(
      z.object({
        id: graphId.optional(),
        name: z.string().min(1).max(100),
        igUserId: graphId.optional(),
        igUsername: z.string().min(1).max(64).optional(),
        /** Whether the app is subscribed to the Page's feed (default true). */
        subscribed: z.boolean().default(true),
      }),
    )
    .min(1),
});

const tokenSchema = z.object({
  pageId: graphId.optional(),
  scopes: z.array(z.string().min(1)).optional(),
  /** 0 (default) never expires. */
  expiresInSeconds: z.number().int().min(0).default(0),
});

const faultSchema = z.object({
  op: z.enum(["publish", "hide", "delete", "private_reply", "public_reply", "read", "any"]),
  times: z.number().int().min(1).max(1000).default(1),
  delayMs: z.number().int().min(1).max(120_000).optional(),
  status: z.number().int().min(400).max(599).optional(),
}).refine((f) => f.delayMs !== undefined || f.status !== undefined, { message: "give delayMs or status", path: ["delayMs"] });

/** Page tokens the control API hands out: stable across restarts (fixed nonce), all scopes, no expiry. */
function pageList(ctx: Ctx) {
  return [...ctx.sim.state.pages.values()].map((p) => ({
    id: p.id,
    name: p.name,
    ...(p.igUserId ? { igUserId: p.igUserId, igUsername: p.igUsername } : {}),
    subscribedFields: p.subscribedFields,
    accessToken: ctx.sim.tokens.mint({ k: "p", sub: p.id, scopes: [...ALL_SCOPES], exp: 0, n: "seed" }),
  }));
}

const commentView = (c: SimComment) => ({ ...c });

export async function handleControl(ctx: Ctx): Promise<void> {
  try {
    await route(ctx);
  } catch (error) {
    if (error instanceof ControlError) return sendJson(ctx.res, error.status, { error: { field: error.field, message: error.message } });
    throw error;
  }
}

async function route(ctx: Ctx): Promise<void> {
  const { sim, method } = ctx;
  const { state } = sim;
  const [, area, id, action] = ctx.segments;
  const key = `${method} ${area ?? ""}${id ? "/:id" : ""}${action ? `/${action}` : ""}`;
  const q = (name: string) => str(ctx.url.searchParams.get(name));
  if (area === "linkedin") return handleLinkedInControl(ctx, ctx.segments.slice(2));
  if (area === "x") return handleXControl(ctx, ctx.segments.slice(2));
  if (area === "tiktok") return handleTikTokControl(ctx, ctx.segments.slice(2));

  switch (key) {
    case "GET health":
      return sendJson(ctx.res, 200, { ok: true });
    case "POST reset":
      state.reset();
      sim.linkedin.reset();
      sim.x.reset();
      sim.tiktok.reset();
      return sendJson(ctx.res, 200, { ok: true });
    case "GET callback":
      return sendJson(ctx.res, 200, { url: state.callbackUrl });
    case "POST callback": {
      const { url } = parseBody(z.object({ url: z.string().url().nullable() }), ctx.json);
      state.callbackUrl = url;
      return sendJson(ctx.res, 200, { url });
    }
    case "POST callback/:id":
      if (id !== "verify") break;
      return sendJson(ctx.res, 200, await sim.webhooks.verifyCallback());
    case "GET pages":
      return sendJson(ctx.res, 200, { pages: pageList(ctx) });
    case "POST pages": {
      for (const p of parseBody(pagesSchema, ctx.json).pages) {
        const pageId = p.id ?? `2000${String(state.nextSeq()).padStart(11, "0")}`;
        state.pages.set(pageId, { id: pageId, name: p.name, ...(p.igUserId ? { igUserId: p.igUserId, igUsername: p.igUsername ?? p.name.toLowerCase().replace(/\W+/g, "_") } : {}), subscribedFields: p.subscribed ? ["feed"] : [] });
      }
      return sendJson(ctx.res, 200, { pages: pageList(ctx) });
    }
    case "POST tokens": {
      const t = parseBody(tokenSchema, ctx.json);
      if (t.pageId && !state.pages.has(t.pageId)) throw new ControlError("pageId", "unknown page");
      const exp = t.expiresInSeconds ? state.clock.nowSeconds() + t.expiresInSeconds : 0;
      const accessToken = sim.tokens.mint({ k: t.pageId ? "p" : "u", sub: t.pageId ?? DEMO_USER.id, scopes: t.scopes ?? [...ALL_SCOPES], exp, ...(t.pageId ? {} : { ll: exp === 0 }) });
      return sendJson(ctx.res, 201, { accessToken, expiresAt: exp || null });
    }
    case "POST tokens/:id": {
      if (id !== "revoke") break;
      state.revokedTokens.add(parseBody(z.object({ token: z.string().min(1) }), ctx.json).token);
      return sendJson(ctx.res, 200, { ok: true });
    }
    case "GET comments": {
      const list = [...state.comments.values()].filter((c) => (!q("postId") || c.postId === q("postId")) && (!q("accountId") || c.accountId === q("accountId")));
      return sendJson(ctx.res, 200, { data: list.map(commentView) });
    }
    case "POST comments":
      return createComment(ctx);
    case "GET comments/:id": {
      const comment = state.comments.get(id!);
      if (!comment) throw new ControlError("commentId", "unknown comment", 404);
      return sendJson(ctx.res, 200, commentView(comment));
    }
    case "POST comments/:id/edit":
      return editComment(ctx, id!);
    case "POST comments/:id/remove":
      return removeComment(ctx, id!);
    case "GET calls": {
      const data = state.calls.filter((c) => (!q("commentId") || c.commentId === q("commentId")) && (!q("type") || c.type === q("type")));
      return sendJson(ctx.res, 200, { data });
    }
    case "GET deliveries": {
      const data = state.deliveries.filter((d) => !q("commentId") || d.commentId === q("commentId"));
      return sendJson(ctx.res, 200, { data });
    }
    case "GET clock":
    case "POST clock": {
      if (method === "POST") state.clock.advance(parseBody(z.object({ advanceSeconds: z.number().int().min(0).max(10 * 365 * 86_400) }), ctx.json).advanceSeconds);
      const now = state.clock.nowSeconds();
      return sendJson(ctx.res, 200, { now, iso: new Date(now * 1000).toISOString() });
    }
    case "GET rate-limit":
      return sendJson(ctx.res, 200, state.rate);
    case "POST rate-limit":
      state.setRate(parseBody(z.object({ limit: z.number().int().min(0), windowSeconds: z.number().int().min(1).default(60) }), ctx.json));
      return sendJson(ctx.res, 200, state.rate);
    case "POST faults": {
      const f = parseBody(faultSchema, ctx.json);
      state.faults.push({ op: f.op, remaining: f.times, delayMs: f.delayMs, status: f.status });
      return sendJson(ctx.res, 201, { faults: state.faults });
    }
    case "DELETE faults":
      state.faults = [];
      return sendJson(ctx.res, 200, { faults: [] });
  }
  sendJson(ctx.res, 404, { error: { field: "path", message: "no such control endpoint" } });
}
