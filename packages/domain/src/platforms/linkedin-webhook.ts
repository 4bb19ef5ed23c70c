import { z } from "zod";
import { AppError } from "../errors";
import { definedFields, type CommentChange, type CommentVerb } from "./comment-change";

// LinkedIn's ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS deliveries reduced to comment changes, and the
// URNs they carry. A body holds up to 10 notifications; likes, shares and mentions are skipped.

export const LINKEDIN_NOTIFICATION_TYPE = "ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS";

const ORG_URN = /^urn:li:organization:(\d{1,32})$/;
// LinkedIn writes the comment's object with or without its own "urn:li:" inside the parentheses.
const COMMENT_URN = /^urn:li:comment:\((?:urn:li:)?(activity|ugcPost|share):(\d{1,32}),(\d{1,32})\)$/;

export interface LinkedInCommentRef {
  /** Canonical: urn:li:comment:(urn:li:activity:123,456). */
  urn: string;
  /** The post (activity, ugcPost or share) the comment belongs to: the {urn} of /rest/socialActions/{urn}/comments. */
  objectUrn: string;
  commentId: string;
}

/** A comment URN in either of LinkedIn's spellings, canonicalised; null when it is not one. */
export function parseLinkedInCommentUrn(value: string | null | undefined): LinkedInCommentRef | null {
  const m = value ? COMMENT_URN.exec(value.trim()) : null;
  if (!m) return null;
  const objectUrn = `urn:li:${m[1]}:${m[2]}`;
  return { urn: `urn:li:comment:(${objectUrn},${m[3]})`, objectUrn, commentId: m[3]! };
}

export const isLinkedInOrganizationUrn = (value: string) => ORG_URN.test(value);

const VERBS: Record<string, CommentVerb> = { COMMENT: "add", ADMIN_COMMENT: "add", COMMENT_EDIT: "edited", COMMENT_DELETE: "remove" };

const envelopeSchema = z.object({ type: z.string().min(1).max(100), notifications: z.array(z.unknown()).max(1000) });

const notificationSchema = z.object({
  organizationalEntity: z.string().regex(ORG_URN),
  action: z.string(),
  sourcePost: z.string().max(200).optional(),
  /** Epoch milliseconds: identical in every re-delivery of the notification. */
  lastModifiedAt: z.number().int().nonnegative(),
  generatedActivity: z.string().max(300).optional(),
  decoratedGeneratedActivity: z
    .object({
      comment: z
        .object({
          entity: z.string().max(300).optional(),
          owner: z.string().max(200).optional(),
          actor: z.string().max(200).optional(),
          text: z.string().optional(),
          message: z.object({ text: z.string() }).optional(),
          parentComment: z.string().max(300).optional(),
        })
        .optional(),
    })
    .optional(),
});

/**
 * The comment changes in a LinkedIn delivery (JSON-parsed, signature already verified). A body that
 * is not a notification envelope is a VALIDATION AppError (answer 400); other event types and
 * notifications that are not comments are skipped, not errors.
 */
export function parseLinkedInWebhook(json: unknown): CommentChange[] {
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) {
    const fields = [...new Set(envelope.error.issues.map((i) => i.path.join(".") || "_"))];
    throw new AppError("VALIDATION", "Not a LinkedIn notification body", Object.fromEntries(fields.map((f) => [f, ["invalid"]])));
  }
  if (envelope.data.type !== LINKEDIN_NOTIFICATION_TYPE) return [];
  const out: CommentChange[] = [];
  for (const raw of envelope.data.notifications) {
    const n = notificationSchema.safeParse(raw);
    if (!n.success) continue;
    const verb = VERBS[n.data.action];
    const comment = n.data.decoratedGeneratedActivity?.comment;
    const ref = parseLinkedInCommentUrn(comment?.entity) ?? parseLinkedInCommentUrn(n.data.generatedActivity);
    if (!verb || !ref) continue;
    const text = verb === "remove" ? undefined : (comment?.text ?? comment?.message?.text);
    out.push(
      definedFields({
        platform: "LINKEDIN" as const,
        accountExternalId: n.data.organizationalEntity,
        objectId: ref.urn,
        parentId: parseLinkedInCommentUrn(comment?.parentComment)?.urn,
        postExternalId: n.data.sourcePost ?? ref.objectUrn,
        verb,
        text: text || undefined,
        authorId: comment?.owner ?? comment?.actor,
        time: Math.floor(n.data.lastModifiedAt / 1000),
      }),
    );
  }
  return out;
}
