import { z } from "zod";

// Shapes of the Graph answers the client reads, and their mapping to the client's types. Unknown
// fields are ignored; a missing required field is an INVALID_RESPONSE, never a crash further on.

const id = z.union([z.string().min(1), z.number()]).transform(String);
/** Graph's "2024-05-01T12:00:00+0000" (or unix seconds from a few endpoints). */
const graphTime = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const date = typeof v === "number" ? new Date(v * 1000) : new Date(v.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
  if (Number.isNaN(date.getTime())) {
    ctx.addIssue({ code: "custom", message: "not a time" });
    return z.NEVER;
  }
  return date;
});

export const tokenSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().nonnegative().optional(),
});

export const pagesSchema = z.object({
  data: z.array(
    z.object({
      id,
      name: z.string().default(""),
      access_token: z.string().min(1),
      tasks: z.array(z.string()).default([]),
      instagram_business_account: z.object({ id }).optional(),
    }),
  ),
  paging: z.object({ cursors: z.object({ after: z.string().optional() }).optional(), next: z.string().optional() }).optional(),
});

export const debugTokenSchema = z.object({
  data: z.object({
    is_valid: z.boolean(),
    app_id: id.optional(),
    user_id: id.optional(),
    expires_at: z.number().optional(),
    scopes: z.array(z.string()).default([]),
    error: z.object({ code: z.number().optional(), subcode: z.number().optional() }).optional(),
  }),
});

export const idSchema = z.object({ id });
export const successSchema = z.object({ success: z.literal(true) });

export const subscribedAppsSchema = z.object({
  data: z.array(z.object({ id, subscribed_fields: z.array(z.string()).default([]) })),
});

export const messageSentSchema = z.object({ recipient_id: id.optional(), message_id: z.string().min(1) });

/** A comment as the client returns it, Facebook or Instagram. */
export interface MetaComment {
  id: string;
  /** PHI: hand straight to the scanner / encryption, never log. */
  text: string;
  authorId?: string;
  /** Facebook name or Instagram username; PHI as well. */
  authorName?: string;
  createdAt: Date;
  hidden: boolean;
  /** Parent comment id for a reply in a thread. */
  parentId?: string;
  /** Post or media id, when the platform returned it. */
  postId?: string;
  /** Facebook's own answer to "may the Page send a private reply now?" when present. */
  canReplyPrivately?: boolean;
}

export const FACEBOOK_COMMENT_FIELDS = "id,message,from{id,name},created_time,is_hidden,parent{id},can_reply_privately";
export const INSTAGRAM_COMMENT_FIELDS = "id,text,username,from{id,username},timestamp,hidden,media{id},parent_id";

export const facebookCommentSchema = z
  .object({
    id,
    message: z.string().default(""),
    from: z.object({ id: id.optional(), name: z.string().optional() }).optional(),
    created_time: graphTime,
    is_hidden: z.boolean().default(false),
    parent: z.object({ id }).optional(),
    can_reply_privately: z.boolean().optional(),
  })
  .transform(
    (c): MetaComment => ({
      id: c.id,
      text: c.message,
      authorId: c.from?.id,
      authorName: c.from?.name,
      createdAt: c.created_time,
      hidden: c.is_hidden,
      parentId: c.parent?.id,
      canReplyPrivately: c.can_reply_privately,
    }),
  );

export const instagramCommentSchema = z
  .object({
    id,
    text: z.string().default(""),
    username: z.string().optional(),
    from: z.object({ id: id.optional(), username: z.string().optional() }).optional(),
    timestamp: graphTime,
    hidden: z.boolean().default(false),
    media: z.object({ id }).optional(),
    parent_id: id.optional(),
  })
  .transform(
    (c): MetaComment => ({
      id: c.id,
      text: c.text,
      authorId: c.from?.id,
      authorName: c.from?.username ?? c.username,
      createdAt: c.timestamp,
      hidden: c.hidden,
      parentId: c.parent_id,
      postId: c.media?.id,
    }),
  );

const paging = z.object({ cursors: z.object({ after: z.string().optional() }).optional(), next: z.string().optional() }).optional();

export const facebookCommentListSchema = z.object({ data: z.array(facebookCommentSchema), paging });
export const instagramCommentListSchema = z.object({ data: z.array(instagramCommentSchema), paging });

/** Graph gives a cursor on every page; only a page with `next` has more after it. */
export const nextCursor = (p: z.infer<typeof paging>): string | undefined => (p?.next ? p.cursors?.after : undefined);
