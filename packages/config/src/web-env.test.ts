import { describe, expect, it } from "vitest";
import { baseEnvSchema, EnvError, loadEnv, webEnvSchema } from "./env";

const SECRET = "unit-test-secret-0123456789abcdefghijklmnop";

describe("web env: the development outbox", () => {
  it("refuses to start in production with DEV_OUTBOX enabled, naming the variable", () => {
    for (const value of ["true", "1"]) {
      const load = () => loadEnv(webEnvSchema, { NODE_ENV: "production", AUTH_SECRET: SECRET, DEV_OUTBOX: value });
      expect(load).toThrow(EnvError);
      expect(load).toThrow(/DEV_OUTBOX/);
    }
  });

  it("starts in production with the outbox off, and allows it outside production", () => {
    expect(loadEnv(webEnvSchema, { NODE_ENV: "production", AUTH_SECRET: SECRET }).DEV_OUTBOX).toBe(false);
    expect(loadEnv(webEnvSchema, { NODE_ENV: "production", AUTH_SECRET: SECRET, DEV_OUTBOX: "false" }).DEV_OUTBOX).toBe(false);
    expect(loadEnv(webEnvSchema, { NODE_ENV: "development", AUTH_SECRET: SECRET, DEV_OUTBOX: "true" }).DEV_OUTBOX).toBe(true);
  });
});

describe("base env: LOG_LEVEL", () => {
  it("defaults to info, accepts pino's levels and refuses anything else, naming the variable", () => {
    expect(loadEnv(baseEnvSchema, {}).LOG_LEVEL).toBe("info");
    expect(loadEnv(baseEnvSchema, { LOG_LEVEL: "silent" }).LOG_LEVEL).toBe("silent");
    expect(() => loadEnv(baseEnvSchema, { LOG_LEVEL: "verbose" })).toThrow(/LOG_LEVEL/);
  });
});

describe("base env: the database's server-side timeouts", () => {
  it("default to 30 s a statement and 60 s idle in a transaction; 0 turns one off", () => {
    const defaults = loadEnv(baseEnvSchema, {});
    expect([defaults.DATABASE_STATEMENT_TIMEOUT_MS, defaults.DATABASE_IDLE_TX_TIMEOUT_MS]).toEqual([30_000, 60_000]);
    const set = loadEnv(baseEnvSchema, { DATABASE_STATEMENT_TIMEOUT_MS: "0", DATABASE_IDLE_TX_TIMEOUT_MS: "5000" });
    expect([set.DATABASE_STATEMENT_TIMEOUT_MS, set.DATABASE_IDLE_TX_TIMEOUT_MS]).toEqual([0, 5000]);
  });

  it("refuses a negative, fractional or unbounded value, naming the variable", () => {
    expect(() => loadEnv(baseEnvSchema, { DATABASE_STATEMENT_TIMEOUT_MS: "-1" })).toThrow(/DATABASE_STATEMENT_TIMEOUT_MS/);
    expect(() => loadEnv(baseEnvSchema, { DATABASE_STATEMENT_TIMEOUT_MS: "1.5" })).toThrow(/DATABASE_STATEMENT_TIMEOUT_MS/);
    expect(() => loadEnv(baseEnvSchema, { DATABASE_IDLE_TX_TIMEOUT_MS: "soon" })).toThrow(/DATABASE_IDLE_TX_TIMEOUT_MS/);
    expect(() => loadEnv(baseEnvSchema, { DATABASE_IDLE_TX_TIMEOUT_MS: "86400000" })).toThrow(/DATABASE_IDLE_TX_TIMEOUT_MS/);
  });
});
