import { z } from "zod";
import type { Ctx } from "./context";
import { sendJson, str } from "./http";
import type { LiComment, LinkedInSim } from "./linkedin-state";
import { organizationsApi } from "./linkedin-oauth";
import { ControlError, parseBody } from "./sim-comments";

// LinkedIn's Community Management API subset (/rest/socialActions/{post}/comments/{id}: read, list,
// delete as the organization) and its control API under /_sim/linkedin. Calls need a LinkedIn-Version
// header and a member token of an admin of the comment's organization. There is no hide: any other
// write on a comment answers 405, as LinkedIn offers no such endpoint.

export class LiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

const COMMENT_FIELDS = (c: LiComment) => ({
  id: c.id, commentUrn: c.urn, actor: c.authorUrn, object: c.objectUrn, message: { text: c.text, attributes: [] },
  created: { actor: c.authorUrn, time: c.createdMs }, lastModified: { actor: c.authorUrn, time: c.lastModifiedMs }, ...(c.parentUrn ? { parentComment: c.parentUrn } : {}),
});

/** /rest/…: LinkedIn-shaped errors ({status, code, message}). */
export async function handleLinkedIn(ctx: Ctx): Promise<void> {
  try {
    rest(ctx, ctx.sim.linkedin);
  } catch (error) {
    if (!(error instanceof LiError)) throw error;
    sendJson(ctx.res, error.status, { status: error.status, code: error.code, serviceErrorCode: 100, message: error.message });
  }
}

/** The organizations the request's token acts for (a member token: all those its member administers). */
export function liAuthenticate(ctx: Ctx, li: LinkedInSim): { orgs: string[]; scopes: string[] } {
  if (!/^\d{6}$/.test(String(ctx.req.headers["linkedin-version"] ?? ""))) throw new LiError(400, "VERSION_MISSING", "A LinkedIn-Version header (YYYYMM) is required");
  const header = ctx.req.headers.authorization;
  const access = header?.startsWith("Bearer ") ? li.actsFor(header.slice(7).trim()) : ({ refused: "invalid" } as const);
  if ("refused" in access) {
    const [code, message] = access.refused === "expired" ? ["EXPIRED_ACCESS_TOKEN", "The token used in the request has expired"] : access.refused === "revoked" ? ["REVOKED_ACCESS_TOKEN", "The token used in the request has been revoked by the user"] : ["INVALID_ACCESS_TOKEN", "Invalid access token"];
    throw new LiError(401, code, message);
  }
  return access;
}

function rest(ctx: Ctx, li: LinkedInSim): void {
  const [, resource, objectUrn, sub, id, ...extra] = ctx.segments;
  if (resource === "organizationAcls" || resource === "organizations") return void organizationsApi(ctx, li, liAuthenticate(ctx, li));
  if (resource !== "socialActions" || sub !== "comments" || !objectUrn || extra.length) throw new LiError(404, "NOT_FOUND", "No such resource");
  const { orgs } = liAuthenticate(ctx, li);

  if (!id) {
    if (ctx.method !== "GET") throw new LiError(405, "METHOD_NOT_ALLOWED", "Method not allowed");
    const list = [...li.comments.values()].filter((c) => c.objectUrn === objectUrn && !c.deleted);
    if (list.some((c) => !orgs.includes(c.orgUrn))) throw new LiError(403, "ACCESS_DENIED", "Not an admin of this organization");
    return sendJson(ctx.res, 200, { elements: list.map(COMMENT_FIELDS), paging: { start: 0, count: list.length, total: list.length } });
  }
  const comment = [...li.comments.values()].find((c) => c.objectUrn === objectUrn && c.id === id);
  if (ctx.method !== "GET" && ctx.method !== "DELETE") throw new LiError(405, "METHOD_NOT_ALLOWED", "Comments cannot be hidden or changed by the organization on LinkedIn");
  if (!comment || comment.deleted) throw new LiError(404, "NOT_FOUND", "Comment not found");
  const refuse = (message: string): never => {
    if (ctx.method === "DELETE") ctx.sim.state.recordCall({ type: "delete", platform: "linkedin", objectId: comment.urn, commentId: comment.urn, ok: false, errorCode: 403 });
    throw new LiError(403, "ACCESS_DENIED", message);
  };
  if (!orgs.includes(comment.orgUrn)) refuse("Not an admin of this organization");
  if (ctx.method === "GET") return sendJson(ctx.res, 200, COMMENT_FIELDS(comment));
  if (str(ctx.params.actor) !== comment.orgUrn) refuse("actor must be the organization");
  comment.deleted = true;
  ctx.sim.state.recordCall({ type: "delete", platform: "linkedin", objectId: comment.urn, commentId: comment.urn, ok: true });
  ctx.res.writeHead(204, { "cache-control": "no-store" }).end();
}

// --- control API: /_sim/linkedin/… ---

const delivery = { duplicate: z.number().int().min(0).max(50).optional(), delay: z.number().int().min(0).max(600_000).optional() };
const createSchema = z.object({
  org: z.string().regex(/^urn:li:organization:\d{1,19}$/).optional(),
  postUrn: z.string().regex(/^urn:li:(activity|ugcPost|share):\d{1,19}$/).optional(),
  parentUrn: z.string().optional(),
  author: z.string().regex(/^urn:li:(person|organization):[A-Za-z0-9_-]{1,40}$/).optional(),
  message: z.string().min(1).max(8000),
  ...delivery,
});

function live(li: LinkedInSim, id: string | undefined): LiComment {
  const comment = [...li.comments.values()].find((c) => c.id === id);
  if (!comment) throw new ControlError("commentId", "unknown comment", 404);
  if (comment.deleted) throw new ControlError("commentId", "the comment is deleted", 409);
  return comment;
}

export async function handleLinkedInControl(ctx: Ctx, [area, id, action]: string[]): Promise<void> {
  const li = ctx.sim.linkedin;
  const now = () => ctx.sim.state.clock.nowMs();
  switch (`${ctx.method} ${area ?? ""}${id ? "/:id" : ""}${action ? `/${action}` : ""}`) {
    case "GET orgs":
      return sendJson(ctx.res, 200, { orgs: [...li.orgs.values()].map((o) => ({ ...o, accessToken: li.tokenFor(o.urn) })) });
    case "POST orgs": {
      const orgSchema = z.object({ id: z.string().regex(/^\d{1,19}$/).optional(), name: z.string().min(1).max(100), administered: z.boolean().default(true) });
      const { orgs } = parseBody(z.object({ orgs: z.array(orgSchema).min(1) }), ctx.json);
      for (const o of orgs) {
        const urn = `urn:li:organization:${o.id ?? li.nextId().slice(-9)}`;
        li.orgs.set(urn, { urn, name: o.name, administered: o.administered });
      }
      return sendJson(ctx.res, 200, { orgs: [...li.orgs.values()].map((o) => ({ ...o, accessToken: li.tokenFor(o.urn) })) });
    }
    case "POST comments": {
      const input = parseBody(createSchema, ctx.json);
      const orgUrn = input.org ?? [...li.orgs.keys()][0]!;
      if (!li.orgs.has(orgUrn)) throw new ControlError("org", "unknown organization: seed it with POST /_sim/linkedin/orgs");
      const parent = input.parentUrn ? [...li.comments.values()].find((c) => c.urn === input.parentUrn && !c.deleted) : undefined;
      if (input.parentUrn && !parent) throw new ControlError("parentUrn", "unknown comment");
      const objectUrn = parent?.objectUrn ?? input.postUrn ?? `urn:li:activity:${li.nextId()}`;
      const commentId = li.nextId();
      const comment: LiComment = {
        urn: `urn:li:comment:(${objectUrn},${commentId})`, id: commentId, objectUrn, orgUrn, text: input.message, authorUrn: input.author ?? "urn:li:person:simMember1",
        createdMs: now(), lastModifiedMs: now(), deleted: false, ...(parent ? { parentUrn: parent.urn } : {}),
      };
      li.comments.set(comment.urn, comment);
      const deliveries = await li.deliver([{ commentUrn: comment.urn, action: "COMMENT", body: li.notification(comment, "COMMENT") }], { duplicate: input.duplicate, delayMs: input.delay });
      return sendJson(ctx.res, 201, { commentUrn: comment.urn, commentId, postUrn: objectUrn, org: orgUrn, deliveries });
    }
    case "POST comments/:id/edit": {
      const input = parseBody(z.object({ message: z.string().min(1).max(8000), ...delivery }), ctx.json);
      const comment = live(li, id);
      Object.assign(comment, { text: input.message, lastModifiedMs: Math.max(now(), comment.lastModifiedMs + 1000) });
      const deliveries = await li.deliver([{ commentUrn: comment.urn, action: "COMMENT_EDIT", body: li.notification(comment, "COMMENT_EDIT") }], { duplicate: input.duplicate, delayMs: input.delay });
      return sendJson(ctx.res, 200, { commentUrn: comment.urn, deliveries });
    }
    case "POST comments/:id/remove": {
      const input = parseBody(z.object(delivery), ctx.json);
      const comment = live(li, id);
      Object.assign(comment, { deleted: true, lastModifiedMs: Math.max(now(), comment.lastModifiedMs + 1000) });
      const deliveries = await li.deliver([{ commentUrn: comment.urn, action: "COMMENT_DELETE", body: li.notification(comment, "COMMENT_DELETE") }], { duplicate: input.duplicate, delayMs: input.delay });
      return sendJson(ctx.res, 200, { commentUrn: comment.urn, deliveries });
    }
    case "GET comments": {
      const org = str(ctx.url.searchParams.get("org"));
      return sendJson(ctx.res, 200, { data: [...li.comments.values()].filter((c) => !org || c.orgUrn === org) });
    }
    case "GET comments/:id": {
      const comment = [...li.comments.values()].find((c) => c.id === id);
      if (!comment) throw new ControlError("commentId", "unknown comment", 404);
      return sendJson(ctx.res, 200, comment);
    }
    case "GET deliveries":
      return sendJson(ctx.res, 200, { data: li.deliveries });
    case "POST tokens/:id":
      if (id !== "revoke") break;
      // A member token or a refresh token stops working, as when the member removes the app.
      li.revoked.add(parseBody(z.object({ token: z.string().min(1) }), ctx.json).token);
      return sendJson(ctx.res, 200, { ok: true });
    case "GET callback":
      return sendJson(ctx.res, 200, { url: li.callbackUrl });
    case "POST callback":
      li.callbackUrl = parseBody(z.object({ url: z.string().url().nullable() }), ctx.json).url;
      return sendJson(ctx.res, 200, { url: li.callbackUrl });
    case "POST callback/:id":
      if (id !== "verify") break;
      return sendJson(ctx.res, 200, await li.verifyCallback());
  }
  sendJson(ctx.res, 404, { error: { field: "path", message: "no such control endpoint" } });
}
