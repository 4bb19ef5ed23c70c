// Social platform connectors (issue 12). Also importable as "@vetted/domain/platforms", which pulls
// in no database code (the simulator's tests and the webhook route use it that way).
export * from "./platform-error";
export * from "./meta-signature";
export * from "./meta-webhook";
export * from "./meta-client";
export { GraphTransport, type GraphRequest, type GraphTransportOptions } from "./graph-http";
