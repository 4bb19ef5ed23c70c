import { exportAuditCsv } from "@vetted/domain";
import { orgRoute, queryObject } from "@/lib/http";

export const GET = orgRoute(async (ctx, request) => {
  const csv = await exportAuditCsv(ctx, queryObject(request));
  const day = new Date().toISOString().slice(0, 10);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="audit-${ctx.org.slug}-${day}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}, { reauth: true }); // the whole trail leaves the app: a recent re-authentication first (issue 15)
