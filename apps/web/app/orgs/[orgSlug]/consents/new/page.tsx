import type { Metadata } from "next";
import Link from "next/link";
import { CONSENT_MAX_BYTES, CONSENT_PURPOSES, can } from "@vetted/domain";
import { NoAccess } from "@/components/no-access";
import { Alert, Card } from "@/components/ui";
import { pageTenant } from "@/lib/pages";
import { CHANNELS, channelLabel } from "../../posts/post-form";
import { purposeLabel } from "../consent-labels";
import { ConsentUploadForm } from "./consent-upload-form";

export const metadata: Metadata = { title: "Upload a signed consent" };

const FAILED: Record<string, string> = {
  VALIDATION: "Some fields were missing or invalid.",
  PAYLOAD_TOO_LARGE: "The file is larger than the limit.",
  CONFLICT: "The file was refused: it is not a PDF, JPEG or PNG, or it contains active content.",
  RATE_LIMITED: "Too many uploads in the last hour: wait a while before trying again.",
};

export default async function NewConsentPage({ params, searchParams }: { params: Promise<{ orgSlug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { orgSlug } = await params;
  const { failed } = await searchParams;
  const ctx = await pageTenant(orgSlug, `/orgs/${orgSlug}/consents/new`);
  if (!can(ctx, "consents.upload")) return <NoAccess />;
  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <Link href={`/orgs/${ctx.org.slug}/consents`} className="text-sm text-brand-700 underline">← Consent register</Link>
        <h1 className="text-2xl font-semibold">Upload a signed consent</h1>
        <p className="max-w-3xl text-sm text-slate-600">
          Attach the signed authorization and copy its elements into the fields below, exactly as they are on the form. A compliance
          officer other than you then checks the fields against the file; until then the consent can be linked to images but a post
          that relies on it cannot be approved.
        </p>
      </div>
      {typeof failed === "string" ? (
        <Alert tone="error">
          The consent was not saved. {FAILED[failed] ?? "The server refused it."} Nothing was stored: fill in the form again (with JavaScript on,
          each field says what is wrong).
        </Alert>
      ) : null}
      <Card>
        <ConsentUploadForm
          orgSlug={ctx.org.slug}
          discloser={ctx.org.name}
          maxBytes={CONSENT_MAX_BYTES}
          channels={CHANNELS.map((c) => ({ value: c, label: channelLabel(c) }))}
          purposes={CONSENT_PURPOSES.map((p) => ({ value: p, label: purposeLabel(p) }))}
        />
      </Card>
    </div>
  );
}
