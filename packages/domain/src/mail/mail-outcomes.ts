// What became of each send of an outbox mail, for the process that sends it to log: the worker writes
// one line per mail, with the id of the web request behind it (OutboxMail.requestId), so a mail can be
// followed from the request that caused it to its delivery. Ids, counts and classes only: the message
// stays sealed in its row.

export interface MailOutcome {
  mailId: string;
  /** The web request behind the mail, or behind the worker job that queued it; null when there was none. */
  requestId: string | null;
  /** "dead": the last attempt failed, and the row is a dead letter (dead-mails.ts). */
  outcome: "sent" | "failed" | "dead";
  /** Attempts so far, this one included. */
  attempts: number;
  /** The worker's outbox sweep, or the fast path right after the commit (deliverMail). */
  via: "sweep" | "direct";
  /** A failure's error class, never its message: an SMTP error can quote the recipient. */
  errorType?: string;
}

export type MailOutcomeListener = (outcome: MailOutcome) => void;

const listeners = new Set<MailOutcomeListener>();

/**
 * Hears every send this process makes, whichever path made it (the sweep, or deliverMail after a
 * job's or a request's commit). Returns the unsubscribe, for a worker that stops.
 */
export function onMailOutcome(listener: MailOutcomeListener): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

export function reportMailOutcome(outcome: MailOutcome): void {
  for (const listener of listeners) {
    try {
      listener(outcome);
    } catch {
      // A listener that throws must not turn a sent mail into a failed one, nor stop the others.
    }
  }
}
