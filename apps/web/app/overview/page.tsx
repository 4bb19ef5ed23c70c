import type { Metadata } from "next";
import { loadShell } from "@vetted/domain";
import { getAgencyOverview } from "@vetted/domain/dashboards";
import { AppShell } from "@/components/app-shell";
import { pageUser } from "@/lib/pages";
import { ClientRow } from "./client-row";

export const metadata: Metadata = { title: "Agency overview" };

/**
 * Every client org the caller works in, the one needing the most attention first, each row saying why.
 * Counts only (no names, texts or PHI); each row computed in its own org's tenant context.
 */
export default async function OverviewPage() {
  const user = await pageUser("/overview");
  const [shell, overview] = await Promise.all([loadShell(user.userId), getAgencyOverview(user.userId)]);
  const { clients, window, weights, coverageTarget } = overview;
  return (
    <AppShell userName={shell.name} idleMinutes={user.idleMinutes} orgs={shell.orgs} agencyAdmin={shell.agencyAdmin}>
      <div className="space-y-6">
        <div>
          <h1 className="text-2xl font-semibold">Agency overview</h1>
          <p className="text-sm text-slate-600">
            Your {clients.length} client organization{clients.length === 1 ? "" : "s"}, the one that needs attention most first. Scan figures cover the
            last {window.weeks} weeks ({window.first} to {window.today}, UTC days).
          </p>
          <details className="mt-2 text-sm text-slate-600">
            <summary className="cursor-pointer text-brand-700">How the order is decided</summary>
            <p className="mt-1">
              Each client gets an attention score: {weights.openIncident} points per open incident, {weights.overdueReview} per overdue review (waiting over
              2 days or scheduled within 24 hours), {weights.slaBreach} per comment past its first-response deadline, {weights.expiringConsent} per consent
              expiring within 30 days, and {weights.coverageStep} per started 10 points of policy acknowledgement below {coverageTarget}%. Ties go to the
              client with more posts waiting. Figures your role does not cover count nothing.
            </p>
          </details>
        </div>
        {clients.length === 0 ? (
          <p className="text-slate-600">You are not a member of any organization yet. Ask an admin to invite you.</p>
        ) : (
          <ol className="space-y-4" aria-label="Client organizations, most attention first">
            {clients.map((c) => (
              <li key={c.org.id}>
                <ClientRow client={c} weeks={window.weeks} />
              </li>
            ))}
          </ol>
        )}
      </div>
    </AppShell>
  );
}
