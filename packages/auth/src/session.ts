import { auth } from "./config";

export interface SessionIdentity {
  userId: string;
  sessionId: string;
}

/**
 * The signed-in identity from the Auth.js cookie, or null. The only place that reads it: tests of
 * the route matrix substitute this module to act as a given user.
 */
export async function currentIdentity(): Promise<SessionIdentity | null> {
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId || !session.sessionId) return null;
  return { userId, sessionId: session.sessionId };
}
