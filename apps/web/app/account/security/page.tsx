import type { Metadata } from "next";
import { getMfaStatus, listMySessions, loadShell } from "@vetted/domain";
import { AppShell } from "@/components/app-shell";
import { Alert, Card } from "@/components/ui";
import { pageUser } from "@/lib/pages";
import { DisableMfaForm, EnrolMfa, RegenerateRecoveryCodesForm, RevokeOthersForm, RevokeSessionForm } from "./security-forms";

export const metadata: Metadata = { title: "Account security" };

/** Two-factor sign-in and the person's sessions (issue 15); where a user whose org requires MFA is sent first. */
export default async function SecurityPage() {
  const user = await pageUser("/account/security", { forEnrolment: true });
  const [shell, mfa, sessions] = await Promise.all([loadShell(user.userId), getMfaStatus(user.userId), listMySessions(user.userId, user.sessionId)]);
  return (
    <AppShell userName={shell.name} idleMinutes={user.idleMinutes} orgs={shell.orgs} agencyAdmin={shell.agencyAdmin}>
      <h1 className="text-2xl font-semibold">Account security</h1>
      <div className="mt-6 space-y-6">
        <Card title="Two-factor sign-in">
          {mfa.required && !mfa.enabled ? (
            <Alert tone="warning" role="alert">An organisation you belong to requires two-factor sign-in for your role. Set it up to continue.</Alert>
          ) : null}
          {mfa.enabled ? (
            <div className="space-y-3" data-testid="mfa-on">
              <p className="text-sm text-slate-700">On. {mfa.recoveryCodesLeft} unused recovery code{mfa.recoveryCodesLeft === 1 ? "" : "s"} left.</p>
              <RegenerateRecoveryCodesForm />
              {mfa.required ? <p className="text-sm text-slate-600">Your organisation requires it, so it cannot be turned off.</p> : <DisableMfaForm />}
            </div>
          ) : (
            <EnrolMfa />
          )}
        </Card>
        <Card title="Where you are signed in" actions={sessions.length > 1 ? <RevokeOthersForm /> : undefined}>
          <ul className="divide-y divide-slate-200" data-testid="session-list">
            {sessions.map((s) => (
              <li key={s.id} className="flex flex-wrap items-center justify-between gap-3 py-2 text-sm">
                <div>
                  <p className="font-medium">{s.userAgent ?? "Unknown browser"}{s.current ? " (this browser)" : ""}</p>
                  <p className="text-slate-600">
                    IP {s.ip ?? "unknown"} · signed in {s.createdAt.toISOString().slice(0, 16).replace("T", " ")} UTC · last seen {s.lastSeenAt.toISOString().slice(0, 16).replace("T", " ")} UTC
                  </p>
                </div>
                {s.current ? null : <RevokeSessionForm sessionId={s.id} />}
              </li>
            ))}
          </ul>
        </Card>
      </div>
    </AppShell>
  );
}
