import type { TenantContext } from "../context";
import { assertCan } from "../access/permissions";
import { parseInput } from "../validate";
import { auditFilterSchema, auditWhere } from "./list-audit-events";
import { recordAuditEvent } from "./record-audit-event";

const COLUMNS = ["seq", "createdAt", "actorId", "actorEmail", "action", "targetType", "targetId", "metadata", "ip", "userAgent", "prevHash", "hash"] as const;

/** RFC 4180 quoting, plus a leading quote on cells a spreadsheet would run as a formula. */
export function csvCell(value: unknown): string {
  let s = value === null || value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * The filtered trail as CSV, oldest first so the hash chain reads top to bottom. The export is
 * itself audited: who took a copy of the trail, with which filter.
 */
export async function exportAuditCsv(ctx: TenantContext, input: unknown): Promise<string> {
  assertCan(ctx, "audit.export");
  const { page: _p, pageSize: _s, ...filter } = parseInput(auditFilterSchema, input);
  const rows = await ctx.db.auditEvent.findMany({ where: auditWhere(ctx, filter), orderBy: { seq: "asc" }, take: 100_000 });
  const actorIds = [...new Set(rows.map((r) => r.actorId).filter((id): id is string => !!id))];
  const actors = await ctx.db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, email: true } });
  const emails = new Map(actors.map((a) => [a.id, a.email]));
  const lines = [COLUMNS.join(",")];
  for (const r of rows) {
    const record = { ...r, createdAt: r.createdAt.toISOString(), actorEmail: r.actorId ? emails.get(r.actorId) ?? "" : r.actorLabel ?? "" };
    lines.push(COLUMNS.map((c) => csvCell(record[c])).join(","));
  }
  await ctx.db.$transaction((tx) =>
    recordAuditEvent(tx, {
      orgId: ctx.org.id,
      actorId: ctx.user.id,
      action: "audit.exported",
      targetType: "AuditTrail",
      targetId: ctx.org.id,
      metadata: { rows: rows.length, filters: Object.keys(filter).filter((k) => filter[k as keyof typeof filter]) },
      request: ctx.request,
    }),
  );
  return `${lines.join("\r\n")}\r\n`;
}
