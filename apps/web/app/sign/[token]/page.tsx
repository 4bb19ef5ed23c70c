import type { Metadata } from "next";
import { currentRequestMeta } from "@vetted/auth";
import { CHANNEL_TEXT, PURPOSE_TEXT, RateLimitedError, SigningLinkError, getSigningRequest, type SigningRequestView } from "@vetted/domain";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { PublicLinkShell } from "@/components/public-link-shell";
import { TooManyTries } from "@/components/too-many-tries";
import { SignForm } from "./sign-form";

// Public: the patient opens this from the link they were sent, on their phone, signed out. The token
// in the path is the credential; the page is rendered per request (never cached) and sends no referrer.
export const metadata: Metadata = { title: "Review and sign", referrer: "no-referrer" };

const list = (items: string[]) => (items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`);

function Item({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="space-y-1">
      <h3 className="text-sm font-semibold uppercase tracking-wide text-slate-500">{title}</h3>
      <div>{children}</div>
    </div>
  );
}

function Terms({ view }: { view: SigningRequestView }) {
  const e = view.elements;
  const until = [e.expiresAt ? `until ${new Date(e.expiresAt).toISOString().slice(0, 10)}` : null, e.expirationEvent ? `until ${e.expirationEvent}` : null].filter(Boolean);
  return (
    <section className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <p>
        You are allowing <strong>{e.discloser}</strong> to use and share the information below, for the reasons listed. It is your choice:
        you do not have to sign.
      </p>
      <Item title="Who this is about">{e.subjectName}</Item>
      <Item title="What will be used and shared">{e.informationDescription}</Item>
      <Item title="Who will receive it">
        {list(e.recipients)}. It may be posted or shown on {list(e.channels.map((c) => CHANNEL_TEXT[c] ?? c))}.
      </Item>
      <Item title="Why">
        <ul className="list-disc pl-5">{e.purposes.map((p) => <li key={p}>{PURPOSE_TEXT[p] ?? p}</li>)}</ul>
      </Item>
      <Item title="For how long">This permission lasts {until.join(", or ")}{until.length > 1 ? ", whichever comes first" : ""}.</Item>
    </section>
  );
}

export default async function SignPage({ params }: { params: Promise<{ token: string }> }) {
  await connection();
  const { token } = await params;
  let view: SigningRequestView;
  try {
    view = await getSigningRequest(token, await currentRequestMeta());
  } catch (error) {
    if (error instanceof RateLimitedError) return <PublicLinkShell width="xl"><TooManyTries error={error} /></PublicLinkShell>;
    if (!(error instanceof SigningLinkError)) throw error;
    // A token that matches no request answers 404 like any unknown id; not-found.tsx beside this
    // page says so in the patient's words. Used, expired and cancelled links keep their own message.
    if (error.reason === "unknown") notFound();
    return (
      <PublicLinkShell width="xl">
        <h1 className="mb-3 text-xl font-semibold">{error.reason === "signed" ? "Already signed" : "This link does not work"}</h1>
        <p role="status" className="rounded-md border border-amber-200 bg-amber-50 p-3">{error.message}</p>
        {error.reason === "signed" ? (
          <p className="mt-4">
            If you signed it, you can <a href={`/sign/${token}/copy`} className="font-medium text-brand-700 underline">download your copy (PDF)</a> for 7 days after signing.
          </p>
        ) : null}
      </PublicLinkShell>
    );
  }
  return (
    <PublicLinkShell width="xl">
      <h1 className="mb-1 text-2xl font-semibold">{view.orgName} asks for your permission</h1>
      <p className="mb-4 text-slate-600">Please read this form, then sign below. It takes about two minutes.</p>
      <div className="space-y-6">
        <Terms view={view} />
        <SignForm token={token} revocationContact={view.elements.revocationContact} />
        <p className="text-sm text-slate-500">You will be able to download a copy of the signed form. This link works once and expires on {view.linkExpiresAt.toISOString().slice(0, 10)}.</p>
      </div>
    </PublicLinkShell>
  );
}
