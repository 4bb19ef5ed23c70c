import { randomUUID } from "node:crypto";
import { forOrg, ORG_ID, rawSql } from "@vetted/db";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { jsonInsert } from "../json-insert";
import { deliverMail } from "../mail/send-mail";
import { latestAckVersion } from "./ack-records";
import { assignPolicyAcknowledgements } from "./assign-policy-acknowledgements";
import { readRosterInput } from "./preview-roster-import";
import { rowErrorFields } from "./roster-csv";
import { lockRoster, syncWorkforceMembers } from "./sync-workforce-members";

/**
 * Imports a roster CSV, all or nothing: any row error refuses the whole file (400, every error named
 * `rows.<row>.<column>`) and nothing is stored. Otherwise, in one transaction: people are matched by
 * email (members synced first, so a member's row is found, and keeps its account's name), new ones
 * created (source CSV), changed ones updated and deactivated ones brought back; then everyone who
 * joined gets the current version to acknowledge (their link by mail). Nobody is removed: people
 * missing from the file stay as they are. Audited with counts, never names or addresses.
 */
export async function importRoster(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "manual.manage");
  const parsed = readRosterInput(input);
  if (parsed.errors.length) {
    const n = new Set(parsed.errors.map((e) => e.row)).size;
    throw new AppError("VALIDATION", `${n} row${n === 1 ? " has" : "s have"} errors: nothing was imported. Fix ${n === 1 ? "it" : "them"} and upload the file again.`, rowErrorFields(parsed.errors));
  }
  const orgId = ctx.org.id;
  const now = new Date();
  const actor = { actorId: ctx.user.id, request: ctx.request };
  const result = await ctx.db.$transaction(
    async (tx) => {
      await lockRoster(tx, orgId);
      await syncWorkforceMembers(tx, orgId, actor);
      const existing = await tx.workforcePerson.findMany({
        where: { orgId, email: { in: parsed.rows.map((r) => r.email) } },
        select: { id: true, email: true, name: true, department: true, jobRole: true, active: true, source: true },
      });
      const byEmail = new Map(existing.map((p) => [p.email, p]));
      const creates = parsed.rows.filter((r) => !byEmail.has(r.email)).map((r) => ({ id: randomUUID(), orgId, name: r.name, email: r.email, department: r.department, jobRole: r.jobRole, source: "CSV", createdAt: now, updatedAt: now }));
      const changes = parsed.rows.flatMap((r) => {
        const p = byEmail.get(r.email);
        if (!p) return [];
        // A member's name is their account's; the roster sets department and role.
        const name = p.source === "MEMBER" ? p.name : r.name;
        const same = p.name === name && p.department === r.department && p.jobRole === r.jobRole && (p.active || p.source === "MEMBER");
        return same ? [] : [{ id: p.id, name, department: r.department, jobRole: r.jobRole, active: p.source === "MEMBER" ? p.active : true, reactivated: !p.active && p.source !== "MEMBER" }];
      });
      if (creates.length) {
        await rawSql(tx, forOrg(orgId)).execute(jsonInsert("WorkforcePerson", { id: "uuid", orgId: "uuid", name: "text", email: "text", department: "text", jobRole: "text", source: '"WorkforceSource"', createdAt: "timestamptz(3)", updatedAt: "timestamptz(3)" }, creates, { orgId: ORG_ID }));
      }
      if (changes.length) {
        await rawSql(tx, forOrg(orgId)).execute`
          UPDATE "WorkforcePerson" p SET name = v.name, department = v.department, "jobRole" = v."jobRole", active = v.active, "updatedAt" = ${now}
          FROM jsonb_to_recordset(${JSON.stringify(changes)}::jsonb) AS v(id uuid, name text, department text, "jobRole" text, active boolean)
          WHERE p.id = v.id AND p."orgId" = ${ORG_ID}::uuid`;
      }
      const joined = [...creates.map((c) => c.id), ...changes.filter((c) => c.reactivated).map((c) => c.id)];
      const version = await latestAckVersion(tx, orgId);
      const assigned = version && joined.length
        ? await assignPolicyAcknowledgements(tx, { orgId, versionId: version.id, ...actor, personIds: joined, now })
        : { assigned: 0, mailIds: [] };
      await recordAuditEvent(tx, {
        orgId, ...actor, action: "workforce.imported", targetType: "WorkforceRoster", targetId: orgId,
        metadata: { rows: parsed.rows.length, created: creates.length, updated: changes.length, unchanged: parsed.rows.length - creates.length - changes.length, assigned: assigned.assigned },
      });
      return { created: creates.length, updated: changes.length, unchanged: parsed.rows.length - creates.length - changes.length, assigned: assigned.assigned, mailIds: assigned.mailIds };
    },
    // 5,000 rows are two statements, but the members' sync and the assignment's mails come with them.
    { timeout: 60_000 },
  );
  for (const id of result.mailIds) await deliverMail(id);
  return { created: result.created, updated: result.updated, unchanged: result.unchanged, assigned: result.assigned };
}
