"use server";

import { currentIdentity, currentRequestMeta, signOut } from "@vetted/auth";
import { endSession } from "@vetted/domain";

async function end(reason: "signout" | "idle") {
  const identity = await currentIdentity();
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
