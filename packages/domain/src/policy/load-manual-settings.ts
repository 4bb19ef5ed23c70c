import type { Tx } from "@vetted/db";
import { loadPolicy } from "../approvals/approval-policy";
import type { ManualSettings } from "./generate-manual-sections";

/**
 * The settings the manual's generated sections mirror, read inside the caller's transaction (so a
 * settings change and the version it proposes see the same state). Templates and settings only.
 */
export async function loadManualSettings(tx: Tx, orgId: string): Promise<ManualSettings> {
  const [org, policy, templates, accounts, manual] = await Promise.all([
    tx.organization.findUniqueOrThrow({
      where: { id: orgId },
      select: {
        name: true, timeZone: true, privacyOfficer: true, privacyAddress: true, privacyEmail: true,
        autoHideBlocking: true, autoDeleteBlocking: true, firstResponseSlaMinutes: true, commentRetentionDays: true,
      },
    }),
    loadPolicy(tx, orgId),
    tx.replyTemplate.findMany({ where: { orgId }, select: { name: true, body: true }, orderBy: { name: "asc" } }),
    tx.connectedAccount.findMany({ where: { orgId, disconnectedAt: null }, select: { platform: true }, distinct: ["platform"] }),
    tx.policyManual.findFirst({ where: { orgId }, select: { ownerId: true, reviewDueAt: true, ackCadenceDays: true, quizPassPercent: true } }),
  ]);
  const userIds = [...new Set([...policy.steps.flatMap((s) => s.userIds), ...(manual?.ownerId ? [manual.ownerId] : [])])];
  const clientIds = [...new Set(policy.steps.flatMap((s) => s.clientApproverIds))];
  const [users, clients] = await Promise.all([
    userIds.length ? tx.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } }) : [],
    clientIds.length ? tx.clientApprover.findMany({ where: { orgId, id: { in: clientIds } }, select: { id: true, name: true } }) : [],
  ]);
  const nameOf = new Map(users.map((u) => [u.id, u.name]));
  const clientName = new Map(clients.map((c) => [c.id, c.name]));
  return {
    orgName: org.name,
    platforms: accounts.map((a) => a.platform).sort(),
    consents: { privacyOfficer: org.privacyOfficer, privacyAddress: org.privacyAddress, privacyEmail: org.privacyEmail },
    replyTemplates: templates,
    moderation: {
      autoHideBlocking: org.autoHideBlocking, autoDeleteBlocking: org.autoDeleteBlocking,
      firstResponseSlaMinutes: org.firstResponseSlaMinutes, commentRetentionDays: org.commentRetentionDays,
    },
    approval: {
      isDefault: policy.isDefault,
      steps: policy.steps.map((s) => ({
        mode: s.mode, roles: [...s.roles],
        approverNames: s.mode === "CLIENT" ? s.clientApproverIds.map((id) => clientName.get(id)).filter((n): n is string => !!n) : s.userIds.map((id) => nameOf.get(id)).filter((n): n is string => !!n),
      })),
      blockingTypes: [...policy.blockingTypes],
      overridableDirectIdentifiers: policy.overridableDirectIdentifiers,
    },
    manual: {
      ownerName: manual?.ownerId ? (nameOf.get(manual.ownerId) ?? null) : null,
      reviewDueAt: manual?.reviewDueAt ?? null,
      ackCadenceDays: manual?.ackCadenceDays ?? 365,
      quizPassPercent: manual?.quizPassPercent ?? 80,
      timeZone: org.timeZone,
    },
  };
}
