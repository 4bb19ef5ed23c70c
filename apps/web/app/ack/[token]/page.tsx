import type { Metadata } from "next";
import { currentRequestMeta } from "@vetted/auth";
import { AckLinkError, openAcknowledgement, RateLimitedError, type AckView } from "@vetted/domain";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { PublicLinkNotice, PublicLinkShell } from "@/components/public-link-shell";
import { PolicySections } from "@/components/policy-sections";
import { ReadingTimer } from "@/components/reading-timer";
import { TooManyTries } from "@/components/too-many-tries";
import { AckSteps } from "./ack-steps";

// Public: a workforce member opens this from the emailed link, usually signed out. The token in the
// path is the credential; the page is rendered per request (never cached) and sends no referrer. It
// shows the policy, the quiz and the signature, nothing about anyone else.
export const metadata: Metadata = { title: "Read and sign the social media policy", referrer: "no-referrer" };

const day = (d: Date) => d.toISOString().slice(0, 10);

export default async function AckPage({ params }: { params: Promise<{ token: string }> }) {
  await connection();
  const { token } = await params;
  let view: AckView;
  try {
    view = await openAcknowledgement(token, await currentRequestMeta());
  } catch (error) {
    if (error instanceof RateLimitedError) return <PublicLinkShell><TooManyTries error={error} /></PublicLinkShell>;
    if (!(error instanceof AckLinkError)) throw error;
    // An unknown (or replaced) link answers 404 like any unknown id; not-found.tsx says so in plain words.
    if (error.reason === "unknown") notFound();
    return (
      <PublicLinkNotice title={error.reason === "signed" ? "Already signed" : "This link does not work"}>{error.message}</PublicLinkNotice>
    );
  }
  return (
    <PublicLinkShell>
      <h1 className="mb-1 text-2xl font-semibold">{view.orgName}: social media policy</h1>
      <p className="mb-4 text-slate-600">
        Version {view.version.number}, in effect from {view.version.effectiveAt ? day(view.version.effectiveAt) : "its approval"}. Please read it,
        answer the short quiz and sign by {day(view.dueAt)}.
      </p>
      <ReadingTimer endpoint={`/ack/${token}/reading-time`} />
      <div className="space-y-8">
        <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <PolicySections sections={view.version.sections} />
        </div>
        <AckSteps
          token={token}
          questions={view.questions}
          passPercent={view.passPercent}
          initiallyPassed={view.passed}
        />
        {view.linkExpiresAt ? <p className="text-sm text-slate-500">This link works once and expires on {day(view.linkExpiresAt)}.</p> : null}
      </div>
    </PublicLinkShell>
  );
}
