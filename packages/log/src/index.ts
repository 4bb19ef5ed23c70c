export * from "./logger";
export * from "./redaction";
export * from "./request-id";
