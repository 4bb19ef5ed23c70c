// What became of each send of an outbox mail, for the process that sends it to log: the worker and the
// web write one line per mail they send, with the id of the web request behind it (OutboxMail.requestId),
// so a mail can be followed from the request that caused it to its delivery. Ids, counts and classes
// only: the message stays sealed in its row.

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

// On globalThis, not in this module: Next bundles instrumentation.ts (where the web registers its
// listener) apart from the route handlers that send mails, each with a copy of this module; one set
// per process makes every copy's sends reach every copy's listeners.
const LISTENERS = Symbol.for("vetted.mail-outcome-listeners");
const listeners = ((globalThis as { [LISTENERS]?: Set<MailOutcomeListener> })[LISTENERS] ??= new Set<MailOutcomeListener>());

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

/** What logMailOutcomes needs of a logger (pino's Logger has it). */
export interface MailLineLogger {
  child(bindings: Record<string, unknown>): { info(fields: object): void; warn(fields: object): void };
}

/**
 * One line per mail this process sends, the same in the web and the worker: `mail.sent` (info),
 * `mail.failed` or `mail.dead` (warn), bound to the mail's outbox id and the request behind it.
 * Returns the unsubscribe.
 */
export function logMailOutcomes(log: MailLineLogger): () => void {
  return onMailOutcome((o) => {
    const line = log.child({ mailId: o.mailId, ...(o.requestId ? { requestId: o.requestId } : {}) });
    const fields = { event: `mail.${o.outcome}`, attempts: o.attempts, via: o.via, ...(o.errorType ? { errorType: o.errorType } : {}) };
    if (o.outcome === "sent") line.info(fields);
    else line.warn(fields);
  });
}
