import type { Channel } from "@vetted/db";
import { z } from "zod";
import { AppError } from "../errors";
import type { CommentChange, CommentVerb } from "./comment-change";

// Meta webhook bodies (Page `feed` and Instagram `comments`) reduced to one shape. Deliveries are
// hints: a change says "look at comment X", the worker re-reads the comment before acting, so this
// parser keeps ids and the event time and drops everything that is not a comment change.

export type { CommentChange, CommentVerb } from "./comment-change";
export type MetaPlatform = Extract<Channel, "FACEBOOK" | "INSTAGRAM">;

const id = z.union([z.string().min(1).max(128), z.number().int().nonnegative()]).transform(String);
// Graph sends unix seconds; a few endpoints send milliseconds, which would land ~50,000 years out.
const unixSeconds = z.number().nonnegative().transform((t) => Math.floor(t > 1e11 ? t / 1000 : t));

const envelopeSchema = z.object({
  object: z.string().min(1),
  entry: z.array(
    z.object({
      id,
      time: unixSeconds,
      changes: z.array(z.unknown()).optional(),
    }),
  ),
});

// Graph has used both "edit" and "edited", and "delete" next to "remove"; other verbs (block, mute…) are not comment changes.
const VERBS: Record<string, CommentVerb> = { add: "add", edited: "edited", edit: "edited", update: "edited", remove: "remove", delete: "remove", hide: "hide", unhide: "unhide" };

const pageCommentSchema = z.object({
  field: z.literal("feed"),
  value: z.object({
    item: z.literal("comment"),
    verb: z.string().transform((v, ctx) => VERBS[v] ?? (ctx.addIssue({ code: "custom", message: "not a comment verb" }), z.NEVER)),
    comment_id: id,
    post_id: id.optional(),
    parent_id: id.optional(),
    message: z.string().optional(),
    from: z.object({ id: id.optional(), name: z.string().optional() }).optional(),
  }),
});

const instagramCommentSchema = z.object({
  field: z.literal("comments"),
  value: z.object({
    id,
    text: z.string().optional(),
    parent_id: id.optional(),
    from: z.object({ id: id.optional(), username: z.string().optional() }).optional(),
    media: z.object({ id }).optional(),
  }),
});

const defined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/**
 * The comment changes in a Meta webhook body (already JSON-parsed, signature already verified).
 * A body that is not a Meta webhook envelope is a VALIDATION AppError (answer 400); objects and
 * changes that are not comments (Messenger, mentions, likes…) are skipped, not errors.
 */
export function parseMetaWebhook(json: unknown): CommentChange[] {
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) {
    const fields = [...new Set(envelope.error.issues.map((i) => i.path.join(".") || "_"))];
    throw new AppError("VALIDATION", "Not a Meta webhook body", Object.fromEntries(fields.map((f) => [f, ["invalid"]])));
  }
  const { object, entry } = envelope.data;
  const out: CommentChange[] = [];
  for (const e of entry) {
    for (const raw of e.changes ?? []) {
      if (object === "page") {
        const change = pageCommentSchema.safeParse(raw);
        if (!change.success) continue;
        const v = change.data.value;
        out.push(
          defined({
            platform: "FACEBOOK" as const,
            accountExternalId: e.id,
            objectId: v.comment_id,
            // Graph gives the post id as parent_id of a top-level comment; only a comment parent makes a thread.
            parentId: v.parent_id && v.parent_id !== v.post_id ? v.parent_id : undefined,
            postExternalId: v.post_id,
            verb: v.verb,
            text: v.verb === "add" || v.verb === "edited" ? v.message : undefined,
            authorId: v.from?.id,
            authorName: v.from?.name,
            time: e.time,
          }),
        );
      } else if (object === "instagram") {
        const change = instagramCommentSchema.safeParse(raw);
        if (!change.success) continue;
        const v = change.data.value;
        out.push(
          defined({
            platform: "INSTAGRAM" as const,
            accountExternalId: e.id,
            objectId: v.id,
            parentId: v.parent_id,
            postExternalId: v.media?.id,
            // Instagram only notifies new comments; edits and deletes are found by re-reading.
            verb: "add" as const,
            text: v.text,
            authorId: v.from?.id,
            authorName: v.from?.username,
            time: e.time,
          }),
        );
      }
    }
  }
  return out;
}
