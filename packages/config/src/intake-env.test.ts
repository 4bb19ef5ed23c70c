import { describe, expect, it } from "vitest";
import { EnvError, loadEnv } from "./env";
import { DEV_INTAKE_DOMAIN, DEV_INTAKE_SECRET, intakeEnvSchema } from "./intake-env";

describe("intake env", () => {
  it("uses the labelled development secret and domain when nothing is set", () => {
    expect(loadEnv(intakeEnvSchema, { NODE_ENV: "test" })).toEqual({ enabled: true, INTAKE_DOMAIN: DEV_INTAKE_DOMAIN, INTAKE_SECRET: DEV_INTAKE_SECRET, insecureDevSecret: true });
  });

  it("in production is off without both, needs both once one is set, and refuses the development secret", () => {
    expect(loadEnv(intakeEnvSchema, { NODE_ENV: "production" })).toEqual({ enabled: false });
    expect(() => loadEnv(intakeEnvSchema, { NODE_ENV: "production", INTAKE_DOMAIN: "intake.example.com" })).toThrow(/INTAKE_SECRET: required in production/);
    expect(() => loadEnv(intakeEnvSchema, { NODE_ENV: "production", INTAKE_SECRET: "a-long-enough-real-secret-0123" })).toThrow(/INTAKE_DOMAIN: required in production/);
    expect(() => loadEnv(intakeEnvSchema, { NODE_ENV: "production", INTAKE_DOMAIN: "intake.example.com", INTAKE_SECRET: DEV_INTAKE_SECRET })).toThrow(/public development secret/);
    const env = loadEnv(intakeEnvSchema, { NODE_ENV: "production", INTAKE_DOMAIN: "Intake.Example.com", INTAKE_SECRET: "a-long-enough-real-secret-0123" });
    expect(env).toEqual({ enabled: true, INTAKE_DOMAIN: "intake.example.com", INTAKE_SECRET: "a-long-enough-real-secret-0123", insecureDevSecret: false });
  });

  it("names a malformed domain or a short secret, never the value", () => {
    const badDomain = () => loadEnv(intakeEnvSchema, { NODE_ENV: "test", INTAKE_DOMAIN: "not a domain" });
    expect(badDomain).toThrow(EnvError);
    expect(badDomain).toThrow(/INTAKE_DOMAIN: must be a domain name/);
    const shortSecret = () => loadEnv(intakeEnvSchema, { NODE_ENV: "test", INTAKE_SECRET: "short-secret-xyz" });
    expect(shortSecret).toThrow(/INTAKE_SECRET: must be at least 24 characters/);
    expect(shortSecret).not.toThrow(/short-secret-xyz/);
  });
});
