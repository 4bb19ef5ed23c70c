import { createHash, randomUUID, timingSafeEqual } from "node:crypto";
import { intakeEnv } from "@vetted/config";
import { ANY_ORG, db, scopedDb } from "@vetted/db";
import { z } from "zod";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { RequestMeta } from "../context";
import { AppError } from "../errors";
import type { AbuseLimiter } from "../limits/abuse-limiter";
import { admitGroupIntake } from "../limits/limit-checks";
import { deliverMail } from "../mail/send-mail";
import { sha256Hex } from "../moderation/moderation-crypto";
import { loadOrgScanConfig } from "../scans/load-org-scan-config";
import { parseInput } from "../validate";
import { sealGroupField, sealGroupOptional } from "./group-crypto";
import { intakeTokenOf } from "./group-intake-address";
import { recordGroupScan, scanGroupText } from "./group-report-scan";

// A post forwarded to an org's intake address. A mail provider's inbound webhook (Postmark,
// SendGrid Inbound Parse, Mailgun routes, SES → Lambda) is mapped by a small relay onto this JSON
// shape and posted with the shared secret; the token in the recipient names the org.

export const groupIntakeSchema = z.object({
  to: z.string({ message: "Give the recipient (to)" }).min(3, "Give the recipient (to)").max(2000, "The recipient list is too long"),
  from: z.string({ message: "Give the sender (from)" }).max(500, "The sender is too long"),
  subject: z.string().max(1000, "The subject is too long").optional(),
  text: z.string({ message: "Give the mail's text" }).trim().min(1, "The forwarded mail has no text").max(20_000, "Keep the forwarded text under 20000 characters"),
});
export type GroupIntakeInput = z.input<typeof groupIntakeSchema>;

const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();

/**
 * 401 unless the relay sent the shared secret (compared in constant time, hashed first so the
 * lengths match); 404 when the email intake is off. The route checks it before reading the body.
 */
export function assertIntakeSecret(given: string | null): { domain: string } {
  const env = intakeEnv();
  if (!env.enabled) throw AppError.notFound("The group-post intake is not configured");
  if (given === null || !timingSafeEqual(digest(given), digest(env.INTAKE_SECRET))) throw new AppError("UNAUTHENTICATED", "The intake secret is missing or wrong");
  return { domain: env.INTAKE_DOMAIN };
}

/** Forwarded mails are text; a body above this is refused (413) before it is parsed. */
export const INTAKE_MAX_BYTES = 256 * 1024;

/** "Pat Lee <pat@clinic.org>" → "pat@clinic.org"; null when no address is in it. */
export function senderAddress(from: string): string | null {
  const m = /<([^<>\s@]+@[^<>\s@]+)>/.exec(from) ?? /(?:^|\s)([^<>\s@]+@[^<>\s@]+)(?:\s|$)/.exec(from.trim());
  return m ? m[1]!.toLowerCase() : null;
}

/**
 * Files a forwarded post: secret first (401, before the body is looked at), then the recipient's
 * token (404 when it names no org), then the org's budget (429 with the wait, "group_intake.org" in
 * limits/limit-table.ts: 60 an hour; the first refusal of a window is audited), then the same scan and notification as a pasted
 * report. The sender becomes the reporter when they are a member; otherwise their address is kept
 * encrypted.
 */
export async function receiveGroupIntake(
  secret: string | null, body: unknown, request?: RequestMeta, deps: { limiter?: AbuseLimiter } = {},
): Promise<{ reportId: string; verdict: string }> {
  const { domain } = assertIntakeSecret(secret);
  const d = parseInput(groupIntakeSchema, body);
  const token = intakeTokenOf(d.to, domain);
  const intake = token ? await db().groupIntakeAddress.findFirst({ where: { token, orgId: ANY_ORG }, select: { orgId: true } }) : null;
  if (!intake) throw AppError.notFound("No organization has this intake address");
  const orgId = intake.orgId;
  const client = scopedDb(orgId);
  await admitGroupIntake(orgId, deps.limiter);
  const sender = senderAddress(d.from);
  const [org, member] = await Promise.all([
    client.organization.findUniqueOrThrow({ where: { id: orgId }, select: { id: true, slug: true, name: true } }),
    sender ? client.membership.findFirst({ where: { orgId, user: { email: { equals: sender, mode: "insensitive" } } }, select: { userId: true } }) : null,
  ]);
  const scan = scanGroupText(d.text, "PRIVATE_GROUP", await loadOrgScanConfig(client, orgId));
  const actor = member ? { actorId: member.userId } : { actorId: null, actorLabel: "intake" };
  const id = randomUUID();
  const result = await client.$transaction(async (tx) => {
    const report = await tx.groupReport.create({
      data: {
        id, orgId, source: "EMAIL", channel: "PRIVATE_GROUP", status: "OPEN", reporterId: member?.userId ?? null,
        textCipher: sealGroupField(d.text, "group-report", orgId, id, "text"),
        reporterEmailCipher: sealGroupOptional(member ? null : d.from, "group-report", orgId, id, "reporter"),
      },
      select: { id: true, source: true, authorUserId: true, createdAt: true },
    });
    await recordAuditEvent(tx, {
      orgId, ...actor, action: "group_report.received", targetType: "GroupReport", targetId: report.id, request,
      metadata: { source: "EMAIL", reporterIsMember: !!member, chars: d.text.length },
    });
    return { id: report.id, ...(await recordGroupScan(tx, { org, report, scan, textSha256: sha256Hex(d.text), actor, request })) };
  });
  for (const mailId of result.mailIds) await deliverMail(mailId);
  return { reportId: result.id, verdict: scan.verdict };
}
