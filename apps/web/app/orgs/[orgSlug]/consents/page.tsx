import type { Metadata } from "next";
import Link from "next/link";
import { EXPIRING_WITHIN_DAYS, can, searchConsents } from "@vetted/domain";
import { NoAccess } from "@/components/no-access";
import { Button, Card, Select } from "@/components/ui";
import { pageTenant } from "@/lib/pages";
import { searchConsentsAction } from "./actions";
import { CONSENT_STATUSES } from "./consent-labels";
import { ConsentTable } from "./consent-table";
import { NameSearch } from "./name-search";

export const metadata: Metadata = { title: "Consents" };

type Search = Record<string, string | string[] | undefined>;
const linkButton = "inline-flex items-center rounded-md px-3 py-2 text-sm font-medium";

// Filters without PHI (status, expiring soon) are URL parameters; the name search is a POST (NameSearch).
export default async function ConsentsPage({ params, searchParams }: { params: Promise<{ orgSlug: string }>; searchParams: Promise<Search> }) {
  const { orgSlug } = await params;
  const ctx = await pageTenant(orgSlug, `/orgs/${orgSlug}/consents`);
  if (!can(ctx, "consents.view")) return <NoAccess />;
  const raw = await searchParams;
  const status = typeof raw.status === "string" && (CONSENT_STATUSES as readonly string[]).includes(raw.status) ? raw.status : "";
  const expiringSoon = raw.expiring === "1";
  const { consents } = await searchConsents(ctx, { ...(status ? { status } : {}), expiringSoon, take: 200 });
  const base = `/orgs/${ctx.org.slug}/consents`;
  const filtered = status || expiringSoon;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Consent register</h1>
          <p className="text-sm text-slate-600">Signed HIPAA authorizations (45 CFR 164.508) of patients shown in posts. Every view is recorded in the audit log.</p>
        </div>
        {can(ctx, "consents.upload") ? (
          <div className="flex flex-wrap gap-2">
            <Link href={`${base}/new`} className={`${linkButton} bg-brand-600 text-white hover:bg-brand-700`}>Upload signed form</Link>
            <Link href={`${base}/requests/new`} className={`${linkButton} border border-slate-300 bg-white text-slate-800 hover:bg-slate-50`}>Request a signature</Link>
          </div>
        ) : null}
      </div>
      <Card title="Find a patient's consent">
        <NameSearch action={searchConsentsAction.bind(null, ctx.org.slug)} base={base} status={status} expiringSoon={expiringSoon} />
      </Card>
      <Card>
        <form method="get" className="flex flex-wrap items-end gap-4" aria-label="Filter consents">
          <div>
            <label htmlFor="f-status" className="block text-sm font-medium text-slate-700">Status</label>
            <Select id="f-status" name="status" defaultValue={status} className="w-44">
              <option value="">Any status</option>
              {CONSENT_STATUSES.map((s) => <option key={s} value={s}>{s.charAt(0) + s.slice(1).toLowerCase()}</option>)}
            </Select>
          </div>
          <label className="flex items-center gap-2 pb-2 text-sm">
            <input type="checkbox" name="expiring" value="1" defaultChecked={expiringSoon} className="h-4 w-4" />
            Expiring within {EXPIRING_WITHIN_DAYS} days
          </label>
          <Button type="submit" variant="secondary">Filter</Button>
          {filtered ? <Link href={base} className="pb-2 text-sm text-brand-700 underline">Clear filters</Link> : null}
        </form>
      </Card>
      <Card title={`${consents.length}${consents.length === 200 ? "+" : ""} consent${consents.length === 1 ? "" : "s"}${filtered ? " matching the filters" : ""}`}>
        <ConsentTable rows={consents} base={base} empty={filtered ? "No consents match these filters." : "No consents on file yet."} />
      </Card>
    </div>
  );
}
