import type { Metadata } from "next";
import type { ReactNode } from "react";
import { currentRequestMeta } from "@vetted/auth";
import { getInvitationByToken, RateLimitedError } from "@vetted/domain";
import { Alert } from "@/components/ui";
import { roleLabel } from "@/components/ui";
import { acceptInvitationAction } from "./actions";
import { pageRecord } from "@/lib/pages";
import { TooManyTries } from "@/components/too-many-tries";
import { AcceptForm } from "./accept-form";

export const metadata: Metadata = { title: "Accept invitation", referrer: "no-referrer" };

const CLOSED: Record<string, string> = {
  accepted: "This invitation was already used. Sign in with your account.",
  revoked: "This invitation was withdrawn. Ask the person who invited you for a new one.",
  expired: "This invitation has expired. Ask the person who invited you for a new one.",
};

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = await pageRecord(getInvitationByToken(token, await currentRequestMeta())).catch((error: unknown) => {
    if (error instanceof RateLimitedError) return error;
    throw error;
  });
  if (invitation instanceof RateLimitedError) return <Card><TooManyTries error={invitation} /></Card>;
  return (
    <Card>
      <h1 className="text-lg font-semibold">Join {invitation.orgName}</h1>
      <p className="text-sm text-slate-600">You were invited as {roleLabel(invitation.role).toLowerCase()}.</p>
      {invitation.state === "open" ? (
        <AcceptForm action={acceptInvitationAction.bind(null, token)} existingUser={invitation.existingUser} email={invitation.email} />
      ) : (
        <Alert tone="warning">{CLOSED[invitation.state]}</Alert>
      )}
    </Card>
  );
}

function Card({ children }: { children: ReactNode }) {
  return (
    <main id="main" className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <p className="text-xl font-bold text-brand-700">Vetted</p>
        {children}
      </div>
    </main>
  );
}
