import { z } from "zod";

/** Every queue the system uses. */
export const QUEUE_NAMES = ["health", "scan", "comments", "groups"] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/** Default Redis key prefix; tests pass their own so concurrent runs never share keys. */
export const DEFAULT_QUEUE_PREFIX = "vetted";

const isoTimestamp = z.iso.datetime({ offset: true, message: "Must be an ISO 8601 timestamp" });

// Payloads carry ids and timestamps only: job data sits in Redis and in failure dumps, so no PHI.
export const healthPingSchema = z.strictObject({ requestedAt: isoTimestamp });
export type HealthPingPayload = z.infer<typeof healthPingSchema>;

/**
 * The web request behind a job (its outbox row's requestId), for the worker's log lines about the job.
 * Only the ids the web makes (UUIDs): an id passed on from a proxy in front could be any word, and
 * payloads hold ids only. Optional: polled and periodic work has no request.
 */
const requestId = z.uuid().optional();

/** One ScanJob row to run; the orgId lets the processor rebuild the tenant scope without a lookup. */
export const scanRunSchema = z.strictObject({ scanJobId: z.uuid(), orgId: z.uuid(), requestId });
export type ScanRunPayload = z.infer<typeof scanRunSchema>;

/**
 * One CommentEvent row to apply to its comment (issue 12). The job id is derived from the event's
 * dedupe key (see enqueueCommentEvent), so a duplicate delivery never adds a second job.
 */
export const commentEventSchema = z.strictObject({ orgId: z.uuid(), commentEventId: z.uuid(), requestId });
export type CommentEventPayload = z.infer<typeof commentEventSchema>;

/** The OCR of one screenshot of a group post (issue 12): the GroupReport row is its outbox. */
export const groupOcrSchema = z.strictObject({ orgId: z.uuid(), reportId: z.uuid(), requestId });
export type GroupOcrPayload = z.infer<typeof groupOcrSchema>;

/** Job names and payload schemas per queue: the single source both producers and processors use. */
export const JOBS = {
  health: { ping: healthPingSchema },
  scan: { run: scanRunSchema },
  comments: { event: commentEventSchema },
  groups: { ocr: groupOcrSchema },
} as const satisfies Record<QueueName, Record<string, z.ZodType>>;

export type JobName<Q extends QueueName> = keyof (typeof JOBS)[Q] & string;
export type JobPayload<Q extends QueueName, N extends JobName<Q>> = z.infer<(typeof JOBS)[Q][N]>;

export function isJobName<Q extends QueueName>(queue: Q, name: string): name is JobName<Q> {
  return Object.hasOwn(JOBS[queue], name);
}

/** The schema of one job; the cast is sound because JOBS is the source of JobPayload. */
export function schemaFor<Q extends QueueName, N extends JobName<Q>>(queue: Q, name: N): z.ZodType<JobPayload<Q, N>> {
  return JOBS[queue][name] as unknown as z.ZodType<JobPayload<Q, N>>;
}

/** Parses a job's data against its schema; returns the issue paths (never values) on failure. */
export function parseJobPayload<Q extends QueueName, N extends JobName<Q>>(
  queue: Q,
  name: N,
  data: unknown,
): { ok: true; payload: JobPayload<Q, N> } | { ok: false; issues: string[] } {
  const result = schemaFor(queue, name).safeParse(data);
  if (result.success) return { ok: true, payload: result.data };
  return { ok: false, issues: result.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.code}`) };
}

const ID_PART = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * A deterministic job id from record ids, so enqueuing the same work twice adds it once. Only id-like
 * parts are accepted: a job id shows up in logs and dashboards, so it must never carry PHI. BullMQ
 * refuses ":" and pure integers in custom ids, hence the "-" separator and the name prefix.
 */
export function jobIdFor(queue: QueueName, name: string, ...ids: string[]): string {
  if (ids.length === 0) throw new Error("jobIdFor needs at least one id");
  for (const part of [name, ...ids]) {
    if (!ID_PART.test(part)) throw new Error("jobIdFor accepts ids only (letters, digits, '-' and '_', at most 64 characters)");
  }
  return [queue, name, ...ids].join("-");
}
