import type { Metadata } from "next";
import Link from "next/link";
import { CONSENT_PURPOSES, PURPOSE_TEXT, SIGNING_LINK_DAYS, can, getRevocationContact } from "@vetted/domain";
import { NoAccess } from "@/components/no-access";
import { Alert, Card } from "@/components/ui";
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
  const revocationContact = await getRevocationContact(ctx);
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
      {revocationContact ? (
        <p className="max-w-3xl text-sm text-slate-600">
          The form tells the patient to send a revocation to: <strong>{revocationContact}</strong>.
        </p>
      ) : (
        <Alert tone="warning">
          The form must tell the patient where to send a revocation, and this organization has not set it yet.{" "}
          {can(ctx, "org.update") ? (
            <Link className="underline" href={`/orgs/${ctx.org.slug}/settings`}>Set it in Settings</Link>
          ) : (
            "Ask an admin to set it in Settings."
          )}
        </Alert>
      )}
      <Card>
        <NewRequestForm
          action={createConsentRequestAction.bind(null, ctx.org.slug)}
          defaults={{
            discloser: ctx.org.name,
            recipients: `${ctx.org.name} marketing and communications team\nOur marketing agency`,
            expiresAt: inAYear,
            // Nothing pre-ticked: the patient's permission covers only what staff chose on purpose.
            channels: [],
            purposes: [],
          }}
          channels={CHANNELS.map((c) => ({ value: c, label: channelLabel(c) }))}
          purposes={CONSENT_PURPOSES.map((p) => ({ value: p, label: capitalized(PURPOSE_TEXT[p] ?? p) }))}
        />
      </Card>
    </div>
  );
}
