// Demo comment moderation (issue 12): two published posts of the hospital (scanned, approved), handed
// off to Facebook with post ids the simulator knows, and the hospital's Facebook Page (and its Instagram account)
// connected with the simulator's non-expiring Page token. Safe to run again. Without a reachable
// simulator the posts are still seeded and the account is left out (reconnect it in Settings).
import { randomUUID } from "node:crypto";
import { metaEnv } from "@vetted/config";
import { ANY_ORG, db, type Channel } from "@vetted/db";
import { recordAuditEvent, scanTextRevisions, sealModerationField } from "@vetted/domain";
import { connectDemoSocialAccounts } from "./seed-social-accounts";

export const DEMO_PAGE_ID = "200000000000001";
export const DEMO_IG_ID = "17841400000000001";
/** Graph post ids ("{page-id}_{n}") of the seeded published posts; the demo comments go under the first. */
export const DEMO_POSTS = [
  { title: "New maternity wing open house", text: "Join us Saturday from 10 to 2 for a tour of our new maternity wing. Refreshments and a playground for the kids!", externalId: `${DEMO_PAGE_ID}_900001` },
  { title: "Flu shot clinic", text: "Walk-in flu shots every weekday in October at the Harbor Road entrance, 8 am to 6 pm. No appointment needed.", externalId: `${DEMO_PAGE_ID}_900002` },
] as const;

/**
 * The posts went through the pipeline as any published post does: scanned by the real scanner (the
 * worker's rules, through scanTextRevisions), approved by the demo officer, then handed off. A demo
 * post that reached Facebook unscanned or unapproved would show the one thing the product forbids.
 */
async function seedPublishedPosts(orgId: string, authorId: string, officerId: string): Promise<number> {
  let created = 0;
  for (const [i, p] of DEMO_POSTS.entries()) {
    if (await db().publishHandoff.findFirst({ where: { orgId, externalId: p.externalId } })) continue;
    const ids = { post: randomUUID(), revision: randomUUID() };
    const scan = (await scanTextRevisions(orgId, [{ id: ids.revision, postId: ids.post, text: p.text }])).get(ids.revision)!;
    if (scan.findings.some((f) => f.blocking)) throw new Error(`seed: demo published post ${i + 1} has blocking findings; change its text`);
    // Written a day apart, each an hour from draft to Facebook.
    const at = (minutes: number) => new Date(Date.now() - (i + 1) * 86_400_000 + minutes * 60_000);
    await db().$transaction(async (tx) => {
      await tx.post.create({ data: { id: ids.post, orgId, authorId, title: p.title, state: "PUBLISHED", channels: ["FACEBOOK"], createdAt: at(0) } });
      await tx.postRevision.create({ data: { id: ids.revision, orgId, postId: ids.post, number: 1, text: p.text, createdById: authorId, createdAt: at(0) } });
      await tx.scanJob.create({
        data: { orgId, postId: ids.post, revisionId: ids.revision, status: "SUCCEEDED", attempts: 1, verdict: scan.verdict, reasons: scan.reasons, faces: 0, createdAt: at(5), enqueuedAt: at(5), startedAt: at(5), finishedAt: at(5) },
      });
      if (scan.findings.length) await tx.finding.createMany({ data: scan.findings });
      await tx.approval.create({ data: { orgId, postId: ids.post, revisionId: ids.revision, step: 0, approverId: officerId, decision: "APPROVE", createdAt: at(30) } });
      await tx.publishHandoff.create({ data: { orgId, postId: ids.post, revisionId: ids.revision, channel: "FACEBOOK", publisher: "meta-simulator", externalId: p.externalId, handedOffAt: at(60) } });
      await recordAuditEvent(tx, { orgId, actorId: null, actorLabel: "seed", action: "post.published", targetType: "Post", targetId: ids.post, metadata: { channels: ["FACEBOOK"], externalId: p.externalId, scanVerdict: scan.verdict, approvedBy: officerId } });
    });
    created++;
  }
  return created;
}

async function simulatorPageToken(): Promise<string | null> {
  try {
    const res = await fetch(`${metaEnv().META_GRAPH_URL}/_sim/pages`, { signal: AbortSignal.timeout(2_000) });
    if (!res.ok) return null;
    const { pages } = (await res.json()) as { pages: { id: string; accessToken: string }[] };
    return pages.find((p) => p.id === DEMO_PAGE_ID)?.accessToken ?? null;
  } catch {
    return null;
  }
}

async function connectDemoPage(orgId: string, adminId: string, token: string): Promise<string> {
  const accounts: { platform: Channel; externalId: string; name: string }[] = [
    { platform: "FACEBOOK", externalId: DEMO_PAGE_ID, name: "Vetted Demo Clinic" },
    { platform: "INSTAGRAM", externalId: DEMO_IG_ID, name: "Vetted Demo Clinic (Instagram)" },
  ];
  for (const a of accounts) {
    const existing = await db().connectedAccount.findFirst({ where: { orgId: ANY_ORG, platform: a.platform, externalId: a.externalId } });
    if (existing && existing.orgId !== orgId) return `the demo Page is connected to another org; left as it is`;
    const id = existing?.id ?? randomUUID();
    const data = { name: a.name, tokenCipher: sealModerationField(token, "connected-account", orgId, id, "token"), tokenExpiresAt: null, status: "ACTIVE" as const, lastErrorCode: null, disconnectedAt: null, lastCheckedAt: new Date() };
    await db().$transaction(async (tx) => {
      if (existing) await tx.connectedAccount.update({ where: { id, orgId }, data });
      else await tx.connectedAccount.create({ data: { id, orgId, platform: a.platform, externalId: a.externalId, createdById: adminId, scopes: ["pages_read_engagement", "pages_manage_engagement", "pages_manage_metadata", "pages_messaging", "instagram_manage_comments"], ...data } });
      await recordAuditEvent(tx, { orgId, actorId: null, actorLabel: "seed", action: "account.connected", targetType: "ConnectedAccount", targetId: id, metadata: { platform: a.platform, externalId: a.externalId, reconnected: Boolean(existing) } });
    });
  }
  return "the demo Facebook Page and its Instagram account connected to the simulator";
}

export async function seedDemoModeration(orgId: string, adminId: string, authorId: string, officerId: string): Promise<string> {
  const posts = await seedPublishedPosts(orgId, authorId, officerId);
  const token = await simulatorPageToken();
  const account = token ? await connectDemoPage(orgId, adminId, token) : "simulator not reachable: no account connected (start it and seed again, or connect in Settings)";
  return `${posts} new published demo posts; ${account}; ${await connectDemoSocialAccounts(orgId, adminId)}`;
}
