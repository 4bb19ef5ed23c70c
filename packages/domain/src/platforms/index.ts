// Social platform connectors (issue 12). Also importable as "@vetted/domain/platforms", which pulls
// in no database code (the simulator's tests and the webhook route use it that way).
export * from "./platform-error";
export * from "./meta-signature";
export * from "./meta-webhook";
export * from "./meta-client";
export { GraphTransport, type GraphRequest, type GraphTransportOptions } from "./graph-http";
export * from "./comment-change";
export * from "./linkedin-signature";
export * from "./linkedin-webhook";
export * from "./linkedin-client";
export * from "./x-client";
export * from "./linkedin-oauth";
export * from "./x-oauth";
export { classifyOAuthError, type OAuthGrant } from "./oauth-http";
export { RestTransport, rateLimitWait, type RestRequest, type RestTransportOptions } from "./rest-http";
export * from "./tiktok-client";
export * from "./tiktok-oauth";
export { classifyTikTokCode } from "./tiktok-http";
