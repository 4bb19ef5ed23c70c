import { db } from "@vetted/db";
import { z } from "zod";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError } from "../errors";
import type { AgencyContext } from "../orgs/agency-context";
import { parseInput } from "../validate";
import { maskAddress, openMail } from "./mail-crypto";

// Mails the worker gave up on after its last attempt. The outbox belongs to the platform, not to an
// org (a mail has one address, not an owner), so agency admins see the list. It shows the masked
// address, dates, attempts and the error class; never the subject or body: subjects name the org a
// patient was asked to sign for, bodies carry working links.

export async function listDeadMails(_ctx: AgencyContext, limit = 100) {
  const rows = await db().outboxMail.findMany({ where: { deadAt: { not: null }, sentAt: null }, orderBy: { deadAt: "desc" }, take: limit });
  return rows.map((row) => ({
    id: row.id,
    to: maskAddress(openMail(row).to),
    createdAt: row.createdAt,
    deadAt: row.deadAt!,
    attempts: row.attempts,
    error: row.error,
  }));
}

const retrySchema = z.object({ mailId: z.uuid("Pick a mail to retry") });

/** Puts a dead mail back in the queue with a fresh set of attempts; audited on the platform chain. */
export async function retryDeadMail(ctx: AgencyContext, input: unknown): Promise<void> {
  const { mailId } = parseInput(retrySchema, input);
  await db().$transaction(async (tx) => {
    const revived = await tx.outboxMail.updateMany({
      where: { id: mailId, deadAt: { not: null }, sentAt: null },
      data: { deadAt: null, attempts: 0, nextAttemptAt: new Date(), error: null },
    });
    if (revived.count === 0) throw AppError.notFound();
    await recordAuditEvent(tx, {
      orgId: null,
      actorId: ctx.user.id,
      action: "mail.retried",
      targetType: "OutboxMail",
      targetId: mailId,
      metadata: {},
      request: ctx.request,
    });
  });
}
