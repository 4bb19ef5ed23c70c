import { describe, expect, it } from "vitest";
import { healthPingSchema, isJobName, jobIdFor, JOBS, parseJobPayload, QUEUE_NAMES } from "./jobs.js";

describe("health ping payload", () => {
  it("accepts an ISO timestamp", () => {
    const requestedAt = new Date().toISOString();
    expect(healthPingSchema.parse({ requestedAt })).toEqual({ requestedAt });
  });

  it("accepts an ISO timestamp with an offset", () => {
    expect(healthPingSchema.safeParse({ requestedAt: "2026-01-02T03:04:05+02:00" }).success).toBe(true);
  });

  it.each([
    ["missing field", {}],
    ["not a date", { requestedAt: "yesterday" }],
    ["date only", { requestedAt: "2026-01-02" }],
    ["number", { requestedAt: 1700000000000 }],
    ["null payload", null],
  ])("rejects %s", (_label, data) => {
    expect(healthPingSchema.safeParse(data).success).toBe(false);
  });

  it("rejects extra fields, so free text cannot ride along into Redis", () => {
    const result = healthPingSchema.safeParse({ requestedAt: new Date().toISOString(), note: "patient John" });
    expect(result.success).toBe(false);
  });
});

describe("parseJobPayload", () => {
  it("returns the typed payload", () => {
    const requestedAt = new Date().toISOString();
    expect(parseJobPayload("health", "ping", { requestedAt })).toEqual({ ok: true, payload: { requestedAt } });
  });

  it("reports issue paths and codes but never the offending value", () => {
    const secret = "Jane Doe MRN 12345";
    const result = parseJobPayload("health", "ping", { requestedAt: secret });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([expect.stringMatching(/^requestedAt: /)]);
    expect(result.issues.join(" ")).not.toContain("Jane");
  });
});

describe("job registry", () => {
  it("knows the health queue and its ping job", () => {
    expect(QUEUE_NAMES).toContain("health");
    expect(isJobName("health", "ping")).toBe(true);
    expect(isJobName("health", "toString")).toBe(false);
  });
});

describe("jobIdFor", () => {
  it("is deterministic for the same ids", () => {
    const id = "5f0c4c1e-8d1a-4a52-9d36-1e1c2b7d9a10";
    expect(jobIdFor("health", "ping", id)).toBe(jobIdFor("health", "ping", id));
    expect(jobIdFor("health", "ping", id)).toBe(`health-ping-${id}`);
  });

  it("never contains ':' (BullMQ refuses it) and is never a bare integer", () => {
    const id = jobIdFor("health", "ping", "123");
    expect(id).not.toContain(":");
    expect(`${Number.parseInt(id, 10)}`).not.toBe(id);
  });

  it.each([["jane@example.com"], ["John Smith"], ["a:b"], [""], ["x".repeat(65)]])("refuses non-id part %j", (part) => {
    expect(() => jobIdFor("health", "ping", part)).toThrow(/ids only/);
  });

  it("needs at least one id", () => {
    expect(() => jobIdFor("health", "ping")).toThrow(/at least one id/);
  });
});

describe("job payloads carry ids and timestamps only", () => {
  // Job data sits in Redis and is shown on the agency's queue dashboard (/agency/queues): a field
  // that could hold free text (a name, a comment) would put PHI there. Adding one fails here first.
  it("every field of every job's payload is a uuid or an ISO timestamp, and no other key is accepted", () => {
    for (const [queue, jobs] of Object.entries(JOBS)) {
      for (const [name, schema] of Object.entries(jobs)) {
        type Field = { _zod: { def: { format?: string; type: string; innerType?: Field } } };
        const { shape, catchall } = schema._zod.def as { shape: Record<string, Field>; catchall?: { _zod: { def: { type: string } } } };
        // strictObject: an unknown key is refused, not passed through into Redis.
        expect(catchall?._zod.def.type, `${queue}.${name}`).toBe("never");
        for (const [field, type] of Object.entries(shape)) {
          const inner = type._zod.def.type === "optional" ? type._zod.def.innerType! : type;
          expect(["uuid", "datetime"], `${queue}.${name}.${field}`).toContain(inner._zod.def.format);
        }
      }
    }
  });
});
