import type { Metadata } from "next";
import Link from "next/link";
import { CONSENT_PURPOSES, PURPOSE_TEXT, SIGNING_LINK_DAYS, can } from "@vetted/domain";
import { NoAccess } from "@/components/no-access";
import { Card } from "@/components/ui";
import { pageTenant } from "@/lib/pages";
import { CHANNELS, channelLabel } from "../../../posts/post-form";
import { createConsentRequestAction } from "../actions";
import { NewRequestForm } from "./new-request-form";

export const metadata: Metadata = { title: "Send an authorization to sign" };

const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export default async function NewConsentRequestPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const ctx = await pageTenant(orgSlug, `/orgs/${orgSlug}/consents/requests/new`);
  if (!can(ctx, "consents.upload")) return <NoAccess />;
  const inAYear = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <Link href={`/orgs/${ctx.org.slug}/consents/requests`} className="text-sm text-brand-700 underline">← Signing requests</Link>
        <h1 className="text-2xl font-semibold">Send an authorization to sign</h1>
        <p className="max-w-3xl text-sm text-slate-600">
          Fill in what the patient is asked to allow. They get a link that works once for {SIGNING_LINK_DAYS} days, read the form in plain
          language on their phone, and sign it there. The signed PDF goes into the consent register, where a compliance officer verifies it.
        </p>
      </div>
      <Card>
        <NewRequestForm
          action={createConsentRequestAction.bind(null, ctx.org.slug)}
          defaults={{
            discloser: ctx.org.name,
            recipients: `${ctx.org.name} marketing and communications team\nOur marketing agency\nThe public, through the social media channels named on this form`,
            expiresAt: inAYear,
            channels: ["FACEBOOK", "INSTAGRAM"],
            purposes: ["SOCIAL_MEDIA_MARKETING"],
          }}
          channels={CHANNELS.map((c) => ({ value: c, label: channelLabel(c) }))}
          purposes={CONSENT_PURPOSES.map((p) => ({ value: p, label: capitalized(PURPOSE_TEXT[p] ?? p) }))}
        />
      </Card>
    </div>
  );
}
