import { mailEnv } from "@vetted/config";
import { db, scopedDb, type Tx } from "@vetted/db";
import { recordAuditEvent } from "../audit/record-audit-event";
import { WORKER_ACTOR } from "../audit/system-actor";
import { deliverMail, queueMail } from "../mail/send-mail";
import { lastCompleteMonth, reportPeriod, zonedParts } from "./report-period";

// The monthly "your compliance report is ready" mail (issue 16). On the 1st of each month in the org's
// own time zone, the org's admins hear that last month's report is ready, with a link to the report
// page. The report itself is never attached: it quotes override justifications (PHI), so it stays
// behind sign-in, re-authentication and the audit trail. The mail names the org and the month only.

/**
 * A worker that was down on the 1st still sends on the 2nd or 3rd; later than that the mail would
 * arrive as a surprise about an old month (and a first deploy mid-month mails nobody).
 */
export const MONTHLY_MAIL_DAYS = 3;

export interface MonthlyMailResult {
  /** Orgs whose mail was queued in this run. */
  orgs: number;
  /** Mails queued (one per admin). */
  mails: number;
}

/**
 * The worker's hourly sweep: every org whose local date is within the first MONTHLY_MAIL_DAYS days of a
 * month, and that existed during the previous month, gets its mail unless it already has. The unique
 * ComplianceReportMailing row (org, period) is written in the transaction that queues the mails, so a
 * rerun, or a second worker at the same moment, queues nothing more. `orgId` narrows it to one org (tests).
 */
export async function mailMonthlyComplianceReports(now: Date = new Date(), opts: { orgId?: string; pageSize?: number } = {}): Promise<MonthlyMailResult> {
  const pageSize = opts.pageSize ?? 200;
  const result: MonthlyMailResult = { orgs: 0, mails: 0 };
  let after: string | undefined;
  for (;;) {
    // Organization is the tenant itself, not tenant-owned: listing them is the sweep's job.
    const orgs = await db().organization.findMany({
      where: { AND: [opts.orgId ? { id: opts.orgId } : {}, after ? { id: { gt: after } } : {}] },
      select: { id: true, slug: true, name: true, timeZone: true, createdAt: true },
      orderBy: { id: "asc" },
      take: pageSize,
    });
    for (const org of orgs) {
      if (zonedParts(now, org.timeZone).day > MONTHLY_MAIL_DAYS) continue;
      const period = reportPeriod(lastCompleteMonth(now, org.timeZone), org.timeZone);
      // An org created after the month ended has no report for it.
      if (org.createdAt.getTime() >= period.to.getTime()) continue;
      const scoped = scopedDb(org.id);
      if (await scoped.complianceReportMailing.findFirst({ where: { period: period.key }, select: { id: true } })) continue;
      const mailIds = await scoped.$transaction((tx) => mailOrg(tx, org, period));
      if (!mailIds) continue;
      result.orgs++;
      result.mails += mailIds.length;
      for (const id of mailIds) await deliverMail(id);
    }
    if (orgs.length < pageSize) return result;
    after = orgs.at(-1)!.id;
  }
}

async function mailOrg(tx: Tx, org: { id: string; slug: string; name: string }, period: { key: string; label: string }): Promise<string[] | null> {
  const admins = await tx.membership.findMany({ where: { orgId: org.id, role: "ADMIN" }, select: { userId: true } });
  const users = admins.length ? await tx.user.findMany({ where: { id: { in: admins.map((a) => a.userId) } }, select: { email: true } }) : [];
  // The claim: only the transaction that inserts the row goes on (a concurrent one waits, then finds it there).
  const claimed = await tx.complianceReportMailing.createManyAndReturn({
    data: [{ orgId: org.id, period: period.key, recipients: users.length }],
    skipDuplicates: true,
    select: { id: true },
  });
  if (claimed.length === 0) return null;
  const message = reportReadyMail(org, period);
  const ids: string[] = [];
  // The worker's own monthly mail: no request caused it.
  for (const u of users) ids.push((await queueMail(tx, { to: u.email, ...message }, null)).id);
  await recordAuditEvent(tx, {
    ...WORKER_ACTOR, orgId: org.id, action: "compliance_report.mailed", targetType: "ComplianceReport", targetId: period.key,
    metadata: { period: period.key, recipients: users.length },
  });
  return ids;
}

/** The mail: the org, the month and a link to the report page; nothing from the report itself. */
export function reportReadyMail(org: { slug: string; name: string }, period: { key: string; label: string }, appUrl: string = mailEnv().APP_URL) {
  const link = `${appUrl}/orgs/${org.slug}/reports?period=${period.key}`;
  return {
    subject: `Compliance report for ${period.label} is ready · ${org.name}`,
    text:
      `The compliance report of ${org.name} for ${period.label} is ready in Vetted: posts reviewed, blocked rate, ` +
      `approval turnaround, overrides, consents, comment moderation, incidents, policy acknowledgements and the audit trail's verification.\n\n` +
      `Open it (sign-in required): ${link}\n\n` +
      `The report is not attached: it quotes compliance officers' override justifications, so it is downloaded from Vetted, where every copy is recorded.`,
  };
}
