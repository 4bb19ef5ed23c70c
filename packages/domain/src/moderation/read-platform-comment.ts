import type { Channel, ConnectedAccountStatus } from "@vetted/db";
import type { Seen } from "./apply-comment-event";
import { openField } from "./moderation-crypto";
import { platformFailure, type AccountAccess, type PlatformClients, type PlatformComment } from "./platform-client";

interface AccountRow {
  id: string;
  platform: Channel;
  externalId: string;
  status: ConnectedAccountStatus;
  tokenCipher: string | null;
}

/** How an event's comment is re-read: through the account's connector, or not at all (inactive account). */
export type CommentReader = { read: (commentExternalId: string) => Promise<PlatformComment> } | { inactive: true };

export type ReadResult = Extract<Seen, { source: "platform" }> | { source: "token_invalid"; code: string };

/**
 * The reader for an account, or null when there is none to use (no connectors given, or the
 * platform's connector cannot read one comment): the event's own content is then applied. An account
 * that is not ACTIVE (or has no token) cannot be read: its events wait for a reconnect.
 */
export function commentReader(clients: PlatformClients | undefined, account: AccountRow, orgId: string): CommentReader | null {
  const client = clients?.(account.platform);
  if (!client?.readComment) return null;
  if (account.status !== "ACTIVE" || !account.tokenCipher) return { inactive: true };
  const readComment = client.readComment.bind(client);
  const access: AccountAccess = { platform: account.platform, externalId: account.externalId, accessToken: openField(account.tokenCipher, "connected-account", orgId, account.id, "token"), accountId: account.id, orgId };
  return { read: (commentExternalId) => readComment(access, commentExternalId) };
}

/**
 * The comment as the platform has it now: NOT_FOUND (Graph 100/33) means it is gone, a refused
 * token is reported for the caller to mark the account; any other failure is thrown (the queue retries).
 */
export async function readPlatformComment(reader: CommentReader, commentExternalId: string): Promise<ReadResult> {
  if ("inactive" in reader) return { source: "token_invalid", code: "TOKEN_INVALID" };
  try {
    const comment = await reader.read(commentExternalId);
    return { source: "platform", readAt: new Date(), comment };
  } catch (error) {
    const failure = platformFailure(error);
    if (failure.code === "NOT_FOUND") return { source: "platform", readAt: new Date(), comment: null };
    if (failure.code === "TOKEN_INVALID") return { source: "token_invalid", code: failure.code };
    throw error;
  }
}
