import { describe, expect, it } from "vitest";
import { EnvError, loadEnv } from "./env";
import { DEV_LINKEDIN_CLIENT_ID, DEV_LINKEDIN_CLIENT_SECRET, DEV_META_APP_SECRET, DEV_META_VERIFY_TOKEN, DEV_X_CLIENT_ID, DEV_X_CLIENT_SECRET, linkedinEnvSchema, metaEnvSchema, simulatorEnvSchema, xEnvSchema } from "./platform-env";

const prodVars = {
  NODE_ENV: "production",
  META_APP_ID: "1234567890",
  META_APP_SECRET: "a-real-looking-app-secret-0123456789",
  META_VERIFY_TOKEN: "a-real-looking-verify-token",
  META_GRAPH_URL: "https://graph.facebook.com/",
  META_OAUTH_URL: "https://www.facebook.com/v21.0/dialog/oauth",
  META_GRAPH_VERSION: "v21.0",
};

describe("meta env", () => {
  it("points at the simulator with labelled development secrets when nothing is set", () => {
    const env = loadEnv(metaEnvSchema, { NODE_ENV: "test" });
    expect(env).toMatchObject({
      META_APP_ID: "vetted-dev-app",
      META_APP_SECRET: DEV_META_APP_SECRET,
      META_VERIFY_TOKEN: DEV_META_VERIFY_TOKEN,
      META_GRAPH_URL: "http://127.0.0.1:4010",
      META_OAUTH_URL: "http://127.0.0.1:4010/dialog/oauth",
      META_GRAPH_VERSION: "",
      insecureDevSecrets: true,
    });
  });

  it("requires every variable in production and names the missing ones", () => {
    const load = () => loadEnv(metaEnvSchema, { NODE_ENV: "production" });
    expect(load).toThrow(EnvError);
    for (const name of ["META_APP_ID", "META_APP_SECRET", "META_VERIFY_TOKEN", "META_GRAPH_URL", "META_OAUTH_URL"]) expect(load).toThrow(new RegExp(`${name}: required in production`));
    const env = loadEnv(metaEnvSchema, prodVars);
    expect(env).toMatchObject({ META_GRAPH_URL: "https://graph.facebook.com", META_GRAPH_VERSION: "v21.0", insecureDevSecrets: false });
  });

  it("refuses the development secret and verify token in production without echoing them", () => {
    const load = () => loadEnv(metaEnvSchema, { ...prodVars, META_APP_SECRET: DEV_META_APP_SECRET, META_VERIFY_TOKEN: DEV_META_VERIFY_TOKEN });
    expect(load).toThrow(/META_APP_SECRET: is the public development secret/);
    expect(load).toThrow(/META_VERIFY_TOKEN: is the public development token/);
    expect(load).not.toThrow(new RegExp(DEV_META_APP_SECRET));
  });

  it("rejects a malformed version or URL, naming the variable", () => {
    expect(() => loadEnv(metaEnvSchema, { META_GRAPH_VERSION: "21" })).toThrow(/META_GRAPH_VERSION/);
    expect(() => loadEnv(metaEnvSchema, { META_GRAPH_URL: "not a url" })).toThrow(/META_GRAPH_URL/);
  });
});

describe("simulator env", () => {
  it("defaults to port 4010, the web app's Meta webhook and no rate limit", () => {
    expect(loadEnv(simulatorEnvSchema, {})).toEqual({
      SIMULATOR_PORT: 4010,
      SIMULATOR_HOST: "127.0.0.1",
      SIMULATOR_CALLBACK_URL: "http://127.0.0.1:3000/api/webhooks/meta",
      SIMULATOR_LINKEDIN_CALLBACK_URL: "http://127.0.0.1:3000/api/webhooks/linkedin",
      SIMULATOR_RATE_LIMIT: 0,
      SIMULATOR_RATE_WINDOW_SECONDS: 60,
    });
    expect(loadEnv(simulatorEnvSchema, { SIMULATOR_RATE_LIMIT: "5" }).SIMULATOR_RATE_LIMIT).toBe(5);
  });
});

describe("linkedin and x env", () => {
  it("default to the real APIs, with the labelled development secret outside production", () => {
    expect(loadEnv(linkedinEnvSchema, { NODE_ENV: "test" })).toEqual({
      LINKEDIN_CLIENT_SECRET: DEV_LINKEDIN_CLIENT_SECRET, LINKEDIN_CLIENT_ID: DEV_LINKEDIN_CLIENT_ID, LINKEDIN_API_BASE: "https://api.linkedin.com",
      LINKEDIN_OAUTH_URL: "https://www.linkedin.com/oauth/v2/authorization", LINKEDIN_AUTH_BASE: "https://www.linkedin.com", LINKEDIN_API_VERSION: "202501", LINKEDIN_TIMEOUT_MS: 10_000,
    });
    expect(loadEnv(xEnvSchema, {})).toEqual({
      X_API_BASE: "https://api.x.com", X_TIMEOUT_MS: 10_000, X_POLL_INTERVAL_MS: 60_000, X_OAUTH_URL: "https://x.com/i/oauth2/authorize", X_CLIENT_ID: DEV_X_CLIENT_ID, X_CLIENT_SECRET: DEV_X_CLIENT_SECRET,
    });
    expect(loadEnv(linkedinEnvSchema, { LINKEDIN_AUTH_BASE: "http://127.0.0.1:4010/" }).LINKEDIN_AUTH_BASE).toBe("http://127.0.0.1:4010");
    expect(loadEnv(xEnvSchema, { X_API_BASE: "http://127.0.0.1:4010/" }).X_API_BASE).toBe("http://127.0.0.1:4010");
  });

  it("leaves LinkedIn unconfigured in production without a secret and refuses the development one", () => {
    expect(loadEnv(linkedinEnvSchema, { NODE_ENV: "production" }).LINKEDIN_CLIENT_SECRET).toBeNull();
    const load = () => loadEnv(linkedinEnvSchema, { NODE_ENV: "production", LINKEDIN_CLIENT_SECRET: DEV_LINKEDIN_CLIENT_SECRET });
    expect(load).toThrow(/LINKEDIN_CLIENT_SECRET: is the public development secret/);
    expect(load).not.toThrow(new RegExp(DEV_LINKEDIN_CLIENT_SECRET));
    expect(loadEnv(linkedinEnvSchema, { NODE_ENV: "production" }).LINKEDIN_CLIENT_ID).toBeNull();
    expect(() => loadEnv(linkedinEnvSchema, { NODE_ENV: "production", LINKEDIN_CLIENT_ID: DEV_LINKEDIN_CLIENT_ID })).toThrow(/LINKEDIN_CLIENT_ID: is the development client id/);
  });

  it("leaves X's OAuth client unset in production, refuses the development secret and a half-configured client", () => {
    expect(loadEnv(xEnvSchema, { NODE_ENV: "production" })).toMatchObject({ X_CLIENT_ID: null, X_CLIENT_SECRET: null });
    const dev = () => loadEnv(xEnvSchema, { NODE_ENV: "production", X_CLIENT_ID: "real-client", X_CLIENT_SECRET: DEV_X_CLIENT_SECRET });
    expect(dev).toThrow(/X_CLIENT_SECRET: is the public development secret/);
    expect(dev).not.toThrow(new RegExp(DEV_X_CLIENT_SECRET));
    expect(() => loadEnv(xEnvSchema, { NODE_ENV: "production", X_CLIENT_ID: "real-client" })).toThrow(/X_CLIENT_SECRET: X_CLIENT_ID and X_CLIENT_SECRET go together/);
    expect(loadEnv(xEnvSchema, { NODE_ENV: "production", X_CLIENT_ID: "real-client", X_CLIENT_SECRET: "a-real-looking-x-client-secret" })).toMatchObject({ X_CLIENT_ID: "real-client" });
  });

  it("rejects a malformed version, URL or short secret, naming the variable", () => {
    expect(() => loadEnv(linkedinEnvSchema, { LINKEDIN_API_VERSION: "2025-01" })).toThrow(/LINKEDIN_API_VERSION/);
    expect(() => loadEnv(linkedinEnvSchema, { LINKEDIN_API_BASE: "nope" })).toThrow(/LINKEDIN_API_BASE/);
    expect(() => loadEnv(linkedinEnvSchema, { LINKEDIN_CLIENT_SECRET: "short" })).toThrow(/LINKEDIN_CLIENT_SECRET: must be at least 16/);
    expect(() => loadEnv(xEnvSchema, { X_API_BASE: "nope" })).toThrow(/X_API_BASE/);
    expect(() => loadEnv(xEnvSchema, { X_OAUTH_URL: "nope" })).toThrow(/X_OAUTH_URL/);
    expect(() => loadEnv(xEnvSchema, { X_CLIENT_SECRET: "short" })).toThrow(/X_CLIENT_SECRET: must be at least 16/);
    expect(() => loadEnv(linkedinEnvSchema, { LINKEDIN_OAUTH_URL: "nope" })).toThrow(/LINKEDIN_OAUTH_URL/);
  });
});
