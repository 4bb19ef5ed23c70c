import type { Channel, GroupReport, Tx } from "@vetted/db";
import { scanText, type OrgScanConfig, type Verdict } from "@vetted/scanner";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { RequestMeta } from "../context";
import { openIncidentTx } from "../incidents/open-incident-tx";
import { scannerChannel } from "../moderation/scan-comment";
import { notifyUsers } from "../notifications/notify";

// The scan every group report goes through, whichever way it came in (pasted, read from a
// screenshot by the worker, forwarded by mail), and what follows it in the same transaction: the
// verdict on the row, the compliance officers told, and a blocked post opened as an incident.

/**
 * The scanner's "group_post" kind: a post to a private or employee group, where staff talking about
 * a patient is read as such (the eval corpus's kind for exactly these posts; "comment" would miss it).
 */
export const GROUP_SCAN_KIND = "group_post" as const;

/** The actor of an incident the scanner's verdict opened (no person decided it). */
const AUTOMATIC = { actorId: null, actorLabel: "scanner" } as const;

export interface GroupScan {
  verdict: Verdict;
  /** Types and UTF-16 offsets only: the text stays in its envelope. */
  findings: { type: string; start: number; end: number }[];
  types: string[];
  reasons: string[];
}

export function scanGroupText(text: string, channel: Channel, config: OrgScanConfig): GroupScan {
  const scannerName = scannerChannel(channel);
  const result = scanText(text, { kind: GROUP_SCAN_KIND, config, ...(scannerName ? { channel: scannerName } : {}) });
  const findings = result.findings.map((f) => ({ type: f.type, start: f.start, end: f.end }));
  return { verdict: result.verdict, findings, types: [...new Set(findings.map((f) => f.type))].sort(), reasons: result.reasons };
}

export interface RecordScanInput {
  org: { id: string; slug: string; name: string };
  report: Pick<GroupReport, "id" | "source" | "authorUserId" | "createdAt">;
  scan: GroupScan;
  textSha256: string;
  /** The OCR text's envelope, for a screenshot. */
  ocrTextCipher?: string;
  actor: { actorId: string | null; actorLabel?: string };
  request?: RequestMeta;
}

/**
 * Writes the scan's outcome on the report (OPEN, waiting for an officer), tells the compliance
 * officers (the admins when the org has none) and, when the scanner blocks it, opens the incident:
 * a staff member posted PHI. Returns the mail ids to deliver after the commit.
 */
export async function recordGroupScan(tx: Tx, input: RecordScanInput): Promise<{ incidentId: string | null; mailIds: string[] }> {
  const orgId = input.org.id;
  const { report, scan } = input;
  await tx.groupReport.update({
    where: { id: report.id, orgId },
    data: { status: "OPEN", verdict: scan.verdict, findings: scan.findings, scannedAt: new Date(), textSha256: input.textSha256, ...(input.ocrTextCipher ? { ocrTextCipher: input.ocrTextCipher } : {}) },
    select: { id: true },
  });
  await recordAuditEvent(tx, {
    orgId, ...input.actor, action: "group_report.scanned", targetType: "GroupReport", targetId: report.id,
    metadata: { source: report.source, verdict: scan.verdict, types: scan.types, findings: scan.findings.length }, request: input.request,
  });
  const officers = await tx.membership.findMany({ where: { orgId, role: "COMPLIANCE_OFFICER" }, select: { userId: true } });
  const reviewers = officers.length ? officers : await tx.membership.findMany({ where: { orgId, role: "ADMIN" }, select: { userId: true } });
  const mailIds = await notifyUsers(tx, { orgId, orgSlug: input.org.slug, orgName: input.org.name, postId: null, kind: "group_report", userIds: reviewers.map((m) => m.userId), request: input.request });
  if (scan.verdict !== "block") return { incidentId: null, mailIds };
  // Discovered when the report reached the org: from then a workforce member knew of it (164.404(a)(2)).
  const opened = await openIncidentTx(tx, { org: input.org, source: { reportId: report.id }, employeeId: report.authorUserId, discoveredAt: report.createdAt, actor: AUTOMATIC, request: input.request });
  return { incidentId: opened.incidentId, mailIds: [...mailIds, ...opened.mailIds] };
}
