/**
 * The actor of audit events that no person caused: the background worker (scans, the schedule
 * tick). No user row stands behind it, so the id is null and the label says who acted.
 */
export const WORKER_ACTOR = { actorId: null, actorLabel: "worker" } as const;
