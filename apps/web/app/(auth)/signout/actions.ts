"use server";

import { currentIdentity, currentRequestMeta, signOut } from "@vetted/auth";
import { endSession, isAppError } from "@vetted/domain";

async function end(reason: "signout" | "idle") {
  // A token past its 12 hours names nobody any more: there is only the cookie left to clear.
  const identity = await currentIdentity().catch((error: unknown) => {
    if (isAppError(error) && error.code === "UNAUTHENTICATED") return null;
    throw error;
  });
  if (identity) await endSession(identity.sessionId, reason, await currentRequestMeta());
  await signOut({ redirectTo: `/signin?reason=${reason === "idle" ? "idle" : "signedout"}` });
}

export async function signOutAction(): Promise<void> {
  await end("signout");
}

/** Called by the browser's idle timer; the server would end the session on the next request anyway. */
export async function idleSignOutAction(): Promise<void> {
  await end("idle");
}
