"use server";

import { currentRequestMeta, requireSignedIn, type SignedInUser } from "@vetted/auth";
import { confirmMfaEnrolment, disableMfa, regenerateRecoveryCodes, revokeMyOtherSessions, revokeMySession, startMfaEnrolment } from "@vetted/domain";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { formObject, type ActionState } from "@/lib/actions";
import { actionErrorBody, AppError } from "@/lib/errors";

// The person's own account security (issue 15): MFA enrolment, re-authentication, sessions. No org:
// everything is keyed by the signed-in user and session from the cookie.

const PAGE = "/account/security";

async function asMe<T>(run: (user: SignedInUser) => Promise<T>, message?: string): Promise<ActionState<T>> {
  try {
    // Open to a user who still has to enrol: this is where they are sent to do it.
    const data = await run(await requireSignedIn({ forEnrolment: true }));
    revalidatePath(PAGE);
    return { ok: true, data, message };
  } catch (error) {
    if (error instanceof AppError && error.code === "UNAUTHENTICATED") redirect(`/signin?reason=${encodeURIComponent(error.message)}`);
    return { ok: false, error: await actionErrorBody(error) };
  }
}

export async function startMfaEnrolmentAction(_prev: ActionState, _formData: FormData) {
  return asMe((me) => startMfaEnrolment(me.userId));
}

export async function confirmMfaEnrolmentAction(_prev: ActionState, formData: FormData) {
  return asMe(async (me) => confirmMfaEnrolment(me.userId, me.sessionId, formObject(formData), await currentRequestMeta()), "Two-factor sign-in is on");
}

export async function disableMfaAction(_prev: ActionState, _formData: FormData) {
  return asMe(async (me) => disableMfa(me.userId, me.sessionId, await currentRequestMeta()), "Two-factor sign-in is off");
}

export async function regenerateRecoveryCodesAction(_prev: ActionState, _formData: FormData) {
  return asMe(async (me) => regenerateRecoveryCodes(me.userId, me.sessionId, await currentRequestMeta()), "New recovery codes made; the old ones no longer work");
}

export async function revokeSessionAction(_prev: ActionState, formData: FormData) {
  return asMe(async (me) => revokeMySession(me.userId, formObject(formData), await currentRequestMeta()), "Session ended");
}

export async function revokeOtherSessionsAction(_prev: ActionState, _formData: FormData) {
  return asMe(async (me) => revokeMyOtherSessions(me.userId, me.sessionId, await currentRequestMeta()), "Signed out everywhere else");
}
