"use client";

import { useActionState } from "react";
import { ActionForm } from "@/components/action-form";
import { Alert, Button, Field, Input } from "@/components/ui";
import { confirmMfaEnrolmentAction, disableMfaAction, regenerateRecoveryCodesAction, revokeOtherSessionsAction, revokeSessionAction, startMfaEnrolmentAction } from "./actions";

type Enrolment = { secret: string; uri: string; qrDataUrl: string };

/** Start → QR code and secret → first code (ConfirmMfaForm) → the recovery codes, shown this once. */
export function EnrolMfa() {
  const [state, start, pending] = useActionState(startMfaEnrolmentAction, null);
  const started = state?.ok ? (state.data as Enrolment | undefined) : undefined;
  return (
    <div className="space-y-3">
      <form action={start} aria-label="Set up two-factor sign-in">
        <Button type="submit" variant={started ? "secondary" : "primary"} disabled={pending}>
          {started ? "Start again with a new key" : "Set up two-factor sign-in"}
        </Button>
      </form>
      {state && !state.ok ? <Alert tone="error">{state.error.message}</Alert> : null}
      {started ? (
        <>
          {/* A data URL drawn on our server: the secret never goes to a third-party QR service. */}
          <img src={started.qrDataUrl} alt="QR code for your authenticator app" width={200} height={200} />
          <p className="text-sm text-slate-700">
            Scan it with your authenticator app, or enter this key: <code data-testid="mfa-secret" className="font-mono">{started.secret}</code>
          </p>
          <ConfirmMfaForm />
        </>
      ) : null}
    </div>
  );
}

export function ConfirmMfaForm() {
  return (
    <ActionForm action={confirmMfaEnrolmentAction} label="Confirm two-factor sign-in">
      {({ pending, fields, state }) => {
        const codes = state?.ok ? (state.data as { recoveryCodes: string[] } | undefined)?.recoveryCodes : undefined;
        if (codes) return <RecoveryCodes codes={codes} />;
        return (
          <div className="flex items-end gap-2">
            <Field label="Code from the app" name="mfa-code" error={fields?.code}>
              <Input id="mfa-code" name="code" inputMode="numeric" autoComplete="one-time-code" required invalid={!!fields?.code} />
            </Field>
            <Button type="submit" disabled={pending}>Turn on</Button>
          </div>
        );
      }}
    </ActionForm>
  );
}

function RecoveryCodes({ codes }: { codes: string[] }) {
  return (
    <div className="space-y-2">
      <p className="text-sm font-medium">Recovery codes: each works once if you lose your phone. Save them now; they are not shown again.</p>
      <ul className="grid grid-cols-2 gap-1 font-mono text-sm" data-testid="recovery-codes">
        {codes.map((c) => <li key={c}>{c}</li>)}
      </ul>
    </div>
  );
}

/** A new set of recovery codes (after a re-authentication); the old set stops working. */
export function RegenerateRecoveryCodesForm() {
  return (
    <ActionForm action={regenerateRecoveryCodesAction} label="Make new recovery codes" confirm="Make new recovery codes? The old ones stop working.">
      {({ pending, state }) => {
        const codes = state?.ok ? (state.data as { recoveryCodes: string[] } | undefined)?.recoveryCodes : undefined;
        return codes ? <RecoveryCodes codes={codes} /> : <Button type="submit" variant="secondary" disabled={pending}>Make new recovery codes</Button>;
      }}
    </ActionForm>
  );
}

export function DisableMfaForm() {
  return (
    <ActionForm action={disableMfaAction} label="Turn off two-factor sign-in" confirm="Turn off two-factor sign-in?">
      {({ pending }) => <Button type="submit" variant="danger" disabled={pending}>Turn off</Button>}
    </ActionForm>
  );
}

export function RevokeSessionForm({ sessionId }: { sessionId: string }) {
  return (
    <ActionForm action={revokeSessionAction} label="End this session">
      {({ pending }) => (
        <>
          <input type="hidden" name="sessionId" value={sessionId} />
          <Button type="submit" variant="secondary" disabled={pending}>Sign out</Button>
        </>
      )}
    </ActionForm>
  );
}

export function RevokeOthersForm() {
  return (
    <ActionForm action={revokeOtherSessionsAction} label="Sign out everywhere else">
      {({ pending }) => <Button type="submit" variant="secondary" disabled={pending}>Sign out everywhere else</Button>}
    </ActionForm>
  );
}
