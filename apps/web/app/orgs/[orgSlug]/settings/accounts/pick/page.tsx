import type { Metadata } from "next";
import Link from "next/link";
import { listConnectablePages } from "@vetted/domain";
import { Card } from "@/components/ui";
import { orgTime } from "@/lib/dates";
import { pageRecord, pageTenant } from "@/lib/pages";
import { connectPagesAction } from "../actions";
import { PagePicker } from "../account-forms";

export const metadata: Metadata = { title: "Choose Pages to connect" };

// After the OAuth round trip, when the admin manages several Facebook Pages or LinkedIn Company Pages. The connectId names a pending
// pick of this admin in this org (10 minutes); anything else is the same 404.
export default async function PickPagesPage({ params, searchParams }: { params: Promise<{ orgSlug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { orgSlug } = await params;
  const ctx = await pageTenant(orgSlug, `/orgs/${orgSlug}/settings/accounts/pick`);
  const { connectId } = await searchParams;
  const { platform, pages, expiresAt } = await pageRecord(listConnectablePages(ctx, { connectId }));
  return (
    <div className="space-y-6">
      <p className="text-sm"><Link href={`/orgs/${ctx.org.slug}/settings/accounts`} className="text-brand-700 hover:underline">← Connected accounts</Link></p>
      <h1 className="text-2xl font-semibold">Choose Pages to connect</h1>
      <Card>
        <p className="mb-3 text-sm text-slate-600">Pick the {platform === "LINKEDIN" ? "LinkedIn Company Pages" : "Pages"} whose comments Vetted should moderate for {ctx.org.name}. Choose before {orgTime(expiresAt, ctx.org.timeZone)}.</p>
        <PagePicker action={connectPagesAction.bind(null, ctx.org.slug)} connectId={String(connectId)} pages={pages} platform={platform} />
      </Card>
    </div>
  );
}
