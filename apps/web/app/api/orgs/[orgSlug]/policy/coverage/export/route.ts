import { exportPolicyCoverageCsv } from "@vetted/domain";
import { orgRoute } from "@/lib/http";

/** The acknowledgement coverage of the version in effect, one row per person, as CSV. */
export const GET = orgRoute(async (ctx) => {
  const csv = await exportPolicyCoverageCsv(ctx);
  const day = new Date().toISOString().slice(0, 10);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="policy-coverage-${ctx.org.slug}-${day}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}, { reauth: true }); // staff names and their acknowledgements leave the app: a recent re-authentication first (issue 15)
