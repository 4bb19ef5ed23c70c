import type { Metadata } from "next";
import { currentRequestMeta } from "@vetted/auth";
import { RateLimitedError } from "@vetted/domain";
import { ClientLinkError, openClientApproval, type ClientApprovalView } from "@vetted/domain/client-approvals";
import { cookies } from "next/headers";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { PublicLinkNotice, PublicLinkShell } from "@/components/public-link-shell";
import { NetworkPreview } from "@/components/network-preview";
import { TooManyTries } from "@/components/too-many-tries";
import { clientSessionCookieName } from "@/lib/client-approval-session";
import { orgTime } from "@/lib/dates";
import { channelLabel } from "../../orgs/[orgSlug]/posts/channels";
import { CodeForm } from "./code-form";
import { DecisionForm } from "./decision-form";

// Public (issue 16): a client approver opens this from the emailed link, without a Vetted account.
// The token in the path is the credential, the mailed code the second factor; until the code is
// confirmed the page shows nothing of the post. Rendered per request, no referrer sent.
export const metadata: Metadata = { title: "Review a post before it is published", referrer: "no-referrer" };

const TITLES: Record<string, string> = {
  used: "This link was already used",
  expired: "This link has expired",
  locked: "This link is locked",
  inactive: "This link no longer works",
  changed: "This link no longer works",
  closed: "Nothing to decide any more",
};

export default async function ApprovePage({ params }: { params: Promise<{ token: string }> }) {
  await connection();
  const { token } = await params;
  let view: ClientApprovalView;
  try {
    const session = (await cookies()).get(clientSessionCookieName())?.value ?? null;
    view = await openClientApproval(token, session, await currentRequestMeta());
  } catch (error) {
    if (error instanceof RateLimitedError) return <PublicLinkShell><TooManyTries error={error} /></PublicLinkShell>;
    if (!(error instanceof ClientLinkError)) throw error;
    // An unknown link answers 404 like any unknown id; not-found.tsx says so in plain words.
    if (error.reason === "unknown") notFound();
    return <PublicLinkNotice title={TITLES[error.reason] ?? "This link does not work"}>{error.message}</PublicLinkNotice>;
  }
  if (view.stage === "code") {
    return (
      <PublicLinkShell>
        <h1 className="mb-1 text-2xl font-semibold">{view.orgName} asks for your approval</h1>
        <p className="mb-4 text-slate-600">Hello {view.approverName}. To make sure it is you, enter the code we emailed you.</p>
        <CodeForm
          token={token} maskedEmail={view.maskedEmail} codeLive={!!view.codeExpiresAt} codesLeft={view.codesLeft} attemptsLeft={view.attemptsLeft}
          resendAt={view.resendAt?.toISOString() ?? null}
        />
        <p className="mt-6 text-sm text-slate-500">This link works once and expires {orgTime(view.linkExpiresAt, "UTC")}.</p>
      </PublicLinkShell>
    );
  }
  const { post } = view;
  return (
    <PublicLinkShell>
      <h1 className="mb-1 text-2xl font-semibold">{view.orgName}: a post waiting for your approval</h1>
      <p className="mb-4 text-slate-600">
        For {post.channels.map(channelLabel).join(", ")}, {post.scheduledAt ? `to be published ${orgTime(post.scheduledAt, view.timeZone)}` : "not scheduled yet"}.
      </p>
      <article className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-label="The post">
        <p className="text-sm font-medium text-slate-500">{post.title}</p>
        <p className="whitespace-pre-wrap break-words" data-testid="client-post-text">{post.text}</p>
        {Object.entries(post.channelTexts).map(([channel, text]) => (
          <div key={channel} className="border-t border-slate-100 pt-3">
            <h2 className="text-sm font-medium text-slate-600">{channelLabel(channel)} version</h2>
            <p className="whitespace-pre-wrap break-words">{text}</p>
          </div>
        ))}
        {view.media.length ? (
          <div className="grid gap-3 sm:grid-cols-2">
            {view.media.map((m, i) => (
              <img key={m.id} src={`/approve/${token}/media/${m.id}`} width={m.width} height={m.height} alt={`Image ${i + 1} of the post`} className="h-auto w-full rounded border border-slate-200" />
            ))}
          </div>
        ) : null}
      </article>
      <section className="mt-6 rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-label="As the networks will show it">
        <h2 className="mb-3 text-lg font-semibold">As the networks will show it</h2>
        <NetworkPreview
          orgName={view.orgName} text={post.text} channelTexts={post.channelTexts} channels={post.channels} subject="the post to approve"
          images={view.media.map((m) => ({ src: `/approve/${token}/media/${m.id}`, width: m.width, height: m.height }))}
        />
      </section>
      <div className="mt-6">
        <DecisionForm token={token} orgName={view.orgName} obstacle={view.obstacle} />
      </div>
      <p className="mt-6 text-sm text-slate-500">Your decision is recorded with the time and your IP address. This link works once.</p>
    </PublicLinkShell>
  );
}
