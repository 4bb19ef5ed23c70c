import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { REVOCATION_METHODS, can, getConsent, listConsentHistory, listConsentUsage } from "@vetted/domain";
import { NoAccess } from "@/components/no-access";
import { StateBadge, utc } from "@/components/post-badges";
import { Alert, Card } from "@/components/ui";
import { pageRecord, pageTenant } from "@/lib/pages";
import { channelLabel } from "../../posts/post-form";
import { revokeConsentAction, verifyConsentAction } from "../actions";
import { ConsentStatusBadge, VerifiedBadge, day, methodLabel, purposeLabel } from "../consent-labels";
import { ConsentHistoryTable } from "./consent-history";
import { FilePreview } from "./file-preview";
import { RevokePanel } from "./revoke-panel";
import { VerifyPanel } from "./verify-panel";

export const metadata: Metadata = { title: "Consent" };

type Props = { params: Promise<{ orgSlug: string; consentId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

function Item({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="grid gap-1 py-2 sm:grid-cols-[14rem_minmax(0,1fr)]">
      <dt className="text-sm font-medium text-slate-600">{term}</dt>
      <dd className="break-words text-sm">{children}</dd>
    </div>
  );
}

export default async function ConsentPage({ params, searchParams }: Props) {
  const { orgSlug, consentId } = await params;
  const ctx = await pageTenant(orgSlug, `/orgs/${orgSlug}/consents/${consentId}`);
  if (!can(ctx, "consents.view")) return <NoAccess />;
  // Another org's id, a deleted one and a malformed one all look the same: not found.
  const { consent: c } = await pageRecord(getConsent(ctx, { consentId }));
  const [usage, history, search] = await Promise.all([listConsentUsage(ctx, { consentId: c.id }), listConsentHistory(ctx, { consentId: c.id }), searchParams]);
  const slug = ctx.org.slug;
  const base = `/orgs/${slug}/consents`;
  const openTasks = usage.removalTasks.filter((t) => t.open);
  const sentBack = history.events.filter((e) => e.action === "post.consent_withdrawn" && e.metadata.reason === "REVOKED").length;

  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <Link href={base} className="text-sm text-brand-700 underline">← Consent register</Link>
        <h1 className="break-words text-2xl font-semibold">{c.displayName}</h1>
        <div className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
          <ConsentStatusBadge status={c.status} />
          <VerifiedBadge verified={c.verified} />
          <span>signed {day(c.signedAt)}</span>
          <span>· {c.expiresAt ? `expires ${day(c.expiresAt)}` : `expires on an event`}</span>
          {history.people.uploadedBy ? <span>· uploaded by {history.people.uploadedBy.name} on {day(c.createdAt)}</span> : null}
        </div>
        {search.uploaded ? <Alert tone="success">Consent uploaded. A compliance officer other than you must now open the signed file and verify it.</Alert> : null}
        {openTasks.length ? <Alert tone="warning">{openTasks.length} published post{openTasks.length === 1 ? " still relies" : "s still rely"} on this consent: see the removal tasks below.</Alert> : null}
      </div>

      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_24rem]">
        <div className="min-w-0 space-y-6">
          <Card title="Authorization (45 CFR 164.508(c))">
            <dl className="divide-y divide-slate-100">
              <Item term="Patient">{c.displayName}</Item>
              <Item term="Date of birth">{c.dateOfBirth ?? "—"}</Item>
              <Item term="Medical record number">{c.mrn ?? "—"}</Item>
              <Item term="Information to be disclosed"><span className="whitespace-pre-wrap">{c.informationDescription}</span></Item>
              <Item term="Who discloses it">{c.discloser}</Item>
              <Item term="Recipients">{c.recipients.join("; ")}</Item>
              <Item term="Channels">{c.channels.map(channelLabel).join(", ")}</Item>
              <Item term="Purposes">{c.purposes.map(purposeLabel).join(", ")}</Item>
              <Item term="Expiration">{[c.expiresAt ? day(c.expiresAt) : null, c.expirationEvent].filter(Boolean).join("; or ")}</Item>
              <Item term="Signed by">{c.signerName}{c.isRepresentative ? ` (personal representative: ${c.representativeAuthority ?? "authority not given"})` : " (the patient)"}</Item>
              <Item term="Date signed">{day(c.signedAt)}</Item>
              <Item term="Required statements on the form">
                <ul className="list-inside list-disc">
                  {c.statements.rightToRevoke ? <li>Right to revoke in writing</li> : null}
                  {c.statements.noConditioning ? <li>Treatment not conditioned on signing</li> : null}
                  {c.statements.redisclosure ? <li>Possible redisclosure by the recipient</li> : null}
                </ul>
              </Item>
            </dl>
          </Card>
          <Card title="Signed file">
            <FilePreview src={`/api/orgs/${slug}/consents/${c.id}/file`} mime={c.file.mime} bytes={c.file.bytes} sha256={c.file.sha256} />
          </Card>
          <Card title={`Posts using this consent (${usage.posts.length})`}>
            {usage.posts.length === 0 ? <p className="text-sm text-slate-600">No image of a post is linked to this consent.</p> : (
              <ul className="divide-y divide-slate-100" data-testid="consent-posts">
                {usage.posts.map((p) => (
                  <li key={p.id} className="flex flex-col gap-1 py-2 sm:flex-row sm:items-center sm:gap-3">
                    <Link href={`/orgs/${slug}/posts/${p.id}`} className="min-w-0 flex-1 truncate font-medium text-brand-700 underline-offset-2 hover:underline">{p.title}</Link>
                    <div className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
                      <StateBadge state={p.state} />
                      <span>{p.channels.map(channelLabel).join(", ")}</span>
                      <span>{p.inCurrentRevision ? "in the current version" : `only in earlier revision${p.revisions.length === 1 ? "" : "s"} ${p.revisions.join(", ")}`}</span>
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </Card>
          {usage.removalTasks.length ? (
            <Card title={`Removal tasks (${openTasks.length} open)`}>
              <ul className="divide-y divide-slate-100 text-sm">
                {usage.removalTasks.map((t) => (
                  <li key={t.id} className="py-2" data-testid="removal-task">
                    <Link href={`/orgs/${slug}/posts/${t.postId}`} className="font-medium text-brand-700 underline">{t.postTitle ?? "Post"}</Link>
                    <span className="text-slate-600"> · {t.open ? "open" : `completed ${utc(t.completedAt)}`} · {t.itemsDone} of {t.itemsTotal} steps done · assigned to {t.assignee.name ?? "former member"} · {t.reason.toLowerCase()} {utc(t.createdAt)}</span>
                  </li>
                ))}
              </ul>
            </Card>
          ) : null}
          <Card title="History">
            <ConsentHistoryTable history={history} orgSlug={slug} />
          </Card>
        </div>

        <aside className="space-y-6" aria-label="Verification and revocation">
          <Card title="Verification">
            <VerifyPanel
              consentId={c.id}
              verified={c.verifiedAt ? { by: history.people.verifiedBy?.name ?? "former member", at: utc(c.verifiedAt) } : null}
              canVerify={can(ctx, "consents.verify")}
              ownUpload={c.uploadedById === ctx.user.id}
              active={c.status === "ACTIVE"}
              action={verifyConsentAction.bind(null, slug)}
            />
          </Card>
          {can(ctx, "consents.revoke") || c.status === "REVOKED" ? (
            <Card title="Revocation">
              {c.status === "EXPIRED" ? <p className="text-sm text-slate-600">This consent expired {utc(c.expiredAt)}; there is nothing left to revoke.</p> : (
                <RevokePanel
                  consentId={c.id}
                  revoked={c.revokedAt ? { at: day(c.revokedAt), method: methodLabel(c.revocationMethod ?? ""), by: history.people.revokedBy?.name ?? null, sentBack, removalTasks: usage.removalTasks.filter((t) => t.reason === "REVOKED").length } : null}
                  methods={REVOCATION_METHODS.map((m) => ({ value: m, label: methodLabel(m) }))}
                  today={new Date().toISOString().slice(0, 10)}
                  action={revokeConsentAction.bind(null, slug)}
                />
              )}
            </Card>
          ) : null}
        </aside>
      </div>
    </div>
  );
}
