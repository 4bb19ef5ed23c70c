export * from "./jobs.js";
export * from "./connection.js";
export * from "./producer.js";
export * from "./scan-jobs.js";
export * from "./comment-jobs.js";
export * from "./group-jobs.js";
export * from "./shared-redis.js";
