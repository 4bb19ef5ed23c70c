// Operations (issue 15): readiness of a process for /readyz, and the audit of the queue dashboard.
export * from "./check-readiness";
export * from "./readiness-probes";
export * from "./record-queue-board-view";
