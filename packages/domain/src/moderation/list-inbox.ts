import type { Prisma } from "@vetted/db";
import { z } from "zod";
import { assertCan } from "../access/permissions";
import type { TenantContext } from "../context";
import { channelSchema } from "../posts/post-schemas";
import { parseInput } from "../validate";
import { commentSla, type CommentSla } from "./comment-sla";
import { findingTypes, INBOX_TABS, inboxTabSchema, commentTime, replyWindowEndsAt, TAB_OF, type InboxTab } from "./inbox-common";

export const INBOX_PAGE_SIZE = 25;

// Query-string input (the inbox page's filters): enums and numbers only.
export const listInboxSchema = z.object({
  tab: inboxTabSchema.default("new"),
  verdict: z.enum(["block", "review", "allow"], { message: "Verdict must be block, review or allow" }).optional(),
  platform: channelSchema.optional(),
  assigned: z.enum(["me"], { message: "Assigned can only be \"me\"" }).optional(),
  page: z.coerce.number({ message: "Page must be a number" }).int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number({ message: "Page size must be a number" }).int().min(1).max(100).default(INBOX_PAGE_SIZE),
});
export type ListInboxInput = z.input<typeof listInboxSchema>;

export interface InboxItem {
  id: string;
  /** The platform's id of the comment (not PHI): what the platform and the simulator call it. */
  externalId: string;
  platform: string;
  accountName: string | null;
  postId: string | null;
  status: string;
  tab: InboxTab;
  verdict: string | null;
  findingTypes: string[];
  hidden: boolean;
  deleted: boolean;
  postedAt: Date;
  /** The end of the 7-day private-reply window; null once replied. */
  replyWindowEndsAt: Date | null;
  privateRepliedAt: Date | null;
  assignee: { id: string; name: string } | null;
  /** The first-response deadline while a response is awaited (on time, due soon or overdue); else null. */
  sla: CommentSla | null;
}

/**
 * One org's moderation inbox: the comments of a tab (status), newest first, a page at a time, with
 * the count of every tab under the same filters. Ids, enums and times only — never the text or the
 * author, which are read one comment at a time (getComment, audited).
 */
export async function listInbox(ctx: TenantContext, input: unknown = {}) {
  assertCan(ctx, "comments.view");
  const f = parseInput(listInboxSchema, input);
  const orgId = ctx.org.id;
  const filters: Prisma.SocialCommentWhereInput = {
    orgId,
    ...(f.verdict ? { verdict: f.verdict } : {}),
    ...(f.platform ? { platform: f.platform } : {}),
    ...(f.assigned === "me" ? { assignedToId: ctx.user.id } : {}),
  };
  const where = { ...filters, status: INBOX_TABS[f.tab] };
  const [rows, total, grouped] = await Promise.all([
    ctx.db.socialComment.findMany({
      where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: (f.page - 1) * f.pageSize, take: f.pageSize,
      select: {
        id: true, externalId: true, platform: true, accountId: true, postId: true, status: true, verdict: true, findings: true, hiddenAt: true, deletedAt: true,
        createdAt: true, lastEventAt: true, privateRepliedAt: true, assignedToId: true, needsReview: true, responseDueAt: true, firstRespondedAt: true,
      },
    }),
    ctx.db.socialComment.count({ where }),
    ctx.db.socialComment.groupBy({ by: ["status"], where: filters, _count: { _all: true } }),
  ]);
  const [accounts, users] = await Promise.all([
    ctx.db.connectedAccount.findMany({ where: { orgId, id: { in: [...new Set(rows.map((r) => r.accountId))] } }, select: { id: true, name: true } }),
    ctx.db.user.findMany({ where: { id: { in: [...new Set(rows.flatMap((r) => (r.assignedToId ? [r.assignedToId] : [])))] } }, select: { id: true, name: true } }),
  ]);
  const accountName = new Map(accounts.map((a) => [a.id, a.name]));
  const userName = new Map(users.map((u) => [u.id, u.name]));
  const counts = Object.fromEntries(Object.keys(INBOX_TABS).map((t) => [t, 0])) as Record<InboxTab, number>;
  for (const g of grouped) counts[TAB_OF[g.status]] = g._count._all;

  const now = new Date();
  const items: InboxItem[] = rows.map((r) => ({
    id: r.id, externalId: r.externalId, platform: r.platform, accountName: accountName.get(r.accountId) ?? null, postId: r.postId, status: r.status, tab: TAB_OF[r.status],
    verdict: r.verdict, findingTypes: findingTypes(r.findings), hidden: r.hiddenAt !== null, deleted: r.deletedAt !== null,
    postedAt: commentTime(r), replyWindowEndsAt: r.privateRepliedAt ? null : replyWindowEndsAt(r), privateRepliedAt: r.privateRepliedAt,
    assignee: r.assignedToId ? { id: r.assignedToId, name: userName.get(r.assignedToId) ?? "a former member" } : null,
    sla: commentSla(r, now),
  }));
  return { items, total, counts, page: f.page, pageSize: f.pageSize, filters: f };
}
