import type { Metadata } from "next";
import Link from "next/link";
import { can, listConsentRequests } from "@vetted/domain";
import { NoAccess } from "@/components/no-access";
import { Card } from "@/components/ui";
import { pageTenant } from "@/lib/pages";
import { cancelConsentRequestAction } from "./actions";
import { CancelRequestButton } from "./cancel-request-button";

export const metadata: Metadata = { title: "Signing requests" };

const STATE_STYLE: Record<string, string> = {
  PENDING: "bg-amber-50 text-amber-800 ring-amber-300",
  SIGNED: "bg-emerald-50 text-emerald-800 ring-emerald-300",
  CANCELLED: "bg-slate-100 text-slate-600 ring-slate-300",
  EXPIRED: "bg-slate-100 text-slate-600 ring-slate-300",
};
const when = (d: Date | null) => (d ? `${d.toISOString().slice(0, 16).replace("T", " ")} UTC` : "—");

export default async function ConsentRequestsPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const ctx = await pageTenant(orgSlug, `/orgs/${orgSlug}/consents/requests`);
  if (!can(ctx, "consents.view")) return <NoAccess />;
  const { requests } = await listConsentRequests(ctx, {});
  const base = `/orgs/${ctx.org.slug}/consents`;
  const mayCancel = can(ctx, "consents.upload");
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="space-y-2">
          <Link href={base} className="text-sm text-brand-700 underline">← Consent register</Link>
          <h1 className="text-2xl font-semibold">Signing requests</h1>
          <p className="max-w-3xl text-sm text-slate-600">
            Authorizations sent to patients to sign on their phone. A signed request becomes a consent in the register; a compliance
            officer still verifies it before posts can rely on it. Links work once and expire after 7 days.
          </p>
        </div>
        {mayCancel ? (
          <Link href={`${base}/requests/new`} className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700">
            New signing request
          </Link>
        ) : null}
      </div>
      <Card>
        {requests.length === 0 ? (
          <p className="text-sm text-slate-600">No signing requests yet.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="min-w-full text-left text-sm">
              <thead className="text-xs uppercase text-slate-500">
                <tr>
                  <th className="py-2 pr-4">Patient</th>
                  <th className="py-2 pr-4">Status</th>
                  <th className="py-2 pr-4">Sent</th>
                  <th className="py-2 pr-4">Opened</th>
                  <th className="py-2 pr-4">Signed</th>
                  <th className="py-2 pr-4">Link expires</th>
                  <th className="py-2" />
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {requests.map((r) => (
                  <tr key={r.id} data-testid="consent-request-row">
                    <td className="py-2 pr-4 font-medium">{r.displayName}</td>
                    <td className="py-2 pr-4">
                      <span data-testid="request-state" className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STATE_STYLE[r.state]}`}>
                        {r.state.charAt(0) + r.state.slice(1).toLowerCase()}
                      </span>
                    </td>
                    <td className="py-2 pr-4 whitespace-nowrap">{when(r.createdAt)}{r.email ? " · emailed" : ""}</td>
                    <td className="py-2 pr-4 whitespace-nowrap">{when(r.openedAt)}</td>
                    <td className="py-2 pr-4 whitespace-nowrap">{when(r.signedAt)}</td>
                    <td className="py-2 pr-4 whitespace-nowrap">{r.state === "PENDING" || r.state === "EXPIRED" ? when(r.linkExpiresAt) : "—"}</td>
                    <td className="py-2 text-right">
                      {r.consentId ? (
                        <Link href={`${base}/${r.consentId}`} className="text-brand-700 underline">Open consent</Link>
                      ) : mayCancel && (r.state === "PENDING" || r.state === "EXPIRED") ? (
                        <CancelRequestButton action={cancelConsentRequestAction.bind(null, ctx.org.slug)} requestId={r.id} />
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}
