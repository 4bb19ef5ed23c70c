// The Message-ID of an outbox mail is derived from its row id, so every send of one row carries the
// same one. Sending is at-least-once (a sender that dies after the SMTP server accepted the message
// but before the row is marked sent leaves it to be sent again when its claim lapses): a resend then
// is the same message to any receiving system or mail client that folds duplicates by Message-ID,
// and an operator can trace a delivered message to its row without decrypting anything.

const FALLBACK_DOMAIN = "vetted.local";

/** The domain of a From header ("Vetted <no-reply@vetted.example>" → "vetted.example"). */
export function senderDomain(from: string): string {
  const match = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from.trim());
  return match?.[1]?.toLowerCase() || FALLBACK_DOMAIN;
}

/** "<row-id@sender-domain>" for the outbox row `id`. */
export const outboxMessageId = (id: string, from: string) => `<${id}@${senderDomain(from)}>`;

/** The outbox row id named by a Message-ID header value, or null when it is not one of ours. */
export function outboxIdOf(messageId: string): string | null {
  const match = /^<?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})@[^>]+>?$/i.exec(messageId.trim());
  return match?.[1]?.toLowerCase() ?? null;
}
