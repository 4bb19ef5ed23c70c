import { z } from "zod";
import { assertCan } from "../access/permissions";
import type { TenantContext } from "../context";
import { AppError } from "../errors";
import { assertRosterSize, parseRosterCsv } from "./roster-csv";

/** The CSV as text (the web decodes the uploaded file with decodeRosterFile). Its size is checked before anything else. */
export const rosterImportSchema = z.object({ csv: z.string({ message: "Attach the roster CSV" }) });

export function readRosterInput(input: unknown) {
  const csv = (input as { csv?: unknown } | null)?.csv;
  if (typeof csv === "string") assertRosterSize(Buffer.byteLength(csv, "utf8"), "csv");
  const parsed = rosterImportSchema.safeParse(input);
  if (!parsed.success) throw new AppError("VALIDATION", "Attach the roster CSV", { csv: ["Attach the roster CSV"] });
  return parseRosterCsv(parsed.data.csv, "csv");
}

/**
 * Parses and validates a roster CSV and says what importing it would do, storing nothing: each valid
 * row marked new or an update of someone already on the roster (a member's row keeps the account's
 * name), and every row error with its row number and column. Import is possible only without errors.
 */
export async function previewRosterImport(ctx: TenantContext, input: unknown) {
  assertCan(ctx, "manual.manage");
  const parsed = readRosterInput(input);
  const existing = await ctx.db.workforcePerson.findMany({
    where: { email: { in: parsed.rows.map((r) => r.email) } },
    select: { email: true, source: true, active: true },
  });
  const known = new Map(existing.map((p) => [p.email, p]));
  const rows = parsed.rows.map((r) => {
    const p = known.get(r.email);
    return { ...r, action: p ? ("update" as const) : ("create" as const), member: p?.source === "MEMBER", reactivates: !!p && !p.active };
  });
  return {
    rows,
    errors: parsed.errors,
    dataRows: parsed.dataRows,
    creates: rows.filter((r) => r.action === "create").length,
    updates: rows.filter((r) => r.action === "update").length,
    canImport: parsed.errors.length === 0,
  };
}
export type RosterPreview = Awaited<ReturnType<typeof previewRosterImport>>;
