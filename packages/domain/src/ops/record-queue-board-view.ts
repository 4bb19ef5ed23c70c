import { db } from "@vetted/db";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { AgencyContext } from "../orgs/agency-context";

/**
 * An agency admin opened the job queue dashboard (/agency/queues). The queues belong to the platform,
 * not to an org, so the event goes on the platform chain. One event per page load: the dashboard's own
 * polling of its API and its static files are not recorded (they would add an event every few seconds).
 */
export async function recordQueueBoardView(ctx: AgencyContext): Promise<void> {
  await db().$transaction((tx) =>
    recordAuditEvent(tx, { orgId: null, actorId: ctx.user.id, action: "queues.viewed", targetType: "QueueBoard", targetId: null, request: ctx.request }),
  );
}
